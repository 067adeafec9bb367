package org.adwriteback.testkit;

import com.unboundid.asn1.ASN1Element;
import com.unboundid.asn1.ASN1Exception;
import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.adwriteback.security.AccessCheck;
import org.adwriteback.security.AccessCheckResult;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.Acl;
import org.adwriteback.security.ControlFlags;
import org.adwriteback.security.DefaultOwnerGroup;
import org.adwriteback.security.DescriptorInheritance;
import org.adwriteback.security.ObjectTypeTree;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.SecurityToken;
import org.adwriteback.security.Sid;

/**
 * Security descriptors and access checks of the testkit: the descriptor of a new object (MS-ADTS
 * 3.1.1.5.2.1 with MS-DTYP 2.5.3.4 inheritance), descriptor writes with the SD flags control
 * (MS-ADTS 3.1.1.3.4.1.11) and their re-propagation, the token of a bound account (MS-ADTS 5.1.1.4
 * / MS-DTYP 2.5.2: user, transitive groups through memberOf and primaryGroupID, well-known SIDs)
 * and the checks of MS-ADTS 3.1.1.5 (add, delete, modify, password rights, reads of the
 * descriptor).
 */
final class AdSecurity {

  /** User-Force-Change-Password (Reset Password), MS-ADTS 5.1.3.2.1. */
  static final UUID RESET_PASSWORD = UUID.fromString("00299570-246d-11d0-a768-00aa006e0529");

  /** User-Change-Password (Change Password), MS-ADTS 5.1.3.2.1. */
  static final UUID CHANGE_PASSWORD = UUID.fromString("ab721a53-1e2f-11d0-9819-00aa0040529b");

  /**
   * SD flags: OWNER_SECURITY_INFORMATION ... SACL_SECURITY_INFORMATION (MS-ADTS 3.1.1.3.4.1.11).
   */
  static final int OWNER = 0x1;

  static final int GROUP = 0x2;
  static final int DACL = 0x4;
  static final int SACL = 0x8;
  static final int ALL_PARTS = OWNER | GROUP | DACL | SACL;

  private static final int RID_DOMAIN_ADMINS = 512;
  private static final int RID_ENTERPRISE_ADMINS = 519;
  private static final int RID_DOMAIN_USERS = 513;

  /** The SIDs of a network logon that every token holds; tokenGroups leaves them out. */
  static final List<Sid> LOGON_SIDS =
      List.of(Sid.EVERYONE, Sid.NETWORK, Sid.AUTHENTICATED_USERS, Sid.of(5, 15));

  private final AdEngine engine;
  private final Sid enterpriseAdmins;
  private final Map<String, Optional<SecurityDescriptor>> classDefaults = new ConcurrentHashMap<>();

  AdSecurity(AdEngine engine) {
    this.engine = engine;
    this.enterpriseAdmins = engine.rootDomain().rid(RID_ENTERPRISE_ADMINS);
  }

  // ---------------------------------------------------------------- descriptors

  /**
   * The class's defaultSecurityDescriptor for objects of {@code domain}, parsed once per domain
   * ({@code DA} is the domain's Domain Admins, {@code EA} the forest root's Enterprise Admins).
   */
  Optional<SecurityDescriptor> classDefault(AdDomain domain, AdSchemaCatalog.ClassDef c) {
    return classDefaults.computeIfAbsent(
        domain.sid() + "/" + c.name(),
        k ->
            c.defaultSecurityDescriptor()
                .map(s -> SecurityDescriptor.fromSddl(s, domain.context())));
  }

  /** The object types inheritance matches: the structural class and the attached auxiliaries. */
  static List<UUID> objectTypes(
      AdSchemaCatalog.ClassDef structural, List<AdSchemaCatalog.ClassDef> auxiliaries) {
    List<UUID> out = new ArrayList<>();
    out.add(structural.schemaIdGuid());
    for (AdSchemaCatalog.ClassDef a : auxiliaries) {
      out.add(a.schemaIdGuid());
    }
    return out;
  }

