package org.adwriteback.security;

import java.util.Optional;
import java.util.UUID;

/**
 * An ACE whose type MS-DTYP 2.4.4 defines: it has an access mask and a SID, and object types also
 * carry object-type GUIDs.
 */
public sealed interface KnownAce extends Ace
    permits AccessAce,
        ObjectAce,
        CallbackAce,
        CallbackObjectAce,
        MandatoryLabelAce,
        ResourceAttributeAce,
        ScopedPolicyIdAce {

  /**
   * Returns the ACE type.
   *
   * @return the type
   */
  AceType type();

  /**
   * Returns the access mask.
   *
   * @return the mask
   */
  AccessMask mask();

  /**
   * Returns the trustee (or, for a mandatory label, the integrity level SID).
   *
   * @return the SID
   */
  Sid sid();

  /**
   * Returns a copy with another access mask.
   *
   * @param mask the new mask
   * @return the copy
   */
  KnownAce withMask(AccessMask mask);

  /**
   * Returns a copy with another trustee.
   *
   * @param sid the new SID
   * @return the copy
   */
  KnownAce withSid(Sid sid);

  @Override
  KnownAce withFlags(AceFlags flags);

  /**
   * Returns the ObjectType GUID (the property, property set, extended right, validated write or
   * child class the ACE is limited to) of object ACEs.
   *
   * @return the GUID, empty for non-object ACEs or when the ACE applies to the whole object
   */
  default Optional<UUID> objectType() {
    return Optional.empty();
  }

  /**
   * Returns the InheritedObjectType GUID (the class of child objects that inherit the ACE) of
   * object ACEs.
   *
   * @return the GUID, empty for non-object ACEs or when every child class inherits
   */
  default Optional<UUID> inheritedObjectType() {
    return Optional.empty();
  }

  @Override
  default int typeCode() {
    return type().code();
  }

  /**
   * Tells whether this ACE grants access (allowed, allowed-object and allowed-callback types).
   *
   * @return true for an allow ACE
   */
  default boolean isAllow() {
    return type().kind() == AceType.Kind.ALLOW;
  }

  /**
   * Tells whether this ACE denies access.
   *
   * @return true for a deny ACE
   */
  default boolean isDeny() {
    return type().kind() == AceType.Kind.DENY;
  }
}
