package org.adwriteback.security;

import java.util.Arrays;
import java.util.Objects;

/**
 * An ACE whose type this library does not model (reserved 0x04, process trust label 0x14, access
 * filter 0x15, or a future type): the header's type and flags plus the raw body, so a descriptor
 * holding it still round-trips byte for byte (MS-DTYP 2.4.4.1: unknown data is kept, not
 * interpreted).
 *
 * @param typeCode the AceType byte; not one of the types {@link KnownAce} models
 * @param flags the ACE flags
 * @param body everything after the 4-byte header; a multiple of 4 bytes
 */
public record OpaqueAce(int typeCode, AceFlags flags, byte[] body) implements Ace {

  /**
   * Validates the type and size and copies the body.
   *
   * @param typeCode the type byte
   * @param flags the flags
   * @param body the body
   */
  public OpaqueAce {
    Objects.requireNonNull(flags, "flags");
    if (typeCode < 0 || typeCode > 0xFF) {
      throw new IllegalArgumentException("ACE type is one byte, got " + typeCode);
    }
    if (isModelled(typeCode)) {
      throw new IllegalArgumentException(
          "ACE type 0x" + Integer.toHexString(typeCode) + " has its own record; do not wrap it");
    }
    body = Bytes.copy(body);
    Ace.checkSize(4 + body.length);
  }

  static boolean isModelled(int typeCode) {
    return typeCode <= 0x13 && typeCode != 0x04;
  }

  /** Returns a copy of the body. */
  @Override
  public byte[] body() {
    return Bytes.copy(body);
  }

  byte[] bodyRef() {
    return body;
  }

  @Override
  public int size() {
    return 4 + body.length;
  }

  @Override
  public OpaqueAce withFlags(AceFlags flags) {
    return new OpaqueAce(typeCode, flags, body);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpaqueAce a
        && a.typeCode == typeCode
        && a.flags.equals(flags)
        && Bytes.equal(a.body, body);
  }

  @Override
  public int hashCode() {
    return (typeCode * 31 + flags.hashCode()) * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "OpaqueAce[type=0x"
        + Integer.toHexString(typeCode)
        + ", flags="
        + flags
        + ", body="
        + Bytes.hex(body)
        + "]";
  }
}