  /**
   * The descriptor of a new object: the one given with the add overlaid on the class default, with
   * the ACEs inherited from the parent; owner and group default to the creator's (Domain Admins for
   * a member of Domain Admins or Enterprise Admins, else the creator; the creator's primary group).
   */
  SecurityDescriptor newObject(
      AdDomain domain,
      Optional<SecurityDescriptor> parent,
      AdSchemaCatalog.ClassDef structural,
      List<UUID> objectTypes,
      Optional<SecurityDescriptor> supplied,
      Creator creator) {
    if (supplied.isEmpty()) {
      // adds without a descriptor (nearly all) under the same parent give the same result
      NewObjectKey key =
          new NewObjectKey(domain.sid(), parent, structural.name(), objectTypes, creator);
      SecurityDescriptor cached = newObjects.get(key);
      if (cached == null) {
        cached = compute(domain, parent, structural, objectTypes, supplied, creator);
        if (newObjects.size() > CACHE_LIMIT) {
          newObjects.clear();
        }
        newObjects.put(key, cached);
      }
      return cached;
    }
    return compute(domain, parent, structural, objectTypes, supplied, creator);
  }

  private SecurityDescriptor compute(
      AdDomain domain,
      Optional<SecurityDescriptor> parent,
      AdSchemaCatalog.ClassDef structural,
      List<UUID> objectTypes,
      Optional<SecurityDescriptor> supplied,
      Creator creator) {
    SecurityDescriptor overlay =
        DescriptorInheritance.creatorDescriptor(supplied, classDefault(domain, structural));
    return DescriptorInheritance.createChild(
        parent, overlay, objectTypes, true, creator.owner(), creator.group());
  }

  private record NewObjectKey(
      String domainSid,
      Optional<SecurityDescriptor> parent,
      String className,
      List<UUID> types,
      Creator creator) {}

  private static final int CACHE_LIMIT = 512;
  private final Map<NewObjectKey, SecurityDescriptor> newObjects = new ConcurrentHashMap<>();
  private final Map<DN, ParsedDescriptor> parsed = new ConcurrentHashMap<>();

  private record ParsedDescriptor(byte[] bytes, SecurityDescriptor sd) {}

  /** The descriptor of a stored entry, parsed once per value (parents are read on every add). */
  Optional<SecurityDescriptor> storedDescriptor(Entry e) {
    if (e == null) {
      return Optional.empty();
    }
    byte[] b = e.getAttributeValueBytes("nTSecurityDescriptor");
    if (b == null) {
      return Optional.empty();
    }
    DN dn;
    try {
      dn = e.getParsedDN();
    } catch (LDAPException ex) {
      return Optional.of(SecurityDescriptor.fromBytes(b));
    }
    ParsedDescriptor p = parsed.get(dn);
    if (p != null && java.util.Arrays.equals(p.bytes(), b)) {
      return Optional.of(p.sd());
    }
    SecurityDescriptor sd = SecurityDescriptor.fromBytes(b);
    if (parsed.size() > CACHE_LIMIT) {
      parsed.clear();
    }
    parsed.put(dn, new ParsedDescriptor(b, sd));
    return Optional.of(sd);
  }

  /** Who creates an object: the default owner and group of the new descriptor. */
  record Creator(Sid owner, Sid group) {}

  /**
   * The creator of objects the testkit itself adds in {@code domain}: its Domain Admins and Domain
   * Users.
   */
  Creator systemCreator(AdDomain domain) {
    return new Creator(domain.rid(RID_DOMAIN_ADMINS), domain.rid(RID_DOMAIN_USERS));
  }

  /**
   * The creator for a bound account's token adding an object in {@code domain}, in the naming
   * context {@code context}: the default owner and group by {@link DefaultOwnerGroup} (the domain's
   * Domain Admins or the forest's Enterprise / Schema Admins when the token holds them, by naming
   * context; else the account; the group follows the owner at domain functional level 2008 and
   * later, else the primary group).
   */
  Creator creator(
      SecurityToken token,
      Sid primaryGroup,
      AdDomain domain,
      DefaultOwnerGroup.NamingContext context,
      int domainFunctionality) {
    DefaultOwnerGroup defaults =
        DefaultOwnerGroup.forCreator(
            token,
            primaryGroup,
            context,
            domain.rid(RID_DOMAIN_ADMINS).domain(),
            enterpriseAdmins.domain(),
            domainFunctionality);
    return new Creator(defaults.owner(), defaults.group());
  }

  /**
   * Sorts the explicit ACEs of the DACL as a DC does on write (MS-ADTS "ACE ordering rules"); the
   * inherited ACEs keep the parent's order.
   */
  static SecurityDescriptor sortExplicit(SecurityDescriptor sd) {
    Optional<Acl> dacl = sd.dacl();
    if (dacl.isEmpty()) {
      return sd;
    }
    List<Ace> explicit = dacl.get().explicitAces();
    List<Ace> sorted = new ArrayList<>(Acl.of(explicit).sortLikeDirectoryServer().aces());
    sorted.addAll(dacl.get().inheritedAces());
    return sorted.equals(dacl.get().aces())
        ? sd
        : sd.withDacl(Acl.of(dacl.get().revision(), sorted));
  }

