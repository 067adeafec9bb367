package org.adwriteback.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * The access check a domain controller runs: MS-DTYP 2.5.3.2 (AccessCheck with an object type list,
 * per-node results as AccessCheckByTypeResultList reports them) with the directory rules of MS-ADTS
 * 5.1.3 for the helpers ({@link #canWriteProperty}, {@link #canCreateChild}...).
 *
 * <p>Rules, in the order MS-DTYP applies them:
 *
 * <ol>
 *   <li>Generic rights in the request are mapped with the directory mapping ({@link
 *       AccessMask#mapGenericToDs()}); MAXIMUM_ALLOWED switches to maximum-allowed mode, which
 *       walks the whole DACL and reports every right granted.
 *   <li>ACCESS_SYSTEM_SECURITY needs SeSecurityPrivilege (else {@code PRIVILEGE_NOT_HELD});
 *       SeTakeOwnershipPrivilege grants WRITE_OWNER.
 *   <li>A NULL DACL (or a descriptor without a DACL) grants everything; an empty DACL grants
 *       nothing but the owner's implicit rights.
 *   <li>If the token holds the owner SID, the owner gets READ_CONTROL and WRITE_DAC, unless the
 *       DACL holds an effective (not inherit-only) ACE for OWNER RIGHTS (S-1-3-4): then those ACEs
 *       say what the owner gets, and they match the owner only.
 *   <li>ACEs are evaluated in DACL order (no re-sorting): inherit-only ACEs are skipped; an ACE
 *       applies when its trustee is in the token (PRINCIPAL_SELF through the token's substitute);
 *       an allow grants the still-undecided requested rights, a deny decides them as denied. An
 *       object ACE with an ObjectType applies to that node of the tree and its descendants (and is
 *       ignored when the GUID is not in the tree or there is no tree); a deny on a node also denies
 *       its ancestors, and a node whose children all got a right gets it too.
 *   <li>Callback (conditional) ACEs are not evaluated: an allow-callback ACE never grants and a
 *       deny-callback ACE always denies, the safe reading of an unknown condition.
 * </ol>
 *
 * <p>Generic bits inside ACE masks are not mapped at check time (Windows maps them when an ACE is
 * written or inherited; see {@link DescriptorInheritance}). dsHeuristics switches such as
 * BlockOwnerImplicitRights are not modelled.
 *
 * <p>Performance: the token's SIDs are hashed once ({@link SecurityToken}); per ACE the check does
 * one hash probe and, for object ACEs, one probe into the tree; it allocates only the per-node
 * granted and denied arrays the result keeps (and the explanation lists in {@link #explain}),
 * nothing per ACE or per token SID.
 */
public final class AccessCheck {

  /** OWNER RIGHTS, S-1-3-4 (MS-DTYP 2.4.2.4). */
  public static final Sid OWNER_RIGHTS = Sid.of(3, 4);

  private static final int MAXIMUM_ALLOWED = AccessMask.MAXIMUM_ALLOWED.value();
  private static final int ACCESS_SYSTEM_SECURITY = AccessMask.ACCESS_SYSTEM_SECURITY.value();
  private static final int WRITE_OWNER = AccessMask.WRITE_OWNER.value();
  private static final int OWNER_IMPLICIT =
      AccessMask.READ_CONTROL.value() | AccessMask.WRITE_DAC.value();

  /** Every right maximum-allowed mode can grant through ACEs: the low 24 bits. */
  private static final int ALL_ACE_RIGHTS = 0x00FF_FFFF;

  private static final int INHERIT_ONLY = AceFlags.INHERIT_ONLY.value();

  /** The nil GUID, used as the class of a tree whose class does not matter. */
  private static final UUID ANY_CLASS = new UUID(0, 0);

  private AccessCheck() {}

  /**
   * Checks access to the object as a whole (no object type list: object ACEs with an ObjectType are
   * ignored).
   *
   * @param sd the object's security descriptor
   * @param token who asks
   * @param desired the rights asked for (generic bits and MAXIMUM_ALLOWED allowed)
   * @return the result (one node)
   */
  public static AccessCheckResult check(
      SecurityDescriptor sd, SecurityToken token, AccessMask desired) {
    return run(sd, token, desired, null, false);
  }

  /**
   * Checks access with an object type list.
   *
   * @param sd the object's security descriptor
   * @param token who asks
   * @param desired the rights asked for
   * @param tree the object type tree
   * @return the result per node
   */
  public static AccessCheckResult check(
      SecurityDescriptor sd, SecurityToken token, AccessMask desired, ObjectTypeTree tree) {
    return run(sd, token, desired, Objects.requireNonNull(tree, "tree"), false);
  }

  /**
   * Like {@link #check(SecurityDescriptor, SecurityToken, AccessMask, ObjectTypeTree)}, recording
   * which rule decided which rights at each node ({@link AccessCheckResult#decisions(int)}).
   *
   * @param sd the object's security descriptor
   * @param token who asks
   * @param desired the rights asked for
   * @param tree the object type tree, or empty for a plain check
   * @return the explained result
   */
  public static AccessCheckResult explain(
      SecurityDescriptor sd,
      SecurityToken token,
      AccessMask desired,
      Optional<ObjectTypeTree> tree) {
    return run(sd, token, desired, tree.orElse(null), true);
  }

  // ---- directory helpers (MS-ADTS 5.1.3.3), GUID level

  /**
   * MS-ADTS 5.1.3.3: may the token write an attribute (RIGHT_DS_WRITE_PROPERTY with the tree class
   * → property set → attribute)?
   *
   * @param sd the object's descriptor
   * @param token who asks
   * @param objectClass the object's structural class (schemaIDGUID)
   * @param propertySet the attribute's attributeSecurityGUID, if any
   * @param attribute the attribute's schemaIDGUID
   * @return true if WP is granted on the attribute
   */
  public static boolean canWriteProperty(
      SecurityDescriptor sd,
      SecurityToken token,
      UUID objectClass,
      Optional<UUID> propertySet,
      UUID attribute) {
    return propertyRight(sd, token, AccessMask.WRITE_PROPERTY, objectClass, propertySet, attribute);
  }

  /**
   * MS-ADTS 5.1.3.3: may the token read an attribute (RIGHT_DS_READ_PROPERTY, same tree as {@link
   * #canWriteProperty})?
   *
   * @param sd the object's descriptor
   * @param token who asks
   * @param objectClass the object's structural class
   * @param propertySet the attribute's attributeSecurityGUID, if any
   * @param attribute the attribute's schemaIDGUID
   * @return true if RP is granted on the attribute
   */
  public static boolean canReadProperty(
      SecurityDescriptor sd,
      SecurityToken token,
      UUID objectClass,
      Optional<UUID> propertySet,
      UUID attribute) {
    return propertyRight(sd, token, AccessMask.READ_PROPERTY, objectClass, propertySet, attribute);
  }

  private static boolean propertyRight(
      SecurityDescriptor sd,
      SecurityToken token,
      AccessMask right,
      UUID objectClass,
      Optional<UUID> propertySet,
      UUID attribute) {
    ObjectTypeTree tree = ObjectTypeTree.forProperty(objectClass, propertySet, attribute);
    return check(sd, token, right, tree).isGranted(tree.size() - 1);
  }

  /**
   * MS-ADTS 5.1.3.3: does the token hold a control access right (extended right) on the object
   * (RIGHT_DS_CONTROL_ACCESS with the tree class → right)?
   *
   * @param sd the object's descriptor
   * @param token who asks
   * @param objectClass the object's structural class
   * @param rightGuid the right's rightsGuid, e.g. 00299570-… User-Force-Change-Password
   * @return true if granted
   */
  public static boolean hasControlAccess(
      SecurityDescriptor sd, SecurityToken token, UUID objectClass, UUID rightGuid) {
    return rightOnNode(sd, token, AccessMask.CONTROL_ACCESS, objectClass, rightGuid);
  }

  /**
   * {@link #hasControlAccess(SecurityDescriptor, SecurityToken, UUID, UUID)} when the object's
   * class does not matter (no ACE names the class itself as ObjectType).
   *
   * @param sd the object's descriptor
   * @param token who asks
   * @param rightGuid the right's rightsGuid
   * @return true if granted
   */
  public static boolean hasControlAccess(
      SecurityDescriptor sd, SecurityToken token, UUID rightGuid) {
    return hasControlAccess(sd, token, ANY_CLASS, rightGuid);
  }

  /**
   * MS-ADTS 5.1.3.3: may the token perform a validated write (RIGHT_DS_WRITE_PROPERTY_EXTENDED, SW,
   * with the tree class → validated write)? The DC also checks the value; this only checks the
   * right.
   *
   * @param sd the object's descriptor
   * @param token who asks
   * @param objectClass the object's structural class
   * @param validatedWrite the validated write's rightsGuid, e.g. bf9679c0-… Self-Membership
   * @return true if granted
   */
  public static boolean hasValidatedWrite(
      SecurityDescriptor sd, SecurityToken token, UUID objectClass, UUID validatedWrite) {
    return rightOnNode(sd, token, AccessMask.SELF_WRITE, objectClass, validatedWrite);
  }

  private static boolean rightOnNode(
      SecurityDescriptor sd, SecurityToken token, AccessMask right, UUID objectClass, UUID guid) {
    if (guid.equals(objectClass)) {
      return check(sd, token, right, ObjectTypeTree.of(objectClass)).isGranted(0);
    }
    ObjectTypeTree tree = ObjectTypeTree.builder(objectClass).add(1, guid).build();
    return check(sd, token, right, tree).isGranted(1);
  }

  /**
   * MS-ADTS 3.1.1.5.2 (Add): may the token create an object of this class under the parent
   * (RIGHT_DS_CREATE_CHILD with the tree {childClass})?
   *
   * @param parentSd the parent's descriptor
   * @param token who asks
   * @param childClass the new object's structural class
   * @return true if CC is granted
   */
  public static boolean canCreateChild(
      SecurityDescriptor parentSd, SecurityToken token, UUID childClass) {
    return check(parentSd, token, AccessMask.CREATE_CHILD, ObjectTypeTree.of(childClass))
        .isGranted();
  }

  /**
   * May the token delete a child of this class through the parent's RIGHT_DS_DELETE_CHILD (tree
   * {childClass})?
   *
   * @param parentSd the parent's descriptor
   * @param token who asks
   * @param childClass the child's structural class
   * @return true if DC is granted
   */
  public static boolean canDeleteChild(
      SecurityDescriptor parentSd, SecurityToken token, UUID childClass) {
    return check(parentSd, token, AccessMask.DELETE_CHILD, ObjectTypeTree.of(childClass))
        .isGranted();
  }

  /**
   * MS-ADTS 3.1.1.5.5 (Delete): may the token delete the object? Either DELETE on the object itself
   * or RIGHT_DS_DELETE_CHILD for the object's class on its parent suffices.
   *
   * @param sd the object's descriptor
   * @param parentSd the parent's descriptor, empty for a naming context root
   * @param token who asks
   * @param objectClass the object's structural class
   * @return true if deletion is allowed
   */
  public static boolean canDelete(
      SecurityDescriptor sd,
      Optional<SecurityDescriptor> parentSd,
      SecurityToken token,
      UUID objectClass) {
    if (check(sd, token, AccessMask.DELETE, ObjectTypeTree.of(objectClass)).isGranted()) {
      return true;
    }
    return parentSd.isPresent() && canDeleteChild(parentSd.get(), token, objectClass);
  }

  // ---- the algorithm

  private static AccessCheckResult run(
      SecurityDescriptor sd,
      SecurityToken token,
      AccessMask desiredMask,
      ObjectTypeTree tree,
      boolean explain) {
    Objects.requireNonNull(sd, "sd");
    Objects.requireNonNull(token, "token");
    int desired = desiredMask.value();
    boolean max = (desired & MAXIMUM_ALLOWED) != 0;
    int want = AccessMask.of(desired & ~MAXIMUM_ALLOWED).mapGenericToDs().value();
    int n = tree == null ? 1 : tree.size();
    State st = new State(n, max ? want | ALL_ACE_RIGHTS : want, explain);

    if ((want & ACCESS_SYSTEM_SECURITY) != 0) {
      if (!token.hasPrivilege(SecurityToken.Privilege.SECURITY)) {
        return st.result(AccessCheckResult.Status.PRIVILEGE_NOT_HELD, want, max, tree);
      }
      st.grantAll(ACCESS_SYSTEM_SECURITY, AccessDecision.Reason.PRIVILEGE);
    }
    if (max || (want & WRITE_OWNER) != 0) {
      if (token.hasPrivilege(SecurityToken.Privilege.TAKE_OWNERSHIP)) {
        st.grantAll(WRITE_OWNER, AccessDecision.Reason.PRIVILEGE);
      }
    }
    Acl dacl = sd.daclOrNull();
    if (dacl == null) {
      // NULL DACL, or no DACL at all: MS-DTYP 2.5.3.2 grants everything in both cases.
      int all = max ? AccessMask.DS_GENERIC_ALL.value() | want : want;
      st.grantAll(all, AccessDecision.Reason.NULL_DACL);
      return st.finish(want, max, tree);
    }
    List<Ace> aces = dacl.aces();
    int count = aces.size();
    Sid owner = sd.ownerOrNull();
    boolean ownerInToken = owner != null && token.matches(owner);
    boolean ownerRightsAces = false;
    if (ownerInToken) {
      for (int i = 0; i < count; i++) {
        KnownAce k = KnownAces.of(aces.get(i));
        if (k != null && (k.flags().value() & INHERIT_ONLY) == 0 && k.sid().equals(OWNER_RIGHTS)) {
          ownerRightsAces = true;
          break;
        }
      }
      if (!ownerRightsAces) {
        st.grantAll(OWNER_IMPLICIT, AccessDecision.Reason.OWNER_IMPLICIT);
      }
    }
    boolean matchOwnerRights = ownerInToken && ownerRightsAces;
    for (int i = 0; i < count && (max || st.undecided > 0); i++) {
      KnownAce k = KnownAces.of(aces.get(i));
      if (k == null || (k.flags().value() & INHERIT_ONLY) != 0) {
        continue;
      }
      AceType type = k.type();
      AceType.Kind kind = type.kind();
      boolean allow = kind == AceType.Kind.ALLOW;
      if ((!allow && kind != AceType.Kind.DENY) || (allow && type.isCallback())) {
        continue;
      }
      Sid sid = k.sid();
      if (!token.matches(sid) && !(matchOwnerRights && sid.equals(OWNER_RIGHTS))) {
        continue;
      }
      int mask = k.mask().value();
      Optional<UUID> objectType = type.isObjectType() ? k.objectType() : Optional.empty();
      if (objectType.isEmpty()) {
        st.apply(allow, 0, n, mask, i, k);
        continue;
      }
      if (tree == null) {
        continue;
      }
      int at = tree.indexOf(objectType.get());
      if (at < 0) {
        continue;
      }
      st.apply(allow, at, tree.subtreeEnd(at), mask, i, k);
      if (allow) {
        st.propagateGrantUp(tree, at, mask, i, k);
      } else {
        for (int p = tree.parent(at); p >= 0; p = tree.parent(p)) {
          st.apply(false, p, p + 1, mask, i, k);
        }
      }
    }
    return st.finish(want, max, tree);
  }

  /**
   * The per-node bookkeeping of one check: granted and denied rights. The still-undecided rights of
   * a node are {@code init & ~(granted | denied)}, so they need no array of their own.
   */
  private static final class State {
    final int[] granted;
    final int[] denied;
    final int init;
    final List<List<AccessDecision>> log;
    int undecided;

    State(int n, int init, boolean explain) {
      granted = new int[n];
      denied = new int[n];
      this.init = init;
      if (init != 0) {
        undecided = n;
      }
      if (explain) {
        log = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          log.add(new ArrayList<>());
        }
      } else {
        log = null;
      }
    }

    int remaining(int node) {
      return init & ~(granted[node] | denied[node]);
    }

    /** Applies an ACE's mask to the nodes {@code from .. to-1}. */
    void apply(boolean allow, int from, int to, int mask, int aceIndex, KnownAce ace) {
      for (int node = from; node < to; node++) {
        int r = remaining(node);
        int bits = mask & r;
        if (bits == 0) {
          continue;
        }
        if ((r & ~bits) == 0) {
          undecided--;
        }
        if (allow) {
          granted[node] |= bits;
        } else {
          denied[node] |= bits;
        }
        if (log != null) {
          log.get(node)
              .add(
                  new AccessDecision(
                      node,
                      AccessDecision.Reason.ACE,
                      OptionalInt.of(aceIndex),
                      Optional.of(ace),
                      AccessMask.of(allow ? bits : 0),
                      AccessMask.of(allow ? 0 : bits)));
        }
      }
    }

    /** A node whose children all hold a right gets it too (MS-DTYP 2.5.3.2, object type list). */
    void propagateGrantUp(ObjectTypeTree tree, int at, int mask, int aceIndex, KnownAce ace) {
      for (int p = tree.parent(at); p >= 0; p = tree.parent(p)) {
        int bits = mask & remaining(p);
        int end = tree.subtreeEnd(p);
        for (int c = p + 1; c < end && bits != 0; c = tree.subtreeEnd(c)) {
          bits &= granted[c];
        }
        if (bits == 0) {
          return;
        }
        apply(true, p, p + 1, bits, aceIndex, ace);
      }
    }

    void grantAll(int mask, AccessDecision.Reason reason) {
      for (int node = 0; node < granted.length; node++) {
        int r = remaining(node);
        int bits = mask & r;
        if (bits == 0) {
          continue;
        }
        if ((r & ~bits) == 0) {
          undecided--;
        }
        granted[node] |= bits;
        if (log != null) {
          log.get(node)
              .add(
                  new AccessDecision(
                      node,
                      reason,
                      OptionalInt.empty(),
                      Optional.empty(),
                      AccessMask.of(bits),
                      AccessMask.NONE));
        }
      }
    }

    AccessCheckResult finish(int want, boolean max, ObjectTypeTree tree) {
      int g = granted[0];
      boolean ok = (g & want) == want && (!max || g != 0);
      return result(
          ok ? AccessCheckResult.Status.GRANTED : AccessCheckResult.Status.ACCESS_DENIED,
          want,
          max,
          tree);
    }

    AccessCheckResult result(
        AccessCheckResult.Status status, int want, boolean max, ObjectTypeTree tree) {
      List<List<AccessDecision>> frozen = List.of();
      if (log != null) {
        List<List<AccessDecision>> copy = new ArrayList<>(log.size());
        for (List<AccessDecision> l : log) {
          copy.add(List.copyOf(l));
        }
        frozen = List.copyOf(copy);
      }
      return new AccessCheckResult(
          status, want, max, Optional.ofNullable(tree), granted, denied, frozen);
    }
  }
}
