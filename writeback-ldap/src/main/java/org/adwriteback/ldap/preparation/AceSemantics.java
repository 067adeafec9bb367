package org.adwriteback.ldap.preparation;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.security.AccessAce;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.AceType;
import org.adwriteback.security.ObjectAce;
import org.adwriteback.security.Sid;

/**
 * When an ACE already in a DACL makes a planned ACE unnecessary: the meaning of an allow ACE is its
 * trustee, its rights, the property/right/class it is limited to, the classes it is inherited to
 * and how it propagates (MS-DTYP 2.4.4.1, 2.5.3.2); an existing explicit allow ACE <em>covers</em>
 * a planned one when it has the same trustee and propagation flags, a superset of the rights, and
 * is no narrower in object type or inherited object type. So an ACE another tool added with the
 * same meaning, perhaps as a plain {@code A} ACE where we would write {@code OA} without GUIDs, or
 * with more rights, is not duplicated.
 */
final class AceSemantics {

  /** The four propagation bits: OI, CI, NP, IO. */
  private static final int PROPAGATION = 0x0F;

  private AceSemantics() {}

  /** The parts of an allow or deny ACE that carry its meaning. */
  record Meaning(
      boolean allow,
      Sid sid,
      AccessMask mask,
      int propagation,
      Optional<UUID> objectType,
      Optional<UUID> inheritedObjectType) {}

  /**
   * Extracts the meaning of a plain or object allow/deny ACE.
   *
   * @param ace an ACE
   * @return its meaning, or empty for other types (audit, callback, opaque)
   */
  static Optional<Meaning> meaning(Ace ace) {
    if (ace instanceof AccessAce a
        && (a.type() == AceType.ACCESS_ALLOWED || a.type() == AceType.ACCESS_DENIED)) {
      return Optional.of(
          new Meaning(
              a.type() == AceType.ACCESS_ALLOWED,
              a.sid(),
              a.mask(),
              a.flags().value() & PROPAGATION,
              Optional.empty(),
              Optional.empty()));
    }
    if (ace instanceof ObjectAce o
        && (o.type() == AceType.ACCESS_ALLOWED_OBJECT
            || o.type() == AceType.ACCESS_DENIED_OBJECT)) {
      return Optional.of(
          new Meaning(
              o.type() == AceType.ACCESS_ALLOWED_OBJECT,
              o.sid(),
              o.mask(),
              o.flags().value() & PROPAGATION,
              o.objectType(),
              o.inheritedObjectType()));
    }
    return Optional.empty();
  }

  /**
   * Tells whether an explicit ACE grants at least what a planned allow ACE grants, to the same
   * trustee, on the same objects.
   *
   * @param existing an ACE of the DACL
   * @param wanted the planned ACE
   * @return true when {@code wanted} adds nothing
   */
  static boolean covers(Ace existing, Ace wanted) {
    if (existing.isInherited()) {
      return false;
    }
    if (existing.equals(wanted)) {
      return true;
    }
    Optional<Meaning> e = meaning(existing);
    Optional<Meaning> w = meaning(wanted);
    if (e.isEmpty() || w.isEmpty() || !e.get().allow() || !w.get().allow()) {
      return false;
    }
    Meaning a = e.get();
    Meaning b = w.get();
    return a.sid().equals(b.sid())
        && a.propagation() == b.propagation()
        && a.mask().containsAll(b.mask())
        && (a.objectType().isEmpty() || a.objectType().equals(b.objectType()))
        && (a.inheritedObjectType().isEmpty()
            || a.inheritedObjectType().equals(b.inheritedObjectType()));
  }

  /**
   * Finds an explicit ACE that covers a planned one.
   *
   * @param aces the ACEs of a DACL
   * @param wanted the planned ACE
   * @return the covering ACE, or empty
   */
  static Optional<Ace> coveredBy(Collection<Ace> aces, Ace wanted) {
    return aces.stream().filter(a -> covers(a, wanted)).findFirst();
  }
}
