package org.adwriteback.provisioning;

import java.util.List;
import java.util.Optional;

/** Checks of request values against AD's limits, shared by the requests. Package-private. */
final class InputChecks {

  /** rangeUpper of cn (the RDN attribute of users, groups and devices). */
  static final int CN_MAX = 64;

  /** rangeUpper of displayName. */
  static final int DISPLAY_NAME_MAX = 256;

  /** rangeUpper of mailNickname. */
  static final int MAIL_NICKNAME_MAX = 64;

  /** rangeUpper of userPrincipalName. */
  static final int UPN_MAX = 1024;

  private InputChecks() {}

  static void objectId(List<String> problems, String what, String value) {
    if (SourceAnchor.parse(value).isEmpty()) {
      problems.add(what + " '" + printable(value) + "' is not a GUID (8-4-4-4-12 hex digits)");
    }
  }

  static void text(List<String> problems, String what, String value, int max) {
    if (value.isBlank()) {
      problems.add(what + " is empty");
      return;
    }
    if (value.length() > max) {
      problems.add(what + " has " + value.length() + " characters; AD allows at most " + max);
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        problems.add(
            what
                + " contains the control character U+"
                + String.format("%04X", (int) value.charAt(i))
                + " at offset "
                + i);
        return;
      }
    }
  }

  static void optionalText(List<String> problems, String what, Optional<String> value, int max) {
    value.ifPresent(v -> text(problems, what, v, max));
  }

  static void mailNickname(List<String> problems, String value) {
    text(problems, "mailNickname", value, MAIL_NICKNAME_MAX);
    if (!value.isBlank()
        && (!value.matches("[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~.]+")
            || value.startsWith(".")
            || value.endsWith(".")
            || value.contains(".."))) {
      problems.add(
          "mailNickname '"
              + printable(value)
              + "' may hold only letters, digits, . and !#$%&'*+-/=?^_`{|}~ (no leading, trailing or"
              + " double dot)");
    }
  }

  static void smtp(List<String> problems, String what, String value) {
    text(problems, what, value, 256);
    int at = value.indexOf('@');
    if (at <= 0
        || at != value.lastIndexOf('@')
        || at == value.length() - 1
        || value.chars().anyMatch(Character::isWhitespace)) {
      problems.add(what + " '" + printable(value) + "' is not an address of the form local@domain");
    }
  }

  static String printable(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < value.length() && i < 80; i++) {
      char c = value.charAt(i);
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    return value.length() > 80 ? sb + "…" : sb.toString();
  }
}
