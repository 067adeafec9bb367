package org.adwriteback.security;

import java.util.Optional;
import java.util.UUID;

/**
 * Small direct-mapped caches of the immutable values a descriptor repeats many times (trustee SIDs,
 * object-type GUIDs, access masks), so parsing a typical AD descriptor allocates each distinct
 * value once per cache slot instead of once per ACE. Slots hold immutable objects with final
 * fields; concurrent readers may see an older entry or miss, which only costs an allocation. A hit
 * is checked against the bytes, so a cached value is always exactly what the bytes say.
 */
final class ParseCache {

  private static final int SLOTS = 512;
  private static final Sid[] SIDS = new Sid[SLOTS];

  @SuppressWarnings("unchecked") // generic array of Optional<UUID>; only such values are stored
  private static final Optional<UUID>[] GUIDS = (Optional<UUID>[]) new Optional<?>[SLOTS];

  private static final int MASK_SLOTS = 64;
  private static final AccessMask[] MASKS = new AccessMask[MASK_SLOTS];

  private ParseCache() {}

  /** The access mask with this value, reusing a cached one. */
  static AccessMask mask(int value) {
    int slot = (value ^ (value >>> 7) ^ (value >>> 17)) & (MASK_SLOTS - 1);
    AccessMask cached = MASKS[slot];
    if (cached != null && cached.value() == value) {
      return cached;
    }
    AccessMask fresh = new AccessMask(value);
    MASKS[slot] = fresh;
    return fresh;
  }

  /** Reads the SID at {@code offset} as {@link Sid#read} does, reusing a cached equal SID. */
  static Sid sid(byte[] b, int offset, int limit) {
    if (offset < 0 || offset + 8 > limit || limit > b.length) {
      return Sid.read(b, offset, limit);
    }
    int n = b[offset + 1] & 0xFF;
    if (offset + 8 + 4 * n > limit || n > Sid.MAX_SUB_AUTHORITIES) {
      return Sid.read(b, offset, limit);
    }
    long x = BinaryCodec.le64(b, offset);
    for (int p = offset + 8; p < offset + 8 + 4 * n; p += 4) {
      x = x * 31 + BinaryCodec.i32(b, p);
    }
    int h = (int) (x ^ (x >>> 32));
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
    // Data1 (32 bits), Data2 and Data3 (16 bits each) little-endian, Data4 big-endian
    long le = BinaryCodec.le64(b, offset);
    long msb = (le << 32) | ((le >>> 16) & 0xFFFF_0000L) | (le >>> 48);
    long lsb = BinaryCodec.be64(b, offset + 8);
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
