package org.adwriteback.security;

import java.util.Arrays;
import java.util.Objects;

/**
 * A security identifier (SID), MS-DTYP 2.4.2: a revision (always 1), a 48-bit identifier authority
 * and up to 15 32-bit sub-authorities, the last of which is the relative identifier (RID) for
 * domain accounts.
 *
 * <p>String form (MS-DTYP 2.4.2.1): {@code S-1-5-21-1004336348-1177238915-682003330-512}; an
 * authority of 2<sup>32</sup> or more is written in hex ({@code S-1-0x12A05F200-…}, as Windows
 * prints it). Binary form (MS-DTYP 2.4.2.2): revision byte, sub-authority count byte, the authority
 * as 6 big-endian bytes, then the sub-authorities little-endian. Instances are immutable; {@link
 * #equals} compares authority and sub-authorities.
 */
public final class Sid implements Comparable<Sid> {

  /** SID_MAX_SUB_AUTHORITIES: the largest number of sub-authorities a SID may have. */
  public static final int MAX_SUB_AUTHORITIES = 15;

  /** S-1-0-0, the NULL SID. */
  public static final Sid NULL = of(0, 0);

  /** S-1-1-0, Everyone (SDDL {@code WD}). */
  public static final Sid EVERYONE = of(1, 0);

  /** S-1-2-0, LOCAL. */
  public static final Sid LOCAL = of(2, 0);

  /** S-1-3-0, CREATOR OWNER (SDDL {@code CO}). */
  public static final Sid CREATOR_OWNER = of(3, 0);

  /** S-1-3-1, CREATOR GROUP (SDDL {@code CG}). */
  public static final Sid CREATOR_GROUP = of(3, 1);

  /** S-1-5-2, NETWORK (SDDL {@code NU}). */
  public static final Sid NETWORK = of(5, 2);

  /** S-1-5-4, INTERACTIVE (SDDL {@code IU}). */
  public static final Sid INTERACTIVE = of(5, 4);

  /** S-1-5-6, SERVICE (SDDL {@code SU}). */
  public static final Sid SERVICE = of(5, 6);

  /** S-1-5-7, ANONYMOUS LOGON (SDDL {@code AN}). */
  public static final Sid ANONYMOUS = of(5, 7);

  /** S-1-5-9, Enterprise Domain Controllers (SDDL {@code ED}). */
  public static final Sid ENTERPRISE_DOMAIN_CONTROLLERS = of(5, 9);

  /** S-1-5-10, PRINCIPAL SELF, "SELF" in AD ACLs (SDDL {@code PS}). */
  public static final Sid SELF = of(5, 10);

  /** S-1-5-11, Authenticated Users (SDDL {@code AU}). */
  public static final Sid AUTHENTICATED_USERS = of(5, 11);

  /** S-1-5-12, RESTRICTED (SDDL {@code RC}). */
  public static final Sid RESTRICTED = of(5, 12);

  /** S-1-5-18, LOCAL SYSTEM (SDDL {@code SY}). */
  public static final Sid LOCAL_SYSTEM = of(5, 18);

  /** S-1-5-19, LOCAL SERVICE (SDDL {@code LS}). */
  public static final Sid LOCAL_SERVICE = of(5, 19);

  /** S-1-5-20, NETWORK SERVICE (SDDL {@code NS}). */
  public static final Sid NETWORK_SERVICE = of(5, 20);

  /** S-1-5-32-544, BUILTIN\Administrators (SDDL {@code BA}). */
  public static final Sid BUILTIN_ADMINISTRATORS = of(5, 32, 544);

  /** S-1-5-32-545, BUILTIN\Users (SDDL {@code BU}). */
  public static final Sid BUILTIN_USERS = of(5, 32, 545);

  /** S-1-5-32-546, BUILTIN\Guests (SDDL {@code BG}). */
  public static final Sid BUILTIN_GUESTS = of(5, 32, 546);

