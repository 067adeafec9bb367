package org.adwriteback.testkit;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.adwriteback.security.GuidBytes;
import org.adwriteback.security.SddlContext;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.Sid;

/**
 * The AD behaviour of the testkit, shared by the LDAP interceptor and the seeding helpers so that
 * both take the same path: what the directory adds to a new object (MS-ADTS 3.1.1.5.2.1-2:
 * objectGUID, objectSid from the RID pool, whenCreated, uSNCreated, objectCategory, instanceType,
 * account defaults), the unicodePwd rules (MS-ADTS 3.1.1.3.1.5), account-name uniqueness, and the
 * name forms and account checks of a simple bind (MS-ADTS 5.1.1.1.1).
 */
final class AdEngine {

  /** Who performs an operation: the connection, whether it is encrypted, and the bound DN. */
  record Session(long connectionId, boolean encrypted, Optional<DN> boundDn) {
    /** The testkit itself (seeding helpers and the initial forest). */
    static final Session SYSTEM = new Session(-1, true, Optional.empty());

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
      Set.of("objectguid", "objectsid", "usncreated", "usnchanged", "whencreated", "whenchanged");

  private final AdConfiguration config;
  private final AdSchemaCatalog catalog;
  private final String domainSid;
  private final DN domainDn;
  private final DN configDn;
  private final DN schemaDn;
  private final PasswordPolicy policy = PasswordPolicy.DEFAULT;
  private final AtomicLong usn = new AtomicLong(4096);
  private final AtomicLong nextRid = new AtomicLong(1103);
  private final Map<Long, DN> boundDns = new ConcurrentHashMap<>();
  private final Object accountNameLock = new Object();
  private volatile InMemoryDirectoryServer server;

  AdEngine(AdConfiguration config, AdSchemaCatalog catalog, String domainSid) throws LDAPException {
    this.config = config;
    this.catalog = catalog;
    this.domainSid = domainSid;
    this.domainDn = new DN(config.domainDn());
    this.configDn = new DN("CN=Configuration," + config.domainDn());
    this.schemaDn = new DN("CN=Schema," + configDn);
  }

  void attach(InMemoryDirectoryServer server) {
    this.server = server;
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
    return new long[] {usn.get(), nextRid.get()};
  }

  void restoreCounters(long[] counters) {
    usn.set(counters[0]);
    nextRid.set(counters[1]);
  }

  /** Returns the naming context a DN belongs to (schema, configuration or domain). */
  DN namingContextOf(DN dn) {
    if (dn.isDescendantOf(schemaDn, true)) {
      return schemaDn;
    }
    if (dn.isDescendantOf(configDn, true)) {
      return configDn;
    }
    return domainDn;
  }

