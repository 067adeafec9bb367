package org.adwriteback.security;

import java.util.Objects;

/**
 * The four basic ACEs: ACCESS_ALLOWED_ACE, ACCESS_DENIED_ACE, SYSTEM_AUDIT_ACE and SYSTEM_ALARM_ACE
 * (MS-DTYP 2.4.4.2, 2.4.4.4, 2.4.4.10, 2.4.4.11): header, mask, SID.
 *
 * @param type one of {@link AceType#ACCESS_ALLOWED}, {@link AceType#ACCESS_DENIED}, {@link
 *     AceType#SYSTEM_AUDIT}, {@link AceType#SYSTEM_ALARM}
 * @param flags the ACE flags
 * @param mask the access mask
 * @param sid the trustee
 * @param padding bytes after the SID that AceSize covers (kept for the binary round trip, ignored
 *     by {@code equals}); a multiple of 4 bytes, usually empty
 */
public record AccessAce(AceType type, AceFlags flags, AccessMask mask, Sid sid, byte[] padding)
    implements KnownAce {

  /**
   * Validates the type and size and copies the padding.
   *
   * @param type the type
   * @param flags the flags
   * @param mask the mask
   * @param sid the trustee
   * @param padding trailing padding
   */
  public AccessAce {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(sid, "sid");
    if (type != AceType.ACCESS_ALLOWED
        && type != AceType.ACCESS_DENIED
        && type != AceType.SYSTEM_AUDIT
        && type != AceType.SYSTEM_ALARM) {
      throw new IllegalArgumentException(
          type + " is not a basic ACE type; use ObjectAce, CallbackAce or the type's own record");
    }
    padding = Bytes.copy(padding);
    Ace.checkSize(8 + sid.binaryLength() + padding.length);
  }

  /**
   * Creates an ACE without padding.
   *
   * @param type the basic ACE type
   * @param flags the flags
   * @param mask the mask
   * @param sid the trustee
   */
  public AccessAce(AceType type, AceFlags flags, AccessMask mask, Sid sid) {
    this(type, flags, mask, sid, Bytes.EMPTY);
  }

  /**
   * An explicit ACCESS_ALLOWED ACE.
   *
   * @param sid the trustee
   * @param mask the rights granted
   * @param flags the inheritance flags
   * @return the ACE
   */
  public static AccessAce allow(Sid sid, AccessMask mask, AceFlags flags) {
    return new AccessAce(AceType.ACCESS_ALLOWED, flags, mask, sid);
  }

  /**
   * An explicit ACCESS_DENIED ACE.
   *
   * @param sid the trustee
   * @param mask the rights denied
   * @param flags the inheritance flags
   * @return the ACE
   */
  public static AccessAce deny(Sid sid, AccessMask mask, AceFlags flags) {
    return new AccessAce(AceType.ACCESS_DENIED, flags, mask, sid);
  }

  /**
   * A SYSTEM_AUDIT ACE; set SA and/or FA in {@code flags}.
   *
   * @param sid the audited trustee
   * @param mask the audited rights
   * @param flags inheritance and audit flags
   * @return the ACE
   */
  public static AccessAce audit(Sid sid, AccessMask mask, AceFlags flags) {
    return new AccessAce(AceType.SYSTEM_AUDIT, flags, mask, sid);
  }

  /** Returns a copy of the padding. */
  @Override
  public byte[] padding() {
    return Bytes.copy(padding);
  }

  @Override
  public int size() {
    return 8 + sid.binaryLength() + padding.length;
  }

  int paddingLength() {
    return padding.length;
  }

  byte[] paddingRef() {
    return padding;
  }

  @Override
  public AccessAce withFlags(AceFlags flags) {
    return new AccessAce(type, flags, mask, sid, padding);
  }

  @Override
  public AccessAce withMask(AccessMask mask) {
    return new AccessAce(type, flags, mask, sid, padding);
  }

  @Override
  public AccessAce withSid(Sid sid) {
    return new AccessAce(type, flags, mask, sid, padding);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessAce a
        && a.type == type
        && a.flags.equals(flags)
        && a.mask.equals(mask)
        && a.sid.equals(sid);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, flags, mask, sid);
  }

  @Override
  public String toString() {
    return "AccessAce["
        + type
        + ", flags="
        + flags
        + ", mask="
        + mask
        + ", sid="
        + sid
        + (padding.length == 0 ? "" : ", padding=" + Bytes.hex(padding))
        + "]";
  }
}
