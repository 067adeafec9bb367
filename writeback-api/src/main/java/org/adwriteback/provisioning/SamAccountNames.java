package org.adwriteback.provisioning;

import java.util.Locale;

/**
 * Derives {@code sAMAccountName} values for written-back users and groups.
 *
 * <p>AD's rules (MS-ADTS 3.1.1.5.2.4 / MS-SAMR 3.1.1.6): at most 20 characters for users (the SAM
 * limit), none of {@code " [ ] : ; | = + * ? < > / \ ,}, no control characters, not only dots and
 * spaces, and no trailing dot. The seed is the mailNickname or the UPN prefix; {@link
 * #withSuffix(String, int)} gives the n-th alternative when the name is taken, keeping the limit.
 */
public final class SamAccountNames {

  /** The SAM limit for user account names. */
  public static final int MAX_LENGTH = 20;

  private static final String FORBIDDEN = "\"[]:;|=+*?<>/\\,@";

  private SamAccountNames() {}

  /**
   * Derives the base name: the part before {@code @}, without forbidden characters, spaces and
   * trailing dots, cut to 20 characters.
   *
   * @param seed a mailNickname or a UPN
   * @return the base name, or empty when nothing usable is left
   */
  public static String derive(String seed) {
    String s = seed;
    int at = s.indexOf('@');
    if (at >= 0) {
      s = s.substring(0, at);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (FORBIDDEN.indexOf(c) < 0 && !Character.isISOControl(c) && !Character.isWhitespace(c)) {
        sb.append(c);
      }
    }
    String name = sb.length() > MAX_LENGTH ? sb.substring(0, MAX_LENGTH) : sb.toString();
    return stripEdges(name);
  }

  /**
   * Returns the n-th alternative of a base name: the base cut so that the decimal suffix fits.
   *
   * @param base a name from {@link #derive(String)}
   * @param n 1, 2, 3…
   * @return e.g. {@code jdoe1}, or {@code averyveryverylongn12} for a 20-character base
   */
  public static String withSuffix(String base, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("the suffix number must be at least 1, got " + n);
    }
    String suffix = Integer.toString(n);
    String head =
        base.length() + suffix.length() > MAX_LENGTH
            ? base.substring(0, MAX_LENGTH - suffix.length())
            : base;
    return stripEdges(head) + suffix;
  }

  /**
   * Compares two names as AD does for uniqueness (case-insensitive).
   *
   * @param a a name
   * @param b another name
   * @return true when AD treats them as the same account name
   */
  public static boolean sameName(String a, String b) {
    return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
  }

  private static String stripEdges(String name) {
    int end = name.length();
    while (end > 0 && name.charAt(end - 1) == '.') {
      end--;
    }
    int start = 0;
    while (start < end && name.charAt(start) == '.') {
      start++;
    }
    return name.substring(start, end);
  }
}