  /**
   * Restricts a written descriptor to the parts named by the SD flags (a part the flags do not name
   * is left as it is on the object).
   */
  static SecurityDescriptor writtenParts(SecurityDescriptor written, int flags) {
    SecurityDescriptor sd = written;
    if ((flags & OWNER) == 0) {
      sd = sd.withoutOwner();
    }
    if ((flags & GROUP) == 0) {
      sd = sd.withoutGroup();
    }
    if ((flags & DACL) == 0) {
      sd = sd.withoutDacl();
    }
    if ((flags & SACL) == 0) {
      sd = sd.withoutSacl();
    }
    return sd;
  }

  /**
   * Returns only the parts named by the SD flags, with the control bits of the omitted parts off.
   */
  static SecurityDescriptor readParts(SecurityDescriptor stored, int flags) {
    SecurityDescriptor sd = stored;
    int control = sd.control().value();
    if ((flags & OWNER) == 0) {
      sd = sd.withoutOwner();
      control &= ~ControlFlags.OWNER_DEFAULTED;
    }
    if ((flags & GROUP) == 0) {
      sd = sd.withoutGroup();
      control &= ~ControlFlags.GROUP_DEFAULTED;
    }
    if ((flags & DACL) == 0) {
      sd = sd.withoutDacl();
      control &=
          ~(ControlFlags.DACL_AUTO_INHERITED
              | ControlFlags.DACL_PROTECTED
              | ControlFlags.DACL_DEFAULTED);
    }
    if ((flags & SACL) == 0) {
      sd = sd.withoutSacl();
      control &=
          ~(ControlFlags.SACL_AUTO_INHERITED
              | ControlFlags.SACL_PROTECTED
              | ControlFlags.SACL_DEFAULTED);
    }
    return sd.withControl(ControlFlags.of(control));
  }

  /**
   * Reads the flags of an SD flags control: {@code SEQUENCE { Flags INTEGER }}; an absent control
   * means all four parts.
   */
  static int sdFlags(Optional<Control> control) throws LDAPException {
    if (control.isEmpty()) {
      return ALL_PARTS;
    }
    if (!control.get().hasValue()) {
      throw new LDAPException(
          ResultCode.PROTOCOL_ERROR, "the SD flags control (1.2.840.113556.1.4.801) needs a value");
    }
    try {
      ASN1Element[] elements =
          ASN1Sequence.decodeAsSequence(control.get().getValue().getValue()).elements();
      if (elements.length != 1) {
        throw new ASN1Exception("expected one INTEGER");
      }
      int flags = ASN1Integer.decodeAsInteger(elements[0]).intValue() & ALL_PARTS;
      return flags == 0 ? ALL_PARTS : flags;
    } catch (ASN1Exception e) {
      throw new LDAPException(
          ResultCode.PROTOCOL_ERROR,
          "the value of the SD flags control (1.2.840.113556.1.4.801) is not SEQUENCE { INTEGER }: "
              + e.getMessage());
    }
  }

  /**
   * Recomputes the inherited ACEs of every descendant of {@code root}, top-down (what AD's security
   * descriptor propagator does after a DACL or SACL change); explicit ACEs stay as they are.
   *
   * @param root the object whose descriptor changed
   * @param descendants the descendants with their current descriptors, in any order
   * @param typesOf the object types of an entry
   * @return the descendants whose descriptor changed, with their new descriptors
   */
  static Map<DN, SecurityDescriptor> propagate(
      DN root,
      SecurityDescriptor rootSd,
      Map<DN, SecurityDescriptor> descendants,
      Function<DN, List<UUID>> typesOf) {
    List<DN> order = new ArrayList<>(descendants.keySet());
    order.sort((a, b) -> Integer.compare(a.getRDNs().length, b.getRDNs().length));
    Map<DN, SecurityDescriptor> current = new LinkedHashMap<>();
    current.put(root, rootSd);
    Map<DN, SecurityDescriptor> changed = new LinkedHashMap<>();
    for (DN dn : order) {
      SecurityDescriptor parent = current.get(dn.getParent());
      SecurityDescriptor child = descendants.get(dn);
      if (parent == null) {
        current.put(dn, child);
        continue;
      }
      SecurityDescriptor next =
          DescriptorInheritance.propagate(parent, child, typesOf.apply(dn), true);
      current.put(dn, next);
      if (!next.equals(child)) {
        changed.put(dn, next);
      }
    }
    return changed;
  }

