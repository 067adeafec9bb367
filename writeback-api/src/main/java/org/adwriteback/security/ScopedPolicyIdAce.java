package org.adwriteback.security;

import java.util.Objects;

/**
 * SYSTEM_SCOPED_POLICY_ID_ACE (MS-DTYP 2.4.4.16), SDDL {@code SP}: names a central access policy by
 * its SID ({@code S-1-17-*}). Lives in the SACL.
 *
 * @param flags the ACE flags
 * @param mask the access mask
 * @param sid the central access policy SID
 * @param padding bytes after the SID that AceSize covers (kept, ignored by {@code equals})
 */
public record ScopedPolicyIdAce(AceFlags flags, AccessMask mask, Sid sid, byte[] padding)
    implements KnownAce {

  /**
   * Validates the size and copies the padding.
   *
   * @param flags the flags
   * @param mask the mask
   * @param sid the SID
   * @param padding trailing padding
   */
  public ScopedPolicyIdAce {
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(sid, "sid");
    padding = Bytes.copy(padding);
    Ace.checkSize(8 + sid.binaryLength() + padding.length);
  }

  /**
   * Creates an ACE without padding.
   *
   * @param flags the flags
   * @param mask the mask
   * @param sid the SID
   */
  public ScopedPolicyIdAce(AceFlags flags, AccessMask mask, Sid sid) {
    this(flags, mask, sid, Bytes.EMPTY);
  }

  /** Returns {@link AceType#SYSTEM_SCOPED_POLICY_ID}. */
  @Override
  public AceType type() {
    return AceType.SYSTEM_SCOPED_POLICY_ID;
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
    return 8 + sid.binaryLength() + padding.length;
  }

  @Override
  public ScopedPolicyIdAce withFlags(AceFlags flags) {
    return new ScopedPolicyIdAce(flags, mask, sid, padding);
  }

  @Override
  public ScopedPolicyIdAce withMask(AccessMask mask) {
    return new ScopedPolicyIdAce(flags, mask, sid, padding);
  }

  @Override
  public ScopedPolicyIdAce withSid(Sid sid) {
    return new ScopedPolicyIdAce(flags, mask, sid, padding);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScopedPolicyIdAce a
        && a.flags.equals(flags)
        && a.mask.equals(mask)
        && a.sid.equals(sid);
  }

  @Override
  public int hashCode() {
    return Objects.hash(flags, mask, sid);
  }

  @Override
  public String toString() {
    return "ScopedPolicyIdAce[flags="
        + flags
        + ", mask="
        + mask
        + ", sid="
        + sid
        + (padding.length == 0 ? "" : ", padding=" + Bytes.hex(padding))
        + "]";
  }
}
