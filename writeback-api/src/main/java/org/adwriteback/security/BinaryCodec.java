package org.adwriteback.security;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The self-relative binary form (MS-DTYP 2.4.6 security descriptor, 2.4.5 ACL, 2.4.4 ACEs). Reads
 * validate every length against the bytes actually present before allocating, so a lying length
 * field yields a {@link SecurityDescriptorFormatException}, never a huge allocation or a loop.
 */
final class BinaryCodec {

  static final int HEADER = 20;
  private static final AceFlags[] FLAGS = new AceFlags[256];
  private static final int OBJECT_TYPE_PRESENT = 0x1;
  private static final int INHERITED_OBJECT_TYPE_PRESENT = 0x2;

  // Multi-byte reads as one bounds-checked load (the JIT turns them into a single mov).
  private static final VarHandle LE16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LE32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  static {
    for (int i = 0; i < 256; i++) {
      FLAGS[i] = new AceFlags(i);
    }
  }

  private BinaryCodec() {}

  static AceFlags flags(int value) {
    return FLAGS[value];
  }

  // ---------------------------------------------------------------- reading

  static SecurityDescriptor readDescriptor(byte[] b) {
    int n = b.length;
    if (n < HEADER) {
      throw new SecurityDescriptorFormatException(
          0, "the header is 20 bytes but only " + n + " bytes were given");
    }
    if (b[0] != 1) {
      throw new SecurityDescriptorFormatException(
          0, "revision is " + (b[0] & 0xFF) + ", expected 1 (SECURITY_DESCRIPTOR_REVISION)");
    }
    int rm = b[1] & 0xFF;
    int control = u16(b, 2);
    int ownerOff = offset(b, 4, "owner");
    int groupOff = offset(b, 8, "group");
    int saclOff = offset(b, 12, "SACL");
    int daclOff = offset(b, 16, "DACL");
    Sid owner = ownerOff == 0 ? null : ParseCache.sid(b, ownerOff, n);
    Sid group = groupOff == 0 ? null : ParseCache.sid(b, groupOff, n);
    // Windows ignores an ACL whose PRESENT bit is clear (GetSecurityDescriptorDacl reports none);
    // PRESENT with offset 0 is a NULL ACL.
    Acl sacl =
        (control & ControlFlags.SACL_PRESENT) != 0 && saclOff != 0 ? readAcl(b, saclOff, n) : null;
    Acl dacl =
        (control & ControlFlags.DACL_PRESENT) != 0 && daclOff != 0 ? readAcl(b, daclOff, n) : null;
    return new SecurityDescriptor(control, rm, owner, group, sacl, dacl, b);
  }

  private static int offset(byte[] b, int at, String what) {
    long off = u32(b, at);
    if (off == 0) {
      return 0;
    }
    if (off < HEADER || off >= b.length) {
      throw new SecurityDescriptorFormatException(
          at,
          what
              + " offset "
              + off
              + " is outside the descriptor (must be 0 or between 20 and "
              + (b.length - 1)
              + ")");
    }
    return (int) off;
  }

  static Acl readAcl(byte[] b, int off, int limit) {
    if (off + 8 > limit) {
      throw new SecurityDescriptorFormatException(
          off, "an ACL header is 8 bytes, only " + (limit - off) + " left");
    }
    int revision = b[off] & 0xFF;
    if (revision < 2 || revision > 4) {
      throw new SecurityDescriptorFormatException(
          off, "ACL revision is " + revision + ", expected 2 or 4");
    }
    int size = u16(b, off + 2);
    if (size < 8) {
      throw new SecurityDescriptorFormatException(
          off + 2, "AclSize is " + size + ", less than the 8-byte ACL header");
    }
    if (off + size > limit) {
      throw new SecurityDescriptorFormatException(
          off + 2,
          "AclSize is "
              + size
              + " but only "
              + (limit - off)
              + " bytes are left in the descriptor");
    }
    int count = u16(b, off + 4);
    if (count > (size - 8) / 4) {
      throw new SecurityDescriptorFormatException(
          off + 4, "AceCount " + count + " cannot fit in AclSize " + size);
    }
    int end = off + size;
    int p = off + 8;
    Ace[] aces = new Ace[count];
    for (int i = 0; i < count; i++) {
      aces[i] = readAce(b, p, end);
      p += u16(b, p + 2); // readAce checked that AceSize fits and is the ACE's size
    }
    byte[] trailing = p < end ? Arrays.copyOfRange(b, p, end) : Bytes.EMPTY;
    return new Acl(
        revision,
        Acl.listOf(aces, count),
        trailing,
        b[off + 1] & 0xFF,
        u16(b, off + 6),
        b,
        off + 8,
        p - (off + 8),
        count);
  }

