package org.adwriteback.testkit;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import com.unboundid.ldap.sdk.ReadOnlyModifyDNRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ManageDsaITRequestControl;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.adwriteback.security.AccessCheck;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.ControlFlags;
import org.adwriteback.security.DefaultOwnerGroup;
import org.adwriteback.security.DescriptorInheritance;
import org.adwriteback.security.GuidBytes;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.SecurityToken;
import org.adwriteback.security.Sid;

/**
 * The AD behaviour of the testkit, shared by the LDAP interceptor and the seeding helpers so that
 * both take the same path: what the directory adds to a new object (MS-ADTS 3.1.1.5.2.1-2:
 * objectGUID, objectSid from the RID pool, whenCreated, uSNCreated, objectCategory, instanceType,
 * account defaults), the unicodePwd rules (MS-ADTS 3.1.1.3.1.5), account-name uniqueness, and the
 * name forms and account checks of a simple bind (MS-ADTS 5.1.1.1.1).
 */
final class AdEngine {

  /**
   * Who performs an operation: the connection, whether it is encrypted, the bound DN, and the SD
   * flags of the request (all four parts when it had no SD flags control).
   */
  record Session(long connectionId, boolean encrypted, Optional<DN> boundDn, int sdFlags) {
    /** The testkit itself (seeding helpers and the initial forest). */
    static final Session SYSTEM = new Session(-1, true, Optional.empty(), AdSecurity.ALL_PARTS);

    boolean isSystem() {
      return this == SYSTEM;
    }
  }

  static final int UF_ACCOUNTDISABLE = 0x2;
  static final int UF_PASSWD_NOTREQD = 0x20;
  static final int UF_NORMAL_ACCOUNT = 0x200;
  static final int UF_WORKSTATION_TRUST_ACCOUNT = 0x1000;
  static final int UF_SERVER_TRUST_ACCOUNT = 0x2000;
  static final int UF_DONT_EXPIRE_PASSWD = 0x10000;
  static final int UF_TRUSTED_FOR_DELEGATION = 0x80000;

  private static final ManageDsaITRequestControl MANAGE_DSA_IT = new ManageDsaITRequestControl();

  /** unicodePwd's internal attribute id (attributeID 1.2.840.113556.1.4.90). */
  private static final int ATT_UNICODE_PWD = 0x9005a;

  private static final int ATT_SAM_ACCOUNT_NAME = 0x900dd;
  private static final int ATT_USER_PRINCIPAL_NAME = 0x90290;
  private static final long FILETIME_EPOCH_OFFSET_SECONDS = 11644473600L;
  private static final DateTimeFormatter GENERALIZED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'.0Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Attributes only the directory writes. */
  private static final Set<String> DIRECTORY_OWNED =
      Set.of(
          "objectguid",
          "objectsid",
          "usncreated",
          "usnchanged",
          "whencreated",
          "whenchanged",
          "samaccounttype");

  private final AdConfiguration config;
  private final AdSchemaCatalog catalog;
  private final UpdateConstraints constraints;
  private final String domainSid;
  private final DN domainDn;
  private final DN configDn;
  private final DN schemaDn;
  private final PasswordPolicy policy = PasswordPolicy.DEFAULT;
  private final AtomicLong usn = new AtomicLong(4096);
  private final List<AdDomain> domains;
  private final List<DN> namingContextRoots;
  private final Map<Long, DN> boundDns = new ConcurrentHashMap<>();
  private final AdSecurity security;
  private final GenerationalCache<DN, Entry> parents = new GenerationalCache<>(1024);
  private final ChangeJournal journal = new ChangeJournal();
  private final KnownEntries known = new KnownEntries(1 << 18);
  private final MemberOfTable memberOf = new MemberOfTable();

  private final TokenCache tokens =
      new TokenCache(this::entryOrNull, this::bySid, this::buildToken);

  /** Descriptors of the entries of the initial forest, until the server holds them. */
  private final Map<DN, SecurityDescriptor> bootstrapDescriptors = new HashMap<>();

  private volatile InMemoryDirectoryServer server;

  /**
   * Whether this engine checks that each attribute written is allowed by the object's classes (true
   * once {@link ServerSchemaChecks} took that check over from the server).
   */
  private volatile boolean checksAllowedAttributes;

  private volatile AccountNames accountNames;

  AdEngine(AdConfiguration config, AdSchemaCatalog catalog, String domainSid) throws LDAPException {
    this.config = config;
    this.catalog = catalog;
    this.constraints = new UpdateConstraints(catalog);
    this.domainSid = domainSid;
    this.domainDn = new DN(config.domainDn());
    this.configDn = new DN("CN=Configuration," + config.domainDn());
    this.schemaDn = new DN("CN=Schema," + configDn);
    AdDomain root = AdDomain.root(config, domainSid);
    List<AdDomain> all = new ArrayList<>();
    all.add(root);
    for (AdConfiguration.ChildDomain c : config.childDomains()) {
      all.add(AdDomain.child(c, root, c.domainSid().orElseGet(Sids::randomDomainSid)));
    }
    this.domains = List.copyOf(all);
    List<DN> roots = new ArrayList<>();
    domains.forEach(d -> roots.add(d.dn()));
    roots.add(configDn);
    roots.add(schemaDn);
    this.namingContextRoots = List.copyOf(roots);
    this.security = new AdSecurity(this);
  }

  void attach(InMemoryDirectoryServer server) throws LDAPException {
    this.server = server;
    this.checksAllowedAttributes = ServerSchemaChecks.takeOverAllowedAttributeCheck(server);
    // the server does not check value syntax (AdDirectory turns it off): this engine does, on
    // what clients write
    constraints.useServerSchema(server.getSchema());
    this.accountNames =
        new AccountNames(server.getSchema(), this::readAccountNames, this::heldByAnother);
    bootstrapDescriptors.clear();
  }

  /** Whether this engine, not the server, checks that written attributes are allowed. */
  boolean checksAllowedAttributes() {
    return checksAllowedAttributes;
  }

  /** What was written since the last snapshot or restore. */
  ChangeJournal journal() {
    return journal;
  }

  AdSecurity security() {
    return security;
  }

  /** memberOf, derived from the groups' member values (not stored in the members' objects). */
  MemberOfTable memberOf() {
    return memberOf;
  }

  AdConfiguration config() {
    return config;
  }

  AdSchemaCatalog catalog() {
    return catalog;
  }

  String domainSid() {
    return domainSid;
  }

  DN domainDn() {
    return domainDn;
  }

  /** The domains of the forest, the forest root first. */
  List<AdDomain> domains() {
    return domains;
  }

  /** The forest root domain. */
  AdDomain rootDomain() {
    return domains.get(0);
  }