  /** S-1-5-32-548, BUILTIN\Account Operators (SDDL {@code AO}). */
  public static final Sid ACCOUNT_OPERATORS = of(5, 32, 548);

  /** S-1-5-32-549, BUILTIN\Server Operators (SDDL {@code SO}). */
  public static final Sid SERVER_OPERATORS = of(5, 32, 549);

  /** S-1-5-32-550, BUILTIN\Print Operators (SDDL {@code PO}). */
  public static final Sid PRINT_OPERATORS = of(5, 32, 550);

  /** S-1-5-32-551, BUILTIN\Backup Operators (SDDL {@code BO}). */
  public static final Sid BACKUP_OPERATORS = of(5, 32, 551);

  /** S-1-5-32-554, BUILTIN\Pre-Windows 2000 Compatible Access (SDDL {@code RU}). */
  public static final Sid PRE_WINDOWS_2000_COMPATIBLE_ACCESS = of(5, 32, 554);

  /** S-1-5-32-560, BUILTIN\Windows Authorization Access Group. */
  public static final Sid WINDOWS_AUTHORIZATION_ACCESS_GROUP = of(5, 32, 560);

  /** S-1-5-32-561, BUILTIN\Terminal Server License Servers. */
  public static final Sid TERMINAL_SERVER_LICENSE_SERVERS = of(5, 32, 561);

  /** S-1-16-4096, low mandatory level (SDDL {@code LW}). */
  public static final Sid LOW_MANDATORY_LEVEL = of(16, 4096);

  /** S-1-16-8192, medium mandatory level (SDDL {@code ME}). */
  public static final Sid MEDIUM_MANDATORY_LEVEL = of(16, 8192);

  /** S-1-16-12288, high mandatory level (SDDL {@code HI}). */
  public static final Sid HIGH_MANDATORY_LEVEL = of(16, 12288);

  /** S-1-16-16384, system mandatory level (SDDL {@code SI}). */
  public static final Sid SYSTEM_MANDATORY_LEVEL = of(16, 16384);

  /** Domain RID 500: the built-in Administrator account. */
  public static final long RID_ADMINISTRATOR = 500;

  /** Domain RID 512: Domain Admins. */
  public static final long RID_DOMAIN_ADMINS = 512;

  /** Domain RID 513: Domain Users. */
  public static final long RID_DOMAIN_USERS = 513;

  /** Domain RID 516: Domain Controllers. */
  public static final long RID_DOMAIN_CONTROLLERS = 516;

  /** Domain RID 518: Schema Admins (forest root domain). */
  public static final long RID_SCHEMA_ADMINS = 518;

  /** Domain RID 519: Enterprise Admins (forest root domain). */
  public static final long RID_ENTERPRISE_ADMINS = 519;

  private final long authority;
  private final int[] subAuthorities;
  private final int hash;

  private Sid(long authority, int[] subAuthorities) {
    this.authority = authority;
    this.subAuthorities = subAuthorities;
    this.hash = Long.hashCode(authority) * 31 + Arrays.hashCode(subAuthorities);
  }

  /**
   * Builds a SID from its identifier authority and sub-authorities.
   *
   * @param authority the 48-bit identifier authority (5 = NT AUTHORITY)
   * @param subAuthorities 0 to 15 sub-authorities, each an unsigned 32-bit value
   * @return the SID
   * @throws IllegalArgumentException if a value is out of range or there are more than 15
   *     sub-authorities
   */
  public static Sid of(long authority, long... subAuthorities) {
    if (authority < 0 || authority > 0xFFFF_FFFF_FFFFL) {
      throw new IllegalArgumentException(
          "identifier authority " + authority + " does not fit in 48 bits");
    }
    if (subAuthorities.length > MAX_SUB_AUTHORITIES) {
      throw new IllegalArgumentException(
          "a SID has at most 15 sub-authorities, got " + subAuthorities.length);
    }
    int[] subs = new int[subAuthorities.length];
    for (int i = 0; i < subs.length; i++) {
      long s = subAuthorities[i];
      if (s < 0 || s > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException(
            "sub-authority " + s + " is not an unsigned 32-bit value");
      }
      subs[i] = (int) s;
    }
    return new Sid(authority, subs);
  }

