package org.adwriteback.security;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One step of an access check's explanation: which rights a rule granted or denied at one node of
 * the object type tree, and why (an ACE, the owner's implicit rights, a NULL DACL or a privilege;
 * MS-DTYP 2.5.3.2). Only the bits that were still undecided at that point are recorded, so the
 * decisions of a node add up to its outcome.
 *
 * @param node the node of the object type tree (0 = the object)
 * @param reason what decided
 * @param aceIndex the position of the deciding ACE in the DACL, for {@link Reason#ACE}
 * @param ace the deciding ACE, for {@link Reason#ACE}
 * @param granted the rights this step granted
 * @param denied the rights this step denied
 */
public record AccessDecision(
    int node,
    Reason reason,
    OptionalInt aceIndex,
    Optional<Ace> ace,
    AccessMask granted,
    AccessMask denied) {

  /** What decided some rights. */
  public enum Reason {
    /** An allow or deny ACE of the DACL. */
    ACE,
    /** The owner's implicit READ_CONTROL and WRITE_DAC (no OWNER RIGHTS ACE in the DACL). */
    OWNER_IMPLICIT,
    /** The descriptor has a NULL DACL, which grants everything. */
    NULL_DACL,
    /** A privilege of the token (SeSecurityPrivilege, SeTakeOwnershipPrivilege). */
    PRIVILEGE
  }

  /**
   * Checks for nulls.
   *
   * @param node the node
   * @param reason the reason
   * @param aceIndex the ACE position
   * @param ace the ACE
   * @param granted granted bits
   * @param denied denied bits
   */
  public AccessDecision {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(aceIndex, "aceIndex");
    Objects.requireNonNull(ace, "ace");
    Objects.requireNonNull(granted, "granted");
    Objects.requireNonNull(denied, "denied");
  }

  /** Returns e.g. {@code node 1: ACE #3 granted 0x20}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("node ").append(node).append(": ");
    if (reason == Reason.ACE) {
      sb.append("ACE #").append(aceIndex.orElse(-1)).append(' ').append(ace.orElseThrow());
    } else {
      sb.append(reason);
    }
    if (!granted.isEmpty()) {
      sb.append(" granted ").append(granted);
    }
    if (!denied.isEmpty()) {
      sb.append(" denied ").append(denied);
    }
    return sb.toString();
  }
}
