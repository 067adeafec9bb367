package org.adwriteback.security;

import java.util.Objects;
import java.util.UUID;

/**
 * The one place where a GUID is converted between {@link UUID} and its 16-byte wire form.
 *
 * <p>MS-DTYP 2.3.4.2 (GUID packet representation) stores {@code Data1} (32 bits), {@code Data2} and
 * {@code Data3} (16 bits each) little-endian, followed by the eight {@code Data4} bytes in order.
 * This is the layout of {@code objectGUID}, {@code schemaIDGUID}, {@code rightsGuid} values read
 * over LDAP and of the object-type fields of object ACEs; {@link UUID#toString()} prints the usual
 * registry form ({@code bf967aba-0de6-11d0-a285-00aa003049e2}).
 */
public final class GuidBytes {

  /** Length in bytes of a packed GUID. */
  public static final int LENGTH = 16;

  private GuidBytes() {}

  /**
   * Reads a GUID stored in the MS-DTYP 2.3.4.2 layout.
   *
   * @param bytes the buffer
   * @param offset where the 16 bytes start
   * @return the GUID
   * @throws IndexOutOfBoundsException if fewer than 16 bytes are available at {@code offset}
   */
  public static UUID read(byte[] bytes, int offset) {
    Objects.checkFromIndexSize(offset, LENGTH, bytes.length);
    long data1 = leUnsigned(bytes, offset, 4);
    long data2 = leUnsigned(bytes, offset + 4, 2);
    long data3 = leUnsigned(bytes, offset + 6, 2);
    long msb = (data1 << 32) | (data2 << 16) | data3;
    long lsb = 0;
    for (int i = 8; i < 16; i++) {
      lsb = (lsb << 8) | (bytes[offset + i] & 0xFF);
    }
    return new UUID(msb, lsb);
  }

  /**
   * Reads a GUID from exactly 16 bytes in the MS-DTYP 2.3.4.2 layout.
   *
   * @param bytes 16 bytes
   * @return the GUID
   * @throws IllegalArgumentException if {@code bytes} is not 16 bytes long
   */
  public static UUID fromBytes(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a GUID is 16 bytes, got "
              + bytes.length
              + "; pass the raw objectGUID/schemaIDGUID value");
    }
    return read(bytes, 0);
  }

  /**
   * Writes a GUID in the MS-DTYP 2.3.4.2 layout.
   *
   * @param guid the GUID
   * @param target the buffer
   * @param offset where the 16 bytes go
   */
  public static void write(UUID guid, byte[] target, int offset) {
    Objects.checkFromIndexSize(offset, LENGTH, target.length);
    long msb = guid.getMostSignificantBits();
    long lsb = guid.getLeastSignificantBits();
    leWrite(target, offset, msb >>> 32, 4);
    leWrite(target, offset + 4, msb >>> 16, 2);
    leWrite(target, offset + 6, msb, 2);
    for (int i = 15; i >= 8; i--) {
      target[offset + i] = (byte) lsb;
      lsb >>>= 8;
    }
  }

  /**
   * Returns the 16-byte MS-DTYP 2.3.4.2 form of a GUID.
   *
   * @param guid the GUID
   * @return a new 16-byte array
   */
  public static byte[] toBytes(UUID guid) {
    byte[] out = new byte[LENGTH];
    write(guid, out, 0);
    return out;
  }

  private static long leUnsigned(byte[] b, int off, int len) {
    long v = 0;
    for (int i = len - 1; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }

  private static void leWrite(byte[] b, int off, long v, int len) {
    for (int i = 0; i < len; i++) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }
}