  static Ace readAce(byte[] b, int p, int end) {
    if (p + 4 > end) {
      throw new SecurityDescriptorFormatException(
          p, "an ACE header is 4 bytes, only " + (end - p) + " left in the ACL");
    }
    int type = b[p] & 0xFF;
    AceFlags flags = FLAGS[b[p + 1] & 0xFF];
    int size = u16(b, p + 2);
    if (size < 4 || (size & 3) != 0) {
      throw new SecurityDescriptorFormatException(
          p + 2, "AceSize is " + size + "; it must be a multiple of 4 and at least 4");
    }
    int aceEnd = p + size;
    if (aceEnd > end) {
      throw new SecurityDescriptorFormatException(
          p + 2, "AceSize is " + size + " but only " + (end - p) + " bytes are left in the ACL");
    }
    AceType t = OpaqueAce.isModelled(type) ? AceType.byCode(type) : null;
    if (t == null) {
      return new OpaqueAce(type, flags, Arrays.copyOfRange(b, p + 4, aceEnd));
    }
    if (aceEnd - p < 8) {
      throw new SecurityDescriptorFormatException(
          p + 2, "AceSize is " + size + ", too small for the mask and SID of a " + t + " ACE");
    }
    AccessMask mask = ParseCache.mask(i32(b, p + 4));
    if (t.isObjectType()) {
      if (aceEnd - p < 12) {
        throw new SecurityDescriptorFormatException(
            p + 2, "AceSize is " + size + ", too small for the object flags of a " + t + " ACE");
      }
      int objFlags = i32(b, p + 8);
      if ((objFlags & ~(OBJECT_TYPE_PRESENT | INHERITED_OBJECT_TYPE_PRESENT)) != 0) {
        throw new SecurityDescriptorFormatException(
            p + 8, "object ACE flags 0x" + Integer.toHexString(objFlags) + " have unknown bits");
      }
      int q = p + 12;
      Optional<UUID> objectType = Optional.empty();
      Optional<UUID> inheritedObjectType = Optional.empty();
      if ((objFlags & OBJECT_TYPE_PRESENT) != 0) {
        objectType = guid(b, q, aceEnd, "ObjectType");
        q += 16;
      }
      if ((objFlags & INHERITED_OBJECT_TYPE_PRESENT) != 0) {
        inheritedObjectType = guid(b, q, aceEnd, "InheritedObjectType");
        q += 16;
      }
      Sid sid = ParseCache.sid(b, q, aceEnd);
      byte[] rest = rest(b, q + sid.binaryLength(), aceEnd);
      return t.isCallback()
          ? new CallbackObjectAce(t, flags, mask, objectType, inheritedObjectType, sid, rest)
          : new ObjectAce(t, flags, mask, objectType, inheritedObjectType, sid, rest);
    }
    Sid sid = ParseCache.sid(b, p + 8, aceEnd);
    byte[] rest = rest(b, p + 8 + sid.binaryLength(), aceEnd);
    if (t.isCallback()) {
      return new CallbackAce(t, flags, mask, sid, rest);
    }
    return switch (t) {
      case SYSTEM_MANDATORY_LABEL -> new MandatoryLabelAce(flags, mask, sid, rest);
      case SYSTEM_RESOURCE_ATTRIBUTE -> new ResourceAttributeAce(flags, mask, sid, rest);
      case SYSTEM_SCOPED_POLICY_ID -> new ScopedPolicyIdAce(flags, mask, sid, rest);
      default -> new AccessAce(t, flags, mask, sid, rest);
    };
  }

  private static Optional<UUID> guid(byte[] b, int q, int aceEnd, String what) {
    if (q + 16 > aceEnd) {
      throw new SecurityDescriptorFormatException(
          q, what + " GUID needs 16 bytes, only " + (aceEnd - q) + " left in the ACE");
    }
    return ParseCache.guid(b, q);
  }

  private static byte[] rest(byte[] b, int from, int to) {
    return from >= to ? Bytes.EMPTY : Arrays.copyOfRange(b, from, to);
  }

  // ---------------------------------------------------------------- writing

  static int descriptorLength(SecurityDescriptor sd) {
    int n = HEADER;
    if (sd.saclOrNull() != null) {
      n += sd.saclOrNull().binaryLength();
    }
    if (sd.daclOrNull() != null) {
      n += sd.daclOrNull().binaryLength();
    }
    if (sd.ownerOrNull() != null) {
      n += sd.ownerOrNull().binaryLength();
    }
    if (sd.groupOrNull() != null) {
      n += sd.groupOrNull().binaryLength();
    }
    return n;
  }