  // ---------------------------------------------------------------- tokens

  /**
   * The token of a bound account (MS-DTYP 2.5.2): its SID, the SIDs of the groups it belongs to
   * transitively (memberOf, and the primary group from primaryGroupID), of the groups that hold
   * Everyone or Authenticated Users, and the well-known SIDs of a network logon (Everyone, NETWORK,
   * Authenticated Users, This Organization). Members of BUILTIN\Administrators hold
   * SeSecurityPrivilege and SeTakeOwnershipPrivilege, as the Default Domain Controllers Policy
   * grants them.
   *
   * <p>In a forest with several domains, {@code resource} is the domain of the object accessed:
   * domain-local groups (BUILTIN ones included) of other domains are left out, since a DC adds only
   * its own domain's domain-local groups to the token. Without it, those of every domain count.
   *
   * @param account the account's entry
   * @param lookup reads an entry by DN
   * @param bySid finds an entry by objectSid
   * @param resource the domain whose domain-local groups count, or empty for all
   */
  SecurityToken token(
      Entry account,
      Function<String, Entry> lookup,
      Function<String, Optional<Entry>> bySid,
      Optional<AdDomain> resource) {
    Sid user = Sid.fromBytes(account.getAttributeValueBytes("objectSid"));
    Set<Sid> groups = new java.util.LinkedHashSet<>();
    Set<String> seen = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    enqueue(account, queue);
    String primary = account.getAttributeValue("primaryGroupID");
    if (primary != null) {
      String primarySid = domainSidOf(account) + "-" + primary;
      groups.add(Sid.parse(primarySid));
      bySid.apply(primarySid).ifPresent(g -> enqueue(g, queue));
    }
    for (Sid wellKnown : LOGON_SIDS) {
      groups.add(wellKnown);
      for (AdDomain d : engine.domains()) {
        Entry fsp = lookup.apply("CN=" + wellKnown + ",CN=ForeignSecurityPrincipals," + d.dn());
        if (fsp != null) {
          enqueue(fsp, queue);
        }
      }
    }
    while (!queue.isEmpty()) {
      String dn = queue.poll();
      if (!seen.add(dn.toLowerCase(java.util.Locale.ROOT))) {
        continue;
      }
      Entry g = lookup.apply(dn);
      if (g == null || !counts(g, resource)) {
        continue;
      }
      byte[] sid = g.getAttributeValueBytes("objectSid");
      if (sid != null) {
        groups.add(Sid.fromBytes(sid));
      }
      enqueue(g, queue);
    }
    groups.remove(user);
    SecurityToken token = SecurityToken.of(user, groups);
    if (groups.contains(Sid.BUILTIN_ADMINISTRATORS)) {
      token =
          token.withPrivileges(
              Set.of(SecurityToken.Privilege.SECURITY, SecurityToken.Privilege.TAKE_OWNERSHIP));
    }
    return token;
  }

  /** Does a group count in a token for {@code resource} (not a domain-local group elsewhere)? */
  private boolean counts(Entry group, Optional<AdDomain> resource) {
    String type = group.getAttributeValue("groupType");
    if (type != null && !GroupTypes.isSecurity(GroupTypes.bits(type))) {
      return false; // a distribution group is in no token
    }
    if (resource.isEmpty() || engine.domains().size() == 1) {
      return true;
    }
    if (type == null || !GroupTypes.isLocal(GroupTypes.bits(type))) {
      return true;
    }
    try {
      return engine.domainFor(group.getParsedDN()) == resource.get();
    } catch (LDAPException e) {
      return true;
    }
  }

  /** The SID of the domain an account belongs to: its objectSid without the RID. */
  private static String domainSidOf(Entry account) {
    String sid = Sid.fromBytes(account.getAttributeValueBytes("objectSid")).toString();
    return sid.substring(0, sid.lastIndexOf('-'));
  }

  /** Queues the groups {@code e} is a member of (its memberOf, from the engine's link table). */
  private void enqueue(Entry e, Deque<String> queue) {
    try {
      for (DN group : engine.memberOf().groupsOf(e.getParsedDN())) {
        queue.add(group.toString());
      }
    } catch (LDAPException unparsable) {
      // an entry read from the server always has a valid DN
      throw new IllegalStateException(unparsable);
    }
  }

  // ---------------------------------------------------------------- checks

