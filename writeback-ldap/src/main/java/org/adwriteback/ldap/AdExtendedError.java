package org.adwriteback.ldap;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Windows error an Active Directory server puts at the front of an LDAP diagnostic message
 * (MS-ADTS 3.1.1.3.1.9 and the "extended error" of {@code ldap_get_option(LDAP_OPT_SERVER_ERROR)}),
 * parsed.
 *
 * <p>Windows writes {@code 00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS),
 * data 0} or, for binds, {@code 80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext
 * error, data 52e, v4563}; Samba keeps the leading code and replaces the rest with its own text
 * ({@code 0000052D: Constraint violation - …}). Both parse: the code is always there, the other
 * parts are present when the server gave them.
 *
 * @param win32Error the leading Win32/NTSTATUS-style code, e.g. {@code 0x2098}
 * @param category {@code SecErr}, {@code SvcErr}, {@code AtrErr}, {@code NameErr}, {@code UpdErr},
 *     {@code LdapErr}… when present
 * @param dsid the {@code DSID-…} source location when present
 * @param problem the {@code problem} number (4003, 5003…) when present
 * @param problemName the name in parentheses after the problem number when present
 * @param data the {@code data} field when present, as written (hex for bind sub-errors such as
 *     {@code 52e})
 * @param message the whole diagnostic message
 */
public record AdExtendedError(
    int win32Error,
    Optional<String> category,
    Optional<String> dsid,
    OptionalInt problem,
    Optional<String> problemName,
    Optional<String> data,
    String message) {

  /** ERROR_DS_INSUFF_ACCESS_RIGHTS. */
  public static final int INSUFF_ACCESS_RIGHTS = 0x2098;

  /** ERROR_PASSWORD_RESTRICTION: a password does not meet the policy. */
  public static final int PASSWORD_RESTRICTION = 0x52D;

  /** ERROR_INVALID_PASSWORD: the old password of a change is wrong. */
  public static final int INVALID_PASSWORD = 0x56;

  /** SEC_E_INVALID_TOKEN / bind failure; the reason is in {@link #data()}. */
  public static final int BIND_FAILURE = 0x80090308;

  private static final Pattern CODE = Pattern.compile("^\\s*([0-9A-Fa-f]{8}):\\s*");
  private static final Pattern CATEGORY = Pattern.compile("^([A-Za-z]+Err):");
  private static final Pattern DSID = Pattern.compile("\\bDSID-([0-9A-Fa-f]{8})");
  private static final Pattern PROBLEM = Pattern.compile("\\bproblem (\\d+)(?: \\(([A-Z_]+)\\))?");
  private static final Pattern DATA = Pattern.compile("\\bdata ([0-9A-Fa-fx]+)");

  /** Validates the components. */
  public AdExtendedError {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(dsid, "dsid");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(problemName, "problemName");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Parses a diagnostic message.
   *
   * @param diagnosticMessage the server's diagnostic message, possibly null
   * @return the parsed error, or empty when the message does not start with an 8-digit hex code
   */
  public static Optional<AdExtendedError> parse(String diagnosticMessage) {
    if (diagnosticMessage == null) {
      return Optional.empty();
    }
    Matcher code = CODE.matcher(diagnosticMessage);
    if (!code.find()) {
      return Optional.empty();
    }
    int win32 = (int) Long.parseLong(code.group(1), 16);
    String rest = diagnosticMessage.substring(code.end());
    Matcher cat = CATEGORY.matcher(rest);
    Optional<String> category = cat.find() ? Optional.of(cat.group(1)) : Optional.empty();
    Optional<String> dsid = Optional.empty();
    OptionalInt problem = OptionalInt.empty();
    Optional<String> problemName = Optional.empty();
    Optional<String> data = Optional.empty();
    if (category.isPresent()) {
      Matcher d = DSID.matcher(rest);
      if (d.find()) {
        dsid = Optional.of(d.group(1).toUpperCase(Locale.ROOT));
      }
      Matcher p = PROBLEM.matcher(rest);
      if (p.find()) {
        problem = OptionalInt.of(Integer.parseInt(p.group(1)));
        problemName = Optional.ofNullable(p.group(2));
      }
      Matcher da = DATA.matcher(rest);
      if (da.find()) {
        data = Optional.of(da.group(1));
      }
    }
    return Optional.of(
        new AdExtendedError(win32, category, dsid, problem, problemName, data, diagnosticMessage));
  }

  /**
   * Returns the leading code as AD prints it, eight upper-case hex digits.
   *
   * @return e.g. {@code 0000052D}
   */
  public String code() {
    return String.format(Locale.ROOT, "%08X", win32Error);
  }
}
