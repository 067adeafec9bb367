package org.adwriteback.testkit;

import java.security.SecureRandom;

/**
 * Conversions between the string form of a SID ({@code S-1-5-21-a-b-c-rid}) and its binary form
 * (MS-DTYP 2.4.2.2: revision, sub-authority count, 48-bit big-endian identifier authority,
 * little-endian 32-bit sub-authorities), as objectSid is stored. A seam until the {@code
 * org.adwriteback.security.Sid} model is available to the testkit.
 */
final class Sids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Sids() {}

  /** Returns a random domain SID {@code S-1-5-21-a-b-c}, as a new domain gets one. */
  static String randomDomainSid() {
    return "S-1-5-21-"
        + Integer.toUnsignedString(RANDOM.nextInt())
        + "-"
        + Integer.toUnsignedString(RANDOM.nextInt())
        + "-"
        + Integer.toUnsignedString(RANDOM.nextInt());
  }

  /** Encodes {@code S-R-I-S1-...-Sn} into its binary form. */
  static byte[] toBytes(String sid) {
    String[] parts = sid.split("-");
    if (parts.length < 3 || !parts[0].equals("S") || !parts[1].equals("1")) {
      throw new IllegalArgumentException("'" + sid + "' is not a SID of the form S-1-<auth>-...");
    }
    int count = parts.length - 3;
    if (count > 15) {
      throw new IllegalArgumentException("SID '" + sid + "' has more than 15 sub-authorities");
    }
    byte[] out = new byte[8 + 4 * count];
    out[0] = 1;
    out[1] = (byte) count;
    long authority = Long.parseLong(parts[2]);
    for (int i = 0; i < 6; i++) {
      out[2 + i] = (byte) (authority >>> (8 * (5 - i)));
    }
    for (int i = 0; i < count; i++) {
      long sub = Long.parseLong(parts[3 + i]);
      if (sub < 0 || sub > 0xFFFFFFFFL) {
        throw new IllegalArgumentException(
            "SID '" + sid + "': sub-authority " + parts[3 + i] + " does not fit in 32 bits");
      }
      int off = 8 + 4 * i;
      out[off] = (byte) sub;
      out[off + 1] = (byte) (sub >>> 8);
      out[off + 2] = (byte) (sub >>> 16);
      out[off + 3] = (byte) (sub >>> 24);
    }
    return out;
  }

  /** Decodes a binary SID into its string form. */
  static String fromBytes(byte[] b) {
    if (b.length < 8 || b[0] != 1 || b.length != 8 + 4 * (b[1] & 0xFF)) {
      throw new IllegalArgumentException(
          "not a binary SID: " + b.length + " bytes, revision " + (b.length > 0 ? b[0] : -1));
    }
    long authority = 0;
    for (int i = 0; i < 6; i++) {
      authority = (authority << 8) | (b[2 + i] & 0xFF);
    }
    StringBuilder sb = new StringBuilder("S-1-").append(authority);
    for (int i = 0; i < (b[1] & 0xFF); i++) {
      int off = 8 + 4 * i;
      long sub =
          (b[off] & 0xFFL)
              | (b[off + 1] & 0xFFL) << 8
              | (b[off + 2] & 0xFFL) << 16
              | (b[off + 3] & 0xFFL) << 24;
      sb.append('-').append(sub);
    }
    return sb.toString();
  }
}
