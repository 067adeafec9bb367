package org.adwriteback.provisioning;

/** Why one writeback item failed; callers switch on it. */
public enum FailureKind {
  /**
   * The request itself is wrong (bad GUID, over-long or forbidden characters…); nothing was sent.
   */
  INVALID_INPUT,
  /** The password was refused by the domain's policy ({@code 0000052D}). */
  POLICY_VIOLATION,
  /** The old password of a change was wrong ({@code 00000056}). */
  WRONG_OLD_PASSWORD,
  /** The bound account lacks the right ({@code 00002098}, insufficientAccessRights). */
  NO_RIGHT,
  /** The account, object, container or group member named by the request does not exist. */
  NOT_FOUND,
  /** The reference matched several objects. */
  AMBIGUOUS,
  /** A password would have crossed an unencrypted connection; nothing was sent. */
  UNENCRYPTED_CONNECTION,
  /** The directory lacks what the request needs (schema attribute, control, container). */
  PREREQUISITE_MISSING,
  /** The server refused the values (constraint violation, value exists, unwilling to perform). */
  REFUSED,
  /** The server stayed unreachable, busy or unavailable after every retry. */
  UNAVAILABLE,
  /** Any other server error. */
  SERVER_ERROR
}
