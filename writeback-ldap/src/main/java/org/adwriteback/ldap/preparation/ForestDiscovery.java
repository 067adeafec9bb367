package org.adwriteback.ldap.preparation;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.preparation.DomainFacts;
import org.adwriteback.preparation.FeatureCatalog;
import org.adwriteback.preparation.GrantTemplate;
import org.adwriteback.preparation.GuidResolver;
import org.adwriteback.preparation.ObjectTemplate;
import org.adwriteback.preparation.PermissionMode;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.security.GuidBytes;
import org.adwriteback.security.Sid;

/**
 * Reads what a preparation needs to know about a forest, in a constant number of LDAP operations:
 * the rootDSE naming contexts (MS-ADTS 3.1.1.3.2.3), the crossRef objects of {@code CN=Partitions}
 * whose {@code systemFlags} mark a domain partition ({@code FLAG_CR_NTDS_NC | FLAG_CR_NTDS_DOMAIN}
 * = 3, MS-ADTS 6.1.1.2.1.1.5), the schema container's {@code objectVersion} together with the
 * {@code schemaIDGUID} of every class and attribute the features name and the Exchange markers (one
 * subtree search of the schema partition), the {@code rightsGuid} of every extended right the
 * features name ({@code CN=Extended-Rights}, MS-ADTS 5.1.3.2.1), and the {@code objectSid} of each
 * covered domain's root.
 *
 * <p>GUIDs: the forest's own value wins; the published catalog ({@link GuidResolver#catalog()}) is
 * used only for names the forest lacks. A disagreement between the two is recorded in {@link
 * Forest#notes()}.
 */
public final class ForestDiscovery {

  /** Which domains a discovery covers. */
  public enum Scope {
    /** Only the home DC's own domain. */
    HOME_DOMAIN,
    /** Every domain of the forest (needs {@link DomainSessions#connecting}). */
    ALL_DOMAINS
  }

  private static final int DOMAIN_NC_FLAGS = 3;

  private ForestDiscovery() {}

  /**
   * Discovers the forest.
   *
   * @param sessions the home session and, for {@link Scope#ALL_DOMAINS}, the other domains'
   * @param scope which domains to cover
   * @return the forest
   * @throws WritebackException when the directory cannot be read, or a covered domain has no
   *     session
   */
  public static Forest discover(DomainSessions sessions, Scope scope) throws WritebackException {
    LdapSession home = sessions.home();
    SearchResultEntry rootDse =
        home.readEntry(
                "",
                "read the rootDSE",
                "defaultNamingContext",
                "configurationNamingContext",
                "schemaNamingContext",
                "rootDomainNamingContext")
            .orElseThrow(
                () ->
                    new WritebackException(
                        WritebackException.Reason.PREREQUISITE_MISSING,
                        "the server returned no rootDSE; is it an Active Directory domain"
                            + " controller?"));
    String defaultNc = required(rootDse, "defaultNamingContext");
    String configNc = required(rootDse, "configurationNamingContext");
    String schemaNc = required(rootDse, "schemaNamingContext");
    String rootNc = required(rootDse, "rootDomainNamingContext");

    List<SearchResultEntry> crossRefs =
        home.search(
            new SearchRequest(
                "CN=Partitions," + configNc,
                SearchScope.ONE,
                Filter.createEqualityFilter("objectClass", "crossRef"),
                "nCName",
                "dnsRoot",
                "nETBIOSName",
                "systemFlags"),
            "list the partitions of the forest (CN=Partitions," + configNc + ")",
            false);

    List<DomainFacts> covered = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (SearchResultEntry x : crossRefs) {
      Integer flags = x.getAttributeValueAsInteger("systemFlags");
      String nc = x.getAttributeValue("nCName");
      if (flags == null || (flags & DOMAIN_NC_FLAGS) != DOMAIN_NC_FLAGS || nc == null) {
        continue;
      }
      String dns = Optional.ofNullable(x.getAttributeValue("dnsRoot")).orElse(nc);
      String netbios = Optional.ofNullable(x.getAttributeValue("nETBIOSName")).orElse(dns);
      boolean wanted = scope == Scope.ALL_DOMAINS || Forest.sameDn(nc, defaultNc);
      if (!wanted) {
        others.add(dns);
        continue;
      }
      Optional<LdapSession> s = sessions.forDomain(nc, dns, defaultNc);
      if (s.isEmpty()) {
        throw new WritebackException(
            WritebackException.Reason.PREREQUISITE_MISSING,
            "domain "
                + dns
                + " of the forest has no connection; a forest-wide preparation needs one per"
                + " domain (DomainSessions.connecting), or prepare the home domain only");
      }
      covered.add(new DomainFacts(nc, dns, netbios, domainSid(s.get(), nc)));
    }
    if (covered.isEmpty()) {
      throw new WritebackException(
          WritebackException.Reason.PREREQUISITE_MISSING,
          "no crossRef in CN=Partitions,"
              + configNc
              + " describes the domain "
              + defaultNc
              + "; the account may lack read access to the configuration partition");
    }

    Map<String, UUID> directory = new HashMap<>();
    int[] version = {0};
    boolean exchange = readSchema(home, schemaNc, directory, version);
    readExtendedRights(home, configNc, directory);

    List<String> notes = new ArrayList<>();
    GuidResolver catalog = GuidResolver.catalog();
    for (String name : namesUsed()) {
      UUID mine = directory.get(name.toLowerCase(Locale.ROOT));
      Optional<UUID> published = catalog.resolve(name);
      if (mine == null && published.isPresent()) {
        notes.add(
            "the forest has no '" + name + "'; the published GUID " + published.get() + " is used");
      } else if (mine != null && published.isPresent() && !published.get().equals(mine)) {
        notes.add(
            "the forest's GUID for '"
                + name
                + "' is "
                + mine
                + ", not the published "
                + published.get()
                + "; the forest's value is used");
      }
    }
    return new Forest(
        defaultNc,
        configNc,
        schemaNc,
        rootNc,
        covered,
        others,
        version[0],
        exchange,
        catalog.overriddenBy(directory),
        notes);
  }