  // ---------------------------------------------------------------- connections

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
    Entry e = requested.duplicate();
    DN dn = e.getParsedDN();
    if (!session.isSystem()) {
      for (Attribute a : e.getAttributes()) {
        if (DIRECTORY_OWNED.contains(AdSchemaCatalog.key(a.getBaseName()))) {
          throw new LDAPException(
              ResultCode.UNWILLING_TO_PERFORM,
              a.getBaseName()
                  + " is maintained by the directory and cannot be given in an add; remove it");
        }
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
    RDN rdn = dn.getRDN();
    if (rdn != null) {
      for (int i = 0; i < rdn.getAttributeNames().length; i++) {
        if (!e.hasAttributeValue(rdn.getAttributeNames()[i], rdn.getAttributeValues()[i])) {
          e.addAttribute(rdn.getAttributeNames()[i], rdn.getAttributeValues()[i]);
        }
      }
      e.setAttribute("name", rdn.getAttributeValues()[0]);
    }
    e.setAttribute("distinguishedName", dn.toString());
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
        e.setAttribute("objectSid", Sids.toBytes(domainSid + "-" + nextRid.getAndIncrement()));
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
    if (isGroup) {
      int groupType =
          e.hasAttribute("groupType")
              ? e.getAttributeValueAsInteger("groupType")
              : 0x80000002; // global security group
      e.setAttribute("groupType", Integer.toString(groupType));
      boolean security = (groupType & 0x80000000) != 0;
      boolean local = (groupType & 0x5) != 0;
      e.setAttribute(
          "sAMAccountType",
          Integer.toString((local ? 0x20000000 : 0x10000000) + (security ? 0 : 1)));
    }
    if (isUser || isGroup) {
      checkUniqueAccountNames(
          Optional.empty(),
          Optional.ofNullable(e.getAttributeValue("sAMAccountName")),
          Optional.ofNullable(e.getAttributeValue("userPrincipalName")));
    }
    if (!e.hasAttribute("nTSecurityDescriptor")) {
      defaultSecurityDescriptor(structural)
          .ifPresent(sd -> e.setAttribute("nTSecurityDescriptor", sd));
    }
    return e;
  }

  /**
   * The class's defaultSecurityDescriptor (MS-ADTS 6.1.3) as stored bytes, with owner and group
   * Domain Admins / Domain Users when the SDDL names none. Inheritance from the parent is not
   * applied yet: that comes with the access-check engine.
   */
  private Optional<byte[]> defaultSecurityDescriptor(AdSchemaCatalog.ClassDef c) {
    return c.defaultSecurityDescriptor()
        .map(
            sddl -> {
              String full = sddl.startsWith("O:") ? sddl : "O:DAG:DU" + sddl;
              return SecurityDescriptor.fromSddl(full, SddlContext.of(Sid.parse(domainSid)))
                  .toBytes();
            });
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
    List<Modification> out = new ArrayList<>();
    Entry current = null;
    for (int i = 0; i < requested.size(); i++) {
      Modification m = requested.get(i);
      String attr = AdSchemaCatalog.key(m.getAttributeName());
      if (DIRECTORY_OWNED.contains(attr) && !session.isSystem()) {
        throw new LDAPException(
            ResultCode.UNWILLING_TO_PERFORM,
            m.getAttributeName() + " is maintained by the directory and cannot be modified");
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
                    AdDiagnostics.ERROR_GEN_FAILURE, 0x031A12D2, 5003, "WILL_NOT_PERFORM"));
          }
        }
        case "pwdlastset" -> out.add(pwdLastSet(m));
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
        case "samaccountname", "userprincipalname" -> {
          if (m.getModificationType() != ModificationType.DELETE && m.hasValue()) {
            checkUniqueAccountNames(
                Optional.of(dn),
                attr.equals("samaccountname") ? Optional.of(m.getValues()[0]) : Optional.empty(),
                attr.equals("userprincipalname")
                    ? Optional.of(m.getValues()[0])
                    : Optional.empty());
          }
          out.add(m);
        }
        default -> out.add(m);
      }
    }
    out.add(new Modification(ModificationType.REPLACE, "whenChanged", generalizedTime()));
    out.add(
        new Modification(
            ModificationType.REPLACE, "uSNChanged", Long.toString(usn.incrementAndGet())));
    return out;
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

  private void requireEncryption(Session session) throws LDAPException {
    if (!session.encrypted() && config.has(AdFeature.PASSWORDS_REQUIRE_ENCRYPTION)) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          AdDiagnostics.serviceError(
              AdDiagnostics.ERROR_GEN_FAILURE, 0x031A12D2, 5003, "WILL_NOT_PERFORM"));
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

  private void checkUniqueAccountNames(
      Optional<DN> self, Optional<String> sam, Optional<String> upn) throws LDAPException {
    if (!config.has(AdFeature.UNIQUE_ACCOUNT_NAMES) || server == null) {
      return;
    }
    synchronized (accountNameLock) {
      if (sam.isPresent()
          && taken(self, Filter.createEqualityFilter("sAMAccountName", sam.get()))) {
        throw new LDAPException(
            ResultCode.ENTRY_ALREADY_EXISTS,
            AdDiagnostics.updateError(
                AdDiagnostics.ERROR_USER_EXISTS, 0x031A11E4, 6005, "ENTRY_EXISTS"));
      }
      if (upn.isPresent()
          && taken(self, Filter.createEqualityFilter("userPrincipalName", upn.get()))) {
        throw new LDAPException(
            ResultCode.CONSTRAINT_VIOLATION,
            AdDiagnostics.attributeError(
                AdDiagnostics.ERROR_DS_UPN_VALUE_NOT_UNIQUE_IN_FOREST,
                0x03200BBA,
                ATT_USER_PRINCIPAL_NAME,
                "userPrincipalName"));
      }
    }
  }

  private boolean taken(Optional<DN> self, Filter filter) throws LDAPException {
    for (SearchResultEntry hit :
        server.search(domainDn.toString(), SearchScope.SUB, filter, "1.1").getSearchEntries()) {
      if (self.isEmpty() || !hit.getParsedDN().equals(self.get())) {
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

  private Optional<Entry> findAccount(String name) throws LDAPException {
    if (name.indexOf('\\') > 0) {
      String domain = name.substring(0, name.indexOf('\\'));
      String sam = name.substring(name.indexOf('\\') + 1);
      if (!domain.equalsIgnoreCase(config.netbiosName())
          && !domain.equalsIgnoreCase(config.dnsName())) {
        return Optional.empty();
      }
      return single(Filter.createEqualityFilter("sAMAccountName", sam));
    }
    if (DN.isValidDN(name) && name.contains("=")) {
      return Optional.ofNullable(server.getEntry(name));
    }
    if (name.indexOf('@') > 0) {
      Optional<Entry> byUpn = single(Filter.createEqualityFilter("userPrincipalName", name));
      if (byUpn.isPresent()) {
        return byUpn;
      }
      String suffix = name.substring(name.lastIndexOf('@') + 1);
      if (suffix.equalsIgnoreCase(config.dnsName())) {
        // the implicit UPN sAMAccountName@dnsDomain (MS-ADTS 5.1.1.1.1)
        return single(
            Filter.createEqualityFilter(
                "sAMAccountName", name.substring(0, name.lastIndexOf('@'))));
      }
    }
    return Optional.empty();
  }

  private Optional<Entry> single(Filter filter) throws LDAPException {
    List<SearchResultEntry> hits =
        server.search(domainDn.toString(), SearchScope.SUB, filter).getSearchEntries();
    return hits.size() == 1 ? Optional.of(hits.get(0)) : Optional.empty();
  }

  private static LDAPException bindFailure(int subError) {
    return new LDAPException(ResultCode.INVALID_CREDENTIALS, AdDiagnostics.bindError(subError));
  }

  private Entry existing(DN dn) throws LDAPException {
    Entry e = server.getEntry(dn.toString());
    if (e == null) {
      throw new LDAPException(
          ResultCode.NO_SUCH_OBJECT, "no object " + dn, namingContextOf(dn).toString(), null);
    }
    return e;
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
