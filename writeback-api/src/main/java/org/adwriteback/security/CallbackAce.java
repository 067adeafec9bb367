package org.adwriteback.security;

import java.util.Objects;

/**
 * The callback ACEs: ACCESS_ALLOWED_CALLBACK_ACE, ACCESS_DENIED_CALLBACK_ACE,
 * SYSTEM_AUDIT_CALLBACK_ACE and SYSTEM_ALARM_CALLBACK_ACE (MS-DTYP 2.4.4.6, 2.4.4.7, 2.4.4.12):
 * header, mask, SID, then application data. When the data starts with {@code artx} it is a
 * conditional expression (MS-DTYP 2.4.4.17, SDDL {@code XA}/{@code XD}/{@code XU}). The data is
 * kept byte-exact, including the zero padding that rounds the ACE to 4 bytes.
 *
 * @param type one of the four non-object callback types
 * @param flags the ACE flags
 * @param mask the access mask
 * @param sid the trustee
 * @param applicationData everything AceSize covers after the SID; a multiple of 4 bytes
 */
public record CallbackAce(
    AceType type, AceFlags flags, AccessMask mask, Sid sid, byte[] applicationData)
    implements KnownAce {

  /**
   * Validates the type and size and copies the data.
   *
   * @param type the type
   * @param flags the flags
   * @param mask the mask
   * @param sid the trustee
   * @param applicationData the application data
   */
  public CallbackAce {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(sid, "sid");
    if (!type.isCallback() || type.isObjectType()) {
      throw new IllegalArgumentException(
          type + " is not a callback ACE type (XA, XD, XU, alarm callback)");
    }
    applicationData = Bytes.copy(applicationData);
    Ace.checkSize(8 + sid.binaryLength() + applicationData.length);
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
    return 8 + sid.binaryLength() + applicationData.length;
  }

  @Override
  public CallbackAce withFlags(AceFlags flags) {
    return new CallbackAce(type, flags, mask, sid, applicationData);
  }

  @Override
  public CallbackAce withMask(AccessMask mask) {
    return new CallbackAce(type, flags, mask, sid, applicationData);
  }

  @Override
  public CallbackAce withSid(Sid sid) {
    return new CallbackAce(type, flags, mask, sid, applicationData);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallbackAce a
        && a.type == type
        && a.flags.equals(flags)
        && a.mask.equals(mask)
        && a.sid.equals(sid)
        && Bytes.equal(a.applicationData, applicationData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, flags, mask, sid) * 31 + java.util.Arrays.hashCode(applicationData);
  }

  @Override
  public String toString() {
    return "CallbackAce["
        + type
        + ", flags="
        + flags
        + ", mask="
        + mask
        + ", sid="
        + sid
        + ", applicationData="
        + Bytes.hex(applicationData)
        + "]";
  }
}
