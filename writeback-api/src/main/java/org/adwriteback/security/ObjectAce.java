package org.adwriteback.security;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The object ACEs: ACCESS_ALLOWED_OBJECT_ACE, ACCESS_DENIED_OBJECT_ACE, SYSTEM_AUDIT_OBJECT_ACE and
 * SYSTEM_ALARM_OBJECT_ACE (MS-DTYP 2.4.4.3, 2.4.4.5, 2.4.4.11): header, mask, object flags, the
 * optional ObjectType and InheritedObjectType GUIDs (byte order per MS-DTYP 2.3.4.2, see {@link
 * GuidBytes}), SID. The object flags are derived from which GUIDs are present.
 *
 * @param type one of the four object ACE types
 * @param flags the ACE flags
 * @param mask the access mask
 * @param objectType the property, property set, extended right, validated write or class GUID
 * @param inheritedObjectType the class of child objects that inherit this ACE
 * @param sid the trustee
 * @param padding bytes after the SID that AceSize covers (kept, ignored by {@code equals})
 */
public record ObjectAce(
    AceType type,
    AceFlags flags,
    AccessMask mask,
    Optional<UUID> objectType,
    Optional<UUID> inheritedObjectType,
    Sid sid,
    byte[] padding)
    implements KnownAce {

  /**
   * Validates the type and size and copies the padding.
   *
   * @param type the type
   * @param flags the flags
   * @param mask the mask
   * @param objectType the object type GUID
   * @param inheritedObjectType the inherited object type GUID
   * @param sid the trustee
   * @param padding trailing padding
   */
  public ObjectAce {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(objectType, "objectType");
    Objects.requireNonNull(inheritedObjectType, "inheritedObjectType");
    Objects.requireNonNull(sid, "sid");
    if (!type.isObjectType() || type.isCallback()) {
      throw new IllegalArgumentException(
          type + " is not an object ACE type (OA, OD, OU, OL); use the type's own record");
    }
    padding = Bytes.copy(padding);
    Ace.checkSize(fixedSize(objectType, inheritedObjectType) + sid.binaryLength() + padding.length);
  }

  /**
   * Creates an ACE without padding.
   *
   * @param type the object ACE type
   * @param flags the flags
   * @param mask the mask
   * @param objectType the object type GUID
   * @param inheritedObjectType the inherited object type GUID
   * @param sid the trustee
   */
  public ObjectAce(
      AceType type,
      AceFlags flags,
      AccessMask mask,
      Optional<UUID> objectType,
      Optional<UUID> inheritedObjectType,
      Sid sid) {
    this(type, flags, mask, objectType, inheritedObjectType, sid, Bytes.EMPTY);
  }

  /**
   * An explicit ACCESS_ALLOWED_OBJECT ACE.
   *
   * @param sid the trustee
   * @param mask the rights granted
   * @param objectType the property/right/class GUID, or empty
   * @param inheritedObjectType the inheriting child class, or empty
   * @param flags the inheritance flags
   * @return the ACE
   */
  public static ObjectAce allow(
      Sid sid,
      AccessMask mask,
      Optional<UUID> objectType,
      Optional<UUID> inheritedObjectType,
      AceFlags flags) {
    return new ObjectAce(
        AceType.ACCESS_ALLOWED_OBJECT, flags, mask, objectType, inheritedObjectType, sid);
  }

  /**
   * An explicit ACCESS_DENIED_OBJECT ACE.
   *
   * @param sid the trustee
   * @param mask the rights denied
   * @param objectType the property/right/class GUID, or empty
   * @param inheritedObjectType the inheriting child class, or empty
   * @param flags the inheritance flags
   * @return the ACE
   */
  public static ObjectAce deny(
      Sid sid,
      AccessMask mask,
      Optional<UUID> objectType,
      Optional<UUID> inheritedObjectType,
      AceFlags flags) {
    return new ObjectAce(
        AceType.ACCESS_DENIED_OBJECT, flags, mask, objectType, inheritedObjectType, sid);
  }

  static int fixedSize(Optional<UUID> objectType, Optional<UUID> inheritedObjectType) {
    return 12 + (objectType.isPresent() ? 16 : 0) + (inheritedObjectType.isPresent() ? 16 : 0);
  }

  /** Returns a copy of the padding. */
  @Override
  public byte[] padding() {
    return Bytes.copy(padding);
  }

  byte[] paddingRef() {
    return padding;
  }

  @Override
  public int size() {
    return fixedSize(objectType, inheritedObjectType) + sid.binaryLength() + padding.length;
  }

  @Override
  public ObjectAce withFlags(AceFlags flags) {
    return new ObjectAce(type, flags, mask, objectType, inheritedObjectType, sid, padding);
  }

  @Override
  public ObjectAce withMask(AccessMask mask) {
    return new ObjectAce(type, flags, mask, objectType, inheritedObjectType, sid, padding);
  }

  @Override
  public ObjectAce withSid(Sid sid) {
    return new ObjectAce(type, flags, mask, objectType, inheritedObjectType, sid, padding);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectAce a
        && a.type == type
        && a.flags.equals(flags)
        && a.mask.equals(mask)
        && a.objectType.equals(objectType)
        && a.inheritedObjectType.equals(inheritedObjectType)
        && a.sid.equals(sid);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, flags, mask, objectType, inheritedObjectType, sid);
  }

  @Override
  public String toString() {
    return "ObjectAce["
        + type
        + ", flags="
        + flags
        + ", mask="
        + mask
        + ", objectType="
        + objectType.map(UUID::toString).orElse("-")
        + ", inheritedObjectType="
        + inheritedObjectType.map(UUID::toString).orElse("-")
        + ", sid="
        + sid
        + (padding.length == 0 ? "" : ", padding=" + Bytes.hex(padding))
        + "]";
  }
}
