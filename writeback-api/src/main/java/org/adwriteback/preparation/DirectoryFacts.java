package org.adwriteback.preparation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.adwriteback.security.Sid;

/**
 * What a preparation needs to know about the target forest, read by the LDAP layer (rootDSE, {@code
 * CN=Partitions}, the schema container's {@code objectVersion}, the account object) or given by a
 * test.
 *
 * @param forestRootDomain the forest root domain (its SID makes Enterprise Admins, {@code -519})
 * @param domains the domains the request covers, forest root included when it is covered
 * @param configurationNc the configuration naming context DN
 * @param schemaNc the schema naming context DN
 * @param schemaVersion {@code objectVersion} of the schema container (69 = 2012 R2, 87 = 2016, 88 =
 *     2019)
 * @param exchangeSchema whether the Exchange schema extension is present
 * @param accountSid the connector account's {@code objectSid}
 * @param accountDn the connector account's DN
 * @param accountName how the account is named in reports and dsacls statements ({@code
 *     CONTOSO\MSOL_…})
 * @param guids resolves attribute, class and extended-right names to GUIDs
 */
public record DirectoryFacts(
    DomainFacts forestRootDomain,
    List<DomainFacts> domains,
    String configurationNc,
    String schemaNc,
    int schemaVersion,
    boolean exchangeSchema,
    Sid accountSid,
    String accountDn,
    String accountName,
    GuidResolver guids) {

  /** Validates and copies the components. */
  public DirectoryFacts {
    Objects.requireNonNull(forestRootDomain, "forestRootDomain");
    domains = List.copyOf(domains);
    Objects.requireNonNull(configurationNc, "configurationNc");
    Objects.requireNonNull(schemaNc, "schemaNc");
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(accountDn, "accountDn");
    Objects.requireNonNull(accountName, "accountName");
    Objects.requireNonNull(guids, "guids");
    if (domains.isEmpty()) {
      throw new IllegalArgumentException("the facts name no domain");
    }
  }

  /**
   * Finds the domain whose naming context holds a DN (the longest matching suffix).
   *
   * @param dn a DN in one of the domains
   * @return the domain, or empty when the DN is in none of them (the configuration and schema
   *     partitions included)
   */
  public Optional<DomainFacts> domainOf(String dn) {
    String lower = normalize(dn);
    String config = normalize(configurationNc);
    // the configuration NC (and the schema NC below it) is a naming context of its own, although
    // its DN sits below the forest root domain's (MS-ADTS 3.1.1.1.9)
    if (lower.equals(config) || lower.endsWith("," + config)) {
      return Optional.empty();
    }
    DomainFacts best = null;
    for (DomainFacts d : domains) {
      String root = normalize(d.dn());
      if ((lower.equals(root) || lower.endsWith("," + root))
          && (best == null || root.length() > normalize(best.dn()).length())) {
        best = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Returns the DN of {@code CN=Device Registration Configuration,CN=Services} in the configuration
   * NC.
   *
   * @return the DN
   */
  public String deviceRegistrationConfigurationDn() {
    return "CN=Device Registration Configuration,CN=Services," + configurationNc;
  }

  static String normalize(String dn) {
    return dn.replaceAll("\\s*,\\s*", ",")
        .replaceAll("\\s*=\\s*", "=")
        .toLowerCase(java.util.Locale.ROOT);
  }
}
