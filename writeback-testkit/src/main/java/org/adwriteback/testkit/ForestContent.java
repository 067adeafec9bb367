package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.adwriteback.security.GuidBytes;
import org.adwriteback.security.Sid;

/**
 * The objects a freshly promoted forest root domain controller holds, in the order they are added:
 * the domain naming context with its well-known containers, accounts and groups (MS-ADTS 6.1.1.4,
 * well-known RIDs from MS-DTYP 2.4.2.4), the configuration naming context with partitions, sites,
 * services and the control access rights (MS-ADTS 6.1.1.2), and the schema naming context with one
 * attributeSchema/classSchema object per definition (MS-ADTS 3.1.1.2). A forest with child domains
 * gets one domain naming context per child (without the forest-wide groups Enterprise Admins,
 * Schema Admins, Enterprise Key Admins and Enterprise Read-only Domain Controllers, which exist in
 * the root domain only), a crossRef per child with {@code trustParent}, and the child's DC in the
 * default site.
 */
final class ForestContent {

  private static final String GLOBAL_SECURITY = Integer.toString(0x80000002);
  private static final String DOMAIN_LOCAL_SECURITY = Integer.toString(0x80000004);
  private static final String UNIVERSAL_SECURITY = Integer.toString(0x80000008);
  private static final String BUILTIN_LOCAL = Integer.toString(0x80000005);

  private final AdEngine engine;
  private final AdConfiguration config;
  private final String configDn;
  private final String schemaDn;

  /** The domain partition being built: its NC, its SID and the domain itself. */
  private String domain;

  private String sid;
  private AdDomain current;
  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, List<String>> members = new LinkedHashMap<>();

  private ForestContent(AdEngine engine) {
    this.engine = engine;
    this.config = engine.config();
    this.configDn = engine.configDn().toString();
    this.schemaDn = engine.schemaDn().toString();
    select(engine.rootDomain());
  }

  private void select(AdDomain d) {
    this.current = d;
    this.domain = d.dn().toString();
    this.sid = d.sid();
  }

  /** Returns the entries of a new forest, ready for the in-memory server. */
  static List<Entry> build(AdEngine engine, char[] adminPassword) throws LDAPException {
    ForestContent f = new ForestContent(engine);
    for (AdDomain d : engine.domains()) {
      f.select(d);
      f.domainPartition(adminPassword);
    }
    f.select(engine.rootDomain());
    f.configurationPartition();
    f.schemaPartition();
    return f.finish();
  }

  String dcDnsName() {
    return current.dcDnsName();
  }

  /** The nTDSDSA object of the DC of the domain being built. */
  private String ntdsSettings() {
    return "CN=NTDS Settings,CN="
        + current.domainControllerName()
        + ",CN=Servers,CN=Default-First-Site-Name,CN=Sites,"
        + configDn;
  }

  private Entry add(String dn, String objectClass, String... attrs) {
    Entry e = new Entry(dn);
    e.addAttribute("objectClass", objectClass);
    for (int i = 0; i + 1 < attrs.length; i += 2) {
      e.addAttribute(attrs[i], attrs[i + 1]);
    }
    entries.add(e);
    return e;
  }

