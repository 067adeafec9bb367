package org.adwriteback.security;

import java.util.List;

/**
 * The difference between two ACLs ({@link Acl#diff(Acl)}), compared as multisets of ACEs by
 * semantic equality, plus whether the shared ACEs changed order.
 *
 * @param removed ACEs of the first ACL missing from the second (one entry per missing copy)
 * @param added ACEs of the second ACL missing from the first
 * @param reordered true if the ACEs common to both appear in a different order
 */
public record AclDiff(List<Ace> removed, List<Ace> added, boolean reordered) {

  /**
   * Copies the lists.
   *
   * @param removed the removed ACEs
   * @param added the added ACEs
   * @param reordered whether common ACEs moved
   */
  public AclDiff {
    removed = List.copyOf(removed);
    added = List.copyOf(added);
  }

  /**
   * Tells whether the two ACLs hold the same ACEs in the same order.
   *
   * @return true if nothing was added, removed or reordered
   */
  public boolean isEmpty() {
    return removed.isEmpty() && added.isEmpty() && !reordered;
  }
}
