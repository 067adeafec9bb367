package org.adwriteback.security;

import java.util.Arrays;
import java.util.Objects;

/**
 * SYSTEM_RESOURCE_ATTRIBUTE_ACE (MS-DTYP 2.4.4.15), SDDL {@code RA}: a resource claim attached to
 * the object. After the SID (normally Everyone) comes a CLAIM_SECURITY_ATTRIBUTE_RELATIVE_V1
 * structure (MS-DTYP 2.4.10.1); it is kept byte-exact, including trailing padding.
 *
 * @param flags the ACE flags
 * @param mask the access mask (normally 0)
 * @param sid the SID (normally {@link Sid#EVERYONE})
 * @param attributeData everything AceSize covers after the SID; a multiple of 4 bytes
 */
public record ResourceAttributeAce(AceFlags flags, AccessMask mask, Sid sid, byte[] attributeData)
    implements KnownAce {

  /**
   * Validates the size and copies the data.
   *
   * @param flags the flags
   * @param mask the mask
   * @param sid the SID
   * @param attributeData the claim structure
   */
  public ResourceAttributeAce {
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(mask, "mask");
    Objects.requireNonNull(sid, "sid");
    attributeData = Bytes.copy(attributeData);
    Ace.checkSize(8 + sid.binaryLength() + attributeData.length);
  }

  /** Returns {@link AceType#SYSTEM_RESOURCE_ATTRIBUTE}. */
  @Override
  public AceType type() {
    return AceType.SYSTEM_RESOURCE_ATTRIBUTE;
  }

  /** Returns a copy of the claim data. */
  @Override
  public byte[] attributeData() {
    return Bytes.copy(attributeData);
  }

  byte[] dataRef() {
    return attributeData;
  }

  @Override
  public int size() {
    return 8 + sid.binaryLength() + attributeData.length;
  }

  @Override
  public ResourceAttributeAce withFlags(AceFlags flags) {
    return new ResourceAttributeAce(flags, mask, sid, attributeData);
  }

  @Override
  public ResourceAttributeAce withMask(AccessMask mask) {
    return new ResourceAttributeAce(flags, mask, sid, attributeData);
  }

  @Override
  public ResourceAttributeAce withSid(Sid sid) {
    return new ResourceAttributeAce(flags, mask, sid, attributeData);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceAttributeAce a
        && a.flags.equals(flags)
        && a.mask.equals(mask)
        && a.sid.equals(sid)
        && Bytes.equal(a.attributeData, attributeData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(flags, mask, sid) * 31 + Arrays.hashCode(attributeData);
  }

  @Override
  public String toString() {
    return "ResourceAttributeAce[flags="
        + flags
        + ", mask="
        + mask
        + ", sid="
        + sid
        + ", attributeData="
        + Bytes.hex(attributeData)
        + "]";
  }
}