  /**
   * Parses the string form {@code S-1-<authority>(-<sub-authority>)*} (MS-DTYP 2.4.2.1). The prefix
   * {@code S} may be lower case; the authority may be decimal or {@code 0x} followed by hex digits.
   * SDDL aliases such as {@code BA} are not accepted here (see {@link
   * SecurityDescriptor#fromSddl(String)}).
   *
   * @param text the SID string
   * @return the SID
   * @throws IllegalArgumentException if {@code text} is not a SID string, with the reason
   */
  public static Sid parse(String text) {
    Objects.requireNonNull(text, "text");
    Sid sid = tryParse(text, 0, text.length());
    if (sid == null) {
      throw new IllegalArgumentException(
          "not a SID string: '"
              + text
              + "' (expected S-1-<authority>-<sub-authority>..., at most 15 sub-authorities)");
    }
    return sid;
  }

  /** Parses {@code text[from, to)} or returns null; shared with the SDDL parser. */
  static Sid tryParse(CharSequence text, int from, int to) {
    if (to - from < 4
        || (text.charAt(from) != 'S' && text.charAt(from) != 's')
        || text.charAt(from + 1) != '-'
        || text.charAt(from + 2) != '1'
        || text.charAt(from + 3) != '-') {
      return null;
    }
    int pos = from + 4;
    long authority;
    int end = pos;
    if (end + 1 < to && text.charAt(end) == '0' && (text.charAt(end + 1) | 0x20) == 'x') {
      end += 2;
      int digitsStart = end;
      authority = 0;
      while (end < to && Character.digit(text.charAt(end), 16) >= 0) {
        authority = (authority << 4) | Character.digit(text.charAt(end), 16);
        end++;
        if (end - digitsStart > 12) {
          return null;
        }
      }
      if (end == digitsStart) {
        return null;
      }
    } else {
      authority = 0;
      while (end < to && isDigit(text.charAt(end))) {
        authority = authority * 10 + (text.charAt(end) - '0');
        end++;
        if (authority > 0xFFFF_FFFFL) {
          // Windows accepts only 32-bit decimal authorities; larger ones must be written in hex.
          return null;
        }
      }
      if (end == pos) {
        return null;
      }
    }
    int[] subs = new int[MAX_SUB_AUTHORITIES];
    int count = 0;
    pos = end;
    while (pos < to) {
      if (text.charAt(pos) != '-' || count == MAX_SUB_AUTHORITIES) {
        return null;
      }
      pos++;
      long v = 0;
      int start = pos;
      while (pos < to && isDigit(text.charAt(pos))) {
        v = v * 10 + (text.charAt(pos) - '0');
        pos++;
        if (v > 0xFFFF_FFFFL) {
          return null;
        }
      }
      if (pos == start) {
        return null;
      }
      subs[count++] = (int) v;
    }
    return new Sid(authority, Arrays.copyOf(subs, count));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Reads a binary SID (MS-DTYP 2.4.2.2) at {@code offset}, which must lie within {@code limit}.
   *
   * @param bytes the buffer
   * @param offset where the SID starts
   * @param limit index after the last byte the SID may use
   * @return the SID
   * @throws SecurityDescriptorFormatException if the bytes are not a valid SID
   */
  public static Sid read(byte[] bytes, int offset, int limit) {
    if (offset < 0 || limit > bytes.length || offset + 8 > limit) {
      throw new SecurityDescriptorFormatException(
          offset, "a SID needs at least 8 bytes, only " + Math.max(0, limit - offset) + " left");
    }
    if (bytes[offset] != 1) {
      throw new SecurityDescriptorFormatException(
          offset, "SID revision is " + (bytes[offset] & 0xFF) + ", expected 1");
    }
    int count = bytes[offset + 1] & 0xFF;
    if (count > MAX_SUB_AUTHORITIES) {
      throw new SecurityDescriptorFormatException(
          offset + 1, "SID has " + count + " sub-authorities, at most 15 are allowed");
    }
    if (offset + 8 + 4 * count > limit) {
      throw new SecurityDescriptorFormatException(
          offset,
          "SID with "
              + count
              + " sub-authorities needs "
              + (8 + 4 * count)
              + " bytes, only "
              + (limit - offset)
              + " left");
    }
    long authority = 0;
    for (int i = 2; i < 8; i++) {
      authority = (authority << 8) | (bytes[offset + i] & 0xFF);
    }
    int[] subs = new int[count];
    int p = offset + 8;
    for (int i = 0; i < count; i++, p += 4) {
      subs[i] =
          (bytes[p] & 0xFF)
              | (bytes[p + 1] & 0xFF) << 8
              | (bytes[p + 2] & 0xFF) << 16
              | (bytes[p + 3] & 0xFF) << 24;
    }
    return new Sid(authority, subs);
  }

  /**
   * Reads a binary SID that fills the whole array (for example an {@code objectSid} value).
   *
   * @param bytes the binary SID
   * @return the SID
   * @throws SecurityDescriptorFormatException if the bytes are not exactly one valid SID
   */
  public static Sid fromBytes(byte[] bytes) {
    Sid sid = read(bytes, 0, bytes.length);
    if (sid.binaryLength() != bytes.length) {
      throw new SecurityDescriptorFormatException(
          sid.binaryLength(),
          "SID ends after " + sid.binaryLength() + " bytes but " + bytes.length + " were given");
    }
    return sid;
  }

  /**
   * Returns the binary form (MS-DTYP 2.4.2.2).
   *
   * @return a new array of {@link #binaryLength()} bytes
   */
  public byte[] toBytes() {
    byte[] out = new byte[binaryLength()];
    write(out, 0);
    return out;
  }

  /**
   * Writes the binary form into {@code target}.
   *
   * @param target the buffer
   * @param offset where to write
   * @return the offset after the SID
   */
  public int write(byte[] target, int offset) {
    target[offset] = 1;
    target[offset + 1] = (byte) subAuthorities.length;
    for (int i = 0; i < 6; i++) {
      target[offset + 2 + i] = (byte) (authority >>> (8 * (5 - i)));
    }
    int p = offset + 8;
    for (int s : subAuthorities) {
      target[p] = (byte) s;
      target[p + 1] = (byte) (s >>> 8);
      target[p + 2] = (byte) (s >>> 16);
      target[p + 3] = (byte) (s >>> 24);
      p += 4;
    }
    return p;
  }

  /**
   * True if {@code bytes} hold exactly this SID's binary form at {@code offset}, within {@code
   * limit} (used by the parse cache to return a cached instance without allocating).
   */
  boolean matches(byte[] bytes, int offset, int limit) {
    int n = subAuthorities.length;
    if (offset + 8 + 4 * n > limit) {
      return false;
    }
    // revision 1, the count, then the 48-bit authority big-endian
    long head = BinaryCodec.be64(bytes, offset);
    if (head != ((1L << 56) | ((long) n << 48) | authority)) {
      return false;
    }
    int p = offset + 8;
    for (int sub : subAuthorities) {
      if (BinaryCodec.i32(bytes, p) != sub) {
        return false;
      }
      p += 4;
    }
    return true;
  }

  /**
   * Returns the length of the binary form: 8 + 4 per sub-authority.
   *
   * @return the length in bytes
   */
  public int binaryLength() {
    return 8 + 4 * subAuthorities.length;
  }

  /**
   * Returns the 48-bit identifier authority.
   *
   * @return the identifier authority (5 for NT AUTHORITY)
   */
  public long identifierAuthority() {
    return authority;
  }

  /**
   * Returns the number of sub-authorities.
   *
   * @return 0 to 15
   */
  public int subAuthorityCount() {
    return subAuthorities.length;
  }

  /**
   * Returns one sub-authority as an unsigned value.
   *
   * @param index 0-based index
   * @return the sub-authority, 0 to 2<sup>32</sup>-1
   * @throws IndexOutOfBoundsException if there is no such sub-authority
   */
  public long subAuthority(int index) {
    return Integer.toUnsignedLong(subAuthorities[index]);
  }

  /**
   * Returns the relative identifier: the last sub-authority.
   *
   * @return the RID as an unsigned value
   * @throws IllegalStateException if the SID has no sub-authorities
   */
  public long rid() {
    if (subAuthorities.length == 0) {
      throw new IllegalStateException(this + " has no sub-authorities, so no RID");
    }
    return subAuthority(subAuthorities.length - 1);
  }

  /**
   * Returns the domain part: this SID without its last sub-authority ({@code S-1-5-21-a-b-c-512} →
   * {@code S-1-5-21-a-b-c}).
   *
   * @return the domain SID
   * @throws IllegalStateException if the SID has no sub-authorities
   */
  public Sid domain() {
    if (subAuthorities.length == 0) {
      throw new IllegalStateException(this + " has no sub-authorities, so no domain part");
    }
    return new Sid(authority, Arrays.copyOf(subAuthorities, subAuthorities.length - 1));
  }

  /**
   * Appends a relative identifier: {@code domainSid.withRid(512)} is the Domain Admins SID of that
   * domain.
   *
   * @param rid the RID, an unsigned 32-bit value
   * @return the SID with one more sub-authority
   * @throws IllegalArgumentException if the RID is out of range or the SID already has 15
   *     sub-authorities
   */
  public Sid withRid(long rid) {
    if (rid < 0 || rid > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("RID " + rid + " is not an unsigned 32-bit value");
    }
    if (subAuthorities.length == MAX_SUB_AUTHORITIES) {
      throw new IllegalArgumentException(this + " already has 15 sub-authorities");
    }
    int[] subs = Arrays.copyOf(subAuthorities, subAuthorities.length + 1);
    subs[subs.length - 1] = (int) rid;
    return new Sid(authority, subs);
  }

  /**
   * Tells whether this SID is {@code domain} plus exactly one RID.
   *
   * @param domain a domain SID
   * @return true if {@code domain().equals(domain)}
   */
  public boolean isInDomain(Sid domain) {
    if (subAuthorities.length != domain.subAuthorities.length + 1
        || authority != domain.authority) {
      return false;
    }
    return Arrays.equals(
        subAuthorities,
        0,
        domain.subAuthorities.length,
        domain.subAuthorities,
        0,
        domain.subAuthorities.length);
  }

  /** Compares by authority, then sub-authorities as unsigned values, then count. */
  @Override
  public int compareTo(Sid o) {
    int c = Long.compare(authority, o.authority);
    if (c != 0) {
      return c;
    }
    int n = Math.min(subAuthorities.length, o.subAuthorities.length);
    for (int i = 0; i < n; i++) {
      c = Integer.compareUnsigned(subAuthorities[i], o.subAuthorities[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(subAuthorities.length, o.subAuthorities.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sid s
        && s.hash == hash
        && s.authority == authority
        && Arrays.equals(s.subAuthorities, subAuthorities);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Returns the string form, e.g. {@code S-1-5-32-544}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(16 + 11 * subAuthorities.length);
    appendTo(sb);
    return sb.toString();
  }

  void appendTo(StringBuilder sb) {
    sb.append("S-1-");
    if (authority >= 0x1_0000_0000L) {
      // MS-DTYP 2.4.2.1 asks for 12 hex digits; Windows prints upper-case hex without leading zeros
      // (S-1-0x500000000-...), and so do we.
      sb.append("0x").append(Long.toHexString(authority).toUpperCase(java.util.Locale.ROOT));
    } else {
      sb.append(authority);
    }
    for (int s : subAuthorities) {
      sb.append('-').append(Integer.toUnsignedLong(s));
    }
  }
}
