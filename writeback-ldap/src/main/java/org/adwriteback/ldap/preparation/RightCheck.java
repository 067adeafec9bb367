package org.adwriteback.ldap.preparation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.preparation.GrantTemplate;
import org.adwriteback.preparation.GuidResolver;
import org.adwriteback.preparation.PlannedAce;
import org.adwriteback.schema.AttributeDefinition;
import org.adwriteback.schema.SchemaCatalog;
import org.adwriteback.security.AccessCheck;
import org.adwriteback.security.AccessCheckResult;
import org.adwriteback.security.AccessDecision;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.ObjectTypeTree;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.SecurityToken;

/**
 * The access check that proves one planned ACE works: the rights of the ACE (generic bits mapped
 * with the directory mapping, MS-ADTS 5.1.3.1) asked for with the object type tree a DC builds for
 * the operation the ACE enables (MS-ADTS 5.1.3.3): class → right for a control access right, class
 * → property set → attribute for a property, the child class for create/delete child, the class
 * alone for rights on the whole object.
 *
 * @param mask the rights asked for
 * @param tree the object type tree
 * @param node the node whose result decides
 * @param what the operation, e.g. {@code Reset Password}, {@code write pwdLastSet}
 */
record RightCheck(AccessMask mask, ObjectTypeTree tree, int node, String what) {

  /** The nil GUID: the class when it does not matter. */
  static final UUID ANY_CLASS = new UUID(0, 0);

  private static final AccessMask CHILD_RIGHTS =
      AccessMask.union(AccessMask.CREATE_CHILD, AccessMask.DELETE_CHILD);

  /**
   * Derives the check for a planned ACE on an object of a class.
   *
   * @param planned the planned ACE
   * @param objectClass the class of the object the check runs on, when known
   * @param guids the forest's names → GUIDs
   * @param catalog for the property set of an attribute
   * @return the check
   */
  static RightCheck of(
      PlannedAce planned, Optional<String> objectClass, GuidResolver guids, SchemaCatalog catalog) {
    GrantTemplate t = planned.source();
    AccessMask mask =
        AceSemantics.meaning(planned.ace())
            .map(m -> m.mask().mapGenericToDs())
            .orElse(AccessMask.NONE);
    UUID cls = objectClass.flatMap(guids::resolve).orElse(ANY_CLASS);
    Optional<String> type = t.objectType();
    if (type.isEmpty()) {
      return new RightCheck(mask, ObjectTypeTree.of(cls), 0, t.rights());
    }
    UUID typeGuid = guids.resolve(type.get()).orElse(ANY_CLASS);
    if (mask.containsAny(CHILD_RIGHTS) && !mask.containsAny(AccessMask.CONTROL_ACCESS)) {
      String verb =
          mask.containsAll(CHILD_RIGHTS)
              ? "create/delete"
              : mask.containsAny(AccessMask.CREATE_CHILD) ? "create" : "delete";
      return new RightCheck(
          mask.intersect(CHILD_RIGHTS), ObjectTypeTree.of(typeGuid), 0, verb + " " + type.get());
    }
    Optional<AttributeDefinition> attribute = catalog.attribute(type.get());
    if (attribute.isPresent() || !mask.containsAny(AccessMask.CONTROL_ACCESS)) {
      Optional<UUID> set = attribute.flatMap(AttributeDefinition::attributeSecurityGuid);
      ObjectTypeTree tree = ObjectTypeTree.forProperty(cls, set, typeGuid);
      String verb =
          mask.containsAll(AccessMask.union(AccessMask.READ_PROPERTY, AccessMask.WRITE_PROPERTY))
              ? "read/write "
              : mask.containsAny(AccessMask.WRITE_PROPERTY) ? "write " : "read ";
      return new RightCheck(mask, tree, tree.size() - 1, verb + type.get());
    }
    return new RightCheck(
        mask, ObjectTypeTree.builder(cls).add(1, typeGuid).build(), 1, type.get());
  }

  /** The outcome of running a check. */
  record Outcome(boolean granted, List<Ace> deciding) {}

  /**
   * Runs the check with an explanation.
   *
   * @param sd the descriptor of the object
   * @param token the account's token
   * @return whether the rights are granted, and the ACEs that granted them (or, when refused, the
   *     ACEs that denied some of them)
   */
  Outcome run(SecurityDescriptor sd, SecurityToken token) {
    AccessCheckResult r = AccessCheck.explain(sd, token, mask, Optional.of(tree));
    boolean granted = r.isGranted(node);
    List<Ace> deciding = new ArrayList<>();
    for (int n = node; n >= 0; n = tree.parent(n)) {
      for (AccessDecision d : r.decisions(n)) {
        boolean relevant = granted ? !d.granted().isEmpty() : !d.denied().isEmpty();
        if (relevant && d.ace().isPresent() && !deciding.contains(d.ace().get())) {
          deciding.add(d.ace().get());
        }
      }
      if (n == 0) {
        break;
      }
    }
    return new Outcome(granted, deciding);
  }
}
