package org.adwriteback.security;

import java.util.Objects;
import java.util.Optional;

/**
 * What SDDL needs to resolve domain- and forest-relative SID aliases (MS-DTYP 2.5.1.1): the domain
 * SID for {@code DA DU DG DC DD CA RS PA CN AP KA RO LA LG ...}, and the forest root domain SID for
 * {@code EA SA EK}. Without them those aliases fail to parse and such SIDs are printed literally.
 * Well-known aliases ({@code WD AU SY BA ...}) never need a context.
 *
 * @param domainSid the SID of the domain the descriptor belongs to
 * @param forestRootDomainSid the SID of the forest root domain
 */
public record SddlContext(Optional<Sid> domainSid, Optional<Sid> forestRootDomainSid) {

  /** No domain: only well-known aliases. */
  public static final SddlContext NONE = new SddlContext(Optional.empty(), Optional.empty());

  /**
   * Checks for nulls.
   *
   * @param domainSid the domain SID
   * @param forestRootDomainSid the forest root domain SID
   */
  public SddlContext {
    Objects.requireNonNull(domainSid, "domainSid");
    Objects.requireNonNull(forestRootDomainSid, "forestRootDomainSid");
  }

  /**
   * A context for a single-domain forest: the domain is also the forest root.
   *
   * @param domainSid the domain SID
   * @return the context
   */
  public static SddlContext of(Sid domainSid) {
    return new SddlContext(Optional.of(domainSid), Optional.of(domainSid));
  }

  /**
   * A context for a child domain.
   *
   * @param domainSid the domain SID
   * @param forestRootDomainSid the forest root domain SID
   * @return the context
   */
  public static SddlContext of(Sid domainSid, Sid forestRootDomainSid) {
    return new SddlContext(Optional.of(domainSid), Optional.of(forestRootDomainSid));
  }
}
