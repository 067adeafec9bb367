package org.adwriteback.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resource attribute claims of RA ACEs: the SDDL form {@code ("name",TI|TU|TS|TD|TX|TB,flags,
 * value,...)} (MS-DTYP 2.5.1.1) and CLAIM_SECURITY_ATTRIBUTE_RELATIVE_V1 (MS-DTYP 2.4.10.1).
 *
 * <p>Binary layout as Windows writes it: name offset, value type, reserved, flags, value count, one
 * offset per value, the NUL-terminated UTF-16 name, then the values in order with no alignment
 * (8-byte integers; NUL-terminated UTF-16 strings; SIDs and octet strings as a 4-byte length and
 * the bytes), zero-padded to a multiple of 4 bytes.
 *
 * <p>Windows quirk kept (vectors {@code short-conditional-and-resource-aces-tx-int}, which Samba
 * rejects): a TX value may be written as bare decimal digits without the '#', and the digits are
 * then read as hex octets ({@code 0077} is the two bytes 00 77). Only an even number of digits is
 * accepted, since that is all the vectors show. On output TX values are always written with '#'. TU
 * values are printed unsigned (MS-DTYP: UINT64).
 *
 * <p>Binary to SDDL is exact or refuses with {@link IllegalStateException}, as for conditional
 * expressions.
 */
final class ResourceClaims {

  static final int TYPE_INT64 = 0x01;
  static final int TYPE_UINT64 = 0x02;
  static final int TYPE_STRING = 0x03;
  static final int TYPE_SID = 0x05;
  static final int TYPE_BOOLEAN = 0x06;
  static final int TYPE_OCTETS = 0x10;

  private ResourceClaims() {}

  private static int typeOf(char letter) {
    return switch (letter) {
      case 'I' -> TYPE_INT64;
      case 'U' -> TYPE_UINT64;
      case 'S' -> TYPE_STRING;
      case 'D' -> TYPE_SID;
      case 'B' -> TYPE_BOOLEAN;
      case 'X' -> TYPE_OCTETS;
      default -> -1;
    };
  }

  private static char letterOf(int type) {
    return switch (type) {
      case TYPE_INT64 -> 'I';
      case TYPE_UINT64 -> 'U';
      case TYPE_STRING -> 'S';
      case TYPE_SID -> 'D';
      case TYPE_BOOLEAN -> 'B';
      case TYPE_OCTETS -> 'X';
      default -> 0;
    };
  }

  // ================================================================ SDDL -> binary

  /** Compiles {@code s[from, to)}, which starts with '(' and ends with ')', to the claim bytes. */
  static byte[] compile(Sddl parser, String s, int from, int to) {
    int close = to - 1;
    int p = from + 1;
    if (p >= close || s.charAt(p) != '"') {
      throw parser.error(p, "expected '\"' to start the resource attribute name");
    }
    int[] end = new int[1];
    String name = ConditionalExpressions.readAttrName(parser, s, p + 1, to, end);
    p = end[0];
    if (p + 5 > close
        || s.charAt(p) != '"'
        || s.charAt(p + 1) != ','
        || s.charAt(p + 2) != 'T'
        || typeOf(s.charAt(p + 3)) < 0
        || s.charAt(p + 4) != ',') {
      throw parser.error(p, "expected '\",T?,' with ? one of I U S D X B after the name");
    }
    int type = typeOf(s.charAt(p + 3));
    p += 5;
    ConditionalExpressions.IntLiteral flags = ConditionalExpressions.readInt(parser, s, p, close);
    if (flags == null
        || flags.sign() == ConditionalExpressions.SIGN_MINUS
        || Long.compareUnsigned(flags.value(), 0xFFFF_FFFFL) > 0) {
      throw parser.error(p, "expected the claim flags as a 32-bit number");
    }
    p = flags.end();
    if (p >= close || s.charAt(p) != ',') {
      throw parser.error(p, "expected ',' after the claim flags");
    }
    p++;
    List<byte[]> values = new ArrayList<>();
    boolean first = true;
    while (true) {
      p = skipWs(s, p, close);
      if (p >= close) {
        break;
      }
      if (!first) {
        if (s.charAt(p) != ',') {
          throw parser.error(p, "expected ',' or ')' after a claim value");
        }
        p = skipWs(s, p + 1, close);
        if (p >= close) {
          throw parser.error(p, "expected a claim value after ','");
        }
      }
      first = false;
      p = value(parser, s, p, close, type, values);
    }
    return encode(name, type, (int) flags.value(), values);
  }

