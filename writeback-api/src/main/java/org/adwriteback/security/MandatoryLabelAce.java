package org.adwriteback.security;

import java.util.Objects;

/**
 * SYSTEM_MANDATORY_LABEL_ACE (MS-DTYP 2.4.4.13), SDDL {@code ML}: the integrity level of an object
 * (the SID, {@code S-1-16-*}) and the policy in the mask ({@link AccessMask#NO_WRITE_UP}, {@link
 * AccessMask#NO_READ_UP}, {@link AccessMask#NO_EXECUTE_UP}). Lives in the SACL.
 *
 * @param flags the ACE flags
 * @param mask the access mask
 * @param sid the mandatory integrity level SID
 * @param padding bytes after the SID that AceSize covers (kept, ignored by {@code equals})
 */
public record MandatoryLabelAce(AceFlags flags, AccessMask mask, Sid sid, byte[] padding)
    implements KnownAce {

  /**
   * Validates the size and copies the padding.
   *
   * @param flags the flags
   * @param mask the mask
   * @param sid the SID
   * @param padding trailing padding
   */
  public MandatoryLabelAce {
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
  public MandatoryLabelAce(AceFlags flags, AccessMask mask, Sid sid) {
    this(flags, mask, sid, Bytes.EMPTY);
  }

  /** Returns {@link AceType#SYSTEM_MANDATORY_LABEL}. */
  @Override
  public AceType type() {
    return AceType.SYSTEM_MANDATORY_LABEL;
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
  public MandatoryLabelAce withFlags(AceFlags flags) {
    return new MandatoryLabelAce(flags, mask, sid, padding);
  }

  @Override
  public MandatoryLabelAce withMask(AccessMask mask) {
    return new MandatoryLabelAce(flags, mask, sid, padding);
  }

  @Override
  public MandatoryLabelAce withSid(Sid sid) {
    return new MandatoryLabelAce(flags, mask, sid, padding);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MandatoryLabelAce a
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
    return "MandatoryLabelAce[flags="
        + flags
        + ", mask="
        + mask
        + ", sid="
        + sid
        + (padding.length == 0 ? "" : ", padding=" + Bytes.hex(padding))
        + "]";
  }
}