  private void domainPartition(char[] adminPassword) {
    int level = config.schemaVersion().functionalLevel();
    Entry root =
        add(
            domain,
            "domainDNS",
            "instanceType",
            // IT_NC_HEAD | IT_WRITE, and IT_NC_ABOVE for a child domain (MS-ADTS 6.1.1.1)
            current.isForestRoot() ? "5" : "13",
            "minPwdLength",
            "7",
            "pwdProperties",
            "1",
            // relaxed like the Samba integration DC: tests may change a password twice a day
            "minPwdAge",
            "0",
            "pwdHistoryLength",
            "0",
            "maxPwdAge",
            "-36288000000000",
            "lockoutThreshold",
            "0",
            "lockoutDuration",
            "-18000000000",
            "lockOutObservationWindow",
            "-18000000000",
            "forceLogoff",
            "-9223372036854775808",
            "ms-DS-MachineAccountQuota",
            "10",
            "msDS-Behavior-Version",
            Integer.toString(level),
            "nTMixedDomain",
            "0",
            "uASCompat",
            "1",
            "serverState",
            "1",
            "isCriticalSystemObject",
            "TRUE",
            "fSMORoleOwner",
            ntdsSettings());
    root.addAttribute("objectSid", Sid.parse(sid).toBytes());
    // the NCs directly below this one (MS-ADTS 3.1.1.5.2.6): the configuration NC below the root
    List<String> subRefs = new ArrayList<>();
    if (current.isForestRoot()) {
      subRefs.add(configDn);
    }
    for (AdDomain d : engine.domains()) {
      if (d.parent().filter(p -> p == current).isPresent()) {
        subRefs.add(d.dn().toString());
      }
    }
    if (!subRefs.isEmpty()) {
      root.addAttribute("subRefs", subRefs);
    }
    root.addAttribute(
        "wellKnownObjects",
        wko("AA312825768811D1ADED00C04FD8D5CD", "CN=Computers," + domain),
        wko("A9D1CA15768811D1ADED00C04FD8D5CD", "CN=Users," + domain),
        wko("AB1D30F3768811D1ADED00C04FD8D5CD", "CN=System," + domain),
        wko("A361B2FFFFD211D1AA4B00C04FD7D83A", "OU=Domain Controllers," + domain),
        wko("2FBAC1870ADE11D297C400C04FD8D5CD", "CN=Infrastructure," + domain),
        wko("AB8153B7768811D1ADED00C04FD8D5CD", "CN=LostAndFound," + domain),
        wko("22B70C67D56E4EFB91E9300FCA3DC1AA", "CN=ForeignSecurityPrincipals," + domain),
        wko("09460C08AE1E4A4EA0F64AEE7DAA1E5A", "CN=Program Data," + domain),
        wko("F4BE92A4C777485E878E9421D53087DB", "CN=Microsoft,CN=Program Data," + domain),
        wko("1EB93889E40C45DF9F0C64D23BBB6237", "CN=Managed Service Accounts," + domain));
    kept(container("CN=Users," + domain, "Default container for upgraded user accounts"));
    kept(container("CN=Computers," + domain, "Default container for upgraded computer accounts"));
    kept(
        add(
            "OU=Domain Controllers," + domain,
            "organizationalUnit",
            "description",
            "Default container for domain controllers",
            "isCriticalSystemObject",
            "TRUE"));
    kept(container("CN=System," + domain, "Builtin system settings"));
    container("CN=AdminSDHolder,CN=System," + domain, null);
    add(
        "CN=Password Settings Container,CN=System," + domain,
        "msDS-PasswordSettingsContainer",
        "isCriticalSystemObject",
        "TRUE");
    kept(
        container(
            "CN=ForeignSecurityPrincipals," + domain,
            "Default container for security identifiers (SIDs) associated with objects from"
                + " external, trusted domains"));
    container("CN=Program Data," + domain, "Default location for storage of application data.");
    container(
        "CN=Microsoft,CN=Program Data," + domain,
        "Default location for storage of Microsoft application data.");
    container(
        "CN=Managed Service Accounts," + domain, "Default container for managed service accounts");
    if (config.schemaVersion().objectVersion() >= 87) {
      container("CN=Keys," + domain, "Default container for key credential objects");
    }
    kept(
        add(
            "CN=Infrastructure," + domain,
            "infrastructureUpdate",
            "fSMORoleOwner",
            ntdsSettings()));
    kept(add("CN=LostAndFound," + domain, "lostAndFound", "isCriticalSystemObject", "TRUE"));
    Entry builtin =
        kept(add("CN=Builtin," + domain, "builtinDomain", "isCriticalSystemObject", "TRUE"));
    builtin.addAttribute("objectSid", Sid.parse("S-1-5-32").toBytes());
    for (String fsp : List.of("S-1-5-4", "S-1-5-9", "S-1-5-11", "S-1-5-17")) {
      Entry e =
          add("CN=" + fsp + ",CN=ForeignSecurityPrincipals," + domain, "foreignSecurityPrincipal");
      e.addAttribute("objectSid", Sid.parse(fsp).toBytes());
    }

    String users = "CN=Users," + domain;
    String admin = "CN=Administrator," + users;
    Entry a =
        account(
            admin,
            "Administrator",
            500,
            AdEngine.UF_NORMAL_ACCOUNT | AdEngine.UF_DONT_EXPIRE_PASSWD,
            "Built-in account for administering the computer/domain");
    a.addAttribute("adminCount", "1");
    a.addAttribute("unicodePwd", AdEngine.encodeUnicodePwd(adminPassword));
    account(
        "CN=Guest," + users,
        "Guest",
        501,
        AdEngine.UF_NORMAL_ACCOUNT
            | AdEngine.UF_ACCOUNTDISABLE
            | AdEngine.UF_PASSWD_NOTREQD
            | AdEngine.UF_DONT_EXPIRE_PASSWD,
        "Built-in account for guest access to the computer/domain");
    account(
        "CN=krbtgt," + users,
        "krbtgt",
        502,
        AdEngine.UF_NORMAL_ACCOUNT | AdEngine.UF_ACCOUNTDISABLE,
        "Key Distribution Center Service Account");
    String dc = "CN=" + current.domainControllerName() + ",OU=Domain Controllers," + domain;
    Entry dcEntry =
        account(
            dc,
            current.domainControllerName() + "$",
            1000,
            AdEngine.UF_SERVER_TRUST_ACCOUNT | AdEngine.UF_TRUSTED_FOR_DELEGATION,
            null);
    dcEntry.setAttribute("objectClass", "computer");
    dcEntry.addAttribute("dNSHostName", dcDnsName());
    dcEntry.addAttribute(
        "servicePrincipalName",
        "ldap/" + dcDnsName(),
        "ldap/" + dcDnsName() + "/" + current.dnsName(),
        "HOST/" + dcDnsName());

    group(
        users,
        "Domain Admins",
        512,
        GLOBAL_SECURITY,
        "Designated administrators of the domain",
        admin);
    group(users, "Domain Users", 513, GLOBAL_SECURITY, "All domain users");
    group(users, "Domain Guests", 514, GLOBAL_SECURITY, "All domain guests");
    group(
        users,
        "Domain Computers",
        515,
        GLOBAL_SECURITY,
        "All workstations and servers joined to the domain");
    group(
        users, "Domain Controllers", 516, GLOBAL_SECURITY, "All domain controllers in the domain");
    group(
        users,
        "Cert Publishers",
        517,
        DOMAIN_LOCAL_SECURITY,
        "Members of this group are permitted to publish certificates to the directory");
    // the forest-wide groups live in the forest root domain only
    String rootUsers = "CN=Users," + engine.rootDomain().dn();
    String enterpriseAdmins = "CN=Enterprise Admins," + rootUsers;
    String schemaAdmins = "CN=Schema Admins," + rootUsers;
    if (current.isForestRoot()) {
      group(
          users,
          "Schema Admins",
          518,
          UNIVERSAL_SECURITY,
          "Designated administrators of the schema",
          admin);
      group(
          users,
          "Enterprise Admins",
          519,
          UNIVERSAL_SECURITY,
          "Designated administrators of the enterprise",
          admin);
    }
    group(
        users,
        "Group Policy Creator Owners",
        520,
        GLOBAL_SECURITY,
        "Members in this group can modify group policy for the domain",
        admin);
    group(
        users,
        "Read-only Domain Controllers",
        521,
        GLOBAL_SECURITY,
        "Members of this group are Read-Only Domain Controllers in the domain");
    group(
        users,
        "Cloneable Domain Controllers",
        522,
        GLOBAL_SECURITY,
        "Members of this group that are domain controllers may be cloned.");
    group(
        users,
        "Protected Users",
        525,
        GLOBAL_SECURITY,
        "Members of this group are afforded additional protections against authentication security threats.");
    group(
        users,
        "Key Admins",
        526,
        GLOBAL_SECURITY,
        "Members of this group can perform administrative actions on key objects within the domain.");
    if (current.isForestRoot()) {
      group(
          users,
          "Enterprise Key Admins",
          527,
          UNIVERSAL_SECURITY,
          "Members of this group can perform administrative actions on key objects within the"
              + " forest.");
      group(
          users,
          "Enterprise Read-only Domain Controllers",
          498,
          UNIVERSAL_SECURITY,
          "Members of this group are Read-Only Domain Controllers in the enterprise");
    }
    group(
        users,
        "RAS and IAS Servers",
        553,
        DOMAIN_LOCAL_SECURITY,
        "Servers in this group can access remote access properties of users");
    group(
        users,
        "Allowed RODC Password Replication Group",
        571,
        DOMAIN_LOCAL_SECURITY,
        "Members in this group can have their passwords replicated to all read-only domain controllers in the domain");
    group(
        users,
        "Denied RODC Password Replication Group",
        572,
        DOMAIN_LOCAL_SECURITY,
        "Members in this group cannot have their passwords replicated to any read-only domain controllers in the domain",
        "CN=krbtgt," + users,
        "CN=Domain Admins," + users,
        enterpriseAdmins,
        schemaAdmins);
    members.get("CN=Domain Controllers," + users).add(dc);

    String b = "CN=Builtin," + domain;
    String fsp = "CN=%s,CN=ForeignSecurityPrincipals," + domain;
    builtinGroup(b, "Administrators", 544, admin, "CN=Domain Admins," + users, enterpriseAdmins);
    builtinGroup(
        b,
        "Users",
        545,
        "CN=Domain Users," + users,
        String.format(fsp, "S-1-5-4"),
        String.format(fsp, "S-1-5-11"));
    builtinGroup(b, "Guests", 546, "CN=Guest," + users, "CN=Domain Guests," + users);
    builtinGroup(b, "Account Operators", 548);
    builtinGroup(b, "Server Operators", 549);
    builtinGroup(b, "Print Operators", 550);
    builtinGroup(b, "Backup Operators", 551);
    builtinGroup(b, "Replicator", 552);
    builtinGroup(b, "Pre-Windows 2000 Compatible Access", 554, String.format(fsp, "S-1-5-11"));
    builtinGroup(b, "Remote Desktop Users", 555);
    builtinGroup(b, "Network Configuration Operators", 556);
    builtinGroup(b, "Incoming Forest Trust Builders", 557);
    builtinGroup(b, "Windows Authorization Access Group", 560, String.format(fsp, "S-1-5-9"));
    builtinGroup(b, "Terminal Server License Servers", 561);
  }

