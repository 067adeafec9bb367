package org.adwriteback.ldap.provisioning;

import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.WritebackResult;

/** A permanent failure of one item, raised inside an operation and reported as its result. */
final class ItemFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final FailureKind kind;

  ItemFailure(FailureKind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  WritebackResult.Failed toResult() {
    return new WritebackResult.Failed(kind, getMessage());
  }

  FailureKind kind() {
    return kind;
  }
}
