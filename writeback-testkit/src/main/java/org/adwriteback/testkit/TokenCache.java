package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.adwriteback.security.SecurityToken;

/**
 * The tokens of bound accounts (MS-DTYP 2.5.2; built as MS-ADTS 5.1.1.4 describes), each computed
 * once per membership generation instead of once per operation.
 *
 * <p>A token depends on the account's entry (objectSid, primaryGroupID, memberOf), on the groups it
 * reaches through memberOf (their objectSid, groupType, memberOf) and on the foreign security
 * principals of the well-known SIDs. Every write that can change one of those calls {@link
 * #invalidate()} after it is applied, which starts a new {@link GenerationalCache} generation.
 * Windows AD builds a token once per logon; the testkit keeps its earlier behaviour of seeing
 * membership changes at the next operation, only without paying for it on every operation.
 */
final class TokenCache {

  /** A bound account's entry as read for its token, and the token. */
  record Held(Entry account, SecurityToken token) {}

  private record Key(DN account, AdDomain resource) {}

  /** Past this many accounts × resource domains, the cache starts over. */
  private static final int LIMIT = 4096;

  private final GenerationalCache<Key, Held> cache = new GenerationalCache<>(LIMIT);
  private final Function<DN, Optional<Entry>> lookup;
  private final BiFunction<Entry, Optional<AdDomain>, SecurityToken> compute;

  /**
   * @param lookup reads an entry by DN
   * @param compute builds the token of an account entry for a resource domain (empty: all domains)
   */
  TokenCache(
      Function<DN, Optional<Entry>> lookup,
      BiFunction<Entry, Optional<AdDomain>, SecurityToken> compute) {
    this.lookup = lookup;
    this.compute = compute;
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
    return cache.get(
        new Key(account, resource.orElse(null)),
        key ->
            lookup
                .apply(account)
                .filter(e -> e.hasAttribute("objectSid"))
                .map(e -> new Held(e, compute.apply(e, resource))));
  }

  /** Starts a new generation: every cached token is computed again on its next use. */
  void invalidate() {
    cache.invalidate();
  }
}