  /** The crossRef of a domain in CN=Partitions, named after its NetBIOS name as AD names it. */
  private String crossRef(AdDomain d) {
    return "CN=" + d.netbiosName() + ",CN=Partitions," + configDn;
  }

  private static String wko(String guidHex, String dn) {
    return "B:32:" + guidHex + ":" + dn;
  }

  private Entry container(String dn, String description) {
    Entry e = add(dn, "container", "isCriticalSystemObject", "TRUE");
    if (description != null) {
      e.addAttribute("description", description);
    }
    return e;
  }

  /**
   * Marks a well-known container of the domain as AD creates it: systemFlags FLAG_DISALLOW_DELETE |
   * FLAG_DOMAIN_DISALLOW_RENAME | FLAG_DOMAIN_DISALLOW_MOVE (0x8C000000, as Samba 4.17 shows on
   * CN=Users, measured).
   */
  private static Entry kept(Entry e) {
    e.addAttribute("systemFlags", "-1946157056");
    return e;
  }

  private Entry account(String dn, String sam, int rid, int uac, String description) {
    Entry e =
        add(
            dn,
            "user",
            "sAMAccountName",
            sam,
            "userAccountControl",
            Integer.toString(uac),
            "isCriticalSystemObject",
            "TRUE");
    e.addAttribute("objectSid", Sid.parse(sid + "-" + rid).toBytes());
    if (description != null) {
      e.addAttribute("description", description);
    }
    return e;
  }

