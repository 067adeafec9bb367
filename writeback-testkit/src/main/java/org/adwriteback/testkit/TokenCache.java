package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.adwriteback.security.SecurityToken;

/**
 * The tokens of bound accounts (MS-DTYP 2.5.2; built as MS-ADTS 5.1.1.4 describes), each computed
 * once per membership generation instead of once per operation.
 *
 * <p>A token depends on the account's entry (objectSid, primaryGroupID, memberOf), on the groups it
 * reaches through memberOf (their objectSid, groupType, memberOf) and on the foreign security
 * principals of the well-known SIDs. Every write that can change one of those either calls {@link
 * #invalidate()} after it is applied, which starts a new {@link GenerationalCache} generation, or,
 * for a change of a group's members, {@link #membersChanged}, which drops only the tokens built
 * through one of the members added or removed: the edge member → group is used by exactly the
 * tokens whose account is that member or reaches it. Windows AD builds a token once per logon; the
 * testkit keeps its earlier behaviour of seeing membership changes at the next operation, only
 * without paying for it on every operation.
 */
final class TokenCache {

  /**
   * A bound account's entry as read for its token, the token, and the normalized DNs of the entries
   * it was built from (null when it also depends on a primary group that was not found, which a
   * later write may create and put into other groups).
   */
  record Held(Entry account, SecurityToken token, Set<String> builtFrom) {

    /** Was this token built through one of {@code changed} (normalized DNs)? */
    boolean builtThrough(Set<String> changed) {
      if (builtFrom == null) {
        return true;
      }
      for (String dn : changed) {
        if (builtFrom.contains(dn)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Builds a token from an account entry, reading other entries through the functions given. */
  @FunctionalInterface
  interface TokenBuilder {
    SecurityToken build(
        Entry account,
        Optional<AdDomain> resource,
        Function<String, Entry> lookup,
        Function<String, Optional<Entry>> bySid);
  }

  private record Key(DN account, AdDomain resource) {}

  /** Past this many accounts × resource domains, the cache starts over. */
  private static final int LIMIT = 4096;

  private final GenerationalCache<Key, Held> cache = new GenerationalCache<>(LIMIT);
  private final Function<String, Entry> lookup;
  private final Function<String, Optional<Entry>> bySid;
  private final TokenBuilder builder;

  /**
   * @param lookup reads an entry by DN (null when there is none)
   * @param bySid finds the entry with an objectSid
   * @param builder builds the token of an account entry for a resource domain (empty: all domains)
   */
  TokenCache(
      Function<String, Entry> lookup,
      Function<String, Optional<Entry>> bySid,
      TokenBuilder builder) {
    this.lookup = lookup;
    this.bySid = bySid;
    this.builder = builder;
  }

  /**
   * The token of the security principal at {@code account}, or empty when no object with an
   * objectSid is there (deleted since the bind, or never a principal).
   *
   * @param account the principal's DN
   * @param resource the domain whose domain-local groups count, or empty for every domain
   */
  Optional<Held> of(DN account, Optional<AdDomain> resource) {
    if (account == null) {
      return Optional.empty();
    }
    return cache.get(new Key(account, resource.orElse(null)), key -> build(account, resource));
  }

  private Optional<Held> build(DN account, Optional<AdDomain> resource) {
    Entry e = lookup.apply(account.toString());
    if (e == null || !e.hasAttribute("objectSid")) {
      return Optional.empty();
    }
    Set<String> builtFrom = new HashSet<>();
    builtFrom.add(normalized(account.toString()));
    boolean[] primaryMissing = {false};
    SecurityToken token =
        builder.build(
            e,
            resource,
            dn -> {
              builtFrom.add(normalized(dn));
              return lookup.apply(dn);
            },
            sid -> {
              Optional<Entry> found = bySid.apply(sid);
              found.ifPresentOrElse(
                  g -> builtFrom.add(normalized(g.getDN())), () -> primaryMissing[0] = true);
              return found;
            });
    return Optional.of(new Held(e, token, primaryMissing[0] ? null : builtFrom));
  }

  private static String normalized(String dn) {
    try {
      return DN.normalize(dn);
    } catch (LDAPException e) {
      return dn.toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Starts a new generation: every cached token is computed again on its next use. */
  void invalidate() {
    cache.invalidate();
  }

  /**
   * Members were added to or removed from a group (already applied): the tokens built through one
   * of them are computed again on their next use, the others stay.
   *
   * @param members the member DNs added or removed
   */
  void membersChanged(Collection<DN> members) {
    if (members.isEmpty()) {
      return;
    }
    Set<String> changed = new HashSet<>();
    for (DN m : members) {
      changed.add(m.toNormalizedString());
    }
    cache.invalidate(held -> held.builtThrough(changed));
  }
}
