package org.adwriteback.security;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The callback object ACEs: ACCESS_ALLOWED_CALLBACK_OBJECT_ACE, ACCESS_DENIED_CALLBACK_OBJECT_ACE,
 * SYSTEM_AUDIT_CALLBACK_OBJECT_ACE and SYSTEM_ALARM_CALLBACK_OBJECT_ACE (MS-DTYP 2.4.4.8, 2.4.4.9,
 * 2.4.4.14): the object ACE layout followed by application data, kept byte-exact. Only the allowed
 * variant has an SDDL token ({@code ZA}).
 *
 * @param type one of the four callback object types
 * @param flags the ACE flags
 * @param mask the access mask
 * @param objectType the object type GUID
 * @param inheritedObjectType the inherited object type GUID
 * @param sid the trustee
 * @param applicationData everything AceSize covers after the SID; a multiple of 4 bytes
 */
public record CallbackObjectAce(
    AceType type,
    AceFlags flags,
    AccessMask mask,
    Optional<UUID> objectType,
    Optional<UUID> inheritedObjectType,
    Sid sid,
    byte[] applicationData)
    implements KnownAce {

  /**
   * Validates the type and size and copies the data.
   *
   * @param type the type
   * @param flags the flags
   * @param mask the mask
   * @param objectType the object type GUID
   * @param inheritedObjectType the inherited object type GUID
   * @param sid the trustee
   * @param applicationData the application data
   */
  public CallbackObjectAce {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(objectType, "objectType");
    Objects.requireNonNull(inheritedObjectType, "inheritedObjectType");
    Objects.requireNonNull(sid, "sid");
    if (!type.isCallback() || !type.isObjectType()) {
      throw new IllegalArgumentException(type + " is not a callback object ACE type");
    }
    applicationData = Bytes.copy(applicationData);
    Ace.checkSize(
        ObjectAce.fixedSize(objectType, inheritedObjectType)
            + sid.binaryLength()
            + applicationData.length);
  }

  /** Returns a copy of the application data. */
  @Override
  public byte[] applicationData() {
    return Bytes.copy(applicationData);
  }

  byte[] dataRef() {
    return applicationData;
  }

  @Override
  public int size() {
    return ObjectAce.fixedSize(objectType, inheritedObjectType)
        + sid.binaryLength()
        + applicationData.length;
  }

  @Override
  public CallbackObjectAce withFlags(AceFlags flags) {
    return new CallbackObjectAce(
        type, flags, mask, objectType, inheritedObjectType, sid, applicationData);
  }

  @Override
  public CallbackObjectAce withMask(AccessMask mask) {
    return new CallbackObjectAce(
        type, flags, mask, objectType, inheritedObjectType, sid, applicationData);
  }

  @Override
  public CallbackObjectAce withSid(Sid sid) {
    return new CallbackObjectAce(
        type, flags, mask, objectType, inheritedObjectType, sid, applicationData);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallbackObjectAce a
        && a.type == type
        && a.flags.equals(flags)
        && a.mask.equals(mask)
        && a.objectType.equals(objectType)
        && a.inheritedObjectType.equals(inheritedObjectType)
        && a.sid.equals(sid)
        && Bytes.equal(a.applicationData, applicationData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, flags, mask, objectType, inheritedObjectType, sid) * 31
        + java.util.Arrays.hashCode(applicationData);
  }

  @Override
  public String toString() {
    return "CallbackObjectAce["
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
        + ", applicationData="
        + Bytes.hex(applicationData)
        + "]";
  }
}
