package org.adwriteback.security;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * How a domain controller computes the security descriptor of a new object, of an object whose
 * descriptor is written, and of the descendants of a container whose descriptor changed: MS-DTYP
 * 2.5.3.4 (CreateSecurityDescriptor / ComputeACL) with the automatic inheritance Active Directory
 * always asks for (MS-ADTS: security descriptor requirements of Add, and the security descriptor
 * propagator).
 *
 * <p>Explicit ACEs (from the creator's descriptor, or the class's defaultSecurityDescriptor):
 *
 * <ul>
 *   <li>ACEs flagged INHERITED are dropped, unless the DACL is protected: then the flag is cleared
 *       and the ACE kept.
 *   <li>INHERIT_ONLY without CONTAINER_INHERIT or OBJECT_INHERIT is dropped; any other inherit-only
 *       ACE is kept unchanged.
 *   <li>An effective ACE naming CREATOR OWNER / CREATOR GROUP or holding generic rights is
 *       rewritten: the SID becomes the new owner / group, the generic rights are mapped with the
 *       directory mapping (MS-ADTS 5.1.3.2). If it is also inheritable, an inherit-only copy with
 *       the original SID and rights is kept, <b>before</b> the effective ACE (the order Samba 4.17
 *       writes, see the fixture {@code inheritance-sddl.tsv}; Microsoft documents no order).
 * </ul>
 *
 * <p>Inherited ACEs (from the parent's DACL and SACL, unless the child's ACL is protected), in the
 * parent's order, after the explicit ones, each with INHERITED_ACE:
 *
 * <ul>
 *   <li>An ACE applies to the child (is effective) when it has CONTAINER_INHERIT (a container
 *       child) or OBJECT_INHERIT (a leaf), and its InheritedObjectType is absent or one of the
 *       child's object types. It propagates further when the child is a container and
 *       NO_PROPAGATE_INHERIT is clear.
 *   <li>Effective and propagating, without CREATOR SIDs or generic rights: one ACE, flags kept
 *       (INHERIT_ONLY cleared), InheritedObjectType kept.
 *   <li>Otherwise up to two ACEs: first the effective one (inheritance flags cleared, CREATOR SIDs
 *       replaced, generic rights mapped, InheritedObjectType removed, and an object ACE left with
 *       no GUID downgraded to the basic type), then the inherit-only copy that propagates (original
 *       flags plus INHERIT_ONLY, original SID, rights and GUIDs).
 * </ul>
 *
 * <p>These rules reproduce the Windows Server 2022 observations recorded by Samba's
 * sec_descriptor.py and the descriptors a Samba 4.17 DC computed (test fixtures).
 *
 * <p><b>Object types.</b> Active Directory passes the object's structural class and its attached
 * auxiliary classes to CreatePrivateObjectSecurityWithMultipleInheritance, <i>not</i> the
 * superclasses: an ACE inherited "to user objects" does not reach a computer although computer is a
 * subclass of user (Samba's fixture {@code CN=INHPC01} shows it, and so does Windows' delegation
 * UI). So {@code objectTypes} is [structural class, auxiliary classes...], not the superclass
 * chain.
 *
 * <p><b>Containers.</b> Active Directory treats every object as a container (MS-DTYP 2.5.3.4, "DS
 * treats every object type as a container"); pass {@code true} for directory objects. {@code false}
 * gives the file-system behaviour.
 *
 * <p><b>Owner and group.</b> {@link DefaultOwnerGroup} chooses the creator's (or writer's) default
 * owner and group per naming context (inheritance.md §4); pass it to {@link #createChild(Optional,
 * SecurityDescriptor, List, boolean, DefaultOwnerGroup)} and {@link #applyWrite(Optional,
 * SecurityDescriptor, SecurityDescriptor, int, List, boolean, DefaultOwnerGroup)}.
 *
 * <p><b>Performance.</b> What a parent ACL passes on is computed once per ACL object and kept on it
 * (the inherited form of each inheritable ACE, and the last few inherited parts per child class,
 * container flag, owner and group), so creating or re-propagating many children of one parent
 * shares the ACE objects instead of re-creating them; explicit ACEs that need no rewrite are shared
 * too. {@link #propagate} returns the child itself when nothing changes. Keep the parent's {@link
 * SecurityDescriptor} (or its ACLs) rather than re-parsing it for every child to benefit.
 */