  private void group(
      String parent, String name, int rid, String groupType, String description, String... member) {
    Entry e =
        add(
            "CN=" + name + "," + parent,
            "group",
            "sAMAccountName",
            name,
            "groupType",
            groupType,
            "description",
            description,
            "isCriticalSystemObject",
            "TRUE");
    e.addAttribute("objectSid", Sid.parse(sid + "-" + rid).toBytes());
    members.put(e.getDN(), new ArrayList<>(List.of(member)));
  }

  private void builtinGroup(String parent, String name, int rid, String... member) {
    Entry e =
        add(
            "CN=" + name + "," + parent,
            "group",
            "sAMAccountName",
            name,
            "groupType",
            BUILTIN_LOCAL,
            "isCriticalSystemObject",
            "TRUE");
    e.addAttribute("objectSid", Sid.parse("S-1-5-32-" + rid).toBytes());
    members.put(e.getDN(), new ArrayList<>(List.of(member)));
  }

  private void configurationPartition() {
    int level = config.schemaVersion().functionalLevel();
    add(configDn, "configuration", "instanceType", "13");
    add(
        "CN=Partitions," + configDn,
        "crossRefContainer",
        "msDS-Behavior-Version",
        Integer.toString(level),
        "fSMORoleOwner",
        ntdsSettings());
    for (AdDomain d : engine.domains()) {
      // FLAG_CR_NTDS_NC | FLAG_CR_NTDS_DOMAIN; a child points at its parent's crossRef
      Entry x =
          add(
              crossRef(d),
              "crossRef",
              "nCName",
              d.dn().toString(),
              "dnsRoot",
              d.dnsName(),
              "nETBIOSName",
              d.netbiosName(),
              "systemFlags",
              "3");
      d.parent().ifPresent(p -> x.addAttribute("trustParent", crossRef(p)));
    }
    add(
        "CN=Enterprise Configuration,CN=Partitions," + configDn,
        "crossRef",
        "nCName",
        configDn,
        "dnsRoot",
        config.dnsName(),
        "systemFlags",
        "1");
    add(
        "CN=Enterprise Schema,CN=Partitions," + configDn,
        "crossRef",
        "nCName",
        schemaDn,
        "dnsRoot",
        config.dnsName(),
        "systemFlags",
        "1");
    String sites = "CN=Sites," + configDn;
    add(sites, "sitesContainer");
    add("CN=Default-First-Site-Name," + sites, "site");
    add("CN=Servers,CN=Default-First-Site-Name," + sites, "serversContainer");
    for (AdDomain d : engine.domains()) {
      select(d);
      add(
          "CN=" + d.domainControllerName() + ",CN=Servers,CN=Default-First-Site-Name," + sites,
          "server",
          "dNSHostName",
          dcDnsName(),
          "serverReference",
          "CN=" + d.domainControllerName() + ",OU=Domain Controllers," + domain);
      add(
          ntdsSettings(),
          "nTDSDSA",
          "options",
          "1",
          "msDS-Behavior-Version",
          Integer.toString(level));
    }
    select(engine.rootDomain());
    String services = "CN=Services," + configDn;
    add(services, "container");
    add("CN=Windows NT," + services, "container");
    add(
        "CN=Directory Service,CN=Windows NT," + services,
        "nTDSService",
        "tombstoneLifetime",
        "180");
    String rights = "CN=Extended-Rights," + configDn;
    add(rights, "container");
    for (AdSchemaCatalog.RightDef r : engine.catalog().rights()) {
      Entry e =
          add(
              "CN=" + r.name() + "," + rights,
              "controlAccessRight",
              "displayName",
              r.displayName(),
              "rightsGuid",
              r.rightsGuid().toString(),
              "validAccesses",
              Integer.toString(r.validAccesses()));
      for (var applies : r.appliesTo()) {
        e.addAttribute("appliesTo", applies.toString());
      }
    }
  }

