package org.adwriteback.ldap.samba;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.security.GuidBytes;

/**
 * A deliberately tiny reader and editor of self-relative security descriptors (MS-DTYP 2.4.6,
 * 2.4.5, 2.4.4), for the samba tests only: it reads the header and the DACL's ACEs and inserts one
 * ACE at the start of the DACL. The descriptor model of writeback-api replaces it once it lands.
 */
final class SdBytes {

  /** SE_DACL_PRESENT (MS-DTYP 2.4.6). */
  static final int SE_DACL_PRESENT = 0x0004;

  /** SE_SACL_PRESENT. */
  static final int SE_SACL_PRESENT = 0x0010;

  /** SE_SELF_RELATIVE. */
  static final int SE_SELF_RELATIVE = 0x8000;

  /** CONTAINER_INHERIT_ACE (MS-DTYP 2.4.4.1). */
  static final int CONTAINER_INHERIT = 0x02;

  /** INHERITED_ACE. */
  static final int INHERITED = 0x10;

  /** ACCESS_ALLOWED_OBJECT_ACE_TYPE. */
  static final int ACCESS_ALLOWED_OBJECT = 0x05;

  /** ADS_RIGHT_DS_CONTROL_ACCESS, the mask bit of an extended right. */
  static final int CONTROL_ACCESS = 0x100;

  private static final int HEADER_LENGTH = 20;

  private SdBytes() {}

  /** The fixed part of a self-relative descriptor. */
  record Header(int revision, int control, int owner, int group, int sacl, int dacl) {}

  /** One ACE of a DACL; object types are present only for the object ACE types. */
  record Ace(
      int type,
      int flags,
      int mask,
      Optional<UUID> objectType,
      Optional<UUID> inheritedObjectType,
      byte[] sid) {}

  static Header header(byte[] sd) {
    ByteBuffer b = le(sd);
    return new Header(
        sd[0] & 0xff, b.getShort(2) & 0xffff, b.getInt(4), b.getInt(8), b.getInt(12), b.getInt(16));
  }

  static List<Ace> daclAces(byte[] sd) {
    Header h = header(sd);
    if ((h.control() & SE_DACL_PRESENT) == 0 || h.dacl() == 0) {
      throw new IllegalArgumentException("descriptor has no DACL: control 0x" + hex(h.control()));
    }
    ByteBuffer b = le(sd);
    int count = b.getShort(h.dacl() + 4) & 0xffff;
    List<Ace> aces = new ArrayList<>();
    int at = h.dacl() + 8;
    for (int i = 0; i < count; i++) {
      int type = sd[at] & 0xff;
      int flags = sd[at + 1] & 0xff;
      int size = b.getShort(at + 2) & 0xffff;
      int mask = b.getInt(at + 4);
      int sidAt = at + 8;
      Optional<UUID> objectType = Optional.empty();
      Optional<UUID> inheritedType = Optional.empty();
      if (type == 0x05 || type == 0x06 || type == 0x07 || type == 0x08) {
        int present = b.getInt(at + 8);
        sidAt = at + 12;
        if ((present & 1) != 0) {
          objectType = Optional.of(GuidBytes.read(sd, sidAt));
          sidAt += 16;
        }
        if ((present & 2) != 0) {
          inheritedType = Optional.of(GuidBytes.read(sd, sidAt));
          sidAt += 16;
        }
      }
      int sidLength = 8 + 4 * (sd[sidAt + 1] & 0xff);
      aces.add(
          new Ace(
              type,
              flags,
              mask,
              objectType,
              inheritedType,
              Arrays.copyOfRange(sd, sidAt, sidAt + sidLength)));
      at += size;
    }
    return aces;
  }

  /** Builds an ACCESS_ALLOWED_OBJECT_ACE with both object types (MS-DTYP 2.4.4.3). */
  static byte[] allowedObjectAce(
      int flags, int mask, UUID objectType, UUID inheritedObjectType, byte[] sid) {
    int size = 8 + 4 + 16 + 16 + sid.length;
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) ACCESS_ALLOWED_OBJECT).put((byte) flags).putShort((short) size).putInt(mask);
    b.putInt(3).put(GuidBytes.toBytes(objectType)).put(GuidBytes.toBytes(inheritedObjectType));
    b.put(sid);
    return b.array();
  }

  /**
   * Returns a descriptor holding only the DACL of {@code sd} with {@code ace} inserted first, as
   * written back with the DACL-only SD flags control.
   */
  static byte[] withAceFirst(byte[] sd, byte[] ace) {
    Header h = header(sd);
    ByteBuffer in = le(sd);
    if ((h.control() & SE_DACL_PRESENT) == 0 || h.dacl() == 0) {
      throw new IllegalArgumentException("descriptor has no DACL to extend");
    }
    int aclSize = in.getShort(h.dacl() + 2) & 0xffff;
    int count = in.getShort(h.dacl() + 4) & 0xffff;
    ByteBuffer out =
        ByteBuffer.allocate(HEADER_LENGTH + aclSize + ace.length).order(ByteOrder.LITTLE_ENDIAN);
    int control = h.control() & ~SE_SACL_PRESENT;
    out.put((byte) 1).put((byte) 0).putShort((short) control);
    out.putInt(0).putInt(0).putInt(0).putInt(HEADER_LENGTH);
    out.put(sd[h.dacl()]).put((byte) 0).putShort((short) (aclSize + ace.length));
    out.putShort((short) (count + 1)).putShort((short) 0);
    out.put(ace);
    out.put(sd, h.dacl() + 8, aclSize - 8);
    return out.array();
  }

  private static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  static String hex(int value) {
    return Integer.toHexString(value);
  }
}