public final class DescriptorInheritance {

  private static final int OI = AceFlags.OBJECT_INHERIT.value();
  private static final int CI = AceFlags.CONTAINER_INHERIT.value();
  private static final int NP = AceFlags.NO_PROPAGATE_INHERIT.value();
  private static final int IO = AceFlags.INHERIT_ONLY.value();
  private static final int ID = AceFlags.INHERITED.value();
  private static final int INHERITANCE = OI | CI | NP | IO;

  /** AceFlags values by byte, so that rewriting flags does not allocate. */
  private static final AceFlags[] FLAGS = new AceFlags[256];

  static {
    for (int i = 0; i < 256; i++) {
      FLAGS[i] = AceFlags.of(i);
    }
  }

  private DescriptorInheritance() {}

  /** The shared AceFlags of a flags byte. */
  static AceFlags flags(int value) {
    return FLAGS[value];
  }

  /**
   * Computes the descriptor of a new object (MS-DTYP 2.5.3.4.1 CreateSecurityDescriptor with DACL
   * and SACL auto-inheritance).
   *
   * @param parent the parent's descriptor (owner and group are not needed), empty for a naming
   *     context root
   * @param creator the creator's descriptor: the one supplied with the add, overlaid on the class's
   *     defaultSecurityDescriptor (see {@link #creatorDescriptor})
   * @param objectTypes the new object's structural class and auxiliary classes (schemaIDGUIDs)
   *     matched against InheritedObjectType; not the superclasses
   * @param isContainer true for every directory object
   * @param defaultOwner the owner when {@code creator} names none (MS-ADTS: the creator's default
   *     owner, e.g. Domain Admins for a member of it)
   * @param defaultGroup the primary group when {@code creator} names none
   * @return the new object's descriptor, with SE_DACL_AUTO_INHERITED (and SE_SACL_AUTO_INHERITED
   *     when it has a SACL)
   */
  public static SecurityDescriptor createChild(
      Optional<SecurityDescriptor> parent,
      SecurityDescriptor creator,
      List<UUID> objectTypes,
      boolean isContainer,
      Sid defaultOwner,
      Sid defaultGroup) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(creator, "creator");
    List<UUID> types = List.copyOf(objectTypes);
    Objects.requireNonNull(defaultOwner, "defaultOwner");
    Objects.requireNonNull(defaultGroup, "defaultGroup");
    int cc = creator.controlBits();
    // SE_OWNER_DEFAULTED / SE_GROUP_DEFAULTED: set when the part did not come from the creator,
    // and kept when the creator's part was itself defaulted (a write keeps them). Samba 4.17 sets
    // them (control 0x8c17 on every object it created, see the fixtures); they do not affect
    // access.
    int control = cc & (ControlFlags.OWNER_DEFAULTED | ControlFlags.GROUP_DEFAULTED);
    Sid owner = creator.ownerOrNull();
    if (owner == null) {
      owner = defaultOwner;
      control |= ControlFlags.OWNER_DEFAULTED;
    }
    Sid group = creator.groupOrNull();
    if (group == null) {
      group = defaultGroup;
      control |= ControlFlags.GROUP_DEFAULTED;
    }

    boolean daclProtected = (cc & ControlFlags.DACL_PROTECTED) != 0;
    Acl creatorDacl = creator.daclOrNull();
    Acl parentDacl = daclProtected ? null : parent.map(SecurityDescriptor::daclOrNull).orElse(null);
    Acl dacl = combine(creatorDacl, daclProtected, parentDacl, types, isContainer, owner, group);
    if (dacl != null) {
      control |=
          ControlFlags.DACL_PRESENT
              | ControlFlags.DACL_AUTO_INHERITED
              | (daclProtected ? ControlFlags.DACL_PROTECTED : 0);
    }

