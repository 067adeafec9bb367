package org.adwriteback.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.Objects;
import java.util.Optional;

/**
 * The one checked exception of the LDAP layer: what failed, on which object, for which account, and
 * what to do.
 *
 * <p>It carries a {@link Reason} callers switch on, the LDAP result code and diagnostic when the
 * server answered, and the parsed {@link AdExtendedError} ({@code 0000052D}, {@code 00002098 …
 * problem 4003}, DSID) when the diagnostic had one. Messages never contain passwords.
 */
public final class WritebackException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Why an operation failed; each reason maps to one exit code of the {@code writeback} command.
   */
  public enum Reason {
    /** Bad input from the caller: malformed DN, GUID, SID, option. */
    INVALID_INPUT(2),
    /** The server could not be reached, or the connection was lost. */
    CONNECTION_FAILED(3),
    /** The TLS handshake failed (untrusted certificate, wrong host name). */
    TLS_FAILURE(3),
    /** The bind was refused (wrong password, disabled or locked account). */
    BIND_FAILED(3),
    /** The bound account lacks a right the operation needs. */
    INSUFFICIENT_RIGHTS(4),
    /** A prerequisite is missing: schema version, Exchange schema, an object or container. */
    PREREQUISITE_MISSING(5),
    /** An object the operation names does not exist. */
    NO_SUCH_OBJECT(5),
    /** The account to prepare or act on was not found. */
    ACCOUNT_NOT_FOUND(2),
    /** The account name matched several objects. */
    ACCOUNT_AMBIGUOUS(2),
    /** A password was refused by the domain's policy ({@code 0000052D}). */
    PASSWORD_POLICY(1),
    /** The old password of a password change was wrong. */
    WRONG_PASSWORD(1),
    /**
     * The server refused to perform the operation as sent (e.g. a password over an unencrypted
     * connection).
     */
    UNWILLING_TO_PERFORM(1),
    /** Someone else changed the object concurrently and the change could not be reconciled. */
    CONCURRENT_CHANGE(1),
    /** Any other server error. */
    SERVER_ERROR(1);

    private final int exitCode;

    Reason(int exitCode) {
      this.exitCode = exitCode;
    }

    /**
     * Returns the exit code of the {@code writeback} command for this reason.
     *
     * @return 1 to 5
     */
    public int exitCode() {
      return exitCode;
    }
  }

  private final Reason reason;
  private final transient ResultCode resultCode;
  private final String diagnosticMessage;
  private final String matchedDn;
  private final AdExtendedError extendedError;

  /**
   * Creates an exception without a server answer.
   *
   * @param reason why it failed
   * @param message what failed, on which object, and what to do
   */
  public WritebackException(Reason reason, String message) {
    this(reason, message, null, null, null, null);
  }

  private WritebackException(
      Reason reason,
      String message,
      ResultCode resultCode,
      String diagnosticMessage,
      String matchedDn,
      Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.resultCode = resultCode;
    this.diagnosticMessage = diagnosticMessage;
    this.matchedDn = matchedDn;
    this.extendedError = AdExtendedError.parse(diagnosticMessage).orElse(null);
  }

  /**
   * Wraps an LDAP failure, classifying it by result code and AD extended error.
   *
   * @param e the LDAP exception
   * @param what what was being done, on which object and for whom, e.g. {@code "write the DACL of
   *     OU=Sync,…"}
   * @param remedy what to do about it, appended to the message
   * @return the classified exception
   */
  public static WritebackException from(LDAPException e, String what, String remedy) {
    Reason reason = classify(e);
    String diag = e.getDiagnosticMessage();
    StringBuilder msg = new StringBuilder("could not ").append(what).append(": ");
    msg.append(e.getResultCode().getName()).append(" (").append(e.getResultCode().intValue());
    msg.append(')');
    if (diag != null && !diag.isBlank()) {
      msg.append(" ").append(diag.strip().replace("\u0000", ""));
    }
    if (remedy != null && !remedy.isBlank()) {
      msg.append(". ").append(remedy);
    }
    return new WritebackException(
        reason, msg.toString(), e.getResultCode(), diag, e.getMatchedDN(), e);
  }

  private static Reason classify(LDAPException e) {
    ResultCode rc = e.getResultCode();
    Optional<AdExtendedError> ext = AdExtendedError.parse(e.getDiagnosticMessage());
    int code = ext.map(AdExtendedError::win32Error).orElse(0);
    if (code == AdExtendedError.PASSWORD_RESTRICTION) {
      return Reason.PASSWORD_POLICY;
    }
    if (code == AdExtendedError.INVALID_PASSWORD) {
      return Reason.WRONG_PASSWORD;
    }
    if (rc == ResultCode.INSUFFICIENT_ACCESS_RIGHTS
        || code == AdExtendedError.INSUFF_ACCESS_RIGHTS) {
      return Reason.INSUFFICIENT_RIGHTS;
    }
    if (rc == ResultCode.INVALID_CREDENTIALS) {
      return Reason.BIND_FAILED;
    }
    if (rc == ResultCode.NO_SUCH_OBJECT) {
      return Reason.NO_SUCH_OBJECT;
    }
    if (rc == ResultCode.INVALID_DN_SYNTAX) {
      return Reason.INVALID_INPUT;
    }
    if (rc == ResultCode.UNWILLING_TO_PERFORM) {
      return Reason.UNWILLING_TO_PERFORM;
    }
    if (rc.isConnectionUsable()) {
      return Reason.SERVER_ERROR;
    }
    return Reason.CONNECTION_FAILED;
  }

  /**
   * Returns why the operation failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the LDAP result code when the server answered.
   *
   * @return the result code
   */
  public Optional<ResultCode> resultCode() {
    return Optional.ofNullable(resultCode);
  }

  /**
   * Returns the server's diagnostic message when it gave one.
   *
   * @return the diagnostic message
   */
  public Optional<String> diagnosticMessage() {
    return Optional.ofNullable(diagnosticMessage);
  }

  /**
   * Returns the matched DN of a {@code noSuchObject} answer when the server gave one.
   *
   * @return the matched DN
   */
  public Optional<String> matchedDn() {
    return Optional.ofNullable(matchedDn);
  }

  /**
   * Returns the parsed AD extended error when the diagnostic carried one.
   *
   * @return the extended error
   */
  public Optional<AdExtendedError> extendedError() {
    return Optional.ofNullable(extendedError);
  }
}
