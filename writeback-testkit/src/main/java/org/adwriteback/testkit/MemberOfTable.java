package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * memberOf, the back link of member (MS-ADTS 3.1.1.2.2.3, link IDs 2 and 3), kept the way AD keeps
 * it: not as a value stored in the member's object but derived from the groups' forward links (AD's
 * link table, MS-ADTS 3.1.1.1.6). Adding a member to a group writes the group only: the member's
 * object, its whenChanged and uSNChanged stay as they are, as in AD, and the in-memory server takes
 * one write instead of one per member.
 *
 * <p>The table maps a member's DN to the groups naming it in member, in the order they were linked.
 * The testkit puts memberOf back into what clients read (search entries, compares, filters) and
 * builds tokens from it; {@link LinkIntegrity} moves and drops its rows with deletes and renames.
 * Rows are immutable arrays replaced atomically, so a reader never sees a row half-written.
 */
final class MemberOfTable {

  private static final DN[] NONE = new DN[0];

  private final ConcurrentHashMap<DN, DN[]> groupsOf = new ConcurrentHashMap<>();

  /** The groups naming {@code member} in member, in the order they were linked; empty if none. */
  List<DN> groupsOf(DN member) {
    DN[] row = groupsOf.get(member);
    return row == null ? List.of() : List.of(row);
  }

  /** The groups' DNs as memberOf values, or null when {@code member} is in no group. */
  String[] values(DN member) {
    DN[] row = groupsOf.get(member);
    if (row == null) {
      return null;
    }
    String[] out = new String[row.length];
    for (int i = 0; i < row.length; i++) {
      out[i] = row[i].toString();
    }
    return out;
  }

  /**
   * A change of {@code group}'s member values: it no longer names {@code removed}, now names {@code
   * added}.
   */
  void link(DN group, Collection<DN> removed, Collection<DN> added) {
    for (DN member : removed) {
      unlink(member, List.of(group));
    }
    for (DN member : added) {
      groupsOf.merge(member, new DN[] {group}, MemberOfTable::union);
    }
  }

  /** {@code member}'s row without {@code groups} (the groups were deleted or dropped it). */
  void unlink(DN member, Collection<DN> groups) {
    groupsOf.computeIfPresent(
        member,
        (k, row) -> {
          DN[] kept = Arrays.stream(row).filter(g -> !groups.contains(g)).toArray(DN[]::new);
          return kept.length == 0 ? null : kept;
        });
  }

  /** Drops the row of an object that no longer exists. */
  void forget(DN member) {
    groupsOf.remove(member);
  }

  /**
   * After {@code from} moved to {@code to} with everything below it: the rows of {@code moved}
   * objects are found under their new DNs. Values naming moved groups are renamed by {@link
   * #renameValues}.
   */
  void rekey(Collection<DN> moved, DN from, DN to) throws LDAPException {
    Map<DN, DN[]> taken = new HashMap<>();
    for (DN old : moved) {
      DN[] row = groupsOf.remove(old);
      if (row != null) {
        taken.put(LinkIntegrity.moved(old, from, to), row);
      }
    }
    taken.forEach((dn, row) -> groupsOf.merge(dn, row, MemberOfTable::union));
  }

  /**
   * In {@code member}'s row, the groups {@code renamed} by a move of {@code from} to {@code to}.
   */
  void renameValues(DN member, Collection<DN> renamed, DN from, DN to) throws LDAPException {
    List<DN> now = new ArrayList<>();
    for (DN g : renamed) {
      now.add(LinkIntegrity.moved(g, from, to));
    }
    unlink(member, renamed);
    groupsOf.merge(member, now.toArray(NONE), MemberOfTable::union);
  }

  /** The members whose row satisfies {@code test} (given the member and its groups). */
  List<DN> membersWhere(BiPredicate<DN, DN[]> test) {
    List<DN> out = new ArrayList<>();
    groupsOf.forEach(
        (member, row) -> {
          if (test.test(member, row)) {
            out.add(member);
          }
        });
    return out;
  }

  /** A copy of the table, for a snapshot. */
  Map<DN, DN[]> copy() {
    return Map.copyOf(groupsOf);
  }

  /** Replaces the whole table with a copy taken earlier. */
  void restore(Map<DN, DN[]> copy) {
    groupsOf.clear();
    groupsOf.putAll(copy);
  }

  private static DN[] union(DN[] row, DN[] more) {
    List<DN> out = new ArrayList<>(Arrays.asList(row));
    for (DN g : more) {
      if (!out.contains(g)) {
        out.add(g);
      }
    }
    return out.size() == row.length ? row : out.toArray(NONE);
  }
}