  /**
   * The domain whose naming context holds {@code dn} (the deepest one, since a child domain's NC
   * sits below the root domain's DN); empty for the configuration and schema partitions.
   */
  Optional<AdDomain> domainOf(DN dn) {
    if (dn.isDescendantOf(configDn, true)) {
      return Optional.empty();
    }
    AdDomain best = null;
    for (AdDomain d : domains) {
      if (dn.isDescendantOf(d.dn(), true)
          && (best == null || d.dn().getRDNs().length > best.dn().getRDNs().length)) {
        best = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The domain an object belongs to for SIDs and default descriptors: its own domain, or the forest
   * root domain for the configuration and schema partitions (MS-ADTS 6.1.1.1: their SD reference
   * domain is the forest root).
   */
  AdDomain domainFor(DN dn) {
    return domainOf(dn).orElse(rootDomain());
  }

  /** Finds a domain by NetBIOS or DNS name. */
  Optional<AdDomain> domainNamed(String name) {
    return domains.stream().filter(d -> d.isNamed(name)).findFirst();
  }

  DN configDn() {
    return configDn;
  }

  DN schemaDn() {
    return schemaDn;
  }

  long highestCommittedUsn() {
    return usn.get();
  }

  long[] counters() {
    long[] out = new long[1 + domains.size()];
    out[0] = usn.get();
    for (int i = 0; i < domains.size(); i++) {
      out[i + 1] = domains.get(i).peekRid();
    }
    return out;
  }

  void restoreCounters(long[] counters) {
    usn.set(counters[0]);
    for (int i = 0; i < domains.size(); i++) {
      domains.get(i).restoreRid(counters[i + 1]);
    }
  }

  /** Returns the naming context a DN belongs to (schema, configuration or one of the domains). */
  DN namingContextOf(DN dn) {
    if (dn.isDescendantOf(schemaDn, true)) {
      return schemaDn;
    }
    if (dn.isDescendantOf(configDn, true)) {
      return configDn;
    }
    return domainOf(dn).map(AdDomain::dn).orElse(domainDn);
  }

  /** The roots of the naming contexts this DC holds: every domain, configuration and schema. */
  List<DN> namingContextRoots() {
    return namingContextRoots;
  }

  /** Is {@code dn} the root of a naming context (where inheritance stops, MS-ADTS 3.1.1.1.9)? */
  boolean isNamingContextRoot(DN dn) {
    return namingContextRoots.contains(dn);
  }

  // ---------------------------------------------------------------- connections

  /**
   * Forgets every connection's bind: called when the listeners are recreated, since a new listener
   * numbers its connections from 0 again and would hand old binds to new connections.
   */
  void forgetBindings() {
    boundDns.clear();
  }

  void bound(long connectionId, Optional<DN> dn) {
    if (dn.isPresent()) {
      boundDns.put(connectionId, dn.get());
    } else {
      boundDns.remove(connectionId);
    }
  }

  /**
   * Returns the DN bound on a connection. This is the seam for access checks: the token (user SID,
   * transitive group SIDs, well-known SIDs) will be built from it.
   */
  Optional<DN> boundDn(long connectionId) {
    return Optional.ofNullable(boundDns.get(connectionId));
  }

  // ---------------------------------------------------------------- add

  /** Returns the entry as AD stores it after an add by {@code session}. */
  Entry prepareAdd(Entry requested, Session session) throws LDAPException {
    // the initial forest (built before the server exists) hands over entries nobody else holds
    Entry e = server == null ? requested : requested.duplicate();
    DN dn = e.getParsedDN();
    if (!session.isSystem()) {
      for (Attribute a : e.getAttributes()) {
        if (DIRECTORY_OWNED.contains(AdSchemaCatalog.key(a.getBaseName()))) {
          throw new LDAPException(
              ResultCode.UNWILLING_TO_PERFORM,
              a.getBaseName()
                  + " is maintained by the directory and cannot be given in an add; remove it");
        }
        constraints.requireDefined(a.getBaseName());
        constraints.checkValues(a.getBaseName(), a.getValues());
      }
    }
    List<AdSchemaCatalog.ClassDef> chain = structuralChain(e);
    if (chain.isEmpty()) {
      throw new LDAPException(
          ResultCode.OBJECT_CLASS_VIOLATION,
          "none of the objectClass values "
              + Arrays.toString(e.getObjectClassValues())
              + " of "
              + dn
              + " is a structural class of this schema");
    }
    AdSchemaCatalog.ClassDef structural = chain.get(0);
    List<String> classes = new ArrayList<>();
    for (int i = chain.size() - 1; i >= 0; i--) {
      classes.add(chain.get(i).name());
    }
    for (String oc : e.getObjectClassValues()) {
      Optional<AdSchemaCatalog.ClassDef> c = catalog.klass(oc);
      if (c.isPresent() && c.get().category() == 3 && !classes.contains(c.get().name())) {
        classes.add(c.get().name());
      }
    }
    e.setAttribute("objectClass", classes);
    List<AdSchemaCatalog.ClassDef> auxiliaries = new ArrayList<>();
    for (String name : classes) {
      catalog.klass(name).filter(c -> c.category() == 3).ifPresent(auxiliaries::add);
    }
    Entry parent = server == null || dn.getParent() == null ? null : parentFacts(dn.getParent());
    String storedDn = nameAsStored(dn, parent);
    if (!session.isSystem() && dn.getRDN() != null && parent != null) {
      constraints.checkName(dn.getRDN(), structural, parent.getDN());
    }
    if (!session.isSystem() && parent != null) {
      constraints.requirePossibleSuperior(parent, chain, auxiliaries);
    }
    Optional<SecurityDescriptor> parentSd = parentDescriptor(dn, parent);
    Optional<SecurityDescriptor> supplied = suppliedDescriptor(e);
    if (enforced(session)) {
      SecurityToken token = requireToken(session, dn);
      if (parentSd.isPresent()
          && parent != null
          && !AccessCheck.canCreateChild(
              parentSd.get(), AdSecurity.forObject(token, parent), structural.schemaIdGuid())) {
        throw AdSecurity.insufficientAccess();
      }
      if (supplied.isPresent()
          && (supplied.get().control().value() & ControlFlags.SACL_PRESENT) != 0
          && !token.hasPrivilege(SecurityToken.Privilege.SECURITY)) {
        throw AdSecurity.insufficientAccess();
      }
    }
    AdDomain domain = domainFor(dn);
    AdSecurity.Creator creator = creator(session, dn);
    RDN rdn = dn.getRDN();
    if (rdn != null) {
      for (int i = 0; i < rdn.getAttributeNames().length; i++) {
        if (!e.hasAttributeValue(rdn.getAttributeNames()[i], rdn.getAttributeValues()[i])) {
          e.addAttribute(rdn.getAttributeNames()[i], rdn.getAttributeValues()[i]);
        }
      }
      e.setAttribute("name", rdn.getAttributeValues()[0]);
    }
    e.setAttribute("distinguishedName", storedDn);
    if (!e.hasAttribute("objectCategory")) {
      e.setAttribute("objectCategory", "CN=" + structural.defaultObjectCategory() + "," + schemaDn);
    }
    if (!e.hasAttribute("instanceType")) {
      e.setAttribute("instanceType", "4");
    }
    e.setAttribute("objectGUID", GuidBytes.toBytes(UUID.randomUUID()));
    String now = generalizedTime();
    long created = usn.incrementAndGet();
    e.setAttribute("whenCreated", now);
    e.setAttribute("whenChanged", now);
    e.setAttribute("uSNCreated", Long.toString(created));
    e.setAttribute("uSNChanged", Long.toString(created));

    boolean isUser = chain.stream().anyMatch(c -> c.name().equals("user"));
    boolean isComputer = chain.stream().anyMatch(c -> c.name().equals("computer"));
    boolean isGroup = structural.name().equals("group");
    if (isUser || isGroup) {
      if (!e.hasAttribute("objectSid") || !session.isSystem()) {
        e.setAttribute("objectSid", domain.rid(domain.takeRid()).toBytes());
      }
      if (!e.hasAttribute("sAMAccountName")) {
        e.setAttribute("sAMAccountName", generatedAccountName());
      }
    }
    if (isUser) {
      int uac =
          e.hasAttribute("userAccountControl")
              ? e.getAttributeValueAsInteger("userAccountControl")
              : isComputer
                  ? UF_WORKSTATION_TRUST_ACCOUNT | UF_PASSWD_NOTREQD
                  : UF_NORMAL_ACCOUNT | UF_ACCOUNTDISABLE | UF_PASSWD_NOTREQD;
      e.setAttribute("userAccountControl", Integer.toString(uac));
      if (!e.hasAttribute("primaryGroupID")) {
        e.setAttribute(
            "primaryGroupID",
            (uac & UF_SERVER_TRUST_ACCOUNT) != 0
                ? "516"
                : (uac & UF_WORKSTATION_TRUST_ACCOUNT) != 0 ? "515" : "513");
      }
      e.setAttribute(
          "sAMAccountType",
          (uac & (UF_WORKSTATION_TRUST_ACCOUNT | UF_SERVER_TRUST_ACCOUNT)) != 0
              ? "805306369"
              : "805306368");
      for (String zero :
          List.of(
              "badPwdCount",
              "badPasswordTime",
              "lastLogon",
              "lastLogoff",
              "logonCount",
              "codePage",
              "countryCode")) {
        if (!e.hasAttribute(zero)) {
          e.setAttribute(zero, "0");
        }
      }
      if (!e.hasAttribute("accountExpires")) {
        e.setAttribute("accountExpires", "9223372036854775807");
      }
      // an explicit pwdLastSet 0 next to unicodePwd keeps "must change at next logon", as Samba
      // does (measured) and as a provisioning tool that creates users with an initial password
      // needs
      boolean mustChange = "0".equals(e.getAttributeValue("pwdLastSet"));
      e.setAttribute("pwdLastSet", "0");
      Attribute pwd = e.getAttribute("unicodePwd");
      if (pwd != null) {
        if (pwd.size() != 1) {
          throw passwordConstraint("unicodePwd takes exactly one value in an add");
        }
        char[] clear = decodeUnicodePwd(pwd.getValueByteArray());
        try {
          checkNewPassword(session, clear, e.getAttributeValue("sAMAccountName"));
          e.setAttribute("unicodePwd", new String(clear).getBytes(StandardCharsets.UTF_8));
          if (!mustChange) {
            e.setAttribute("pwdLastSet", Long.toString(fileTimeNow()));
          }
        } finally {
          Arrays.fill(clear, '\0');
        }
      }
    }
    if (!session.isSystem() && (isUser || isGroup)) {
      SamRules.check(e.getAttributeValue("sAMAccountName"), e.getAttributeValues("description"));
      if (isGroup && e.hasAttribute("groupType")) {
        SamRules.checkGroupType(e.getAttributeValue("groupType"));
      }
    }
    if (isGroup) {
      long groupType =
          e.hasAttribute("groupType")
              ? GroupTypes.bits(e.getAttributeValue("groupType"))
              : GroupTypes.DEFAULT;
      e.setAttribute("groupType", GroupTypes.stored(groupType));
      e.setAttribute("sAMAccountType", GroupTypes.accountType(groupType));
    }
    if (server != null && e.hasAttribute("member")) {
      // (the initial forest is built before the server exists, and is consistent)
      e.setAttribute("member", storedMembers(e.getAttributeValues("member")));
    }
    e = asStored(e, storedDn, !session.isSystem());
    SecurityDescriptor sd =
        security.newObject(
            domain,
            parentSd,
            structural,
            AdSecurity.objectTypes(structural, auxiliaries),
            supplied,
            creator);
    DescriptorValue lastSd = lastDescriptor;
    boolean sdReused = lastSd != null && lastSd.sd() == sd;
    e.setAttribute(
        sdReused ? lastSd.attribute() : new Attribute("nTSecurityDescriptor", sd.toBytes()));
    if (server == null) {
      bootstrapDescriptors.put(dn, sd);
    } else {
      // the initial forest is small and loaded once; sharing pays off for what tests add
      shareRepeatedValues(e, sdReused);
      if (!sdReused) {
        lastDescriptor = new DescriptorValue(sd, e.getAttribute("nTSecurityDescriptor"));
      }
    }
    if (checksAllowedAttributes) {
      constraints.requireAllowedAttributes(storedDn, classes, attributeNames(e));
    }
    if (isUser || isGroup) {
      // last, so that nothing can fail between the claim and the write (see addFinished)
      checkUniqueAccountNames(
          dn,
          domain,
          Optional.ofNullable(e.getAttributeValue("sAMAccountName")),
          Optional.ofNullable(e.getAttributeValue("userPrincipalName")));
    }
    return e;
  }

  /**
   * Attributes whose values repeat from object to object: classes, category, flags, the zeroed
   * counters of a new account, and the security descriptor (2.4 KB for a user) that every object of
   * a class gets under the same parent.
   */
  private static final Set<String> REPEATED =
      Set.of(
          "objectclass",
          "objectcategory",
          "instancetype",
          "useraccountcontrol",
          "primarygroupid",
          "samaccounttype",
          "grouptype",
          "badpwdcount",
          "badpasswordtime",
          "lastlogon",
          "lastlogoff",
          "logoncount",
          "codepage",
          "countrycode",
          "accountexpires",
          "pwdlastset",
          "ntsecuritydescriptor");

  private static final int SHARED_LIMIT = 4096;

  /**
   * The descriptor of the last object added and its attribute. {@link AdSecurity#newObject} returns
   * one instance for the objects a creator adds under one parent, so consecutive adds (a bulk load
   * into one container) reuse the serialized 2.4 KB instead of serializing and then de-duplicating
   * it each time.
   */
  private volatile DescriptorValue lastDescriptor;

  private record DescriptorValue(SecurityDescriptor sd, Attribute attribute) {}

  /**
   * One instance per distinct (exact name, exact value bytes); UnboundID attributes are immutable.
   */
  private final Map<List<Object>, Attribute> sharedAttributes = new ConcurrentHashMap<>();

  /**
   * Replaces the repeated attributes of a new entry by one shared instance each, so that the stored
   * entries of 100,000 users share them instead of holding a copy each (half the heap of a user).
   * The key compares names and value bytes exactly, never through a matching rule. {@code
   * sdShared}: the descriptor is the previous add's shared instance already ({@link
   * #lastDescriptor}).
   */
  private void shareRepeatedValues(Entry e, boolean sdShared) {
    for (Attribute a : List.copyOf(e.getAttributes())) {
      String name = AdSchemaCatalog.key(a.getName());
      if (!REPEATED.contains(name) || (sdShared && name.equals("ntsecuritydescriptor"))) {
        continue;
      }
      List<Object> key = new ArrayList<>(a.size() + 1);
      key.add(a.getName());
      for (byte[] v : a.getValueByteArrays()) {
        key.add(ByteBuffer.wrap(v));
      }
      if (sharedAttributes.size() > SHARED_LIMIT) {
        sharedAttributes.clear();
      }
      Attribute shared = sharedAttributes.putIfAbsent(key, a);
      if (shared != null) {
        e.setAttribute(shared);
      }
    }
  }

  private Optional<SecurityDescriptor> parentDescriptor(DN dn) throws LDAPException {
    DN parent = dn.getParent();
    return parentDescriptor(
        dn, server == null || parent == null ? null : entryOrNull(parent.toString()));
  }

  /** The descriptor {@code dn} inherits from, given its parent's stored entry (null if none). */
  private Optional<SecurityDescriptor> parentDescriptor(DN dn, Entry parentEntry)
      throws LDAPException {
    DN parent = dn.getParent();
    if (parent == null || isNamingContextRoot(dn)) {
      return Optional.empty();
    }
    if (server == null) {
      return Optional.ofNullable(bootstrapDescriptors.get(parent));
    }
    return security.storedDescriptor(parentEntry);
  }

  private static Optional<SecurityDescriptor> suppliedDescriptor(Entry e) throws LDAPException {
    byte[] b = e.getAttributeValueBytes("nTSecurityDescriptor");
    e.removeAttribute("nTSecurityDescriptor");
    if (b == null) {
      return Optional.empty();
    }
    return Optional.of(parseDescriptor(b));
  }

  private static SecurityDescriptor parseDescriptor(byte[] b) throws LDAPException {
    try {
      return SecurityDescriptor.fromBytes(b);
    } catch (RuntimeException ex) {
      throw new LDAPException(
          ResultCode.CONSTRAINT_VIOLATION,
          "nTSecurityDescriptor is not a self-relative security descriptor (MS-DTYP 2.4.6): "
              + ex.getMessage());
    }
  }

  // ---------------------------------------------------------------- access

  /** True when the session's operations are checked against the DACLs. */
  private boolean enforced(Session session) {
    return !session.isSystem() && config.has(AdFeature.ACL_ENFORCEMENT);
  }

  /** The token of the account bound on the session; an anonymous session may not update. */
  SecurityToken requireToken(Session session, DN target) throws LDAPException {
    DN bound = session.boundDn().orElseThrow(AdSecurity::bindRequired);
    return tokens
        .of(bound, Optional.of(domainFor(target)))
        .orElseThrow(AdSecurity::bindRequired)
        .token();
  }

  /**
   * The token of an account entry (transitive groups, well-known SIDs) with the domain-local groups
   * of every domain of the forest.
   */
  SecurityToken token(Entry account) {
    return token(account, Optional.empty());
  }

  /**
   * The token of an account entry for an access to {@code target}: domain-local (and BUILTIN)
   * groups count only when they belong to the target's domain, as a DC of that domain builds the
   * token (MS-DTYP 2.5.2, MS-ADTS 5.1.1.4).
   */
  SecurityToken token(Entry account, DN target) {
    return token(account, Optional.of(domainFor(target)));
  }

  /** The cached token of a stored account entry; computed uncached if it cannot be cached. */
  private SecurityToken token(Entry account, Optional<AdDomain> resource) {
    return tokens
        .of(dnOrNull(account), resource)
        .map(TokenCache.Held::token)
        .orElseGet(() -> computeToken(account, resource));
  }

  private static DN dnOrNull(Entry e) {
    try {
      return e.getParsedDN();
    } catch (LDAPException ex) {
      return null;
    }
  }

  private SecurityToken computeToken(Entry account, Optional<AdDomain> resource) {
    return buildToken(account, resource, this::entryOrNull, this::bySid);
  }

  private SecurityToken buildToken(
      Entry account,
      Optional<AdDomain> resource,
      Function<String, Entry> lookup,
      Function<String, Optional<Entry>> bySid) {
    return security.token(account, lookup, bySid, resource);
  }

  /**
   * Says that group memberships, primary groups or SIDs may have changed: the cached tokens are
   * computed again on their next use. Called after every write that can change a token's input.
   */
  void membershipChanged() {
    tokens.invalidate();
  }

  /**
   * Says that {@code members} were added to or removed from a group: the cached tokens built
   * through one of them are computed again on their next use.
   */
  void membersChanged(Collection<DN> members) {
    tokens.membersChanged(members);
  }

  /** The cached token of a bound account (and its entry), for internal callers. */
  Optional<TokenCache.Held> heldToken(DN account, Optional<AdDomain> resource) {
    return tokens.of(account, resource);
  }

  /**
   * The constructed attribute tokenGroups of a security principal (MS-ADTS 3.1.1.4.5.19): the SIDs
   * of every security group in its token as a DC of its own domain builds it, transitively and with
   * the primary group, without the logon SIDs (Everyone, Authenticated Users ...); binary SIDs.
   */
  List<byte[]> tokenGroups(Entry principal) throws LDAPException {
    return tokenGroups(principal, false);
  }

  /**
   * tokenGroups, or with {@code globalAndUniversalOnly} tokenGroupsGlobalAndUniversal: only the
   * SIDs of global and universal groups (MS-ADTS 3.1.1.4.5.19), which leaves out domain-local
   * groups and BUILTIN aliases.
   */
  List<byte[]> tokenGroups(Entry principal, boolean globalAndUniversalOnly) throws LDAPException {
    List<byte[]> out = new ArrayList<>();
    for (Sid g : token(principal, principal.getParsedDN()).groups()) {
      if (!AdSecurity.LOGON_SIDS.contains(g)
          && (!globalAndUniversalOnly || isGlobalOrUniversalGroup(g))) {
        out.add(g.toBytes());
      }
    }
    return out;
  }

  private boolean isGlobalOrUniversalGroup(Sid sid) {
    Long groupType =
        bySid(sid.toString()).map(e -> e.getAttributeValueAsLong("groupType")).orElse(null);
    return groupType != null && (groupType & (GroupTypes.GLOBAL | GroupTypes.UNIVERSAL)) != 0;
  }

  /**
   * The authorization identity AD's "Who am I?" operation returns for a bound account: {@code
   * u:DOMAIN\sAMAccountName} (RFC 4532 "u:" form with the NetBIOS domain), or the {@code dn:} form
   * when the entry has no sAMAccountName.
   */
  String authorizationId(DN account) {
    Entry e = entryOrNull(account.toString());
    String sam = e == null ? null : e.getAttributeValue("sAMAccountName");
    return sam == null ? "dn:" + account : "u:" + domainFor(account).netbiosName() + "\\" + sam;
  }

  /**
   * A linked DN value (member) must name an existing object, as AD and Samba require: else
   * noSuchObject with AD's name error naming the closest existing ancestor (Samba says {@code
   * 00000525: specified dn doesn't exist}, measured on 4.17). Returns the values as the objects
   * they name are stored, which is how AD and Samba store them.
   */
  private String[] storedMembers(String[] values) throws LDAPException {
    String[] stored = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      stored[i] = storedName(values[i]);
      if (stored[i] == null) {
        throw noSuchObject(new DN(values[i]));
      }
    }
    return stored;
  }

  /**
   * The name a new object at {@code dn} is stored under, as AD and Samba store it: the naming
   * attribute in upper case, under the name of {@code parent} as it is stored (Samba 4.17 stores an
   * add of {@code cn=x,cn=users,dc=contoso,dc=test} as {@code CN=x,CN=Users,DC=contoso,DC=test},
   * measured; its objectclass module's fix_dn does this). {@code dn} as given when the parent is
   * not there (the add then fails) or the RDN has several values (AD refuses those).
   */
  private static String nameAsStored(DN dn, Entry parent) {
    RDN rdn = dn.getRDN();
    if (parent == null || rdn == null || rdn.isMultiValued()) {
      return dn.toString();
    }
    return withUpperCaseType(rdn) + "," + parent.getDN();
  }

  /**
   * A one-valued {@code rdn} with its attribute name in upper case ({@code cn=x} → {@code CN=x}).
   */
  private static String withUpperCaseType(RDN rdn) {
    String type = rdn.getAttributeNames()[0].toUpperCase(Locale.ROOT);
    return new RDN(type, rdn.getByteArrayAttributeValues()[0]).toString();
  }

  /**
   * {@code rename} as AD applies it: the new RDN's naming attribute in upper case and the new
   * parent spelled as it is stored (see {@link #nameAsStored}); empty when both are so already.
   */
  Optional<ModifyDNRequest> asStored(ReadOnlyModifyDNRequest rename) throws LDAPException {
    RDN rdn = new RDN(rename.getNewRDN());
    String newRdn = rename.getNewRDN();
    if (!rdn.isMultiValued()) {
      String type = rdn.getAttributeNames()[0];
      if (!type.toUpperCase(Locale.ROOT).equals(type)) {
        newRdn = withUpperCaseType(rdn);
      }
    }
    String superior = rename.getNewSuperiorDN();
    if (superior != null) {
      superior = Objects.requireNonNullElse(storedName(superior), superior);
    }
    if (newRdn.equals(rename.getNewRDN()) && Objects.equals(superior, rename.getNewSuperiorDN())) {
      return Optional.empty();
    }
    ModifyDNRequest out = rename.duplicate();
    out.setNewRDN(newRdn);
    out.setNewSuperiorDN(superior);
    return Optional.of(out);
  }

  /**
   * {@code e} as AD stores it: under {@code storedDn}, each attribute under the schema's name for
   * it ({@link AdSchemaCatalog#canonicalName}), and the values of DN attributes that name existing
   * objects spelled as those objects are stored (Samba 4.17, measured: {@code member: cn=case
   * two,cn=users,...} is stored and returned as {@code CN=Case Two,CN=Users,...}).
   */
  private Entry asStored(Entry e, String storedDn, boolean byClient) throws LDAPException {
    List<Attribute> stored = new ArrayList<>(e.getAttributes().size());
    for (Attribute a : e.getAttributes()) {
      String name = catalog.canonicalName(a.getName());
      ASN1OctetString[] given = a.getRawValues();
      ASN1OctetString[] values =
          name.equals("member") || name.equals("distinguishedName")
              ? given
              : asStoredValues(name, given, byClient);
      stored.add(
          name == a.getName() && values == given
              ? a
              : new Attribute(name, a.getMatchingRule(), values));
    }
    return new Entry(storedDn, stored);
  }

  /**
   * {@code m} as AD applies it: to the schema's name for the attribute, with the values of a DN
   * attribute that name existing objects spelled as those objects are stored (see {@link
   * #asStored(Entry, String, boolean)}; member values were resolved before, by {@link
   * #storedMembers}).
   */
  private Modification asStored(Modification m, boolean byClient) throws LDAPException {
    String name = catalog.canonicalName(m.getAttributeName());
    ASN1OctetString[] given = m.getRawValues();
    ASN1OctetString[] values =
        m.getModificationType() == ModificationType.DELETE || name.equals("member")
            ? given
            : asStoredValues(name, given, byClient);
    return name != m.getAttributeName() || values != given
        ? new Modification(m.getModificationType(), name, values)
        : m;
  }

  /**
   * {@code values} of the attribute {@code name} as AD stores them: for a DN attribute each spelled
   * as the object it names is stored, for a Boolean, Integer or LargeInteger in canonical form
   * ({@link #canonicalValues}). The array itself when nothing changes.
   *
   * @param byClient a value that names no object is refused, as AD refuses a reference to nothing:
   *     constraintViolation with ERROR_DS_NAME_REFERENCE_INVALID (Samba 4.17 the same, {@code
   *     000020B5: Referenced object not found}, measured); the directory's own writes keep it
   */
  private ASN1OctetString[] asStoredValues(String name, ASN1OctetString[] values, boolean byClient)
      throws LDAPException {
    Optional<AdSchemaCatalog.AttributeDef> def = catalog.attribute(name);
    if (def.isEmpty()) {
      return values;
    }
    String syntax = def.get().syntax();
    if (syntax.equals("2.5.5.8") || syntax.equals("2.5.5.9") || syntax.equals("2.5.5.16")) {
      return canonicalValues(syntax, values);
    }
    if (server == null || !syntax.equals("2.5.5.1")) {
      return values;
    }
    ASN1OctetString[] out = values;
    for (int i = 0; i < values.length; i++) {
      String given = values[i].stringValue();
      String stored = storedName(given);
      if (stored == null && byClient) {
        throw constraints.referenceToNothing(def.get().name(), given);
      }
      if (stored != null && !stored.equals(given)) {
        if (out == values) {
          out = values.clone();
        }
        out[i] = new ASN1OctetString(stored);
      }
    }
    return out;
  }

  /**
   * Boolean, Integer and LargeInteger values as AD stores them (in binary) and returns them: {@code
   * TRUE}/{@code FALSE}, and the signed decimal without sign or leading zeros ({@code +05} → {@code
   * 5}, a 32-bit Integer written unsigned as {@code 2147483650} → {@code -2147483646}; Samba 4.17
   * returns {@code 5} for {@code +05}, measured). Values outside the syntax were refused before.
   * The array itself when nothing changes.
   */
  private static ASN1OctetString[] canonicalValues(String syntax, ASN1OctetString[] values) {
    ASN1OctetString[] out = values;
    for (int i = 0; i < values.length; i++) {
      String given = values[i].stringValue();
      String canonical;
      try {
        canonical =
            switch (syntax) {
              case "2.5.5.8" -> given.trim().toUpperCase(Locale.ROOT);
              case "2.5.5.9" -> Integer.toString((int) Long.parseLong(given.trim()));
              default -> Long.toString(Long.parseLong(given.trim()));
            };
      } catch (NumberFormatException e) {
        continue; // the syntax check answers
      }
      if (!canonical.equals(given)) {
        if (out == values) {
          out = values.clone();
        }
        out[i] = new ASN1OctetString(canonical);
      }
    }
    return out;
  }

  /**
   * What a new child needs of its parent: descriptor, classes and SID (for PRINCIPAL_SELF), from a
   * cache that {@link #descriptorsChanged()} empties. A bulk add into one container reads the
   * container once instead of once per object; every read of an entry is a search, and UnboundID
   * allocates a list as long as the whole directory for each search.
   */
  private Entry parentFacts(DN parent) {
    return parents
        .get(
            parent,
            dn ->
                Optional.ofNullable(entryOrNull(dn.toString()))
                    .map(
                        e -> {
                          Entry facts = new Entry(e.getDN());
                          for (String a : PARENT_FACTS) {
                            Attribute v = e.getAttribute(a);
                            if (v != null) {
                              facts.addAttribute(v);
                            }
                          }
                          return new ReadOnlyEntry(facts);
                        }))
        .orElse(null);
  }

  private static final List<String> PARENT_FACTS =
      List.of("objectClass", "objectSid", "nTSecurityDescriptor");

  /**
   * Says that descriptors, classes or SIDs of existing objects may have changed, or objects were
   * deleted or moved: the cached parent facts are read again on their next use.
   */
  void descriptorsChanged() {
    parents.invalidate();
  }

  /** Is there an object at {@code dn}? A map lookup, cheaper than reading the entry. */
  private boolean exists(String value) {
    return storedName(value) != null;
  }

  /**
   * The name of the object {@code value} names, spelled as the object is stored (a map lookup when
   * the object is known, a read otherwise); null when no object has that name.
   */
  private String storedName(String value) {
    DN dn;
    try {
      dn = ParsedDns.parse(value);
    } catch (LDAPException e) {
      return null;
    }
    String stored = known.stored(dn);
    if (stored != null) {
      return stored;
    }
    long generation = known.generation();
    try {
      Entry found = server.getEntry(value);
      if (found == null) {
        return null;
      }
      known.learned(ParsedDns.parse(found.getDN()), generation);
      return found.getDN();
    } catch (LDAPException e) {
      return null;
    }
  }

  /**
   * Adds the constructed attributes {@code requested} ({@link ConstructedAttributes}) of the object
   * {@code entry} names to {@code entry}, a copy of a search result.
   */
  void addConstructed(Entry entry, List<String> requested) throws LDAPException {
    Entry stored = read(entry.getDN(), ConstructedAttributes.INPUTS);
    if (stored == null) {
      return;
    }
    Optional<ConstructedAttributes.Policy> policy = Optional.empty();
    Optional<AdDomain> domain = domainOf(stored.getParsedDN());
    if (domain.isPresent() && ConstructedAttributes.needPolicy(requested)) {
      Entry head = read(domain.get().dn().toString(), "maxPwdAge", "lockoutDuration");
      policy =
          Optional.of(
              new ConstructedAttributes.Policy(
                  head == null || !head.hasAttribute("maxPwdAge")
                      ? Long.MIN_VALUE
                      : Long.parseLong(head.getAttributeValue("maxPwdAge")),
                  head == null || !head.hasAttribute("lockoutDuration")
                      ? Long.MIN_VALUE
                      : Long.parseLong(head.getAttributeValue("lockoutDuration")),
                  fileTimeNow()));
    }
    ConstructedAttributes.addTo(entry, stored, requested, policy);
  }

  /** The generation of the known entries before an add: give it to {@link #entryAdded}. */
  long knownEntriesGeneration() {
    return known.generation();
  }

  /** An add of {@code dn}, sent after {@code generation} was read, succeeded. */
  void entryAdded(DN dn, long generation) {
    known.learned(dn, generation);
  }

  /** Objects were deleted, renamed or moved, or a snapshot restored. */
  void entriesRemoved() {
    known.removed();
  }

  private Entry entryOrNull(String dn) {
    try {
      return read(dn);
    } catch (LDAPException e) {
      return null;
    }
  }

  /**
   * The stored entry at {@code dn} with its user attributes (or those named), or null when there is
   * none: {@link InMemoryDirectoryServer#getEntry} with ManageDsaIT, so the server does not walk up
   * the tree looking for a referral object (AD has none), two DN lookups per level.
   */
  Entry read(String dn, String... attributes) throws LDAPException {
    SearchRequest request =
        new SearchRequest(
            dn, SearchScope.BASE, Filter.createPresenceFilter("objectClass"), attributes);
    request.addControl(MANAGE_DSA_IT);
    try {
      return server.searchForEntry(request);
    } catch (LDAPSearchException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return null;
      }
      throw e;
    }
  }

  private Optional<Entry> bySid(String sid) {
    try {
      return single(Filter.createEqualityFilter("objectSid", Sid.parse(sid).toBytes()));
    } catch (LDAPException e) {
      return Optional.empty();
    }
  }

  /** The owner and group defaults of the session's account for an object at {@code dn}. */
  private AdSecurity.Creator creator(Session session, DN dn) throws LDAPException {
    AdDomain domain = domainFor(dn);
    if (session.isSystem() || session.boundDn().isEmpty()) {
      return security.systemCreator(domain);
    }
    Optional<TokenCache.Held> held = tokens.of(session.boundDn().get(), Optional.empty());
    if (held.isEmpty()) {
      return security.systemCreator(domain);
    }
    Entry account = held.get().account();
    String primary = account.getAttributeValue("primaryGroupID");
    Sid group =
        domainFor(account.getParsedDN()).rid(primary == null ? 513 : Long.parseLong(primary));
    DN context = namingContextOf(dn);
    DefaultOwnerGroup.NamingContext kind =
        context.equals(schemaDn)
            ? DefaultOwnerGroup.NamingContext.SCHEMA
            : context.equals(configDn)
                ? DefaultOwnerGroup.NamingContext.CONFIGURATION
                : DefaultOwnerGroup.NamingContext.DOMAIN;
    return security.creator(
        held.get().token(), group, domain, kind, config.schemaVersion().functionalLevel());
  }

  /** The structural class of a stored entry. */
  Optional<AdSchemaCatalog.ClassDef> structuralClass(Entry e) {
    List<AdSchemaCatalog.ClassDef> chain = structuralChain(e);
    return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
  }

  /** The object types inheritance matches for a stored entry (structural + auxiliary classes). */
  List<UUID> objectTypes(Entry e) {
    Optional<AdSchemaCatalog.ClassDef> structural = structuralClass(e);
    if (structural.isEmpty()) {
      return List.of();
    }
    List<AdSchemaCatalog.ClassDef> aux = new ArrayList<>();
    for (String oc : e.getObjectClassValues()) {
      catalog.klass(oc).filter(c -> c.category() == 3).ifPresent(aux::add);
    }
    return AdSecurity.objectTypes(structural.get(), aux);
  }

  /**
   * Checks a delete (MS-ADTS 3.1.1.5.5.3): DELETE on the object or DELETE_CHILD for its class on
   * the parent; with the tree delete control DELETE_TREE on the object also suffices.
   */
  void checkDelete(DN dn, boolean treeDelete, Session session) throws LDAPException {
    if (!session.isSystem()) {
      refuseProtectedDelete(dn, treeDelete);
    }
    if (!enforced(session)) {
      return;
    }
    SecurityToken token = requireToken(session, dn);
    Entry target = read(dn.toString());
    if (target == null) {
      return;
    }
    Optional<SecurityDescriptor> sd = AdSecurity.descriptor(target);
    Optional<AdSchemaCatalog.ClassDef> cls = structuralClass(target);
    if (sd.isEmpty() || cls.isEmpty()) {
      return;
    }
    SecurityToken t = AdSecurity.forObject(token, target);
    Optional<SecurityDescriptor> parentSd =
        dn.getParent() == null
            ? Optional.empty()
            : AdSecurity.descriptor(read(dn.getParent().toString()));
    boolean allowed =
        AccessCheck.canDelete(sd.get(), parentSd, t, cls.get().schemaIdGuid())
            || (treeDelete && AccessCheck.check(sd.get(), t, AccessMask.DELETE_TREE).isGranted());
    if (!allowed) {
      throw AdSecurity.insufficientAccess();
    }
  }

  /**
   * The objects no client deletes (MS-ADTS 3.1.1.5.5.3, MS-SAMR 3.1.1.7): a naming context's head,
   * an object whose systemFlags has FLAG_DISALLOW_DELETE, and the domain's built-in accounts and
   * groups (RID below 1000: Administrator, Guest, krbtgt, Domain Users…), also below the target of
   * a tree delete. unwillingToPerform / ERROR_DS_CANT_DELETE (Samba 4.17 refuses them too, with its
   * own code, measured).
   */
  private void refuseProtectedDelete(DN dn, boolean treeDelete) throws LDAPException {
    for (AdDomain d : domains) {
      if (d.dn().equals(dn)) {
        throw cantDelete(dn, "it is the head of a naming context");
      }
    }
    if (dn.equals(configDn) || dn.equals(schemaDn)) {
      throw cantDelete(dn, "it is the head of a naming context");
    }
    List<Entry> objects = new ArrayList<>();
    if (treeDelete) {
      try {
        SearchRequest r =
            new SearchRequest(
                dn.toString(),
                SearchScope.SUB,
                Filter.createORFilter(
                    Filter.createPresenceFilter("systemFlags"),
                    Filter.createPresenceFilter("objectSid")),
                "systemFlags",
                "objectSid");
        r.addControl(MANAGE_DSA_IT);
        objects.addAll(ScopedScans.search(server, r).getSearchEntries());
      } catch (LDAPSearchException e) {
        return; // noSuchObject and the like: the server answers
      }
    } else {
      Entry target = server.getEntry(dn.toString());
      if (target == null) {
        return;
      }
      objects.add(target);
    }
    for (Entry e : objects) {
      String flags = e.getAttributeValue("systemFlags");
      if (flags != null && (Long.parseLong(flags.trim()) & 0x80000000L) != 0) {
        throw cantDelete(e.getParsedDN(), "its systemFlags forbid deleting it");
      }
      byte[] bytes = e.getAttributeValueBytes("objectSid");
      if (bytes != null) {
        Sid sid = Sid.fromBytes(bytes);
        Sid ownDomain = Sid.parse(domainFor(e.getParsedDN()).sid());
        if (sid.isInDomain(BUILTIN_DOMAIN) || sid.isInDomain(ownDomain) && sid.rid() < 1000) {
          throw cantDelete(
              e.getParsedDN(), "it is a built-in account or group (RID " + sid.rid() + ")");
        }
      }
    }
  }

  /** S-1-5-32, the BUILTIN domain of the local groups Administrators, Users, Guests… */
  private static final Sid BUILTIN_DOMAIN = Sid.of(5, 32);

  private static LDAPException cantDelete(DN dn, String why) {
    return new LDAPException(
        ResultCode.UNWILLING_TO_PERFORM,
        AdDiagnostics.serviceError(
                AdDiagnostics.ERROR_DS_CANT_DELETE, 0x031A1236, 5003, "WILL_NOT_PERFORM")
            + ": "
            + dn
            + " cannot be deleted: "
            + why);
  }

  /**
   * Checks a rename or move (MS-ADTS 3.1.1.5.4): a rename needs WRITE_PROPERTY on name and the RDN
   * attribute; a move also needs the rights of a delete from the old parent and CREATE_CHILD on the
   * new one.
   */
  void checkModifyDn(DN dn, Optional<DN> newParent, Session session) throws LDAPException {
    if (!enforced(session)) {
      return;
    }
    SecurityToken token = requireToken(session, dn);
    Entry target = read(dn.toString());
    if (target == null) {
      return;
    }
    Optional<SecurityDescriptor> sd = AdSecurity.descriptor(target);
    Optional<AdSchemaCatalog.ClassDef> cls = structuralClass(target);
    if (sd.isEmpty() || cls.isEmpty()) {
      return;
    }
    SecurityToken t = AdSecurity.forObject(token, target);
    List<AdSchemaCatalog.AttributeDef> attrs = new ArrayList<>();
    catalog.attribute("name").ifPresent(attrs::add);
    catalog.attribute(dn.getRDN().getAttributeNames()[0]).ifPresent(attrs::add);
    if (!AdSecurity.notWritable(sd.get(), t, cls.get(), attrs).isEmpty()) {
      throw AdSecurity.insufficientAccess();
    }
    if (newParent.isPresent() && !newParent.get().equals(dn.getParent())) {
      Optional<SecurityDescriptor> oldParentSd =
          AdSecurity.descriptor(read(dn.getParent().toString()));
      Optional<SecurityDescriptor> newParentSd =
          AdSecurity.descriptor(read(newParent.get().toString()));
      if (!AccessCheck.canDelete(sd.get(), oldParentSd, t, cls.get().schemaIdGuid())
          || (newParentSd.isPresent()
              && !AccessCheck.canCreateChild(newParentSd.get(), token, cls.get().schemaIdGuid()))) {
        throw AdSecurity.insufficientAccess();
      }
    }
  }

  /**
   * Recomputes the inherited ACEs of the descendants of {@code dn} from its current descriptor
   * (after a DACL/SACL write or a move).
   */
  void propagateBelow(DN dn) throws LDAPException {
    Entry root = read(dn.toString());
    Optional<SecurityDescriptor> rootSd = AdSecurity.descriptor(root);
    if (rootSd.isEmpty()) {
      return;
    }
    Map<DN, SecurityDescriptor> below = new HashMap<>();
    Map<DN, Entry> entries = new HashMap<>();
    for (SearchResultEntry e :
        ScopedScans.search(
                server,
                dn.toString(),
                SearchScope.SUB,
                Filter.createPresenceFilter("objectClass"),
                "nTSecurityDescriptor",
                "objectClass")
            .getSearchEntries()) {
      DN child = e.getParsedDN();
      if (child.equals(dn)) {
        continue;
      }
      AdSecurity.descriptor(e)
          .ifPresent(
              sd -> {
                below.put(child, sd);
                entries.put(child, e);
              });
    }
    Map<DN, SecurityDescriptor> changed =
        AdSecurity.propagate(dn, rootSd.get(), below, child -> objectTypes(entries.get(child)));
    for (Map.Entry<DN, SecurityDescriptor> c : changed.entrySet()) {
      server.modify(
          c.getKey().toString(),
          new Modification(
              ModificationType.REPLACE, "nTSecurityDescriptor", c.getValue().toBytes()));
      journal.written(c.getKey());
    }
  }

  /**
   * Recomputes a moved object's inherited ACEs from its new parent, then its descendants'.
   *
   * @param dn the object's new DN
   */
  void reinheritAfterMove(DN dn) throws LDAPException {
    Entry moved = read(dn.toString());
    Optional<SecurityDescriptor> sd = AdSecurity.descriptor(moved);
    Optional<SecurityDescriptor> parentSd = parentDescriptor(dn);
    if (sd.isEmpty() || parentSd.isEmpty()) {
      return;
    }
    SecurityDescriptor next =
        DescriptorInheritance.propagate(parentSd.get(), sd.get(), objectTypes(moved), true);
    if (!next.equals(sd.get())) {
      server.modify(
          dn.toString(),
          new Modification(ModificationType.REPLACE, "nTSecurityDescriptor", next.toBytes()));
      journal.written(dn);
    }
    propagateBelow(dn);
  }

  // ---------------------------------------------------------------- memberOf

  /**
   * Keeps the memberOf back link (MS-ADTS 3.1.1.2.2.3) of the members of {@code group} in step with
   * a change of its member attribute from {@code before} to {@code after}. As in AD, the members'
   * objects are not written: memberOf lives in the {@link MemberOfTable}.
   */
  void linkMembers(DN group, Set<DN> before, Set<DN> after) {
    Set<DN> removed = new java.util.LinkedHashSet<>(before);
    removed.removeAll(after);
    Set<DN> added = new java.util.LinkedHashSet<>(after);
    added.removeAll(before);
    memberOf.link(group, removed, added);
    removed.addAll(added);
    membersChanged(removed);
  }

  /** The member DNs of an entry. */
  static Set<DN> members(Entry e) throws LDAPException {
    Set<DN> out = new java.util.LinkedHashSet<>();
    if (e != null && e.hasAttribute("member")) {
      for (String m : e.getAttributeValues("member")) {
        out.add(ParsedDns.parse(m));
      }
    }
    return out;
  }

  private List<AdSchemaCatalog.ClassDef> structuralChain(Entry e) {
    List<AdSchemaCatalog.ClassDef> best = List.of();
    String[] values = e.getObjectClassValues();
    if (values == null) {
      return best;
    }
    for (String oc : values) {
      Optional<AdSchemaCatalog.ClassDef> c = catalog.klass(oc);
      if (c.isPresent() && c.get().category() != 3 && c.get().category() != 2) {
        List<AdSchemaCatalog.ClassDef> chain = catalog.chain(c.get().name());
        if (chain.size() > best.size()) {
          best = chain;
        }
      }
    }
    return best;
  }

  private static String generatedAccountName() {
    String hex = "0123456789ABCDEF";
    StringBuilder sb = new StringBuilder("$");
    for (int i = 0; i < 18; i++) {
      if (i == 6) {
        sb.append('-');
      }
      sb.append(hex.charAt(RANDOM.nextInt(16)));
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- modify

  /** Returns the modifications AD applies for a modify of {@code dn} by {@code session}. */
  List<Modification> prepareModify(DN dn, List<Modification> requested, Session session)
      throws LDAPException {
    return prepareModify(dn, requested, session, null);
  }

  /**
   * Returns the modifications AD applies for a modify of {@code dn} by {@code session}.
   *
   * @param stored the entry as the caller already read it, or null: it is then read when needed
   */
  List<Modification> prepareModify(
      DN dn, List<Modification> requested, Session session, Entry stored) throws LDAPException {
    List<Modification> out = new ArrayList<>();
    Entry current = stored;
    Set<DN> members = null; // the group's members as the modifications so far leave them
    boolean descriptionSeen = false;
    if (enforced(session)) {
      current = current != null ? current : existing(dn);
      checkWriteProperties(current, requested, session);
    }
    for (int i = 0; i < requested.size(); i++) {
      Modification m = requested.get(i);
      String attr = AdSchemaCatalog.key(m.getAttributeName());
      if (DIRECTORY_OWNED.contains(attr) && !session.isSystem()) {
        // the account type follows userAccountControl and groupType (Samba 4.17:
        // unwillingToPerform,
        // measured); the other system-only attributes answer constraintViolation /
        // ERROR_DS_CANT_MOD_SYSTEM_ONLY (MS-ADTS 3.1.1.2.5; Samba 4.17 answers constraintViolation
        // too, with ERROR_DS_CONSTRAINT_VIOLATION, measured)
        throw attr.equals("samaccounttype")
            ? new LDAPException(
                ResultCode.UNWILLING_TO_PERFORM,
                AdDiagnostics.serviceError(
                        AdDiagnostics.ERROR_DS_ATTRIBUTE_OWNED_BY_SAM,
                        0x031A1236,
                        5003,
                        "WILL_NOT_PERFORM")
                    + "sAMAccountType follows userAccountControl (users) or groupType (groups);"
                    + " change those instead")
            : constraints.systemOnly(m.getAttributeName());
      }
      if (!session.isSystem()) {
        constraints.requireDefined(Attribute.getBaseName(m.getAttributeName()));
        constraints.refuseNamesAndBackLinks(dn, m);
        SamRules.check(m);
        if (m.getAttributeName().equalsIgnoreCase("description")
            && m.getModificationType() != ModificationType.DELETE
            && (m.getValues().length > 1 || m.getModificationType() == ModificationType.ADD)) {
          if (current == null) {
            current = existing(dn);
          }
          if (current.hasObjectClass("user") || current.hasObjectClass("group")) {
            // an earlier modification of this request may have changed the stored values
            SamRules.checkDescription(
                m, descriptionSeen ? null : current.getAttributeValues("description"));
          }
        }
        descriptionSeen |= m.getAttributeName().equalsIgnoreCase("description");
        ModificationType type = m.getModificationType();
        if (type == ModificationType.ADD || type == ModificationType.REPLACE) {
          constraints.checkValues(m.getAttributeName(), m.getValues());
          if (type == ModificationType.ADD
              && m.hasValue()
              && constraints.singleValued(m.getAttributeName())) {
            if (current == null) {
              current = existing(dn);
            }
            if (current.hasAttribute(m.getAttributeName())) {
              throw constraints.singleValueViolation(m.getAttributeName());
            }
          }
        }
      }
      if (m.getModificationType() == ModificationType.INCREMENT) {
        // RFC 4525 increment is not among AD's modify operations (add, delete, replace)
        throw new LDAPException(
            ResultCode.PROTOCOL_ERROR,
            "the increment modification (RFC 4525) is not supported; replace "
                + m.getAttributeName()
                + " with the new value instead");
      }
      switch (attr) {
        case "unicodepwd" -> {
          if (current == null) {
            current = existing(dn);
          }
          if (m.getModificationType() == ModificationType.REPLACE) {
            out.addAll(passwordReset(current, m, session));
          } else if (m.getModificationType() == ModificationType.DELETE
              && i + 1 < requested.size()
              && requested.get(i + 1).getAttributeName().equalsIgnoreCase("unicodePwd")
              && requested.get(i + 1).getModificationType() == ModificationType.ADD) {
            out.addAll(passwordChange(current, m, requested.get(i + 1), session));
            i++;
          } else {
            requireEncryption(session);
            throw new LDAPException(
                ResultCode.UNWILLING_TO_PERFORM,
                AdDiagnostics.serviceError(
                        AdDiagnostics.ERROR_GEN_FAILURE, 0x031A12D2, 5003, "WILL_NOT_PERFORM")
                    + ": unicodePwd is written by one replace (a reset) or by a delete of the old"
                    + " value followed by an add of the new one in the same modify (a change)");
          }
        }
        case "pwdlastset" -> out.add(pwdLastSet(m));
        case "grouptype" -> {
          out.add(m);
          if (m.getModificationType() == ModificationType.REPLACE && m.getValues().length == 1) {
            if (current == null) {
              current = existing(dn);
            }
            String before = current.getAttributeValue("groupType");
            if (!session.isSystem()) {
              SamRules.checkGroupType(m.getValues()[0]);
              SamRules.checkGroupTypeChange(before, m.getValues()[0]);
            }
            out.add(
                new Modification(
                    ModificationType.REPLACE,
                    "sAMAccountType",
                    GroupTypes.accountType(GroupTypes.bits(m.getValues()[0]))));
          }
        }
        case "primarygroupid" -> {
          if (!session.isSystem()
              && m.getModificationType() != ModificationType.DELETE
              && m.hasValue()) {
            requirePrimaryGroupMembership(dn, m.getValues()[0]);
          }
          out.add(m);
        }
        case "ntsecuritydescriptor" -> {
          if (current == null) {
            current = existing(dn);
          }
          Modification sd = writeDescriptor(current, m, session);
          current = current.duplicate();
          current.setAttribute("nTSecurityDescriptor", sd.getValueByteArrays()[0]);
          out.add(sd);
        }
        case "lockouttime" -> {
          for (String v : m.getValues()) {
            if (!v.equals("0")) {
              throw new LDAPException(
                  ResultCode.UNWILLING_TO_PERFORM,
                  "lockoutTime can only be set to 0 (unlock the account), not " + v);
            }
          }
          out.add(m);
        }
        case "member" -> {
          if (m.getModificationType() != ModificationType.DELETE && m.hasValue()) {
            m = new Modification(m.getModificationType(), "member", storedMembers(m.getValues()));
          }
          if (!session.isSystem()) {
            if (members == null) {
              members = members(current == null ? (current = existing(dn)) : current);
            }
            UpdateConstraints.followMembers(members, m);
          }
          out.add(m);
        }
        default -> out.add(m);
      }
    }
    for (int i = 0; i < out.size(); i++) {
      out.set(i, asStored(out.get(i), !session.isSystem()));
    }
    if (checksAllowedAttributes) {
      requireAllowed(dn, out, current);
    }
    out.add(new Modification(ModificationType.REPLACE, "whenChanged", generalizedTime()));
    out.add(
        new Modification(
            ModificationType.REPLACE, "uSNChanged", Long.toString(usn.incrementAndGet())));
    NamesWritten names = NamesWritten.in(requested);
    if (names.sam().isPresent() || names.upn().isPresent()) {
      // last, so that nothing can fail between the claim and the write (see modifyFinished)
      checkUniqueAccountNames(dn, domainFor(dn), names.sam(), names.upn());
    }
    return out;
  }

  /**
   * A primaryGroupID names a global or domain-local security group of the account's domain that the
   * account is a member of (MS-SAMR 3.1.1.8.2; Samba 4.17 refuses any other, measured): otherwise
   * unwillingToPerform with ERROR_MEMBER_NOT_IN_GROUP.
   */
  private void requirePrimaryGroupMembership(DN account, String value) throws LDAPException {
    long rid;
    try {
      rid = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return; // the syntax check answers
    }
    String sid = domainFor(account).rid(rid).toString();
    Optional<Entry> group = bySid(sid);
    if (group.isPresent()
        && group.get().hasAttribute("groupType")
        && GroupTypes.canBePrimary(GroupTypes.bits(group.get().getAttributeValue("groupType")))
        && memberOf.groupsOf(account).contains(group.get().getParsedDN())) {
      return;
    }
    if (value.trim().equals(existing(account).getAttributeValue("primaryGroupID"))) {
      return; // unchanged: the primary group's membership is the attribute itself
    }
    throw new LDAPException(
        ResultCode.UNWILLING_TO_PERFORM,
        AdDiagnostics.serviceError(0x529, 0x031A124C, 5003, "WILL_NOT_PERFORM")
            + ": primaryGroupID "
            + value
            + " must be the RID of a group of the account's domain that it is a member of ("
            + sid
            + (group.isPresent() ? " is " + group.get().getDN() : " names no object")
            + "); add the account to the group first");
  }

  /**
   * A client changed {@code account}'s primaryGroupID from {@code before}: as MS-SAMR 3.1.1.8.2
   * requires after the update, the account leaves the member values of its new primary group (that
   * membership is the attribute now) and joins those of the old one.
   */
  void primaryGroupChanged(DN account, String before) throws LDAPException {
    Entry now = read(account.toString(), "primaryGroupID");
    String after = now == null ? null : now.getAttributeValue("primaryGroupID");
    if (after == null || after.equals(before)) {
      return;
    }
    AdDomain domain = domainFor(account);
    Optional<Entry> oldGroup = bySid(domain.rid(Long.parseLong(before)).toString());
    Optional<Entry> newGroup = bySid(domain.rid(Long.parseLong(after)).toString());
    String member = now.getDN();
    if (newGroup.isPresent()) {
      server.modify(
          newGroup.get().getDN(), new Modification(ModificationType.DELETE, "member", member));
      memberOf.link(newGroup.get().getParsedDN(), List.of(account), List.of());
      journal.written(newGroup.get().getParsedDN());
    }
    if (oldGroup.isPresent()
        && !members(read(oldGroup.get().getDN(), "member")).contains(account)) {
      server.modify(
          oldGroup.get().getDN(), new Modification(ModificationType.ADD, "member", member));
      memberOf.link(oldGroup.get().getParsedDN(), List.of(), List.of(account));
      journal.written(oldGroup.get().getParsedDN());
    }
    membersChanged(List.of(account));
  }

  /**
   * The content rules for a modify: each attribute given values must be allowed by the classes the
   * object has after the modify (a change of objectClass adds or removes auxiliary classes, and
   * then every attribute the object keeps is checked). The object is read only when there is
   * something to check.
   *
   * @param current the object as the caller already read it, or null
   */
  private void requireAllowed(DN dn, List<Modification> mods, Entry current) throws LDAPException {
    List<String> written = new ArrayList<>();
    boolean classesChanged = false;
    for (Modification m : mods) {
      if (m.getAttributeName().equalsIgnoreCase("objectClass")) {
        classesChanged = true;
      } else if (m.getModificationType() != ModificationType.DELETE && m.hasValue()) {
        written.add(m.getAttributeName());
      }
    }
    if (written.isEmpty() && !classesChanged) {
      return;
    }
    Entry before = current != null ? current : existing(dn);
    Entry after = classesChanged ? Entry.applyModifications(before, true, mods) : before;
    String[] classes = after.getObjectClassValues();
    if (classes == null) {
      return; // the server answers: an object needs its classes
    }
    constraints.requireAllowedAttributes(
        dn.toString(), Arrays.asList(classes), classesChanged ? attributeNames(after) : written);
  }

  private static List<String> attributeNames(Entry e) {
    List<String> names = new ArrayList<>();
    for (Attribute a : e.getAttributes()) {
      names.add(a.getName());
    }
    return names;
  }

  /**
   * The content rules for a rename: the attribute of the new RDN must be allowed by the object's
   * classes (its value becomes an attribute value of the object).
   */
  void checkNewRdn(DN dn, String newRdn) throws LDAPException {
    RDN rdn = new RDN(newRdn);
    Entry target = read(dn.toString(), "objectClass");
    if (target == null || target.getObjectClassValues() == null) {
      return; // the server answers noSuchObject
    }
    List<AdSchemaCatalog.ClassDef> chain = structuralChain(target);
    if (!chain.isEmpty() && dn.getParent() != null) {
      constraints.checkName(rdn, chain.get(0), dn.getParent().toString());
    }
    if (!checksAllowedAttributes
        || (dn.getRDN() != null && sameTypes(dn.getRDN().getAttributeNames(), rdn))) {
      return; // the object holds the RDN's attribute already: its classes allow it
    }
    constraints.requireAllowedAttributes(
        dn.toString(),
        Arrays.asList(target.getObjectClassValues()),
        Arrays.asList(rdn.getAttributeNames()));
  }

  private static boolean sameTypes(String[] names, RDN rdn) {
    String[] other = rdn.getAttributeNames();
    if (names.length != other.length) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equalsIgnoreCase(other[i])) {
        return false;
      }
    }
    return true;
  }

  /** The structure rules for a move of {@code dn} under {@code newParent} by a client. */
  void checkNewSuperior(DN dn, DN newParent, Session session) throws LDAPException {
    if (session.isSystem()) {
      return;
    }
    Entry target = read(dn.toString(), "objectClass");
    Entry parent = read(newParent.toString(), "objectClass");
    if (target == null || parent == null) {
      return; // the server answers noSuchObject
    }
    List<AdSchemaCatalog.ClassDef> auxiliary = new ArrayList<>();
    for (String oc : target.getObjectClassValues()) {
      catalog.klass(oc).filter(c -> c.category() == 3).ifPresent(auxiliary::add);
    }
    constraints.requirePossibleSuperior(parent, structuralChain(target), auxiliary);
  }

  /** Modified attributes the write-property check covers (not the password or descriptor). */
  private void checkWriteProperties(Entry current, List<Modification> requested, Session session)
      throws LDAPException {
    SecurityToken token = requireToken(session, current.getParsedDN());
    Optional<SecurityDescriptor> sd = AdSecurity.descriptor(current);
    Optional<AdSchemaCatalog.ClassDef> cls = structuralClass(current);
    if (sd.isEmpty() || cls.isEmpty()) {
      return;
    }
    List<AdSchemaCatalog.AttributeDef> attrs = new ArrayList<>();
    for (Modification m : requested) {
      String attr = AdSchemaCatalog.key(m.getAttributeName());
      if (attr.equals("unicodepwd") || attr.equals("ntsecuritydescriptor")) {
        continue;
      }
      catalog.attribute(m.getAttributeName()).ifPresent(attrs::add);
    }
    if (!attrs.isEmpty()
        && !AdSecurity.notWritable(sd.get(), AdSecurity.forObject(token, current), cls.get(), attrs)
            .isEmpty()) {
      throw AdSecurity.insufficientAccess();
    }
  }

  /**
   * A write of nTSecurityDescriptor (MS-ADTS 3.1.1.3.4.1.11, 3.1.1.5.3): only the parts named by
   * the SD flags change, each needing its right (WRITE_OWNER for owner and group, WRITE_DAC for the
   * DACL, SeSecurityPrivilege for the SACL); explicit ACEs are sorted as a DC sorts them and the
   * inherited ones recomputed from the parent. A delete of the attribute (or of a value) is refused
   * with unwillingToPerform, as Samba does ("MOD_DELETE for nTSecurityDescriptor not supported");
   * an add is taken as a replace of the single value.
   */
  private Modification writeDescriptor(Entry current, Modification m, Session session)
      throws LDAPException {
    if (m.getModificationType() == ModificationType.DELETE) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          AdDiagnostics.serviceError(
              AdDiagnostics.ERROR_GEN_FAILURE, 0x031A12D2, 5003, "WILL_NOT_PERFORM"));
    }
    if (m.getValues().length != 1) {
      throw new LDAPException(
          ResultCode.CONSTRAINT_VIOLATION,
          "nTSecurityDescriptor is single-valued: write exactly one value");
    }
    SecurityDescriptor written = parseDescriptor(m.getValueByteArrays()[0]);
    Optional<SecurityDescriptor> stored = AdSecurity.descriptor(current);
    int parts = AdSecurity.presentParts(written, session.sdFlags());
    if (stored.isEmpty()) {
      return new Modification(ModificationType.REPLACE, "nTSecurityDescriptor", written.toBytes());
    }
    if (enforced(session) && parts != 0) {
      SecurityToken token =
          AdSecurity.forObject(requireToken(session, current.getParsedDN()), current);
      if (!AccessCheck.check(stored.get(), token, AdSecurity.rightsToWrite(parts)).isGranted()) {
        throw AdSecurity.insufficientAccess();
      }
    }
    // an owner or group the SD flags name (no control names all four) but the written descriptor
    // leaves out is defaulted from the writer, as for a new object (Samba sec_descriptor
    // test_209: an admin's DACL-only write makes Domain Admins the owner)
    int defaulted =
        session.sdFlags()
            & (AdSecurity.OWNER | AdSecurity.GROUP)
            & ~AdSecurity.presentParts(written, AdSecurity.ALL_PARTS);
    SecurityDescriptor next;
    if (defaulted == 0) {
      next =
          DescriptorInheritance.applyWrite(
              parentDescriptor(current.getParsedDN()),
              stored.get(),
              AdSecurity.writtenParts(written, parts),
              objectTypes(current),
              true);
    } else {
      DN dn = current.getParsedDN();
      AdSecurity.Creator writer = creator(session, dn);
      next =
          DescriptorInheritance.applyWrite(
              parentDescriptor(dn),
              stored.get(),
              written,
              parts | defaulted,
              objectTypes(current),
              true,
              new DefaultOwnerGroup(writer.owner(), writer.group()));
    }
    if ((parts & AdSecurity.DACL) != 0) {
      next = AdSecurity.sortExplicit(next);
    }
    return new Modification(ModificationType.REPLACE, "nTSecurityDescriptor", next.toBytes());
  }

  private Modification pwdLastSet(Modification m) throws LDAPException {
    if (m.getModificationType() != ModificationType.REPLACE || m.getValues().length != 1) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM, "pwdLastSet takes a replace with one value, 0 or -1");
    }
    String v = m.getValues()[0];
    if (v.equals("-1")) {
      return new Modification(ModificationType.REPLACE, "pwdLastSet", Long.toString(fileTimeNow()));
    }
    if (!v.equals("0")) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          "pwdLastSet can only be set to 0 (must change password) or -1 (now), not " + v);
    }
    return m;
  }

  private List<Modification> passwordReset(Entry account, Modification m, Session session)
      throws LDAPException {
    requireEncryption(session);
    requireControlAccess(account, AdSecurity.RESET_PASSWORD, session);
    if (m.getValues().length != 1) {
      throw passwordConstraint("a password reset replaces unicodePwd with exactly one value");
    }
    char[] clear = decodeUnicodePwd(m.getValueByteArrays()[0]);
    try {
      checkNewPassword(session, clear, account.getAttributeValue("sAMAccountName"));
      return storePassword(clear);
    } finally {
      Arrays.fill(clear, '\0');
    }
  }

  private List<Modification> passwordChange(
      Entry account, Modification delete, Modification add, Session session) throws LDAPException {
    requireEncryption(session);
    requireControlAccess(account, AdSecurity.CHANGE_PASSWORD, session);
    if (delete.getValues().length != 1 || add.getValues().length != 1) {
      throw passwordConstraint("a password change deletes the old value and adds the new one");
    }
    char[] old = decodeUnicodePwd(delete.getValueByteArrays()[0]);
    char[] clear = decodeUnicodePwd(add.getValueByteArrays()[0]);
    try {
      if (!passwordMatches(account, old)) {
        throw new LDAPException(
            ResultCode.CONSTRAINT_VIOLATION,
            AdDiagnostics.attributeError(
                AdDiagnostics.ERROR_INVALID_PASSWORD, 0x03190F80, ATT_UNICODE_PWD, "unicodePwd"));
      }
      checkNewPassword(session, clear, account.getAttributeValue("sAMAccountName"));
      return storePassword(clear);
    } finally {
      Arrays.fill(old, '\0');
      Arrays.fill(clear, '\0');
    }
  }

  private List<Modification> storePassword(char[] clear) {
    return List.of(
        new Modification(
            ModificationType.REPLACE,
            "unicodePwd",
            new String(clear).getBytes(StandardCharsets.UTF_8)),
        new Modification(ModificationType.REPLACE, "pwdLastSet", Long.toString(fileTimeNow())));
  }

  private void requireControlAccess(Entry target, UUID right, Session session)
      throws LDAPException {
    if (!enforced(session)) {
      return;
    }
    SecurityToken token = AdSecurity.forObject(requireToken(session, target.getParsedDN()), target);
    Optional<SecurityDescriptor> sd = AdSecurity.descriptor(target);
    Optional<AdSchemaCatalog.ClassDef> cls = structuralClass(target);
    if (sd.isPresent()
        && cls.isPresent()
        && !AccessCheck.hasControlAccess(sd.get(), token, cls.get().schemaIdGuid(), right)) {
      throw AdSecurity.insufficientAccess();
    }
  }

  private void requireEncryption(Session session) throws LDAPException {
    if (!session.encrypted() && config.has(AdFeature.PASSWORDS_REQUIRE_ENCRYPTION)) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          AdDiagnostics.serviceError(
                  AdDiagnostics.ERROR_GEN_FAILURE, 0x031A12D2, 5003, "WILL_NOT_PERFORM")
              + ": a password is written only over an encrypted connection (LDAPS or StartTLS)");
    }
  }

  private void checkNewPassword(Session session, char[] clear, String accountName)
      throws LDAPException {
    requireEncryption(session);
    if (config.has(AdFeature.PASSWORD_POLICY) && policy.violation(clear, accountName).isPresent()) {
      throw passwordConstraint(null);
    }
  }

  private static LDAPException passwordConstraint(String detail) {
    String message =
        AdDiagnostics.attributeError(
            AdDiagnostics.ERROR_PASSWORD_RESTRICTION, 0x03191083, ATT_UNICODE_PWD, "unicodePwd");
    return new LDAPException(ResultCode.CONSTRAINT_VIOLATION, message);
  }

  /** Decodes a unicodePwd value: the password in double quotes, UTF-16LE (MS-ADTS 3.1.1.3.1.5). */
  static char[] decodeUnicodePwd(byte[] value) throws LDAPException {
    String s;
    try {
      s =
          StandardCharsets.UTF_16LE
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value))
              .toString();
    } catch (CharacterCodingException e) {
      throw passwordConstraint("not UTF-16LE");
    }
    if (value.length % 2 != 0 || s.length() < 2 || s.charAt(0) != '"' || !s.endsWith("\"")) {
      throw passwordConstraint("not a quoted password");
    }
    return s.substring(1, s.length() - 1).toCharArray();
  }

  /** Encodes a password as a unicodePwd value. */
  static byte[] encodeUnicodePwd(char[] password) {
    return ('"' + new String(password) + '"').getBytes(StandardCharsets.UTF_16LE);
  }

  private boolean passwordMatches(Entry account, char[] password) {
    if (!account.hasAttribute("unicodePwd")) {
      return false;
    }
    return !server
        .getPasswordsInEntry(
            account, new ASN1OctetString(new String(password).getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }

  // ---------------------------------------------------------------- uniqueness

  /**
   * sAMAccountName is unique within a domain, userPrincipalName within the forest (MS-ADTS
   * 3.1.1.5.2.2).
   */
  private void checkUniqueAccountNames(
      DN dn, AdDomain domain, Optional<String> sam, Optional<String> upn) throws LDAPException {
    if (!config.has(AdFeature.UNIQUE_ACCOUNT_NAMES) || server == null) {
      return;
    }
    switch (accountNames.claim(dn, domain, sam, upn)) {
      case ACCOUNT_NAME ->
          throw new LDAPException(
              ResultCode.ENTRY_ALREADY_EXISTS,
              AdDiagnostics.updateError(
                  AdDiagnostics.ERROR_USER_EXISTS, 0x031A11E4, 6005, "ENTRY_EXISTS"));
      case PRINCIPAL_NAME ->
          throw new LDAPException(
              ResultCode.CONSTRAINT_VIOLATION,
              AdDiagnostics.attributeError(
                  AdDiagnostics.ERROR_DS_UPN_VALUE_NOT_UNIQUE_IN_FOREST,
                  0x03200BBA,
                  ATT_USER_PRINCIPAL_NAME,
                  "userPrincipalName"));
      case NONE -> {
        // claimed until addFinished/modifyFinished
      }
    }
  }

  /**
   * An add prepared by {@link #prepareAdd} has its result, whether it came over LDAP or from a
   * seeding helper: the account names it claimed become its own or are free again, and a written
   * object is journaled and linked (memberOf of its members).
   */
  void addFinished(Entry added, boolean succeeded) throws LDAPException {
    DN dn = ParsedDns.parse(added.getDN());
    if (accountNames != null) {
      Optional<String> sam = Optional.ofNullable(added.getAttributeValue("sAMAccountName"));
      Optional<String> upn = Optional.ofNullable(added.getAttributeValue("userPrincipalName"));
      if (succeeded) {
        accountNames.confirm(dn, domainFor(dn), sam, upn);
      } else {
        accountNames.release(dn, domainFor(dn), sam, upn);
      }
    }
    if (!succeeded) {
      return;
    }
    journal.written(dn);
    // a new group changes only its members' tokens (it has no memberOf yet); a token whose
    // primary group was missing is dropped with every change of members (TokenCache.Held)
    linkMembers(dn, Set.of(), members(added));
  }

  /**
   * A modify prepared by {@link #prepareModify} has its result: the names it claimed become the
   * object's or are free again. The names it replaced or removed stay in the table until another
   * object claims one of them ({@link AccountNames}: the directory is asked then).
   */
  void modifyFinished(DN dn, List<Modification> mods, boolean succeeded) throws LDAPException {
    if (accountNames == null) {
      return;
    }
    NamesWritten names = NamesWritten.in(mods);
    if (!names.touched()) {
      return;
    }
    if (succeeded) {
      accountNames.confirm(dn, domainFor(dn), names.sam(), names.upn());
    } else {
      accountNames.release(dn, domainFor(dn), names.sam(), names.upn());
    }
  }

  /**
   * The account names a modify writes: the sAMAccountName and userPrincipalName values it adds or
   * replaces (what {@link #prepareModify} claims), and whether it touches either attribute at all.
   */
  private record NamesWritten(Optional<String> sam, Optional<String> upn, boolean touched) {
    static NamesWritten in(List<Modification> mods) {
      Optional<String> sam = Optional.empty();
      Optional<String> upn = Optional.empty();
      boolean touched = false;
      for (Modification m : mods) {
        String attr = AdSchemaCatalog.key(m.getAttributeName());
        if (!attr.equals("samaccountname") && !attr.equals("userprincipalname")) {
          continue;
        }
        touched = true;
        if (m.getModificationType() != ModificationType.DELETE && m.hasValue()) {
          if (attr.equals("samaccountname")) {
            sam = Optional.of(m.getValues()[0]);
          } else {
            upn = Optional.of(m.getValues()[0]);
          }
        }
      }
      return new NamesWritten(sam, upn, touched);
    }
  }

  /**
   * An object (or with the tree delete control, a subtree) was deleted; {@code names} are the
   * object's sAMAccountName and userPrincipalName as read before the delete.
   */
  void deleted(DN dn, Entry names) throws LDAPException {
    if (accountNames == null) {
      return;
    }
    // below a deleted subtree, the names stay in the table until claimed (AccountNames asks the
    // directory then)
    if (names != null) {
      accountNames.drop(
          dn,
          domainFor(dn),
          Optional.ofNullable(names.getAttributeValue("sAMAccountName")),
          Optional.ofNullable(names.getAttributeValue("userPrincipalName")));
    }
  }

  /** A snapshot was restored: account names are read again on next use. */
  void accountNamesChanged() {
    if (accountNames != null) {
      accountNames.forget();
    }
  }

  /** Every object of the forest's domains with a sAMAccountName or userPrincipalName. */
  private void readAccountNames(AccountNames.Loader into) throws LDAPException {
    for (SearchResultEntry hit :
        server
            .search(
                domainDn.toString(),
                SearchScope.SUB,
                Filter.createORFilter(
                    Filter.createPresenceFilter("sAMAccountName"),
                    Filter.createPresenceFilter("userPrincipalName")),
                "sAMAccountName",
                "userPrincipalName")
            .getSearchEntries()) {
      DN dn = hit.getParsedDN();
      Optional<AdDomain> domain = domainOf(dn);
      if (domain.isPresent()) {
        into.add(
            dn,
            domain.get(),
            Optional.ofNullable(hit.getAttributeValue("sAMAccountName")),
            Optional.ofNullable(hit.getAttributeValue("userPrincipalName")));
      }
    }
  }

  /**
   * Whether an object other than {@code self} holds the name: in {@code domain} for a
   * sAMAccountName, in any domain for a userPrincipalName (an indexed search of the directory).
   */
  private boolean heldByAnother(AdDomain domain, String attribute, String value, String self)
      throws LDAPException {
    for (SearchResultEntry hit :
        server
            .search(
                domainDn.toString(),
                SearchScope.SUB,
                Filter.createEqualityFilter(attribute, value),
                "1.1")
            .getSearchEntries()) {
      DN dn = hit.getParsedDN();
      Optional<AdDomain> in = domainOf(dn);
      if (!dn.toNormalizedString().equals(self)
          && in.isPresent()
          && (domain == null || in.get().equals(domain))) {
        return true;
      }
    }
    return false;
  }

  /** The attribute id of sAMAccountName, for messages. */
  static int samAccountNameAttributeId() {
    return ATT_SAM_ACCOUNT_NAME;
  }

  // ---------------------------------------------------------------- bind

  /**
   * Resolves the name of a simple bind (a DN, {@code user@upn-suffix} or {@code DOMAIN\sam}) to the
   * account's DN and checks the password and the account state, throwing AD's bind error.
   */
  DN authenticate(String name, byte[] password) throws LDAPException {
    Entry account =
        findAccount(name).orElseThrow(() -> bindFailure(AdDiagnostics.BIND_INVALID_CREDENTIALS));
    if (!passwordMatches(account, new String(password, StandardCharsets.UTF_8).toCharArray())) {
      throw bindFailure(AdDiagnostics.BIND_INVALID_CREDENTIALS);
    }
    if (config.has(AdFeature.ACCOUNT_STATE_ON_BIND)) {
      int uac =
          account.hasAttribute("userAccountControl")
              ? account.getAttributeValueAsInteger("userAccountControl")
              : 0;
      if ((uac & UF_ACCOUNTDISABLE) != 0) {
        throw bindFailure(AdDiagnostics.BIND_ACCOUNT_DISABLED);
      }
      String lockout = account.getAttributeValue("lockoutTime");
      if (lockout != null && !lockout.equals("0")) {
        throw bindFailure(AdDiagnostics.BIND_ACCOUNT_LOCKED_OUT);
      }
      if ("0".equals(account.getAttributeValue("pwdLastSet"))) {
        throw bindFailure(AdDiagnostics.BIND_PASSWORD_MUST_CHANGE);
      }
    }
    return account.getParsedDN();
  }

  /**
   * What an account may do to an object, without doing it: WRITE_PROPERTY on attributes, or a
   * control access right. For {@link AdAssertions}.
   *
   * @param accountName a DN, UPN or DOMAIN\sam
   * @param objectDn the object
   * @param attributes the attributes to write (empty when {@code right} is given)
   * @param right the control access right, if that is the question
   * @return true if allowed
   * @throws LDAPException if the account, the object or an attribute is unknown
   */
  boolean mayDo(String accountName, String objectDn, List<String> attributes, Optional<UUID> right)
      throws LDAPException {
    Entry account =
        findAccount(accountName)
            .orElseThrow(
                () ->
                    new LDAPException(
                        ResultCode.NO_SUCH_OBJECT,
                        "no account named "
                            + accountName
                            + "; give its DN, UPN or DOMAIN\\sAMAccountName"));
    Entry target = existing(new DN(objectDn));
    SecurityDescriptor sd =
        AdSecurity.descriptor(target)
            .orElseThrow(
                () ->
                    new LDAPException(
                        ResultCode.NO_SUCH_ATTRIBUTE, objectDn + " has no nTSecurityDescriptor"));
    AdSchemaCatalog.ClassDef cls =
        structuralClass(target)
            .orElseThrow(
                () ->
                    new LDAPException(
                        ResultCode.OBJECT_CLASS_VIOLATION,
                        objectDn + " has no structural class of this schema"));
    SecurityToken token = AdSecurity.forObject(token(account, target.getParsedDN()), target);
    if (right.isPresent()) {
      return AccessCheck.hasControlAccess(sd, token, cls.schemaIdGuid(), right.get());
    }
    List<AdSchemaCatalog.AttributeDef> defs = new ArrayList<>();
    for (String a : attributes) {
      defs.add(
          catalog
              .attribute(a)
              .orElseThrow(
                  () ->
                      new LDAPException(
                          ResultCode.UNDEFINED_ATTRIBUTE_TYPE,
                          "no attribute " + a + " in this forest's schema")));
    }
    return AdSecurity.notWritable(sd, token, cls, defs).isEmpty();
  }

  private Optional<Entry> findAccount(String name) throws LDAPException {
    if (name.indexOf('\\') > 0) {
      Optional<AdDomain> domain = domainNamed(name.substring(0, name.indexOf('\\')));
      String sam = name.substring(name.indexOf('\\') + 1);
      if (domain.isEmpty()) {
        return Optional.empty();
      }
      return single(domain.get(), Filter.createEqualityFilter("sAMAccountName", sam));
    }
    if (DN.isValidDN(name) && name.contains("=")) {
      return Optional.ofNullable(read(name));
    }
    if (name.indexOf('@') > 0) {
      Optional<Entry> byUpn = single(Filter.createEqualityFilter("userPrincipalName", name));
      if (byUpn.isPresent()) {
        return byUpn;
      }
      String suffix = name.substring(name.lastIndexOf('@') + 1);
      Optional<AdDomain> domain =
          domains.stream().filter(d -> d.dnsName().equalsIgnoreCase(suffix)).findFirst();
      if (domain.isPresent()) {
        // the implicit UPN sAMAccountName@dnsDomain (MS-ADTS 5.1.1.1.1)
        return single(
            domain.get(),
            Filter.createEqualityFilter(
                "sAMAccountName", name.substring(0, name.lastIndexOf('@'))));
      }
    }
    return Optional.empty();
  }

  /** The one entry of the forest's domains matching {@code filter}, if exactly one does. */
  private Optional<Entry> single(Filter filter) throws LDAPException {
    List<SearchResultEntry> hits =
        server.search(domainDn.toString(), SearchScope.SUB, filter).getSearchEntries();
    return hits.size() == 1 ? Optional.of(hits.get(0)) : Optional.empty();
  }

  /** The one entry of {@code domain} (not of its child domains) matching {@code filter}. */
  private Optional<Entry> single(AdDomain domain, Filter filter) throws LDAPException {
    List<Entry> hits = new ArrayList<>();
    for (SearchResultEntry e :
        server.search(domain.dn().toString(), SearchScope.SUB, filter).getSearchEntries()) {
      if (domainOf(e.getParsedDN()).equals(Optional.of(domain))) {
        hits.add(e);
      }
    }
    return hits.size() == 1 ? Optional.of(hits.get(0)) : Optional.empty();
  }

  private static LDAPException bindFailure(int subError) {
    return new LDAPException(ResultCode.INVALID_CREDENTIALS, AdDiagnostics.bindError(subError));
  }

  /** The stored entry, or noSuchObject. */
  Entry entry(String dn) throws LDAPException {
    return existing(new DN(dn));
  }

  private Entry existing(DN dn) throws LDAPException {
    Entry e = read(dn.toString());
    if (e == null) {
      throw noSuchObject(dn);
    }
    return e;
  }

  /**
   * AD's noSuchObject for {@code dn}: {@code 0000208D: NameErr ... best match of:} the nearest
   * ancestor that exists, which is also the matched DN.
   */
  private LDAPException noSuchObject(DN dn) {
    DN best = dn.getParent();
    while (best != null && !best.isNullDN() && !exists(best.toString())) {
      best = best.getParent();
    }
    String stored = best == null || best.isNullDN() ? null : storedName(best.toString());
    String match = stored != null ? stored : best == null ? "" : best.toString();
    return new LDAPException(
        ResultCode.NO_SUCH_OBJECT, AdDiagnostics.nameError(match), match, null);
  }

  // ---------------------------------------------------------------- time

  String generalizedTime() {
    return GENERALIZED_TIME.format(config.clock().instant());
  }

  long fileTimeNow() {
    Instant now = config.clock().instant();
    return (now.getEpochSecond() + FILETIME_EPOCH_OFFSET_SECONDS) * 10_000_000L
        + now.getNano() / 100;
  }
}
