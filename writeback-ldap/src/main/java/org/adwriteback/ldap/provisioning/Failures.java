package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.Optional;
import java.util.Set;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.provisioning.FailureKind;

/** Maps LDAP failures to per-item failure kinds, and tells transient ones apart. */
final class Failures {

  /** The result codes a batch retries with backoff: the server may answer later. */
  static final Set<ResultCode> TRANSIENT =
      Set.of(
          ResultCode.SERVER_DOWN,
          ResultCode.CONNECT_ERROR,
          ResultCode.BUSY,
          ResultCode.UNAVAILABLE,
          ResultCode.TIMEOUT);

  private Failures() {}

  static boolean isTransient(LDAPException e) {
    return TRANSIENT.contains(e.getResultCode());
  }

  /** A write to the directory that may fail with an LDAP error or an item failure. */
  interface Write<T> {
    T run() throws LDAPException, ItemFailure;
  }

  /**
   * Runs a write: transient failures are thrown as they are (a batch retries them), permanent ones
   * become the item failure {@link #classify} makes.
   *
   * @param what what is being done, for the message
   */
  static <T> T classified(Write<T> write, String what) throws LDAPException, ItemFailure {
    try {
      return write.run();
    } catch (LDAPException e) {
      if (isTransient(e)) {
        throw e;
      }
      throw classify(e, what);
    }
  }

  /**
   * Runs the add of a batch's one-add path: like {@link #classified}, but a collision (a name taken
   * since the index was read) or noSuchObject (a member or the container gone since) gives empty,
   * so that the caller takes the per-item path.
   */
  static <T> Optional<T> unlessCollision(Write<T> write, String what)
      throws LDAPException, ItemFailure {
    try {
      return Optional.of(write.run());
    } catch (LDAPException e) {
      if (isTransient(e)) {
        throw e;
      }
      if (isCollision(e) || e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        // a name taken, or a member or container gone, since the index was read
        return Optional.empty();
      }
      throw classify(e, what);
    }
  }

  /**
   * Whether the server refused an add because a name is taken (DN, sAMAccountName, UPN): AD answers
   * entryAlreadyExists for the DN and constraintViolation or attributeOrValueExists for the unique
   * attributes.
   */
  static boolean isCollision(LDAPException e) {
    ResultCode rc = e.getResultCode();
    return rc == ResultCode.ENTRY_ALREADY_EXISTS
        || rc == ResultCode.CONSTRAINT_VIOLATION
        || rc == ResultCode.ATTRIBUTE_OR_VALUE_EXISTS;
  }

  /**
   * Classifies a permanent failure.
   *
   * @param e the server's answer
   * @param what what was being done, e.g. "reset the password of CN=…"
   * @return the item failure, with the AD extended error in the message
   */
  static ItemFailure classify(LDAPException e, String what) {
    WritebackException w = WritebackException.from(e, what, remedy(e));
    FailureKind kind =
        switch (w.reason()) {
          case PASSWORD_POLICY -> FailureKind.POLICY_VIOLATION;
          case WRONG_PASSWORD -> FailureKind.WRONG_OLD_PASSWORD;
          case INSUFFICIENT_RIGHTS -> FailureKind.NO_RIGHT;
          case NO_SUCH_OBJECT, ACCOUNT_NOT_FOUND -> FailureKind.NOT_FOUND;
          case INVALID_INPUT -> FailureKind.INVALID_INPUT;
          case ACCOUNT_AMBIGUOUS -> FailureKind.AMBIGUOUS;
          case PREREQUISITE_MISSING -> FailureKind.PREREQUISITE_MISSING;
          case CONNECTION_FAILED, TLS_FAILURE, BIND_FAILED -> FailureKind.UNAVAILABLE;
          case UNWILLING_TO_PERFORM, CONCURRENT_CHANGE -> FailureKind.REFUSED;
          case SERVER_ERROR -> refusedOrError(e.getResultCode());
        };
    return new ItemFailure(kind, w.getMessage());
  }

  private static FailureKind refusedOrError(ResultCode rc) {
    if (rc == ResultCode.CONSTRAINT_VIOLATION
        || rc == ResultCode.ATTRIBUTE_OR_VALUE_EXISTS
        || rc == ResultCode.ENTRY_ALREADY_EXISTS
        || rc == ResultCode.OBJECT_CLASS_VIOLATION
        || rc == ResultCode.INVALID_ATTRIBUTE_SYNTAX
        || rc == ResultCode.NOT_ALLOWED_ON_RDN
        || rc == ResultCode.NAMING_VIOLATION) {
      return FailureKind.REFUSED;
    }
    if (rc == ResultCode.UNDEFINED_ATTRIBUTE_TYPE
        || rc == ResultCode.UNAVAILABLE_CRITICAL_EXTENSION) {
      return FailureKind.PREREQUISITE_MISSING;
    }
    return FailureKind.SERVER_ERROR;
  }

  private static String remedy(LDAPException e) {
    ResultCode rc = e.getResultCode();
    if (rc == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) {
      return "grant the connector account the writeback permissions (writeback prepare)";
    }
    if (rc == ResultCode.UNAVAILABLE_CRITICAL_EXTENSION) {
      return "the server does not support a critical control; use policy hints NON_CRITICAL or OFF";
    }
    if (rc == ResultCode.UNDEFINED_ATTRIBUTE_TYPE) {
      return "extend the schema (Windows Server 2016 / Exchange) or turn the attribute off";
    }
    return "";
  }
}
