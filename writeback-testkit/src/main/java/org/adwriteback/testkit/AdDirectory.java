package org.adwriteback.testkit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.WhoAmIExtendedOperationHandler;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.controls.ManageDsaITRequestControl;
import com.unboundid.ldap.sdk.schema.Schema;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A running in-memory Active Directory-like forest: UnboundID's {@link InMemoryDirectoryServer}
 * with an AD schema, the objects of a new forest root domain, an AD-style rootDSE and AD's
 * behaviour on add, modify and bind (see the README for what is and is not emulated). It listens on
 * LDAP (with StartTLS) and LDAPS on the loopback interface; code under test uses it through its
 * normal LDAP client.
 *
 * <pre>{@code
 * try (AdDirectory ad = AdDirectory.start(AdConfiguration.forest("contoso.test"))) {
 *   String ou = ad.addOu("Sync");
 *   String user = ad.addUser(ou, "alice", "Passw0rd!".toCharArray());
 *   try (LDAPConnection c = ad.connectionAs("CONTOSO\\alice", "Passw0rd!".toCharArray())) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe. Close it to stop the listeners.
 */
public final class AdDirectory implements AutoCloseable {

  private static final String LDAP = "LDAP";
  private static final String LDAPS = "LDAPS";

  private final AdConfiguration config;
  private final AdEngine engine;
  private final InMemoryDirectoryServer server;
  private final TlsMaterial tls;
  private final char[] adminPassword;
  private final String adminDn;
  private final AdSnapshot initial;

  /** The snapshot last taken or restored: what {@link ChangeJournal} counts writes from. */
  private AdSnapshot baseline;

  /** Whether the last restore put back only the objects written since its snapshot. */
  private volatile boolean partial;

  private AdDirectory(
      AdConfiguration config,
      AdEngine engine,
      InMemoryDirectoryServer server,
      TlsMaterial tls,
      char[] adminPassword)
      throws LDAPException {
    this.config = config;
    this.engine = engine;
    this.server = server;
    this.tls = tls;
    this.adminPassword = adminPassword;
    this.adminDn = "CN=Administrator,CN=Users," + config.domainDn();
    this.initial = snapshot();
  }

  /**
   * Builds the forest described by {@code config} and starts listening.
   *
   * @param config the configuration
   * @return the running directory
   * @throws LDAPException if the server cannot be built or a listener cannot bind its port
   */
  public static AdDirectory start(AdConfiguration config) throws LDAPException {
    Objects.requireNonNull(config, "config");
    String domainSid = config.domainSid().orElseGet(Sids::randomDomainSid);
    char[] adminPassword = config.adminPassword().orElseGet(PasswordPolicy::generate);
    SchemaPair schemas =
        SCHEMAS.computeIfAbsent(
            List.of(config.schemaVersion(), config.exchangeSchema()),
            k -> SchemaPair.load(config.schemaVersion(), config.exchangeSchema()));
    AdSchemaCatalog catalog = schemas.catalog();
    AdEngine engine = new AdEngine(config, catalog, domainSid);
    String dcHost = config.domainControllerName().toLowerCase(Locale.ROOT) + "." + config.dnsName();
    TlsMaterial tls = TlsMaterial.forHosts(certificateNames(dcHost, config.dnsName()));

    InMemoryDirectoryServerConfig cfg =
        new InMemoryDirectoryServerConfig(engine.domainDn(), engine.configDn(), engine.schemaDn());
    InetAddress loopback = InetAddress.getLoopbackAddress();
    SSLContext serverTls = tls.serverContext();
    cfg.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig(
            LDAP,
            loopback,
            config.ldapPort(),
            new StartTlsSocketFactory(serverTls.getSocketFactory())),
        InMemoryListenerConfig.createLDAPSConfig(
            LDAPS,
            loopback,
            config.ldapsPort(),
            serverTls.getServerSocketFactory(),
            tls.clientContext().getSocketFactory()));
    cfg.setSchema(schemas.ldap());
    cfg.setEnforceSingleStructuralObjectClass(false);
    // value syntax is checked by the engine on what clients write (UpdateConstraints.checkValues),
    // outside the server's write lock: the server's own check normalized every value of the whole
    // entry on every write under that lock
    cfg.setEnforceAttributeSyntaxCompliance(false);
    cfg.setGenerateOperationalAttributes(false);
    passwordStorage(cfg);
    cfg.getExtendedOperationHandlers().clear();
    cfg.addExtendedOperationHandler(new WhoAmIExtendedOperationHandler());
    // links (member, manager, managedBy, and memberOf in MemberOfTable) follow deletes and renames
    // through LinkIntegrity: UnboundID's referential integrity walks the whole directory for each
    cfg.setMaxChangeLogEntries(0);
    cfg.setEqualityIndexAttributes(indexedAttributes(catalog));
    cfg.setVendorName(null);
    cfg.setVendorVersion(null);
    AdInterceptor interceptor = new AdInterceptor(engine);
    cfg.addInMemoryOperationInterceptor(interceptor);
    cfg.setRootDSEEntry(RootDse.build(engine, dcHost));

    InMemoryDirectoryServer server = new InMemoryDirectoryServer(cfg);
    EntryMapOrder.useFastNaturalOrder(server, cfg.getSchema());
    // The initial forest is generated here and valid for the schema (AdDirectoryTest checks it
    // with UnboundID's EntryValidator). Loading it through a schema-less server and restoring
    // that snapshot skips the per-entry schema validation that made up most of the start time.
    // The loader is told that every entry is a base DN: it then takes each add without looking its
    // parent up (the content is generated parents first), one DN lookup less per entry. With
    // ManageDsaIT it skips the walk up the tree looking for a referral object (two DN lookups per
    // entry): the generated forest holds none.
    List<Entry> content = ForestContent.build(engine, adminPassword);
    DN[] every = new DN[content.size()];
    for (int i = 0; i < every.length; i++) {
      every[i] = content.get(i).getParsedDN();
    }
    InMemoryDirectoryServerConfig loaderCfg = new InMemoryDirectoryServerConfig(every);
    loaderCfg.setSchema(null);
    loaderCfg.setGenerateOperationalAttributes(false);
    loaderCfg.setMaxChangeLogEntries(0);
    passwordStorage(loaderCfg);
    InMemoryDirectoryServer loader = new InMemoryDirectoryServer(loaderCfg);
    Control manageDsaIt = new ManageDsaITRequestControl();
    for (Entry e : content) {
      AddRequest add = new AddRequest(e);
      add.addControl(manageDsaIt);
      loader.add(add);
    }
    server.restoreSnapshot(loader.createSnapshot());
    engine.attach(server);
    server.startListening();
    interceptor.attach(server, server.getListenPort(LDAPS));
    return new AdDirectory(config, engine, server, tls, adminPassword);
  }

  /**
   * The DNS names the server certificate carries: the DC, the domain, {@code localhost} and this
   * machine's own name, which OpenLDAP's tools check instead of {@code localhost} for an {@code
   * ldaps://localhost} URL ("hostname (vm) does not match common name", seen with ldapwhoami).
   */
  private static List<String> certificateNames(String dcHost, String domain) {
    Set<String> names = new LinkedHashSet<>();
    names.add(dcHost);
    names.add(domain);
    names.add("localhost");
    try {
      InetAddress self = InetAddress.getLocalHost();
      names.add(self.getHostName().toLowerCase(Locale.ROOT));
      names.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
    } catch (UnknownHostException e) {
      // a machine without a resolvable name: localhost and 127.0.0.1 still match
    }
    names.removeIf(n -> n.isEmpty() || n.contains(":") || n.matches("[0-9.]+")); // IP literals
    return List.copyOf(names);
  }

  /**
   * Attributes UnboundID keeps an equality index for: what the testkit (uniqueness checks, binds by
   * name) and the provisioning and preparation code search by. Without an index every such search
   * walks the whole tree, which made each add O(n). {@code objectClass} is deliberately absent: its
   * index holds a sorted set of every entry's DN per class, which made up a quarter of the forest
   * start, and it does not narrow the searches that use it (a user OU holds mostly users), where
   * the index lookup per candidate is slower than the scan. Attributes the schema version lacks are
   * left out.
   */
  private static List<String> indexedAttributes(AdSchemaCatalog catalog) {
    return INDEXED.stream().filter(a -> catalog.attribute(a).isPresent()).toList();
  }

  /**
   * Returns the attributes the testkit keeps equality indexes for (what provisioning code searches
   * by: account names, SIDs, GUIDs and writeback anchors); an equality filter on any other
   * attribute scans every entry, as in UnboundID's in-memory server.
   *
   * @return the lDAPDisplayNames, those the configured schema level lacks included
   */
  public static List<String> equalityIndexedAttributes() {
    return INDEXED;
  }

  private static final List<String> INDEXED =
      List.of(
          "sAMAccountName",
          "userPrincipalName",
          "objectSid",
          "objectGUID",
          "mS-DS-ConsistencyGuid",
          "msDS-CloudAnchor",
          "msDS-ExternalDirectoryObjectId",
          "adminDescription",
          "msDS-DeviceID",
          "manager",
          "managedBy");

  /** The schema catalog and the LDAP schema made from it, immutable, built once per JVM. */
  private record SchemaPair(AdSchemaCatalog catalog, Schema ldap) {
    static SchemaPair load(AdSchemaVersion version, boolean exchange) {
      AdSchemaCatalog catalog = AdSchemaCatalog.load(version, exchange);
      try {
        return new SchemaPair(catalog, LdapSchemaFactory.build(catalog));
      } catch (LDAPException e) {
        throw new IllegalStateException("the testkit's LDAP schema does not parse", e);
      }
    }
  }

  private static final Map<List<Object>, SchemaPair> SCHEMAS = new ConcurrentHashMap<>();

  /** unicodePwd is the password attribute, stored as salted SHA-256. */
  private static void passwordStorage(InMemoryDirectoryServerConfig cfg) throws LDAPException {
    cfg.setPasswordAttributes("unicodePwd");
    cfg.setPasswordEncoders(new SaltedSha256PasswordEncoder());
  }

  /**
   * Returns the configuration the directory was started with.
   *
   * @return the configuration
   */
  public AdConfiguration configuration() {
    return config;
  }

  /**
   * Returns the domain naming context, e.g. {@code DC=contoso,DC=test}.
   *
   * @return the DN
   */
  public String domainDn() {
    return engine.domainDn().toString();
  }

  /**
   * Returns the configuration naming context, {@code CN=Configuration,<domain>}.
   *
   * @return the DN
   */
  public String configurationDn() {
    return engine.configDn().toString();
  }

  /**
   * Returns the schema naming context, {@code CN=Schema,CN=Configuration,<domain>}.
   *
   * @return the DN
   */
  public String schemaDn() {
    return engine.schemaDn().toString();
  }

  /**
   * Returns the domain SID, {@code S-1-5-21-a-b-c}.
   *
   * @return the SID
   */
  public String domainSid() {
    return engine.domainSid();
  }

  /**
   * One domain of the running forest.
   *
   * @param dn the domain naming context, e.g. {@code DC=emea,DC=contoso,DC=test}
   * @param dnsName the DNS name, e.g. {@code emea.contoso.test}
   * @param netbiosName the NetBIOS name, e.g. {@code EMEA}
   * @param sid the domain SID, {@code S-1-5-21-a-b-c}
   * @param forestRoot whether this is the forest root domain
   */
  public record Domain(
      String dn, String dnsName, String netbiosName, String sid, boolean forestRoot) {

    /**
     * Returns the DN of this domain's built-in Administrator (RID 500). Every domain's
     * Administrator has the password of {@link AdDirectory#adminPassword()}.
     *
     * @return e.g. {@code CN=Administrator,CN=Users,DC=emea,DC=contoso,DC=test}
     */
    public String adminDn() {
      return "CN=Administrator,CN=Users," + dn;
    }
  }

  /**
   * Returns the domains of the forest, the forest root domain first, then the child domains in the
   * order of {@link AdConfiguration#childDomains()}.
   *
   * @return an unmodifiable list
   */
  public List<Domain> domains() {
    return engine.domains().stream().map(AdDirectory::domain).toList();
  }

  /**
   * Finds a domain by NetBIOS name, DNS name or naming context (case-insensitive).
   *
   * @param name {@code EMEA}, {@code emea.contoso.test} or {@code DC=emea,DC=contoso,DC=test}
   * @return the domain
   * @throws IllegalArgumentException if the forest has no such domain
   */
  public Domain domain(String name) {
    Objects.requireNonNull(name, "name");
    for (AdDomain d : engine.domains()) {
      if (d.isNamed(name) || (DN.isValidDN(name) && sameDn(d.dn(), name))) {
        return domain(d);
      }
    }
    throw new IllegalArgumentException(
        "the forest has no domain named '"
            + name
            + "'; its domains are "
            + domains().stream().map(Domain::dnsName).toList());
  }

  private static boolean sameDn(DN dn, String name) {
    try {
      return dn.equals(new DN(name));
    } catch (LDAPException e) {
      return false;
    }
  }

  private static Domain domain(AdDomain d) {
    return new Domain(d.dn().toString(), d.dnsName(), d.netbiosName(), d.sid(), d.isForestRoot());
  }

  /**
   * Returns the DN of the built-in Administrator (RID 500) of the forest root domain, a member of
   * Domain Admins, Enterprise Admins and Schema Admins.
   *
   * @return the DN
   */
  public String adminDn() {
    return adminDn;
  }

  /**
   * Returns a copy of the Administrator's password (the configured one, or the one generated at
   * start). The caller may clear it.
   *
   * @return the password
   */
  public char[] adminPassword() {
    return adminPassword.clone();
  }

  /**
   * Returns the plain LDAP port on the loopback interface (StartTLS is offered there).
   *
   * @return the port
   */
  public int ldapPort() {
    return server.getListenPort(LDAP);
  }

  /**
   * Returns the LDAPS port on the loopback interface.
   *
   * @return the port
   */
  public int ldapsPort() {
    return server.getListenPort(LDAPS);
  }

  /**
   * Returns an {@code ldap://} URL for clients such as JNDI.
   *
   * @return e.g. {@code ldap://127.0.0.1:38211}
   */
  public String ldapUrl() {
    return "ldap://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + ldapPort();
  }

  /**
   * Returns an {@code ldaps://} URL for clients such as JNDI; trust {@link #trustStore()}.
   *
   * @return e.g. {@code ldaps://127.0.0.1:38212}
   */
  public String ldapsUrl() {
    return "ldaps://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + ldapsPort();
  }

  /**
   * Returns a TLS context that trusts the directory's self-signed certificate (and nothing else),
   * for LDAPS and StartTLS clients. The certificate names the DC's host name, the domain, {@code
   * localhost}, {@code 127.0.0.1} and {@code ::1}.
   *
   * @return a new context
   */
  public SSLContext clientSslContext() {
    return tls.clientContext();
  }

  /**
   * Returns a PKCS#12 trust store (empty password) holding the directory's certificate.
   *
   * @return a new key store
   */
  public KeyStore trustStore() {
    return tls.trustStore();
  }

  /**
   * Opens an LDAPS connection bound as the Administrator.
   *
   * @return a connection the caller closes
   * @throws LDAPException if the connection or bind fails
   */
  public LDAPConnection connection() throws LDAPException {
    return connectionAs(adminDn, adminPassword);
  }

  /**
   * Opens an LDAPS connection bound as an account, named by DN, by user principal name ({@code
   * alice@contoso.test}) or as {@code DOMAIN\sam}, as AD accepts for a simple bind.
   *
   * @param name the account name
   * @param password the password; not retained
   * @return a connection the caller closes
   * @throws LDAPException with result code 49 and AD's {@code data} sub-error if the bind fails
   */
  public LDAPConnection connectionAs(String name, char[] password) throws LDAPException {
    LDAPConnection c = unboundConnection(true);
    try {
      c.bind(new SimpleBindRequest(name, new String(password).getBytes(StandardCharsets.UTF_8)));
      return c;
    } catch (LDAPException e) {
      c.close();
      throw e;
    }
  }

  /**
   * Opens an unauthenticated connection, over LDAPS or over plain LDAP.
   *
   * @param encrypted true for LDAPS, false for plain LDAP (where StartTLS may follow)
   * @return a connection the caller closes
   * @throws LDAPException if the connection fails
   */
  public LDAPConnection unboundConnection(boolean encrypted) throws LDAPException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    if (encrypted) {
      return new LDAPConnection(
          clientSslContext().getSocketFactory(),
          options,
          InetAddress.getLoopbackAddress().getHostAddress(),
          ldapsPort());
    }
    return new LDAPConnection(
        options, InetAddress.getLoopbackAddress().getHostAddress(), ldapPort());
  }

  /**
   * Saves the directory's state.
   *
   * @return the snapshot
   */
  public AdSnapshot snapshot() {
    synchronized (server) {
      AdSnapshot s =
          new AdSnapshot(
              this, server.createSnapshot(), engine.counters(), engine.memberOf().copy());
      baseline = s;
      engine.journal().clear();
      return s;
    }
  }

  /**
   * Restores a snapshot taken from this directory. Open connections stay open.
   *
   * @param snapshot the snapshot
   * @throws IllegalArgumentException if the snapshot comes from another directory
   */
  public void restore(AdSnapshot snapshot) {
    if (snapshot.owner() != this) {
      throw new IllegalArgumentException(
          "the snapshot was taken from another AdDirectory; restore it into the one that made it");
    }
    synchronized (server) {
      Optional<Set<DN>> written =
          snapshot == baseline ? engine.journal().written() : Optional.empty();
      partial = written.isPresent() && putBack(snapshot, written.get());
      if (!partial) {
        server.restoreSnapshot(snapshot.entries());
      }
      baseline = snapshot;
      engine.journal().clear();
      engine.restoreCounters(snapshot.counters());
      engine.memberOf().restore(snapshot.memberOf());
      engine.entriesRemoved();
      engine.membershipChanged();
      engine.descriptorsChanged();
      engine.accountNamesChanged();
    }
  }

  /**
   * Puts back the objects written since {@code snapshot} (the last snapshot taken or restored): a
   * modified object gets the snapshot's attributes back, an added one is deleted (deepest first), a
   * deleted or moved one is added again from the snapshot (parents first). The other objects are
   * the snapshot's already, and links between the two kinds only exist in objects that were
   * written, so these writes go straight to the server, without the testkit's own handling. False
   * if the server refused one of them: the full restore that follows puts everything right.
   */
  private boolean putBack(AdSnapshot snapshot, Set<DN> written) {
    Map<DN, ReadOnlyEntry> before = snapshot.entries().getEntryMap();
    Map<DN, List<Modification>> modifies = new LinkedHashMap<>();
    List<DN> added = new ArrayList<>();
    List<ReadOnlyEntry> gone = new ArrayList<>();
    try {
      for (DN dn : written) {
        Entry now = server.getEntry(dn.toString(), "*", "+");
        ReadOnlyEntry then = before.get(dn);
        if (now != null && then != null) {
          modifies.put(dn, asBefore(now, then));
        } else if (now != null) {
          added.add(dn);
        } else if (then != null) {
          gone.add(then);
        }
      }
      added.sort((a, b) -> Integer.compare(b.getRDNs().length, a.getRDNs().length));
      for (DN dn : added) {
        server.delete(dn.toString());
      }
      gone.sort(Comparator.comparingInt(AdDirectory::depth));
      for (ReadOnlyEntry e : gone) {
        server.add(e);
      }
      for (Map.Entry<DN, List<Modification>> m : modifies.entrySet()) {
        server.modify(m.getKey().toString(), m.getValue());
      }
      return true;
    } catch (LDAPException e) {
      return false; // the full restore that follows puts everything right
    }
  }

  private static int depth(Entry e) {
    try {
      return e.getParsedDN().getRDNs().length;
    } catch (LDAPException ex) {
      return 0;
    }
  }

  /** Replaces every attribute with the snapshot's values, byte for byte, and drops new ones. */
  private static List<Modification> asBefore(Entry now, ReadOnlyEntry then) {
    List<Modification> mods = new ArrayList<>();
    Set<String> kept = new HashSet<>();
    for (Attribute a : then.getAttributes()) {
      kept.add(a.getName().toLowerCase(Locale.ROOT));
      mods.add(new Modification(ModificationType.REPLACE, a.getName(), a.getValueByteArrays()));
    }
    for (Attribute a : now.getAttributes()) {
      if (!kept.contains(a.getName().toLowerCase(Locale.ROOT))) {
        mods.add(new Modification(ModificationType.REPLACE, a.getName()));
      }
    }
    return mods;
  }

  /** For tests: whether the last restore put back only the objects written since its snapshot. */
  boolean lastRestoreWasPartial() {
    return partial;
  }

  /** Restores the state right after start. */
  public void reset() {
    restore(initial);
  }

  /**
   * Adds an organizational unit under the domain root.
   *
   * @param name the OU's name
   * @return the new OU's DN
   * @throws LDAPException if the add fails
   */
  public String addOu(String name) throws LDAPException {
    return addOu(domainDn(), name);
  }

  /**
   * Adds an organizational unit.
   *
   * @param parentDn where to add it
   * @param name the OU's name
   * @return the new OU's DN
   * @throws LDAPException if the add fails
   */
  public String addOu(String parentDn, String name) throws LDAPException {
    Entry e = new Entry(child("OU", name, parentDn));
    e.addAttribute("objectClass", "organizationalUnit");
    return add(e);
  }

  /**
   * Adds an enabled user with a password ({@code userAccountControl} 512), with sAMAccountName
   * {@code sam}, userPrincipalName {@code sam@<dns name of the parent's domain>} and the common
   * name {@code sam}. Works in every domain of the forest: the parent DN decides the domain (its
   * SID, RID pool and sAMAccountName namespace).
   *
   * @param parentDn where to add it
   * @param sam the sAMAccountName
   * @param password the password; must meet the policy if {@link AdFeature#PASSWORD_POLICY} is on
   * @return the new user's DN
   * @throws LDAPException if the add fails (e.g. constraint violation 0000052D for the password)
   */
  public String addUser(String parentDn, String sam, char[] password) throws LDAPException {
    Entry e = user(parentDn, sam);
    e.addAttribute("unicodePwd", AdEngine.encodeUnicodePwd(password));
    e.addAttribute("userAccountControl", Integer.toString(AdEngine.UF_NORMAL_ACCOUNT));
    return add(e);
  }

  /**
   * Adds a user without a password, disabled as AD creates one ({@code userAccountControl} 546).
   *
   * @param parentDn where to add it
   * @param sam the sAMAccountName
   * @return the new user's DN
   * @throws LDAPException if the add fails
   */
  public String addUser(String parentDn, String sam) throws LDAPException {
    return add(user(parentDn, sam));
  }

  private Entry user(String parentDn, String sam) throws LDAPException {
    Entry e = new Entry(child("CN", sam, parentDn));
    e.addAttribute("objectClass", "user");
    e.addAttribute("sAMAccountName", sam);
    e.addAttribute("userPrincipalName", sam + "@" + dnsNameOf(parentDn));
    return e;
  }

  /**
   * Adds a global security group with members.
   *
   * @param parentDn where to add it
   * @param name the common name and sAMAccountName
   * @param memberDns the members' DNs
   * @return the new group's DN
   * @throws LDAPException if the add fails
   */
  public String addGroup(String parentDn, String name, String... memberDns) throws LDAPException {
    Entry e = new Entry(child("CN", name, parentDn));
    e.addAttribute("objectClass", "group");
    e.addAttribute("sAMAccountName", name);
    if (memberDns.length > 0) {
      e.addAttribute("member", memberDns);
    }
    return add(e);
  }

  /**
   * Adds a workstation account ({@code userAccountControl} 4096, sAMAccountName {@code NAME$}).
   *
   * @param parentDn where to add it
   * @param name the computer name
   * @return the new computer's DN
   * @throws LDAPException if the add fails
   */
  public String addComputer(String parentDn, String name) throws LDAPException {
    Entry e = new Entry(child("CN", name, parentDn));
    e.addAttribute("objectClass", "computer");
    e.addAttribute("sAMAccountName", name.toUpperCase(Locale.ROOT) + "$");
    e.addAttribute("userAccountControl", Integer.toString(AdEngine.UF_WORKSTATION_TRUST_ACCOUNT));
    e.addAttribute("dNSHostName", name.toLowerCase(Locale.ROOT) + "." + dnsNameOf(parentDn));
    return add(e);
  }

  /**
   * Adds a contact.
   *
   * @param parentDn where to add it
   * @param name the common name
   * @param mail the e-mail address, or null
   * @return the new contact's DN
   * @throws LDAPException if the add fails
   */
  public String addContact(String parentDn, String name, String mail) throws LDAPException {
    Entry e = new Entry(child("CN", name, parentDn));
    e.addAttribute("objectClass", "contact");
    if (mail != null) {
      e.addAttribute("mail", mail);
    }
    return add(e);
  }

  /**
   * Sets an account's password as an administrator's reset does (no policy bypass).
   *
   * @param accountDn the account
   * @param password the new password
   * @throws LDAPException if the policy refuses it
   */
  public void setPassword(String accountDn, char[] password) throws LDAPException {
    List<Modification> mods =
        engine.prepareModify(
            new DN(accountDn),
            List.of(
                new Modification(
                    ModificationType.REPLACE, "unicodePwd", AdEngine.encodeUnicodePwd(password))),
            AdEngine.Session.SYSTEM);
    server.modify(accountDn, mods);
    engine.journal().written(new DN(accountDn));
  }

  private String add(Entry e) throws LDAPException {
    Entry prepared = engine.prepareAdd(e, AdEngine.Session.SYSTEM);
    try {
      server.add(new AddRequest(prepared));
    } catch (LDAPException failed) {
      engine.addFinished(prepared, false);
      throw failed;
    }
    engine.addFinished(prepared, true);
    return prepared.getDN();
  }

  /** The DNS name of the domain holding {@code dn}. */
  private String dnsNameOf(String dn) throws LDAPException {
    return engine.domainFor(new DN(dn)).dnsName();
  }

  private static String child(String attr, String value, String parentDn) throws LDAPException {
    return new DN(new RDN(attr, value), new DN(parentDn)).toString();
  }

  /** The in-memory server, for the testkit's own classes and tests. */
  InMemoryDirectoryServer server() {
    return server;
  }

  /** The engine, for the testkit's own classes. */
  AdEngine engine() {
    return engine;
  }

  /**
   * Closes every client connection at once, as a domain controller that drops its sessions does;
   * the listeners stay up and new connections are accepted at once. For fault-injection tests.
   */
  public void dropConnections() {
    server.closeAllConnections(true);
  }

  /**
   * Restarts the listeners: closes every client connection, refuses connections for {@code
   * downtime}, then listens again on the same ports, as a restarted domain controller does. The
   * directory's content is kept. Needs fixed ports ({@link AdConfiguration.Builder#ldapPort} and
   * {@link AdConfiguration.Builder#ldapsPort}), since ephemeral ones would change.
   *
   * @param downtime how long no connection is accepted
   * @throws IllegalStateException if the directory listens on ephemeral ports
   * @throws LDAPException if a listener cannot bind its port again
   * @throws InterruptedException if interrupted while down (the listeners are restarted anyway)
   */
  public void restart(java.time.Duration downtime) throws LDAPException, InterruptedException {
    if (config.ldapPort() == 0 || config.ldapsPort() == 0) {
      throw new IllegalStateException(
          "restart needs fixed ports: configure ldapPort and ldapsPort (got "
              + config.ldapPort()
              + " and "
              + config.ldapsPort()
              + ")");
    }
    server.shutDown(true);
    engine.forgetBindings();
    try {
      Thread.sleep(downtime.toMillis());
    } finally {
      server.startListening();
    }
  }

  /** Stops the listeners and closes all client connections. */
  @Override
  public void close() {
    server.shutDown(true);
    Arrays.fill(adminPassword, '\0');
  }
}
