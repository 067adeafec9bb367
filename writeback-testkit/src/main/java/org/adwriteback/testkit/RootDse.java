package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.Entry;
import java.util.stream.Stream;

/**
 * The rootDSE of the test domain controller (MS-ADTS 3.1.1.3.2): naming contexts, functional
 * levels, the DC's names and what the testkit supports. Only controls and extended operations that
 * actually work against the testkit are listed (or, for controls, have nothing to act on here).
 */
final class RootDse {

  /**
   * The controls the testkit acts on, search options and ASQ, then AD's controls that have nothing
   * to act on here and are accepted ({@link RequestControls}).
   */
  static final String[] SUPPORTED_CONTROLS =
      Stream.of(
              RequestControls.ACTED_ON.stream(),
              Stream.of(RequestControls.SEARCH_OPTIONS_OID, AttributeScopedQuery.OID),
              RequestControls.WITHOUT_EFFECT_HERE.keySet().stream().sorted())
          .flatMap(s -> s)
          .toArray(String[]::new);

  /** LDAP_CAP_ACTIVE_DIRECTORY_OID, _V51, _LDAP_INTEG, _V60, _V61_R2, _W8 (MS-ADTS 3.1.1.3.4.3). */
  static final String[] SUPPORTED_CAPABILITIES = {
    "1.2.840.113556.1.4.800",
    "1.2.840.113556.1.4.1670",
    "1.2.840.113556.1.4.1791",
    "1.2.840.113556.1.4.1935",
    "1.2.840.113556.1.4.2080",
    "1.2.840.113556.1.4.2237"
  };

  private RootDse() {}

  static Entry build(AdEngine engine, String dcHost) {
    AdConfiguration c = engine.config();
    String domain = engine.domainDn().toString();
    String config = engine.configDn().toString();
    String server =
        "CN="
            + c.domainControllerName()
            + ",CN=Servers,CN=Default-First-Site-Name,CN=Sites,"
            + config;
    String level = Integer.toString(c.schemaVersion().functionalLevel());
    Entry e = new Entry("");
    e.addAttribute("objectClass", "top");
    e.addAttribute("currentTime", engine.generalizedTime());
    e.addAttribute("subschemaSubentry", "CN=Aggregate," + engine.schemaDn());
    e.addAttribute("dsServiceName", "CN=NTDS Settings," + server);
    // the server holds every domain of the forest: all domain NCs are listed (a Windows DC lists
    // its own domain only); the forest root stays the default naming context
    java.util.List<String> ncs = new java.util.ArrayList<>();
    for (AdDomain d : engine.domains()) {
      ncs.add(d.dn().toString());
    }
    ncs.add(config);
    ncs.add(engine.schemaDn().toString());
    e.addAttribute("namingContexts", ncs);
    e.addAttribute("defaultNamingContext", domain);
    e.addAttribute("rootDomainNamingContext", domain);
    e.addAttribute("configurationNamingContext", config);
    e.addAttribute("schemaNamingContext", engine.schemaDn().toString());
    e.addAttribute("serverName", server);
    e.addAttribute("dnsHostName", dcHost);
    e.addAttribute(
        "ldapServiceName",
        c.dnsName()
            + ":"
            + c.domainControllerName().toLowerCase(java.util.Locale.ROOT)
            + "$@"
            + c.dnsName().toUpperCase(java.util.Locale.ROOT));
    e.addAttribute("supportedControl", SUPPORTED_CONTROLS);
    e.addAttribute("supportedCapabilities", SUPPORTED_CAPABILITIES);
    e.addAttribute("supportedLDAPVersion", "3", "2");
    e.addAttribute("supportedExtension", "1.3.6.1.4.1.1466.20037", "1.3.6.1.4.1.4203.1.11.3");
    e.addAttribute("highestCommittedUSN", Long.toString(engine.highestCommittedUsn()));
    e.addAttribute("isSynchronized", "TRUE");
    e.addAttribute("isGlobalCatalogReady", "FALSE");
    e.addAttribute("domainFunctionality", level);
    e.addAttribute("forestFunctionality", level);
    e.addAttribute("domainControllerFunctionality", level);
    return e;
  }
}
