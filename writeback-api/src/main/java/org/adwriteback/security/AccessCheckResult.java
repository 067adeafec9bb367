package org.adwriteback.security;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of an {@link AccessCheck}: an overall status, and per node of the object type tree
 * the rights granted and denied (what AccessCheckByTypeResultList reports, MS-DTYP 2.5.3.2). When
 * produced by {@link AccessCheck#explain}, it also holds the {@link AccessDecision}s that decided
 * each node.
 *
 * <p>Immutable.
 */
public final class AccessCheckResult {

  /** The overall result, named after the NTSTATUS an access check returns. */
  public enum Status {
    /** Every requested right is granted at the root (STATUS_SUCCESS). */
    GRANTED,
    /** Some requested right is not granted (STATUS_ACCESS_DENIED). */
    ACCESS_DENIED,
    /**
     * ACCESS_SYSTEM_SECURITY was requested without SeSecurityPrivilege (STATUS_PRIVILEGE_NOT_HELD).
     */
    PRIVILEGE_NOT_HELD
  }

  private final Status status;
  private final int requested;
  private final boolean maximumAllowed;
  private final Optional<ObjectTypeTree> tree;
  private final int[] granted;
  private final int[] denied;
  private final List<List<AccessDecision>> decisions;

  AccessCheckResult(
      Status status,
      int requested,
      boolean maximumAllowed,
      Optional<ObjectTypeTree> tree,
      int[] granted,
      int[] denied,
      List<List<AccessDecision>> decisions) {
    this.status = status;
    this.requested = requested;
    this.maximumAllowed = maximumAllowed;
    this.tree = tree;
    this.granted = granted;
    this.denied = denied;
    this.decisions = decisions;
  }

  /**
   * Returns the overall status, decided at the root of the tree (the object as a whole).
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * Tells whether the whole request is granted.
   *
   * @return true for {@link Status#GRANTED}
   */
  public boolean isGranted() {
    return status == Status.GRANTED;
  }

  /**
   * Returns the requested rights after generic mapping, without MAXIMUM_ALLOWED.
   *
   * @return the requested rights
   */
  public AccessMask requested() {
    return AccessMask.of(requested);
  }

  /**
   * Tells whether MAXIMUM_ALLOWED was requested, in which case {@link #granted(int)} holds every
   * right the DACL grants, not only the requested ones.
   *
   * @return true in maximum-allowed mode
   */
  public boolean maximumAllowed() {
    return maximumAllowed;
  }

  /**
   * Returns the tree the check ran on.
   *
   * @return the tree, or empty for a plain check (a single node 0)
   */
  public Optional<ObjectTypeTree> tree() {
    return tree;
  }

  /**
   * Returns the number of nodes (1 without a tree).
   *
   * @return the node count
   */
  public int nodeCount() {
    return granted.length;
  }

  /**
   * Returns the rights granted on the object as a whole (node 0).
   *
   * @return the granted rights
   */
  public AccessMask granted() {
    return granted(0);
  }

  /**
   * Returns the rights granted at a node.
   *
   * @param node the node index
   * @return the granted rights (in maximum-allowed mode, every right granted)
   */
  public AccessMask granted(int node) {
    return AccessMask.of(granted[node]);
  }

  /**
   * Returns the rights a deny ACE decided at a node (before any allow ACE granted them).
   *
   * @param node the node index
   * @return the denied rights
   */
  public AccessMask denied(int node) {
    return AccessMask.of(denied[node]);
  }

  /**
   * Tells whether every requested right is granted at a node; in maximum-allowed mode, also that at
   * least one right is.
   *
   * @param node the node index
   * @return true if granted
   */
  public boolean isGranted(int node) {
    if (status == Status.PRIVILEGE_NOT_HELD) {
      return false;
    }
    int g = granted[node];
    return (g & requested) == requested && (!maximumAllowed || g != 0);
  }

  /**
   * Returns the steps that decided a node, in DACL order; empty unless the result came from {@link
   * AccessCheck#explain}.
   *
   * @param node the node index
   * @return the decisions
   */
  public List<AccessDecision> decisions(int node) {
    return decisions.isEmpty() ? List.of() : decisions.get(node);
  }

  /**
   * Tells whether the result carries an explanation.
   *
   * @return true if produced by {@link AccessCheck#explain}
   */
  public boolean isExplained() {
    return !decisions.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder("AccessCheckResult[")
            .append(status)
            .append(", requested=")
            .append(requested())
            .append(maximumAllowed ? " (MAXIMUM_ALLOWED)" : "");
    for (int i = 0; i < granted.length; i++) {
      sb.append(", node ").append(i);
      if (tree.isPresent()) {
        sb.append(' ').append(tree.get().guid(i));
      }
      sb.append(": granted=")
          .append(AccessMask.of(granted[i]))
          .append(" denied=")
          .append(AccessMask.of(denied[i]));
    }
    return sb.append(']').toString();
  }
}
