package org.adwriteback.testkit;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * The domain password policy the testkit applies to new passwords: minimum length and the "Password
 * must meet complexity requirements" rule (at least three of upper case, lower case, digits,
 * symbols and other letters; not containing the account name when that name has three or more
 * characters). Defaults are those of a new Windows domain (minPwdLength 7, pwdProperties 1).
 */
final class PasswordPolicy {

  static final PasswordPolicy DEFAULT = new PasswordPolicy(7, true);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
  private static final String DIGITS = "23456789";
  private static final String SYMBOLS = "!#%+-.=?@^_~";

  private final int minLength;
  private final boolean complexity;

  PasswordPolicy(int minLength, boolean complexity) {
    this.minLength = minLength;
    this.complexity = complexity;
  }

  int minLength() {
    return minLength;
  }

  boolean complexity() {
    return complexity;
  }

  /** Returns why the password breaks the policy, or empty if it complies. */
  Optional<String> violation(char[] password, String accountName) {
    if (password.length < minLength) {
      return Optional.of("it has " + password.length + " characters, the minimum is " + minLength);
    }
    if (!complexity) {
      return Optional.empty();
    }
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    boolean symbol = false;
    boolean other = false;
    for (char c : password) {
      if (Character.isUpperCase(c)) {
        upper = true;
      } else if (Character.isLowerCase(c)) {
        lower = true;
      } else if (Character.isDigit(c)) {
        digit = true;
      } else if (Character.isLetter(c)) {
        other = true;
      } else {
        symbol = true;
      }
    }
    int categories =
        (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0) + (other ? 1 : 0);
    if (categories < 3) {
      return Optional.of(
          "it uses "
              + categories
              + " of the character categories upper case, lower case, digits, symbols, other"
              + " letters; complexity needs 3");
    }
    if (accountName != null && accountName.length() >= 3) {
      String pw = new String(password).toLowerCase(Locale.ROOT);
      if (pw.contains(accountName.toLowerCase(Locale.ROOT))) {
        return Optional.of("it contains the account name");
      }
    }
    return Optional.empty();
  }

  /** Generates a random 20-character password that satisfies any policy of this kind. */
  static char[] generate() {
    String all = UPPER + LOWER + DIGITS + SYMBOLS;
    char[] pw = new char[20];
    pw[0] = UPPER.charAt(RANDOM.nextInt(UPPER.length()));
    pw[1] = LOWER.charAt(RANDOM.nextInt(LOWER.length()));
    pw[2] = DIGITS.charAt(RANDOM.nextInt(DIGITS.length()));
    pw[3] = SYMBOLS.charAt(RANDOM.nextInt(SYMBOLS.length()));
    for (int i = 4; i < pw.length; i++) {
      pw[i] = all.charAt(RANDOM.nextInt(all.length()));
    }
    for (int i = pw.length - 1; i > 0; i--) {
      int j = RANDOM.nextInt(i + 1);
      char t = pw[i];
      pw[i] = pw[j];
      pw[j] = t;
    }
    return pw;
  }
}
