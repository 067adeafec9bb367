package org.adwriteback.security;

/**
 * An access control entry (MS-DTYP 2.4.4). Every ACE type MS-DTYP defines a layout for is a {@link
 * KnownAce}; anything else (reserved or future types) is an {@link OpaqueAce} that keeps its bytes
 * so a descriptor read from a DC survives a round trip.
 *
 * <p>Implementations are immutable records. {@code equals} is semantic: trailing padding that an
 * AceSize larger than the fields leaves is kept for the binary round trip but does not take part in
 * equality.
 */
public sealed interface Ace permits KnownAce, OpaqueAce {

  /**
   * Returns the AceType byte.
   *
   * @return 0 to 255
   */
  int typeCode();

  /**
   * Returns the AceFlags byte.
   *
   * @return the flags
   */
  AceFlags flags();

  /**
   * Returns the AceSize of the binary form: header, fields, SID and any padding or application
   * data.
   *
   * @return the size in bytes, a multiple of 4
   */
  int size();

  /**
   * Returns a copy with other flags.
   *
   * @param flags the new flags
   * @return the copy
   */
  Ace withFlags(AceFlags flags);

  /**
   * Tells whether the ACE was inherited from a parent object (INHERITED_ACE flag).
   *
   * @return true if inherited
   */
  default boolean isInherited() {
    return flags().isInherited();
  }

  /**
   * Returns the binary form of this ACE (MS-DTYP 2.4.4).
   *
   * @return a new array of {@link #size()} bytes
   */
  default byte[] toBytes() {
    byte[] out = new byte[size()];
    BinaryCodec.writeAce(this, out, 0);
    return out;
  }

  /**
   * Parses one binary ACE that fills the whole array.
   *
   * @param bytes the ACE bytes
   * @return the ACE
   * @throws SecurityDescriptorFormatException if the bytes are not exactly one valid ACE
   */
  static Ace fromBytes(byte[] bytes) {
    Ace ace = BinaryCodec.readAce(bytes, 0, bytes.length);
    if (ace.size() != bytes.length) {
      throw new SecurityDescriptorFormatException(
          0, "AceSize is " + ace.size() + " but " + bytes.length + " bytes were given");
    }
    return ace;
  }

  /** Checks the ACE size invariants shared by the records. */
  static int checkSize(int size) {
    if (size > 0xFFFF) {
      throw new IllegalArgumentException("ACE would be " + size + " bytes; AceSize is 16 bits");
    }
    if ((size & 3) != 0) {
      throw new IllegalArgumentException(
          "ACE would be "
              + size
              + " bytes; MS-DTYP 2.4.4.1 requires a multiple of 4 (pad the trailing data)");
    }
    return size;
  }
}