  /**
   * Returns every class, attribute and extended-right name any feature's grants or objects use, in
   * every mode.
   *
   * @return the names, sorted
   */
  static List<String> namesUsed() {
    TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (WritebackFeature f : WritebackFeature.values()) {
      for (PermissionMode m : PermissionMode.values()) {
        for (boolean change : new boolean[] {false, true}) {
          for (GrantTemplate g : FeatureCatalog.grants(f, m, change)) {
            g.objectType().ifPresent(names::add);
            g.inheritedObjectType().ifPresent(names::add);
          }
        }
      }
      for (ObjectTemplate o : FeatureCatalog.objects(f)) {
        names.add(o.objectClass());
      }
    }
    return List.copyOf(names);
  }

  private static boolean readSchema(
      LdapSession home, String schemaNc, Map<String, UUID> out, int[] version)
      throws WritebackException {
    List<Filter> any = new ArrayList<>();
    any.add(Filter.createEqualityFilter("objectClass", "dMD"));
    any.add(Filter.createEqualityFilter("lDAPDisplayName", "publicFolder"));
    any.add(Filter.createEqualityFilter("cn", "ms-Exch-Schema-Version-Pt"));
    for (String n : namesUsed()) {
      if (!n.contains(" ")) {
        any.add(Filter.createEqualityFilter("lDAPDisplayName", n));
      }
    }
    List<SearchResultEntry> entries =
        home.search(
            new SearchRequest(
                schemaNc,
                SearchScope.SUB,
                Filter.createORFilter(any),
                "lDAPDisplayName",
                "cn",
                "schemaIDGUID",
                "objectVersion"),
            "read the schema (" + schemaNc + ")",
            false);
    boolean exchange = false;
    for (SearchResultEntry e : entries) {
      Integer v = e.getAttributeValueAsInteger("objectVersion");
      if (v != null && Forest.sameDn(e.getDN(), schemaNc)) {
        version[0] = v;
      }
      String ldn = e.getAttributeValue("lDAPDisplayName");
      if ("publicFolder".equalsIgnoreCase(ldn)
          || "ms-Exch-Schema-Version-Pt".equalsIgnoreCase(e.getAttributeValue("cn"))) {
        exchange = true;
      }
      byte[] guid = e.getAttributeValueBytes("schemaIDGUID");
      if (ldn != null && guid != null && guid.length == GuidBytes.LENGTH) {
        out.put(ldn.toLowerCase(Locale.ROOT), GuidBytes.fromBytes(guid));
      }
    }
    if (version[0] == 0) {
      throw new WritebackException(
          WritebackException.Reason.PREREQUISITE_MISSING,
          "could not read objectVersion of " + schemaNc + "; grant the account read access to it");
    }
    return exchange;
  }

  private static void readExtendedRights(LdapSession home, String configNc, Map<String, UUID> out)
      throws WritebackException {
    List<Filter> any = new ArrayList<>();
    for (String n : namesUsed()) {
      any.add(Filter.createEqualityFilter("displayName", n));
      any.add(Filter.createEqualityFilter("cn", n));
    }
    List<SearchResultEntry> rights =
        home.search(
            new SearchRequest(
                "CN=Extended-Rights," + configNc,
                SearchScope.ONE,
                Filter.createORFilter(any),
                "displayName",
                "cn",
                "rightsGuid"),
            "read the extended rights (CN=Extended-Rights," + configNc + ")",
            true);
    for (SearchResultEntry e : rights) {
      String guid = e.getAttributeValue("rightsGuid");
      if (guid == null) {
        continue;
      }
      UUID id;
      try {
        id = UUID.fromString(guid.strip());
      } catch (IllegalArgumentException bad) {
        continue;
      }
      for (String key :
          new String[] {e.getAttributeValue("displayName"), e.getAttributeValue("cn")}) {
        if (key != null) {
          out.putIfAbsent(key.toLowerCase(Locale.ROOT), id);
        }
      }
    }
  }

  private static Sid domainSid(LdapSession s, String nc) throws WritebackException {
    SearchResultEntry e =
        s.readEntry(nc, "read the objectSid of domain " + nc, "objectSid")
            .orElseThrow(
                () ->
                    new WritebackException(
                        WritebackException.Reason.NO_SUCH_OBJECT,
                        "the domain root " + nc + " is not on the connected DC"));
    byte[] sid = e.getAttributeValueBytes("objectSid");
    if (sid == null) {
      throw new WritebackException(
          WritebackException.Reason.INSUFFICIENT_RIGHTS,
          "cannot read objectSid of " + nc + "; the bound account needs read access to it");
    }
    return Sid.fromBytes(sid);
  }

  private static String required(SearchResultEntry rootDse, String name) throws WritebackException {
    String v = rootDse.getAttributeValue(name);
    if (v == null || v.isBlank()) {
      throw new WritebackException(
          WritebackException.Reason.PREREQUISITE_MISSING,
          "the rootDSE has no " + name + "; is the server an Active Directory domain controller?");
    }
    return v;
  }
}
