package org.adwriteback.security;

import java.util.Arrays;

/** Byte-array helpers shared by the ACE records (equality, hashing, hex for toString). */
final class Bytes {
  static final byte[] EMPTY = new byte[0];
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Bytes() {}

  static byte[] copy(byte[] b) {
    return b.length == 0 ? EMPTY : b.clone();
  }

  static String hex(byte[] b) {
    char[] out = new char[b.length * 2];
    for (int i = 0; i < b.length; i++) {
      out[2 * i] = HEX[(b[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[b[i] & 0xF];
    }
    return new String(out);
  }

  static boolean equal(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }
}
