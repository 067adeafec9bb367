package org.adwriteback.security;

import java.util.Optional;
import java.util.UUID;

/**
 * Small direct-mapped caches of the immutable values a descriptor repeats many times (trustee SIDs,
 * object-type GUIDs), so parsing a typical AD descriptor allocates each distinct value once per
 * cache slot instead of once per ACE. Slots hold immutable objects with final fields; concurrent
 * readers may see an older entry or miss, which only costs an allocation. A hit is checked against
 * the bytes, so a cached value is always exactly what the bytes say.
 */
final class ParseCache {

  private static final int SLOTS = 512;
  private static final Sid[] SIDS = new Sid[SLOTS];

  @SuppressWarnings("unchecked") // generic array of Optional<UUID>; only such values are stored
  private static final Optional<UUID>[] GUIDS = (Optional<UUID>[]) new Optional<?>[SLOTS];

  private ParseCache() {}

  /** Reads the SID at {@code offset} as {@link Sid#read} does, reusing a cached equal SID. */
  static Sid sid(byte[] b, int offset, int limit) {
    if (offset < 0 || offset + 8 > limit || limit > b.length) {
      return Sid.read(b, offset, limit);
    }
    int n = b[offset + 1] & 0xFF;
    if (offset + 8 + 4 * n > limit || n > Sid.MAX_SUB_AUTHORITIES) {
      return Sid.read(b, offset, limit);
    }
    int h = n;
    for (int p = offset + 2; p < offset + 8 + 4 * n; p += 2) {
      h = h * 31 + BinaryCodec.u16(b, p);
    }
    int slot = (h ^ (h >>> 9)) & (SLOTS - 1);
    Sid cached = SIDS[slot];
    if (cached != null && cached.matches(b, offset, limit)) {
      return cached;
    }
    Sid sid = Sid.read(b, offset, limit);
    SIDS[slot] = sid;
    return sid;
  }

  /** Reads the GUID at {@code offset} (MS-DTYP 2.3.4.2), reusing a cached Optional of it. */
  static Optional<UUID> guid(byte[] b, int offset) {
    long msb =
        (BinaryCodec.u32(b, offset) << 32)
            | ((long) BinaryCodec.u16(b, offset + 4) << 16)
            | BinaryCodec.u16(b, offset + 6);
    long lsb = 0;
    for (int i = 8; i < 16; i++) {
      lsb = (lsb << 8) | (b[offset + i] & 0xFF);
    }
    long x = msb ^ lsb;
    int h = (int) (x ^ (x >>> 32));
    int slot = (h ^ (h >>> 11)) & (SLOTS - 1);
    Optional<UUID> cached = GUIDS[slot];
    if (cached != null) {
      UUID u = cached.get();
      if (u.getMostSignificantBits() == msb && u.getLeastSignificantBits() == lsb) {
        return cached;
      }
    }
    Optional<UUID> fresh = Optional.of(new UUID(msb, lsb));
    GUIDS[slot] = fresh;
    return fresh;
  }
}
