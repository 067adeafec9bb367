package org.adwriteback.testkit;

import java.util.Locale;

/**
 * Builds the diagnostic messages a Windows domain controller puts in LDAP results, so that code
 * which parses them (for the Win32 error code at the front, the problem number and the {@code data}
 * field) behaves against the testkit as against AD. Format: {@code <win32 error, 8 hex digits>:
 * <category>: DSID-<8 hex digits>, problem <n> (<NAME>), data <n>} for operation errors and {@code
 * 80090308: LdapErr: DSID-…, comment: AcceptSecurityContext error, data <hex>, v4563} for failed
 * binds (MS-ADTS 3.1.1.3.1.9, "Error Message Strings").
 */
public final class AdDiagnostics {

  /** ERROR_DS_INSUFF_ACCESS_RIGHTS, with problem 4003, for refused writes. */
  public static final int ERROR_DS_INSUFF_ACCESS_RIGHTS = 0x2098;

  /**
   * ERROR_DS_UNWILLING_TO_PERFORM (0x1F is ERROR_GEN_FAILURE as AD reports unicodePwd over plain
   * LDAP).
   */
  public static final int ERROR_GEN_FAILURE = 0x1F;

  /** ERROR_PASSWORD_RESTRICTION: the password does not meet the domain policy. */
  public static final int ERROR_PASSWORD_RESTRICTION = 0x52D;

  /** ERROR_INVALID_PASSWORD as AD reports a wrong old password in a password change. */
  public static final int ERROR_INVALID_PASSWORD = 0x56;

  /** Sub-error of a failed bind: unknown user or wrong password. */
  public static final int BIND_INVALID_CREDENTIALS = 0x52e;

  /** Sub-error of a failed bind: the account is disabled. */
  public static final int BIND_ACCOUNT_DISABLED = 0x533;

  /** Sub-error of a failed bind: the password must be changed at next logon (pwdLastSet = 0). */
  public static final int BIND_PASSWORD_MUST_CHANGE = 0x773;

  /** Sub-error of a failed bind: the account is locked out. */
  public static final int BIND_ACCOUNT_LOCKED_OUT = 0x775;

  private AdDiagnostics() {}

  /**
   * Formats a security error such as {@code 00002098: SecErr: DSID-03150F94, problem 4003
   * (INSUFF_ACCESS_RIGHTS), data 0}.
   */
  public static String securityError(int win32Error, int dsid, int problem, String problemName) {
    return operationError(win32Error, "SecErr", dsid, problem, problemName);
  }

  /**
   * Formats a service error such as {@code 0000001F: SvcErr: DSID-031A12D2, problem 5003
   * (WILL_NOT_PERFORM), data 0}.
   */
  public static String serviceError(int win32Error, int dsid, int problem, String problemName) {
    return operationError(win32Error, "SvcErr", dsid, problem, problemName);
  }

  /**
   * Formats the message of a failed simple bind, whose {@code data} field carries the reason (52e,
   * 533, 773, 775…).
   */
  public static String bindError(int subError) {
    return String.format(
        Locale.ROOT,
        "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data %x, v4563",
        subError);
  }

  private static String operationError(
      int win32Error, String category, int dsid, int problem, String problemName) {
    return String.format(
        Locale.ROOT,
        "%08X: %s: DSID-%08X, problem %d (%s), data 0",
        win32Error,
        category,
        dsid,
        problem,
        problemName);
  }
}
