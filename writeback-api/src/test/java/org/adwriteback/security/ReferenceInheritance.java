package org.adwriteback.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Test-only: the rule-by-rule inheritance algorithm {@link DescriptorInheritance} had before it
 * cached per-ACL precomputations (allocation per ACE, no sharing). The tests check that the fast
 * path computes the same bytes; the rules themselves are documented on DescriptorInheritance.
 */
final class ReferenceInheritance {

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

  private ReferenceInheritance() {}

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
  static SecurityDescriptor createChild(
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
    List<Ace> dacl = new ArrayList<>();
    Acl creatorDacl = creator.daclOrNull();
    if (creatorDacl != null) {
      explicitPart(creatorDacl, daclProtected, isContainer, owner, group, dacl);
    }
    Acl parentDacl = parent.map(SecurityDescriptor::daclOrNull).orElse(null);
    if (!daclProtected && parentDacl != null) {
      inheritedPart(parentDacl, types, isContainer, owner, group, dacl);
    }
    boolean hasDacl = creatorDacl != null || !dacl.isEmpty();
    if (hasDacl) {
      control |=
          ControlFlags.DACL_AUTO_INHERITED | (daclProtected ? ControlFlags.DACL_PROTECTED : 0);
    }

    boolean saclProtected = (cc & ControlFlags.SACL_PROTECTED) != 0;
    List<Ace> sacl = new ArrayList<>();
    Acl creatorSacl = creator.saclOrNull();
    if (creatorSacl != null) {
      explicitPart(creatorSacl, saclProtected, isContainer, owner, group, sacl);
    }
    Acl parentSacl = parent.map(SecurityDescriptor::saclOrNull).orElse(null);
    if (!saclProtected && parentSacl != null) {
      inheritedPart(parentSacl, types, isContainer, owner, group, sacl);
    }
    boolean hasSacl = creatorSacl != null || !sacl.isEmpty();
    if (hasSacl) {
      control |=
          ControlFlags.SACL_AUTO_INHERITED | (saclProtected ? ControlFlags.SACL_PROTECTED : 0);
    }

    SecurityDescriptor sd =
        SecurityDescriptor.of(
            ControlFlags.of(control),
            Optional.of(owner),
            Optional.of(group),
            hasSacl ? Optional.of(Acl.of(sacl)) : Optional.empty(),
            hasDacl ? Optional.of(Acl.of(dacl)) : Optional.empty());
    if (!hasDacl && creator.hasNullDacl()) {
      sd = sd.withNullDacl();
    }
    return sd;
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
   * @return the child's new descriptor (equal to {@code child} when nothing changed)
   */
  static SecurityDescriptor propagate(
      SecurityDescriptor parent,
      SecurityDescriptor child,
      List<UUID> objectTypes,
      boolean isContainer) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(child, "child");
    Sid owner = child.ownerOrNull();
    Sid group = child.groupOrNull();
    int control = child.controlBits();
    Acl dacl = child.daclOrNull();
    if (dacl != null && (control & ControlFlags.DACL_PROTECTED) == 0) {
      dacl = repropagated(dacl, parent.daclOrNull(), objectTypes, isContainer, owner, group);
      control |= ControlFlags.DACL_AUTO_INHERITED;
    }
    Acl sacl = child.saclOrNull();
    if (sacl != null && (control & ControlFlags.SACL_PROTECTED) == 0) {
      sacl = repropagated(sacl, parent.saclOrNull(), objectTypes, isContainer, owner, group);
      control |= ControlFlags.SACL_AUTO_INHERITED;
    }
    return new SecurityDescriptor(control, child.rmControl(), owner, group, sacl, dacl, null);
  }

  private static Acl repropagated(
      Acl childAcl,
      Acl parentAcl,
      List<UUID> objectTypes,
      boolean isContainer,
      Sid owner,
      Sid group) {
    List<Ace> aces = new ArrayList<>(childAcl.size() + (parentAcl == null ? 0 : parentAcl.size()));
    for (Ace a : childAcl.aces()) {
      if (!a.isInherited()) {
        aces.add(a);
      }
    }
    if (parentAcl != null) {
      inheritedPart(parentAcl, objectTypes, isContainer, owner, group, aces);
    }
    return Acl.of(aces);
  }