  private void schemaPartition() throws LDAPException {
    add(
        schemaDn,
        "dMD",
        "instanceType",
        "13",
        "objectVersion",
        Integer.toString(config.schemaVersion().objectVersion()),
        "fSMORoleOwner",
        ntdsSettings());
    Entry published = LdapSchemaFactory.published(engine.catalog());
    Entry aggregate = add("CN=Aggregate," + schemaDn, "subSchema");
    aggregate.addAttribute(published.getAttribute("attributeTypes"));
    aggregate.addAttribute(published.getAttribute("objectClasses"));
    for (AdSchemaCatalog.AttributeDef a : engine.catalog().attributes()) {
      Entry e =
          add(
              "CN=" + a.cn() + "," + schemaDn,
              "attributeSchema",
              "lDAPDisplayName",
              a.name(),
              "attributeID",
              a.oid(),
              "attributeSyntax",
              a.syntax(),
              "oMSyntax",
              Integer.toString(a.omSyntax()),
              "isSingleValued",
              a.singleValued() ? "TRUE" : "FALSE",
              "searchFlags",
              Integer.toString(a.searchFlags()),
              "systemOnly",
              a.systemOnly() ? "TRUE" : "FALSE",
              "objectCategory",
              "CN=Attribute-Schema," + schemaDn);
      e.addAttribute("schemaIDGUID", GuidBytes.toBytes(a.schemaIdGuid()));
      a.attributeSecurityGuid()
          .ifPresent(g -> e.addAttribute("attributeSecurityGUID", GuidBytes.toBytes(g)));
      a.linkId().ifPresent(l -> e.addAttribute("linkID", Integer.toString(l)));
    }
    for (AdSchemaCatalog.ClassDef c : engine.catalog().classes()) {
      Entry e =
          add(
              "CN=" + c.cn() + "," + schemaDn,
              "classSchema",
              "lDAPDisplayName",
              c.name(),
              "governsID",
              c.oid(),
              "objectClassCategory",
              Integer.toString(c.category()),
              "subClassOf",
              c.superior(),
              "defaultObjectCategory",
              "CN=" + c.defaultObjectCategory() + "," + schemaDn,
              "objectCategory",
              "CN=Class-Schema," + schemaDn);
      e.addAttribute("schemaIDGUID", GuidBytes.toBytes(c.schemaIdGuid()));
      if (!c.rdnAttribute().isEmpty()) {
        e.addAttribute("rDNAttID", c.rdnAttribute());
      }
      addAll(e, "systemMustContain", c.must());
      addAll(e, "systemMayContain", c.may());
      addAll(e, "systemPossSuperiors", c.possSuperiors());
      addAll(e, "systemAuxiliaryClass", c.auxiliary());
      c.defaultSecurityDescriptor()
          .ifPresent(sd -> e.addAttribute("defaultSecurityDescriptor", sd));
    }
  }

  private static void addAll(Entry e, String attr, List<String> values) {
    if (!values.isEmpty()) {
      e.addAttribute(attr, values);
    }
  }

  private List<Entry> finish() throws LDAPException {
    List<Entry> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      List<String> m = members.get(e.getDN());
      if (m != null && !m.isEmpty()) {
        e.addAttribute("member", m);
        // memberOf, the back link of member (MS-ADTS 3.1.1.2.2.3), is in the engine's link table
        List<DN> linked = new ArrayList<>();
        for (String member : m) {
          linked.add(new DN(member));
        }
        engine.memberOf().link(e.getParsedDN(), List.of(), linked);
      }
      out.add(engine.prepareAdd(e, AdEngine.Session.SYSTEM));
    }
    return out;
  }
}
