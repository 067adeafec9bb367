package org.adwriteback.ldap.preparation;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.adwriteback.preparation.DirectoryFacts;
import org.adwriteback.preparation.DomainFacts;
import org.adwriteback.preparation.GuidResolver;

/**
 * What {@link ForestDiscovery} read from a forest: the naming contexts of the rootDSE (MS-ADTS
 * 3.1.1.3.2), the domains of {@code CN=Partitions} with their SIDs (MS-ADTS 6.1.1.2.1.1.5), the
 * schema version and Exchange extension, and a {@link GuidResolver} built from the forest's own
 * schema and extended rights.
 *
 * @param defaultNamingContext the home DC's domain
 * @param configurationNc the configuration partition
 * @param schemaNc the schema partition
 * @param rootDomainNc the forest root domain
 * @param domains the covered domains (every domain, or the one asked for), with their SIDs
 * @param otherDomains the domains of the forest that are not covered (name only; SID unknown)
 * @param schemaVersion {@code objectVersion} of the schema container
 * @param exchangeSchema whether class {@code publicFolder} or {@code ms-Exch-Schema-Version-Pt} is
 *     in the schema
 * @param guids resolves names to GUIDs, the forest's own values first
 * @param notes where the directory and the built-in catalog disagree or the directory lacks a name
 */
public record Forest(
    String defaultNamingContext,
    String configurationNc,
    String schemaNc,
    String rootDomainNc,
    List<DomainFacts> domains,
    List<String> otherDomains,
    int schemaVersion,
    boolean exchangeSchema,
    GuidResolver guids,
    List<String> notes) {

  /** Validates and copies the components. */
  public Forest {
    Objects.requireNonNull(defaultNamingContext, "defaultNamingContext");
    Objects.requireNonNull(configurationNc, "configurationNc");
    Objects.requireNonNull(schemaNc, "schemaNc");
    Objects.requireNonNull(rootDomainNc, "rootDomainNc");
    domains = List.copyOf(domains);
    otherDomains = List.copyOf(otherDomains);
    Objects.requireNonNull(guids, "guids");
    notes = List.copyOf(notes);
  }

  /**
   * Finds the covered domain holding a DN (the longest matching naming context).
   *
   * @param dn a DN
   * @return the domain, or empty for the configuration and schema partitions and uncovered domains
   */
  public Optional<DomainFacts> domainOf(String dn) {
    // the configuration NC (and the schema NC below it) sit below the root domain's DN, but are
    // naming contexts of their own (MS-ADTS 3.1.1.1.9)
    if (isAtOrBelow(dn, configurationNc)) {
      return Optional.empty();
    }
    DomainFacts best = null;
    for (DomainFacts d : domains) {
      if (isAtOrBelow(dn, d.dn()) && (best == null || d.dn().length() > best.dn().length())) {
        best = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Finds a covered domain by NetBIOS name, DNS name or naming context (case-insensitive).
   *
   * @param name {@code CONTOSO}, {@code contoso.com} or {@code DC=contoso,DC=com}
   * @return the domain, or empty
   */
  public Optional<DomainFacts> domain(String name) {
    return domains.stream()
        .filter(
            d ->
                d.netbiosName().equalsIgnoreCase(name)
                    || d.dnsName().equalsIgnoreCase(name)
                    || sameDn(d.dn(), name))
        .findFirst();
  }

  /**
   * Returns the forest root domain when it is covered, else the first covered domain (its SID then
   * stands in for Enterprise Admins' domain; only the restricted-account step uses it).
   *
   * @return the domain
   */
  public DomainFacts forestRootDomain() {
    return domain(rootDomainNc).orElse(domains.get(0));
  }

  /**
   * Combines the forest with a resolved connector account into the facts the planner needs.
   *
   * @param account the connector account
   * @return the facts
   */
  public DirectoryFacts facts(ResolvedAccount account) {
    return new DirectoryFacts(
        forestRootDomain(),
        domains,
        configurationNc,
        schemaNc,
        schemaVersion,
        exchangeSchema,
        account.sid(),
        account.dn(),
        account.name(),
        guids);
  }

  /**
   * Compares two DNs as LDAP does (case, spacing and escaping normalised).
   *
   * @param a a DN
   * @param b another DN
   * @return true when they name the same entry; false also when one is malformed
   */
  static boolean sameDn(String a, String b) {
    try {
      return new DN(a).equals(new DN(b));
    } catch (LDAPException e) {
      return false;
    }
  }

  /**
   * Tells whether {@code dn} is {@code base} or below it.
   *
   * @param dn a DN
   * @param base a base DN
   * @return true when it is; false also when one is malformed
   */
  static boolean isAtOrBelow(String dn, String base) {
    try {
      return new DN(dn).isDescendantOf(new DN(base), true);
    } catch (LDAPException e) {
      return false;
    }
  }
}