    boolean saclProtected = (cc & ControlFlags.SACL_PROTECTED) != 0;
    Acl creatorSacl = creator.saclOrNull();
    Acl parentSacl = saclProtected ? null : parent.map(SecurityDescriptor::saclOrNull).orElse(null);
    Acl sacl = combine(creatorSacl, saclProtected, parentSacl, types, isContainer, owner, group);
    if (sacl != null) {
      control |=
          ControlFlags.SACL_PRESENT
              | ControlFlags.SACL_AUTO_INHERITED
              | (saclProtected ? ControlFlags.SACL_PROTECTED : 0);
    }
    if (dacl == null && creator.hasNullDacl()) {
      control |= ControlFlags.DACL_PRESENT;
    }
    return new SecurityDescriptor(
        control | ControlFlags.SELF_RELATIVE, 0, owner, group, sacl, dacl, null);
  }

  /**
   * {@link #createChild(Optional, SecurityDescriptor, List, boolean, Sid, Sid)} with the creator's
   * default owner and group chosen by {@link DefaultOwnerGroup#forCreator} (inheritance.md §4).
   *
   * @param parent the parent's descriptor, empty for a naming context root
   * @param creator the creator's descriptor (see {@link #creatorDescriptor})
   * @param objectTypes the new object's structural class and auxiliary classes
   * @param isContainer true for every directory object
   * @param defaults the owner and group used when {@code creator} names none
   * @return the new object's descriptor
   */
  public static SecurityDescriptor createChild(
      Optional<SecurityDescriptor> parent,
      SecurityDescriptor creator,
      List<UUID> objectTypes,
      boolean isContainer,
      DefaultOwnerGroup defaults) {
    return createChild(
        parent, creator, objectTypes, isContainer, defaults.owner(), defaults.group());
  }

  /**
   * The descriptor a creator effectively supplies (MS-ADTS 6.1.3): each part (owner, group, DACL,
   * SACL) from the descriptor given with the add when it has that part, otherwise from the class's
   * defaultSecurityDescriptor.
   *
   * @param supplied the nTSecurityDescriptor given with the add, if any
   * @param classDefault the class's defaultSecurityDescriptor, if any
   * @return the overlay, to pass to {@link #createChild}
   */
  public static SecurityDescriptor creatorDescriptor(
      Optional<SecurityDescriptor> supplied, Optional<SecurityDescriptor> classDefault) {
    SecurityDescriptor s = supplied.orElse(null);
    SecurityDescriptor d = classDefault.orElse(null);
    Sid owner = pick(s, d, SecurityDescriptor::ownerOrNull);
    Sid group = pick(s, d, SecurityDescriptor::groupOrNull);
    SecurityDescriptor daclFrom = hasPart(s, ControlFlags.DACL_PRESENT) ? s : d;
    SecurityDescriptor saclFrom = hasPart(s, ControlFlags.SACL_PRESENT) ? s : d;
    int control = 0;
    if (owner != null) {
      control |=
          (s != null && s.ownerOrNull() != null ? s : d).controlBits()
              & ControlFlags.OWNER_DEFAULTED;
    }
    if (group != null) {
      control |=
          (s != null && s.groupOrNull() != null ? s : d).controlBits()
              & ControlFlags.GROUP_DEFAULTED;
    }
    if (daclFrom != null) {
      control |= daclFrom.controlBits() & ControlFlags.DACL_PROTECTED;
    }
    if (saclFrom != null) {
      control |= saclFrom.controlBits() & ControlFlags.SACL_PROTECTED;
    }
    SecurityDescriptor out =
        SecurityDescriptor.of(
            ControlFlags.of(control),
            Optional.ofNullable(owner),
            Optional.ofNullable(group),
            Optional.ofNullable(saclFrom == null ? null : saclFrom.saclOrNull()),
            Optional.ofNullable(daclFrom == null ? null : daclFrom.daclOrNull()));
    if (daclFrom != null && daclFrom.hasNullDacl()) {
      out = out.withNullDacl();
    }
    return out;
  }

  private static boolean hasPart(SecurityDescriptor sd, int presentBit) {
    return sd != null && (sd.controlBits() & presentBit) != 0;
  }

  private static Sid pick(
      SecurityDescriptor first,
      SecurityDescriptor second,
      java.util.function.Function<SecurityDescriptor, Sid> part) {
    if (first != null && part.apply(first) != null) {
      return part.apply(first);
    }
    return second == null ? null : part.apply(second);
  }

  /**
   * Computes an object's descriptor after a write of {@code nTSecurityDescriptor} (MS-DTYP 2.5.3.4
   * as SetPrivateObjectSecurityEx with auto-inheritance applies it): the parts present in {@code
   * written} replace the current ones, the explicit ACEs go through the creator rules (so {@code
   * (A;CI;GA;;;X)} is stored as an inherit-only copy plus a mapped effective ACE, and ACEs flagged
   * INHERITED are dropped from an unprotected DACL), and the inherited ACEs are recomputed from the
   * parent.
   *
   * @param parent the parent's descriptor, empty for a naming context root
   * @param current the object's descriptor before the write (owner and group needed)
   * @param written the descriptor sent (e.g. a DACL-only one, SD flags 4)
   * @param objectTypes the object's structural and auxiliary classes
   * @param isContainer true for every directory object
   * @return the descriptor the object ends up with
   */
  public static SecurityDescriptor applyWrite(
      Optional<SecurityDescriptor> parent,
      SecurityDescriptor current,
      SecurityDescriptor written,
      List<UUID> objectTypes,
      boolean isContainer) {
    SecurityDescriptor creator = creatorDescriptor(Optional.of(written), Optional.of(current));
    Sid owner = requireOwner(creator);
    Sid group = creator.group().orElse(owner);
    return createChild(parent, creator, objectTypes, isContainer, owner, group);
  }

  /** SD flags (MS-ADTS 3.1.1.3.4.1.11): the four parts of a descriptor. */
  private static final int SD_OWNER = 0x1;

  private static final int SD_GROUP = 0x2;
  private static final int SD_DACL = 0x4;
  private static final int SD_SACL = 0x8;

  /**
   * Computes an object's descriptor after a write of {@code nTSecurityDescriptor} with the SD flags
   * control (MS-ADTS 3.1.1.3.4.1.11), by {@code writer}:
   *
   * <ul>
   *   <li>A part the SD flags do not name is the current one (owner and group are still used to
   *       resolve CREATOR OWNER / CREATOR GROUP in the inherited ACEs).
   *   <li>An owner or group the SD flags name but {@code written} omits becomes the writer's
   *       default ({@link DefaultOwnerGroup#forCreator}), as on an add. A write without the control
   *       names every part, so an administrator writing just {@code D:(D;;CC;;;LG)} also makes
   *       Domain Admins the owner, and an inherited {@code (D;CI;WP;;;CO)} then becomes {@code
   *       (D;ID;WP;;;DA)} (Samba's sec_descriptor.py test_209 against Windows, inheritance.md §3).
   *   <li>A DACL or SACL the SD flags name but {@code written} omits stays the current one
   *       (recomputed like a written one). What a DC does there is not in the vectors.
   *   <li>Then as {@link #applyWrite(Optional, SecurityDescriptor, SecurityDescriptor, List,
   *       boolean)}: explicit ACEs through the creator rules, inherited ACEs recomputed.
   * </ul>
   *
   * @param parent the parent's descriptor, empty for a naming context root
   * @param current the object's descriptor before the write (all four parts)
   * @param written the descriptor sent
   * @param sdFlags the SD flags control's value: owner 1, group 2, DACL 4, SACL 8; 0 (or no
   *     control) means all four
   * @param objectTypes the object's structural and auxiliary classes
   * @param isContainer true for every directory object
   * @param writer the writer's default owner and group in the object's naming context
   * @return the descriptor the object ends up with
   */
  public static SecurityDescriptor applyWrite(
      Optional<SecurityDescriptor> parent,
      SecurityDescriptor current,
      SecurityDescriptor written,
      int sdFlags,
      List<UUID> objectTypes,
      boolean isContainer,
      DefaultOwnerGroup writer) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(written, "written");
    Objects.requireNonNull(writer, "writer");
    int parts = (sdFlags & 0xF) == 0 ? 0xF : sdFlags & 0xF;
    SecurityDescriptor supplied = written;
    SecurityDescriptor kept = current;
    if ((parts & SD_OWNER) == 0) {
      supplied = supplied.withoutOwner();
      requireOwner(current);
    } else {
      kept = kept.withoutOwner();
    }
    if ((parts & SD_GROUP) == 0) {
      supplied = supplied.withoutGroup();
    } else {
      kept = kept.withoutGroup();
    }
    if ((parts & SD_DACL) == 0) {
      supplied = supplied.withoutDacl();
    }
    if ((parts & SD_SACL) == 0) {
      supplied = supplied.withoutSacl();
    }
    SecurityDescriptor creator = creatorDescriptor(Optional.of(supplied), Optional.of(kept));
    return createChild(parent, creator, objectTypes, isContainer, writer.owner(), writer.group());
  }

  /**
   * Re-propagation (what AD's security descriptor propagator does for each descendant when a
   * container's descriptor changes): recomputes the inherited ACEs of {@code child} from its (new)
   * parent descriptor and keeps the child's explicit ACEs, owner, group and protection unchanged. A
   * protected ACL is left as it is. Call it top-down, passing each descendant's freshly computed
   * parent.
   *
   * @param parent the parent's current descriptor
   * @param child the child's current descriptor; needs an owner / group when an inherited ACE names
   *     CREATOR OWNER / CREATOR GROUP
   * @param objectTypes the child's structural and auxiliary classes
   * @param isContainer true for every directory object
   * @return the child's new descriptor ({@code child} itself when nothing changed)
   */
  public static SecurityDescriptor propagate(
      SecurityDescriptor parent,
      SecurityDescriptor child,
      List<UUID> objectTypes,
      boolean isContainer) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(child, "child");
    List<UUID> types = List.copyOf(objectTypes);
    Sid owner = child.ownerOrNull();
    Sid group = child.groupOrNull();
    int control = child.controlBits();
    Acl dacl = child.daclOrNull();
    if (dacl != null && (control & ControlFlags.DACL_PROTECTED) == 0) {
      dacl = repropagated(dacl, parent.daclOrNull(), types, isContainer, owner, group);
      control |= ControlFlags.DACL_AUTO_INHERITED;
    }
    Acl sacl = child.saclOrNull();
    if (sacl != null && (control & ControlFlags.SACL_PROTECTED) == 0) {
      sacl = repropagated(sacl, parent.saclOrNull(), types, isContainer, owner, group);
      control |= ControlFlags.SACL_AUTO_INHERITED;
    }
    if (dacl == child.daclOrNull()
        && sacl == child.saclOrNull()
        && control == child.controlBits()) {
      return child;
    }
    return new SecurityDescriptor(control, child.rmControl(), owner, group, sacl, dacl, null);
  }

  private static final InheritableAces.Memo NO_INHERITED =
      new InheritableAces.Memo(List.of(), false, null, null, new Ace[0], 0, 0, false);

  /**
   * The child's explicit ACEs followed by what it inherits from {@code parentAcl}; {@code childAcl}
   * itself when that is what it already holds.
   */
  private static Acl repropagated(
      Acl childAcl,
      Acl parentAcl,
      List<UUID> objectTypes,
      boolean isContainer,
      Sid owner,
      Sid group) {
    InheritableAces.Memo part = inheritedPart(parentAcl, objectTypes, isContainer, owner, group);
    Ace[] inherited = part.aces;
    int ni = part.count;
    List<Ace> current = childAcl.aces();
    int size = current.size();
    int explicit = 0;
    while (explicit < size && !current.get(explicit).isInherited()) {
      explicit++;
    }
    if (size - explicit == ni) {
      boolean same = true;
      for (int i = 0; i < ni && same; i++) {
        Ace c = current.get(explicit + i);
        same = c == inherited[i] || c.equals(inherited[i]);
      }
      if (same) {
        return childAcl;
      }
    }
    AceSink out = new AceSink(size + ni);
    for (int i = 0; i < size; i++) {
      Ace a = current.get(i);
      if (!a.isInherited()) {
        out.add(a);
      }
    }
    out.addAll(part);
    return out.toAcl();
  }

  // ---- ACL computations

  /**
   * What a child inherits from {@code parentAcl}: nothing when there is no (or a protected) ACL.
   */
  private static InheritableAces.Memo inheritedPart(
      Acl parentAcl, List<UUID> objectTypes, boolean isContainer, Sid owner, Sid group) {
    return parentAcl == null
        ? NO_INHERITED
        : parentAcl.inheritance().inheritedPart(objectTypes, isContainer, owner, group);
  }

  /**
   * The ACL of a new object: the explicit part from the creator's ACL, then what it inherits from
   * the parent's ACL (null when protected); null when there is neither a creator ACL nor an
   * inherited ACE.
   */
  private static Acl combine(
      Acl explicit,
      boolean isProtected,
      Acl parentAcl,
      List<UUID> objectTypes,
      boolean isContainer,
      Sid owner,
      Sid group) {
    InheritableAces.Memo part = inheritedPart(parentAcl, objectTypes, isContainer, owner, group);
    if (explicit == null && part.count == 0) {
      return null;
    }
    int ne = explicit == null ? 0 : explicit.size();
    boolean asIs = explicit != null && isContainer && explicit.inheritance().explicitAsIs();
    AceSink out = new AceSink((asIs ? ne : 2 * ne) + part.count);
    if (explicit != null) {
      if (asIs) {
        List<Ace> aces = explicit.aces();
        for (int i = 0; i < ne; i++) {
          out.add(aces.get(i));
        }
      } else {
        explicitPart(explicit, isProtected, isContainer, owner, group, out);
      }
    }
    out.addAll(part);
    return out.toAcl();
  }

  /** Collects the ACEs of a computed ACL with what {@link Acl#wrap} needs. */
  private static final class AceSink {
    private final Ace[] aces;
    private int count;
    private long bytes;
    private boolean objectAces;

    AceSink(int capacity) {
      aces = new Ace[capacity];
    }

    void add(Ace a) {
      aces[count++] = a;
      bytes += a.size();
      objectAces |= a instanceof ObjectAce || a instanceof CallbackObjectAce;
    }

    void addAll(InheritableAces.Memo part) {
      System.arraycopy(part.aces, 0, aces, count, part.count);
      count += part.count;
      bytes += part.bytes;
      objectAces |= part.objectAces;
    }

    Acl toAcl() {
      return Acl.wrap(aces, count, bytes, objectAces);
    }
  }

  private static void explicitPart(
      Acl acl, boolean isProtected, boolean isContainer, Sid owner, Sid group, AceSink out) {
    for (Ace original : acl.aces()) {
      Ace ace = original;
      int f = ace.flags().value();
      if ((f & ID) != 0) {
        if (!isProtected) {
          continue;
        }
        f &= ~ID;
        ace = ace.withFlags(FLAGS[f]);
      }
      boolean inheritable = (f & (OI | CI)) != 0;
      if (!isContainer) {
        if ((f & IO) != 0) {
          continue;
        }
        if ((f & INHERITANCE) != 0) {
          f &= ~INHERITANCE;
          ace = ace.withFlags(FLAGS[f]);
        }
        inheritable = false;
      }
      if ((f & IO) != 0) {
        if (inheritable) {
          out.add(ace);
        }
        continue;
      }
      if (!needsRewrite(ace)) {
        out.add(ace);
        continue;
      }
      if (inheritable) {
        out.add(ace.withFlags(FLAGS[f | IO]));
      }
      out.add(effective(KnownAces.of(ace), f & ~INHERITANCE, owner, group));
    }
  }

  /** True for an allow/deny/audit/alarm ACE naming a CREATOR SID or holding generic rights. */
  static boolean needsRewrite(Ace ace) {
    KnownAce k = KnownAces.of(ace);
    if (k == null || !mappable(k)) {
      return false;
    }
    Sid sid = k.sid();
    return k.mask().hasGenericBits()
        || sid.equals(Sid.CREATOR_OWNER)
        || sid.equals(Sid.CREATOR_GROUP);
  }

  static boolean mappable(KnownAce k) {
    AceType.Kind kind = k.type().kind();
    return kind == AceType.Kind.ALLOW
        || kind == AceType.Kind.DENY
        || kind == AceType.Kind.AUDIT
        || kind == AceType.Kind.ALARM;
  }

  /**
   * The effective form of an explicit ACE on the object: flags as given, CREATOR SIDs replaced,
   * generic rights mapped. It keeps its GUIDs (Samba keeps the computer default SD's {@code
   * (OA;;WP;<attr>;<computer>;CO)} as {@code (OA;;WP;<attr>;<computer>;<owner>)}).
   */
  private static Ace effective(KnownAce ace, int flags, Sid owner, Sid group) {
    AccessMask mask = ace.mask().mapGenericToDs();
    Sid sid = ace.sid();
    if (sid.equals(Sid.CREATOR_OWNER)) {
      sid = require(owner, "CREATOR OWNER", "owner");
    } else if (sid.equals(Sid.CREATOR_GROUP)) {
      sid = require(group, "CREATOR GROUP", "group");
    }
    return ace.withFlags(FLAGS[flags]).withMask(mask).withSid(sid);
  }

  /**
   * The effective form of an inherited ACE: flags as given, generic rights mapped, the SID replaced
   * by {@code creatorSid} when not null (a CREATOR OWNER / GROUP ACE), InheritedObjectType removed
   * and an object ACE without ObjectType downgraded to the basic type. One ACE object for the
   * common records.
   */
  static Ace effectiveInherited(Ace original, int flags, Sid creatorSid) {
    AceFlags fl = FLAGS[flags];
    KnownAce ace = KnownAces.of(original);
    if (ace == null) {
      return original.withFlags(fl);
    }
    AccessMask mask = ace.mask();
    if (mask.hasGenericBits() && mappable(ace)) {
      mask = mask.mapGenericToDs();
    }
    Sid sid = creatorSid == null ? ace.sid() : creatorSid;
    if (ace instanceof AccessAce a) {
      return new AccessAce(a.type(), fl, mask, sid, a.paddingRef());
    }
    if (ace instanceof ObjectAce o) {
      if (o.objectType().isEmpty()) {
        return new AccessAce(basicType(o.type()), fl, mask, sid);
      }
      return new ObjectAce(o.type(), fl, mask, o.objectType(), Optional.empty(), sid);
    }
    if (ace instanceof CallbackObjectAce c) {
      return new CallbackObjectAce(
          c.type(), fl, mask, c.objectType(), Optional.empty(), sid, c.applicationData());
    }
    KnownAce out = ace.withFlags(fl);
    out = mask.equals(ace.mask()) ? out : out.withMask(mask);
    return creatorSid == null ? out : out.withSid(creatorSid);
  }

  private static AceType basicType(AceType objectType) {
    return switch (objectType) {
      case ACCESS_ALLOWED_OBJECT -> AceType.ACCESS_ALLOWED;
      case ACCESS_DENIED_OBJECT -> AceType.ACCESS_DENIED;
      case SYSTEM_AUDIT_OBJECT -> AceType.SYSTEM_AUDIT;
      case SYSTEM_ALARM_OBJECT -> AceType.SYSTEM_ALARM;
      default -> throw new IllegalStateException(objectType + " is not an object ACE type");
    };
  }

  static Sid require(Sid sid, String what, String part) {
    if (sid == null) {
      throw new IllegalArgumentException(
          "an inherited ACE names "
              + what
              + " but the descriptor has no "
              + part
              + "; read the descriptor with its owner and group (SD flags 0x3 or more)");
    }
    return sid;
  }

  private static Sid requireOwner(SecurityDescriptor sd) {
    return sd.owner()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the current descriptor has no owner; read it with SD flags including"
                        + " OWNER_SECURITY_INFORMATION (1)"));
  }
}
