package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

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

  /** ERROR_MEMBER_NOT_IN_GROUP: a member value to remove is not in the group. */
  public static final int ERROR_MEMBER_NOT_IN_GROUP = 0x561;

  /** ERROR_MEMBER_IN_GROUP: a member value to add is already in the group. */
  public static final int ERROR_MEMBER_IN_GROUP = 0x562;

  /** ERROR_DS_UNWILLING_TO_PERFORM: such as a write of a back link (memberOf). */
  public static final int ERROR_DS_UNWILLING_TO_PERFORM = 0x2035;

  /** ERROR_DS_CANT_MOD_SYSTEM_ONLY: a client wrote a system-only attribute such as whenCreated. */
  public static final int ERROR_DS_CANT_MOD_SYSTEM_ONLY = 0x20B1;

  /** ERROR_DS_RDN_DOESNT_MATCH_SCHEMA: a new name's attribute is not its class's rDNAttID. */
  public static final int ERROR_DS_RDN_DOESNT_MATCH_SCHEMA = 0x2073;

  /** ERROR_DS_BAD_NAME_SYNTAX: a multi-valued RDN, or a NUL in a name. */
  public static final int ERROR_DS_BAD_NAME_SYNTAX = 0x208F;

  /** ERROR_DS_NAME_REFERENCE_INVALID: a DN value that names no object. */
  public static final int ERROR_DS_NAME_REFERENCE_INVALID = 0x20B5;

  /** ERROR_DS_CANT_DELETE: a delete of an object the directory keeps (built-in, NC head). */
  public static final int ERROR_DS_CANT_DELETE = 0x20CE;

  /** ERROR_DS_RANGE_CONSTRAINT: a value outside its attribute's rangeLower..rangeUpper. */
  public static final int ERROR_DS_RANGE_CONSTRAINT = 0x2082;

  /** ERROR_DS_ATTRIBUTE_OWNED_BY_SAM: a client wrote an attribute SAM derives (sAMAccountType). */
  public static final int ERROR_DS_ATTRIBUTE_OWNED_BY_SAM = 0x209A;

  /** ERROR_DS_OBJ_STRING_NAME_EXISTS: an add names an object that exists. */
  public static final int ERROR_DS_OBJ_STRING_NAME_EXISTS = 0x2071;

  /** ERROR_DS_CANT_ON_NON_LEAF: a delete of an object that has children. */
  public static final int ERROR_DS_CANT_ON_NON_LEAF = 0x2015;

  /** ERROR_INVALID_PARAMETER: a request field AD does not accept, such as deleteOldRdn FALSE. */
  public static final int ERROR_INVALID_PARAMETER = 0x57;

  /** ERROR_PASSWORD_RESTRICTION: the password does not meet the domain policy. */
  public static final int ERROR_PASSWORD_RESTRICTION = 0x52D;

  /** ERROR_INVALID_PASSWORD as AD reports a wrong old password in a password change. */
  public static final int ERROR_INVALID_PASSWORD = 0x56;

  /** ERROR_USER_EXISTS: a sAMAccountName is already taken in the domain. */
  public static final int ERROR_USER_EXISTS = 0x524;

  /** ERROR_DS_UPN_VALUE_NOT_UNIQUE_IN_FOREST: a userPrincipalName is already taken. */
  public static final int ERROR_DS_UPN_VALUE_NOT_UNIQUE_IN_FOREST = 0x21C8;

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

  /**
   * AD's message for an attribute name its schema does not define: {@code 00000057: LdapErr:
   * DSID-0C090D8A, comment: Error in attribute conversion operation, data 0, v4563}.
   */
  public static String attributeConversionError() {
    return "00000057: LdapErr: DSID-0C090D8A, comment: Error in attribute conversion operation,"
        + " data 0, v4563";
  }

  /**
   * AD's message for a control it cannot process (a critical control it does not know, a control
   * value it cannot decode): {@code 00000057: LdapErr: DSID-0C090B0A, comment: Error processing
   * control, data 0, v4563}.
   */
  public static String controlError() {
    return "00000057: LdapErr: DSID-0C090B0A, comment: Error processing control, data 0, v4563";
  }

  /**
   * Formats an update error such as {@code 00000524: UpdErr: DSID-031A11E4, problem 6005
   * (ENTRY_EXISTS), data 0}.
   *
   * @param win32Error the Win32 error code
   * @param dsid the DSID (source location) to show
   * @param problem the problem number
   * @param problemName the problem name
   * @return the message
   */
  public static String updateError(int win32Error, int dsid, int problem, String problemName) {
    return operationError(win32Error, "UpdErr", dsid, problem, problemName);
  }

  /**
   * Formats an attribute error as AD reports a constraint on one attribute, such as {@code
   * 0000052D: AtrErr: DSID-03191083, #1:\n\t0: 0000052D: DSID-03191083, problem 1005
   * (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n}. The attribute's internal id is the
   * attributeID compressed with the schema prefix table (MS-DRSR 5.16.4): {@code
   * 1.2.840.113556.1.4.x} becomes {@code 0x90000 + x}.
   *
   * @param win32Error the Win32 error code
   * @param dsid the DSID to show
   * @param attributeId the attribute's internal id, such as {@code 0x9005a}
   * @param attributeName the attribute's lDAPDisplayName
   * @return the message
   */
  public static String attributeError(
      int win32Error, int dsid, int attributeId, String attributeName) {
    return String.format(
        Locale.ROOT,
        "%08X: AtrErr: DSID-%08X, #1:\n\t0: %08X: DSID-%08X, problem 1005 (CONSTRAINT_ATT_TYPE),"
            + " data 0, Att %x (%s)\n",
        win32Error,
        dsid,
        win32Error,
        dsid,
        attributeId,
        attributeName);
  }

  /**
   * Formats AD's name error for a DN that names no object, such as {@code 0000208D: NameErr:
   * DSID-03100288, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'DC=contoso,DC=test'\n}.
   *
   * @param bestMatch the closest existing ancestor
   * @return the message
   */
  public static String nameError(String bestMatch) {
    return String.format(
        Locale.ROOT,
        "0000208D: NameErr: DSID-03100288, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'%s'\n",
        bestMatch);
  }

  /**
   * Formats AD's name error for an object whose parent's class is not one of its possible superiors
   * (MS-ADTS 3.1.1.2.2.3, structure rules), such as {@code 00002099: NameErr: DSID-0305109C,
   * problem 2005 (NAMING_VIOLATION), data 0, best match of:\n\t'OU=x,DC=contoso,DC=test'\n}.
   *
   * @param parent the parent the object may not be under
   * @return the message
   */
  public static String namingViolation(String parent) {
    return String.format(
        Locale.ROOT,
        "00002099: NameErr: DSID-0305109C, problem 2005 (NAMING_VIOLATION), data 0, best match of:"
            + "\n\t'%s'\n",
        parent);
  }

  /**
   * Formats AD's name error for a new object's name that breaks a naming rule (MS-ADTS
   * 3.1.1.3.1.2), such as {@code 00002073: NameErr: DSID-0305109C, problem 2005 (NAMING_VIOLATION),
   * data 0, best match of:\n\t'OU=x,DC=contoso,DC=test'\n}.
   *
   * @param win32Error ERROR_DS_RDN_DOESNT_MATCH_SCHEMA, ERROR_DS_BAD_NAME_SYNTAX…
   * @param problem 2005 (NAMING_VIOLATION) or 2006 (BAD_NAME_SYNTAX)
   * @param parent the object's parent
   * @return the message
   */
  public static String namingError(int win32Error, int problem, String parent) {
    return String.format(
        Locale.ROOT,
        "%08X: NameErr: DSID-0305109C, problem %d (%s), data 0, best match of:\n\t'%s'\n",
        win32Error,
        problem,
        problem == 2006 ? "BAD_NAME_SYNTAX" : "NAMING_VIOLATION",
        parent);
  }

  /**
   * A noSuchObject answer of UnboundID's server (its own English text) as AD words it: {@link
   * #nameError} with the matched DN as the best match. Empty when the result is not noSuchObject or
   * already carries an AD message.
   *
   * @param result the server's result
   * @return the result to send instead, if any
   */
  public static Optional<LDAPResult> asNameError(LDAPResult result) {
    String message = result.getDiagnosticMessage();
    if (result.getResultCode() != ResultCode.NO_SUCH_OBJECT
        || (message != null && AD_MESSAGE.matcher(message).lookingAt())) {
      return Optional.empty();
    }
    String matched = result.getMatchedDN() == null ? "" : result.getMatchedDN();
    return Optional.of(
        new LDAPResult(
            result.getMessageID(),
            ResultCode.NO_SUCH_OBJECT,
            nameError(matched),
            matched,
            result.getReferralURLs(),
            result.getResponseControls()));
  }

  /**
   * An answer of UnboundID's server (its own English text) as AD words it, for the answers whose
   * text the server writes: noSuchObject ({@link #asNameError}), entryAlreadyExists ({@code
   * 00002071: UpdErr: ... problem 6005 (ENTRY_EXISTS)}, ERROR_DS_OBJ_STRING_NAME_EXISTS) and
   * notAllowedOnNonLeaf ({@code 00002015: UpdErr: ... problem 6003 (CANT_ON_NON_LEAF)},
   * ERROR_DS_CANT_ON_NON_LEAF; Samba 4.17 answers with the same Win32 error, measured). Empty when
   * the result is none of these or already carries an AD message.
   *
   * @param result the server's result
   * @return the result to send instead, if any
   */
  public static Optional<LDAPResult> asDirectoryError(LDAPResult result) {
    String message = result.getDiagnosticMessage();
    if (message != null && AD_MESSAGE.matcher(message).lookingAt()) {
      return Optional.empty();
    }
    String text;
    if (result.getResultCode() == ResultCode.ENTRY_ALREADY_EXISTS) {
      text = updateError(ERROR_DS_OBJ_STRING_NAME_EXISTS, 0x0305038D, 6005, "ENTRY_EXISTS");
    } else if (result.getResultCode() == ResultCode.NOT_ALLOWED_ON_NONLEAF) {
      text = updateError(ERROR_DS_CANT_ON_NON_LEAF, 0x031A1236, 6003, "CANT_ON_NON_LEAF");
    } else {
      return asNameError(result);
    }
    return Optional.of(
        new LDAPResult(
            result.getMessageID(),
            result.getResultCode(),
            text,
            result.getMatchedDN(),
            result.getReferralURLs(),
            result.getResponseControls()));
  }

  /** The start of every AD diagnostic message: the Win32 error in 8 hex digits and a colon. */
  private static final Pattern AD_MESSAGE = Pattern.compile("[0-9A-F]{8}:");

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