  // ---- ACL computations

  private static void explicitPart(
      Acl acl, boolean isProtected, boolean isContainer, Sid owner, Sid group, List<Ace> out) {
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
      out.add(effective((KnownAce) ace, f & ~INHERITANCE, owner, group, false));
    }
  }

  private static void inheritedPart(
      Acl parentAcl,
      List<UUID> objectTypes,
      boolean isContainer,
      Sid owner,
      Sid group,
      List<Ace> out) {
    for (Ace ace : parentAcl.aces()) {
      int f = ace.flags().value();
      if ((f & (OI | CI)) == 0) {
        continue;
      }
      boolean typeMatches = true;
      if (ace instanceof KnownAce k) {
        Optional<UUID> iot = k.inheritedObjectType();
        typeMatches = iot.isEmpty() || objectTypes.contains(iot.get());
      }
      boolean effective = (f & (isContainer ? CI : OI)) != 0 && typeMatches;
      boolean propagates = isContainer && (f & NP) == 0;
      if (!effective && !propagates) {
        continue;
      }
      if (effective && propagates && !needsRewrite(ace)) {
        out.add(ace.withFlags(FLAGS[(f & ~IO) | ID]));
        continue;
      }
      if (effective) {
        out.add(effective((KnownAce) ace, (f & ~INHERITANCE) | ID, owner, group, true));
      }
      if (propagates) {
        out.add(ace.withFlags(FLAGS[f | IO | ID]));
      }
    }
  }

  /** True for an allow/deny/audit/alarm ACE naming a CREATOR SID or holding generic rights. */
  private static boolean needsRewrite(Ace ace) {
    if (!(ace instanceof KnownAce k) || !mappable(k)) {
      return false;
    }
    Sid sid = k.sid();
    return k.mask().hasGenericBits()
        || sid.equals(Sid.CREATOR_OWNER)
        || sid.equals(Sid.CREATOR_GROUP);
  }

  private static boolean mappable(KnownAce k) {
    AceType.Kind kind = k.type().kind();
    return kind == AceType.Kind.ALLOW
        || kind == AceType.Kind.DENY
        || kind == AceType.Kind.AUDIT
        || kind == AceType.Kind.ALARM;
  }

  /**
   * The effective form of an ACE on the object: flags as given, CREATOR SIDs replaced, generic
   * rights mapped; for an inherited ACE also InheritedObjectType removed and an object ACE without
   * ObjectType downgraded. An explicit ACE keeps its GUIDs (Samba keeps the computer default SD's
   * {@code (OA;;WP;<attr>;<computer>;CO)} as {@code (OA;;WP;<attr>;<computer>;<owner>)}).
   */
  private static Ace effective(KnownAce ace, int flags, Sid owner, Sid group, boolean inherited) {
    AceFlags fl = FLAGS[flags];
    AccessMask mask = mappable(ace) ? ace.mask().mapGenericToDs() : ace.mask();
    Sid sid = ace.sid();
    if (mappable(ace)) {
      if (sid.equals(Sid.CREATOR_OWNER)) {
        sid = require(owner, "CREATOR OWNER", "owner");
      } else if (sid.equals(Sid.CREATOR_GROUP)) {
        sid = require(group, "CREATOR GROUP", "group");
      }
    }
    if (inherited && ace instanceof ObjectAce o) {
      if (o.objectType().isEmpty()) {
        return new AccessAce(basicType(o.type()), fl, mask, sid);
      }
      return new ObjectAce(o.type(), fl, mask, o.objectType(), Optional.empty(), sid);
    }
    if (inherited && ace instanceof CallbackObjectAce c) {
      return new CallbackObjectAce(
          c.type(), fl, mask, c.objectType(), Optional.empty(), sid, c.applicationData());
    }
    return ace.withFlags(fl).withMask(mask).withSid(sid);
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

  private static Sid require(Sid sid, String what, String part) {
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
}