  private static int skipWs(String s, int p, int limit) {
    while (p < limit && ConditionalExpressions.isWs(s.charAt(p))) {
      p++;
    }
    return p;
  }

  /** Parses one value of the given type at p into its binary value form; returns the end. */
  private static int value(Sddl parser, String s, int p, int limit, int type, List<byte[]> out) {
    char c = s.charAt(p);
    switch (type) {
      case TYPE_STRING -> {
        if (c != '"') {
          throw parser.error(p, "expected a \"string\" value for a TS claim");
        }
        int close = s.indexOf('"', p + 1);
        if (close < 0 || close >= limit) {
          throw parser.error(p, "unterminated string: expected '\"'");
        }
        out.add((s.substring(p + 1, close) + '\0').getBytes(StandardCharsets.UTF_16LE));
        return close + 1;
      }
      case TYPE_SID -> {
        int q = p;
        while (q < limit && s.charAt(q) != ',' && !ConditionalExpressions.isWs(s.charAt(q))) {
          q++;
        }
        out.add(lengthPrefixed(parser.sid(p, q).toBytes()));
        return q;
      }
      case TYPE_OCTETS -> {
        int[] end = new int[1];
        if (c == '#') {
          out.add(lengthPrefixed(ConditionalExpressions.readOctets(s, p, limit, end)));
          return end[0];
        }
        int q = p;
        while (q < limit && s.charAt(q) >= '0' && s.charAt(q) <= '9') {
          q++;
        }
        if (q == p || ((q - p) & 1) != 0) {
          throw parser.error(
              p, "expected a #hex octet string for a TX claim (or an even number of digits)");
        }
        out.add(lengthPrefixed(ConditionalExpressions.hexBytes(s, p, q)));
        return q;
      }
      default -> {
        ConditionalExpressions.IntLiteral n = ConditionalExpressions.readInt(parser, s, p, limit);
        if (n == null) {
          throw parser.error(p, "expected a number for a T" + letterOf(type) + " claim");
        }
        if (type == TYPE_UINT64 && n.sign() == ConditionalExpressions.SIGN_MINUS) {
          throw parser.error(p, "a TU claim value cannot be negative");
        }
        if (type == TYPE_BOOLEAN && n.value() != 0 && n.value() != 1) {
          throw parser.error(p, "a TB claim value must be 0 or 1");
        }
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
          b[i] = (byte) (n.value() >>> (8 * i));
        }
        out.add(b);
        return n.end();
      }
    }
  }

  private static byte[] lengthPrefixed(byte[] body) {
    byte[] b = new byte[4 + body.length];
    BinaryCodec.put32(b, 0, body.length);
    System.arraycopy(body, 0, b, 4, body.length);
    return b;
  }

  private static byte[] encode(String name, int type, int flags, List<byte[]> values) {
    byte[] nameBytes = (name + '\0').getBytes(StandardCharsets.UTF_16LE);
    int header = 16 + 4 * values.size();
    int size = header + nameBytes.length;
    for (byte[] v : values) {
      size += v.length;
    }
    byte[] out = new byte[(size + 3) & ~3];
    BinaryCodec.put32(out, 0, header);
    BinaryCodec.put16(out, 4, type);
    BinaryCodec.put32(out, 8, flags);
    BinaryCodec.put32(out, 12, values.size());
    System.arraycopy(nameBytes, 0, out, header, nameBytes.length);
    int p = header + nameBytes.length;
    for (int i = 0; i < values.size(); i++) {
      byte[] v = values.get(i);
      BinaryCodec.put32(out, 16 + 4 * i, p);
      System.arraycopy(v, 0, out, p, v.length);
      p += v.length;
    }
    return out;
  }

  // ================================================================ binary -> SDDL

  /**
   * Appends the SDDL form of a claim to {@code sb}.
   *
   * @throws IllegalStateException if the bytes are not a claim SDDL can express exactly
   */
  static void decompile(byte[] data, StringBuilder sb, SddlContext context) {
    int start = sb.length();
    try {
      format(data, sb, context);
    } catch (IndexOutOfBoundsException | SecurityDescriptorFormatException e) {
      sb.setLength(start);
      throw notExpressible("it is truncated or malformed (" + e.getMessage() + ")");
    } catch (IllegalStateException e) {
      sb.setLength(start);
      throw e;
    }
    String text = sb.substring(start);
    byte[] again;
    try {
      again = compile(Sddl.fragment(text, context), text, 0, text.length());
    } catch (SddlParseException e) {
      sb.setLength(start);
      throw notExpressible("its SDDL form " + text + " does not parse back: " + e.reason());
    }
    if (!Arrays.equals(again, data)) {
      sb.setLength(start);
      throw notExpressible("its SDDL form " + text + " does not give back the same bytes");
    }
  }

  private static IllegalStateException notExpressible(String why) {
    return new IllegalStateException(
        "resource attribute data has no exact SDDL form: " + why + "; use toBytes() to keep it");
  }

  private static void format(byte[] d, StringBuilder sb, SddlContext context) {
    if (d.length < 16) {
      throw notExpressible("shorter than the 16-byte claim header");
    }
    int nameOffset = BinaryCodec.i32(d, 0);
    int type = BinaryCodec.u16(d, 4);
    long flags = BinaryCodec.u32(d, 8);
    long count = BinaryCodec.u32(d, 12);
    char letter = letterOf(type);
    if (letter == 0) {
      throw notExpressible("claim value type 0x" + Integer.toHexString(type) + " has no SDDL");
    }
    if (count > (d.length - 16) / 4) {
      throw notExpressible("value count " + count + " does not fit");
    }
    sb.append("(\"");
    ConditionalExpressions.appendAttrName(sb, utf16z(d, nameOffset));
    sb.append("\",T").append(letter).append(",0x").append(Long.toHexString(flags)).append(',');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(',');
      }
      int at = BinaryCodec.i32(d, 16 + 4 * i);
      if (at < 0 || at >= d.length) {
        throw notExpressible("value offset " + at + " is outside the claim");
      }
      switch (type) {
        case TYPE_INT64 -> sb.append(BinaryCodec.i64(d, at));
        case TYPE_UINT64, TYPE_BOOLEAN -> sb.append(Long.toUnsignedString(BinaryCodec.i64(d, at)));
        case TYPE_STRING -> ConditionalExpressions.appendString(sb, utf16z(d, at));
        case TYPE_SID -> {
          int len = BinaryCodec.i32(d, at);
          Sid sid = Sid.read(d, at + 4, Math.min(d.length, at + 4 + Math.max(0, len)));
          Sddl.appendSid(sb, sid, context);
        }
        default -> {
          int len = BinaryCodec.i32(d, at);
          if (len < 0 || len > d.length - at - 4) {
            throw notExpressible("octet string length " + len + " runs past the claim");
          }
          sb.append('#').append(Bytes.hex(Arrays.copyOfRange(d, at + 4, at + 4 + len)));
        }
      }
    }
    sb.append(')');
  }

  private static String utf16z(byte[] d, int at) {
    if (at < 0 || at >= d.length) {
      throw notExpressible("string offset " + at + " is outside the claim");
    }
    int q = at;
    while (q + 1 < d.length && (d[q] != 0 || d[q + 1] != 0)) {
      q += 2;
    }
    if (q + 1 >= d.length) {
      throw notExpressible("unterminated string at offset " + at);
    }
    return new String(d, at, q - at, StandardCharsets.UTF_16LE);
  }
}