  static byte[] writeDescriptor(SecurityDescriptor sd) {
    byte[] out = new byte[descriptorLength(sd)];
    out[0] = 1;
    out[1] = (byte) sd.rmControl();
    put16(out, 2, sd.controlBits());
    int p = HEADER;
    if (sd.saclOrNull() != null) {
      put32(out, 12, p);
      p = writeAcl(sd.saclOrNull(), out, p);
    }
    if (sd.daclOrNull() != null) {
      put32(out, 16, p);
      p = writeAcl(sd.daclOrNull(), out, p);
    }
    if (sd.ownerOrNull() != null) {
      put32(out, 4, p);
      p = sd.ownerOrNull().write(out, p);
    }
    if (sd.groupOrNull() != null) {
      put32(out, 8, p);
      sd.groupOrNull().write(out, p);
    }
    return out;
  }

  static int writeAcl(Acl acl, byte[] out, int off) {
    int size = acl.binaryLength();
    out[off] = (byte) acl.revision();
    out[off + 1] = (byte) acl.sbz1();
    put16(out, off + 2, size);
    put16(out, off + 4, acl.size());
    put16(out, off + 6, acl.sbz2());
    int p = off + 8;
    List<Ace> aces = acl.aces();
    int from = 0;
    if (acl.sourceRef() != null) {
      System.arraycopy(acl.sourceRef(), acl.sourceOff(), out, p, acl.sourceLen());
      p += acl.sourceLen();
      from = acl.sourceAces();
    }
    for (int i = from; i < aces.size(); i++) {
      p = writeAce(aces.get(i), out, p);
    }
    byte[] trailing = acl.trailingRef();
    System.arraycopy(trailing, 0, out, p, trailing.length);
    return off + size;
  }

  static int writeAce(Ace ace, byte[] out, int p) {
    int size = ace.size();
    out[p] = (byte) ace.typeCode();
    out[p + 1] = (byte) ace.flags().value();
    put16(out, p + 2, size);
    if (ace instanceof OpaqueAce o) {
      byte[] body = o.bodyRef();
      System.arraycopy(body, 0, out, p + 4, body.length);
      return p + size;
    }
    KnownAce k = KnownAces.of(ace);
    put32(out, p + 4, k.mask().value());
    int q = p + 8;
    if (k.type().isObjectType()) {
      Optional<UUID> ot = k.objectType();
      Optional<UUID> iot = k.inheritedObjectType();
      put32(
          out,
          q,
          (ot.isPresent() ? OBJECT_TYPE_PRESENT : 0)
              | (iot.isPresent() ? INHERITED_OBJECT_TYPE_PRESENT : 0));
      q += 4;
      if (ot.isPresent()) {
        GuidBytes.write(ot.get(), out, q);
        q += 16;
      }
      if (iot.isPresent()) {
        GuidBytes.write(iot.get(), out, q);
        q += 16;
      }
    }
    q = k.sid().write(out, q);
    byte[] tail = tail(k);
    System.arraycopy(tail, 0, out, q, tail.length);
    return p + size;
  }

  private static byte[] tail(KnownAce k) {
    if (k instanceof AccessAce a) {
      return a.paddingRef();
    } else if (k instanceof ObjectAce a) {
      return a.paddingRef();
    } else if (k instanceof CallbackAce a) {
      return a.dataRef();
    } else if (k instanceof CallbackObjectAce a) {
      return a.dataRef();
    } else if (k instanceof MandatoryLabelAce a) {
      return a.paddingRef();
    } else if (k instanceof ResourceAttributeAce a) {
      return a.dataRef();
    } else if (k instanceof ScopedPolicyIdAce a) {
      return a.paddingRef();
    }
    throw new AssertionError(k);
  }

  // ---------------------------------------------------------------- little-endian helpers

  static int u16(byte[] b, int p) {
    return (short) LE16.get(b, p) & 0xFFFF;
  }

  static int i32(byte[] b, int p) {
    return (int) LE32.get(b, p);
  }

  /** The 8 bytes at {@code p} as a little-endian long. */
  static long le64(byte[] b, int p) {
    return (long) LE64.get(b, p);
  }

  /** The 8 bytes at {@code p} as a big-endian long. */
  static long be64(byte[] b, int p) {
    return (long) BE64.get(b, p);
  }

  static long u32(byte[] b, int p) {
    return Integer.toUnsignedLong(i32(b, p));
  }

  static long i64(byte[] b, int p) {
    return u32(b, p) | ((long) i32(b, p + 4) << 32);
  }

  static void put16(byte[] b, int p, int v) {
    b[p] = (byte) v;
    b[p + 1] = (byte) (v >>> 8);
  }

  static void put32(byte[] b, int p, int v) {
    b[p] = (byte) v;
    b[p + 1] = (byte) (v >>> 8);
    b[p + 2] = (byte) (v >>> 16);
    b[p + 3] = (byte) (v >>> 24);
  }
}