  /** The object's descriptor as stored, if it has one. */
  static Optional<SecurityDescriptor> descriptor(Entry e) {
    if (e == null) {
      return Optional.empty();
    }
    byte[] b = e.getAttributeValueBytes("nTSecurityDescriptor");
    return b == null ? Optional.empty() : Optional.of(SecurityDescriptor.fromBytes(b));
  }

  /** The token with the object's SID as PRINCIPAL_SELF substitute, when it has one. */
  static SecurityToken forObject(SecurityToken token, Entry target) {
    byte[] sid = target.getAttributeValueBytes("objectSid");
    return sid == null ? token : token.withPrincipalSelf(Sid.fromBytes(sid));
  }

  /**
   * The attributes (of {@code names}) the token may not write (RIGHT_DS_WRITE_PROPERTY with the
   * tree class, property sets, attributes; MS-ADTS 3.1.1.5.3.1).
   */
  static List<String> notWritable(
      SecurityDescriptor sd,
      SecurityToken token,
      AdSchemaCatalog.ClassDef structural,
      List<AdSchemaCatalog.AttributeDef> attributes) {
    Map<UUID, List<UUID>> bySet = new LinkedHashMap<>();
    List<UUID> loose = new ArrayList<>();
    for (AdSchemaCatalog.AttributeDef a : attributes) {
      List<UUID> target =
          a.attributeSecurityGuid().isPresent()
              ? bySet.computeIfAbsent(a.attributeSecurityGuid().get(), k -> new ArrayList<>())
              : loose;
      if (!target.contains(a.schemaIdGuid())) {
        target.add(a.schemaIdGuid());
      }
    }
    ObjectTypeTree.Builder b = ObjectTypeTree.builder(structural.schemaIdGuid());
    bySet.forEach(b::propertySet);
    loose.forEach(g -> b.add(1, g));
    ObjectTypeTree tree = b.build();
    AccessCheckResult r = AccessCheck.check(sd, token, AccessMask.WRITE_PROPERTY, tree);
    List<String> refused = new ArrayList<>();
    for (AdSchemaCatalog.AttributeDef a : attributes) {
      if (!r.isGranted(tree.indexOf(a.schemaIdGuid()))) {
        refused.add(a.name());
      }
    }
    return refused;
  }

  /** May the token read (and so return) the named parts of the descriptor? */
  static int readableParts(SecurityDescriptor sd, SecurityToken token, int flags) {
    int parts = flags;
    if ((parts & SACL) != 0 && !token.hasPrivilege(SecurityToken.Privilege.SECURITY)) {
      parts &= ~SACL;
    }
    if ((parts & (OWNER | GROUP | DACL)) != 0
        && !AccessCheck.check(sd, token, AccessMask.READ_CONTROL).isGranted()) {
      parts &= SACL;
    }
    return parts;
  }

  /** The rights a write of these descriptor parts needs (MS-ADTS 3.1.1.5.3.1). */
  static AccessMask rightsToWrite(int parts) {
    int mask = 0;
    if ((parts & (OWNER | GROUP)) != 0) {
      mask |= AccessMask.WRITE_OWNER.value();
    }
    if ((parts & DACL) != 0) {
      mask |= AccessMask.WRITE_DAC.value();
    }
    if ((parts & SACL) != 0) {
      mask |= AccessMask.ACCESS_SYSTEM_SECURITY.value();
    }
    return AccessMask.of(mask);
  }

  /** The parts a written descriptor actually carries, among those the flags name. */
  static int presentParts(SecurityDescriptor written, int flags) {
    int parts = 0;
    if (written.owner().isPresent()) {
      parts |= OWNER;
    }
    if (written.group().isPresent()) {
      parts |= GROUP;
    }
    if ((written.control().value() & ControlFlags.DACL_PRESENT) != 0) {
      parts |= DACL;
    }
    if ((written.control().value() & ControlFlags.SACL_PRESENT) != 0) {
      parts |= SACL;
    }
    return parts & flags;
  }

  /** AD's refusal of an operation the DACL does not allow. */
  static LDAPException insufficientAccess() {
    return new LDAPException(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        AdDiagnostics.securityError(
            AdDiagnostics.ERROR_DS_INSUFF_ACCESS_RIGHTS, 0x03150E8B, 4003, "INSUFF_ACCESS_RIGHTS"));
  }

  /** AD's refusal of an update on a connection without a successful bind. */
  static LDAPException bindRequired() {
    return new LDAPException(
        ResultCode.OPERATIONS_ERROR,
        "000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a"
            + " successful bind must be completed on the connection., data 0, v4563");
  }
}
