package org.adwriteback.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SDDL (MS-DTYP 2.5.1) parser and formatter. Whitespace handling, number syntax and letter order
 * follow what Windows' ConvertStringSecurityDescriptorToSecurityDescriptor and
 * ConvertSecurityDescriptorToStringSecurityDescriptor do (recorded in the shared test vectors),
 * which is looser than the MS-DTYP grammar in places; each such place says so.
 */
final class Sddl {

  private static final String[] RIGHT_LETTERS = new String[32];
  private static final String[] LABEL_LETTERS = {"NW", "NR", "NX"};
  private static final int LETTERED_BITS;

  static {
    String[] ds = {"CC", "DC", "LC", "SW", "RP", "WP", "DT", "LO", "CR"};
    for (int i = 0; i < ds.length; i++) {
      RIGHT_LETTERS[i] = ds[i];
    }
    RIGHT_LETTERS[16] = "SD";
    RIGHT_LETTERS[17] = "RC";
    RIGHT_LETTERS[18] = "WD";
    RIGHT_LETTERS[19] = "WO";
    RIGHT_LETTERS[28] = "GA";
    RIGHT_LETTERS[29] = "GX";
    RIGHT_LETTERS[30] = "GW";
    RIGHT_LETTERS[31] = "GR";
    int bits = 0;
    for (int i = 0; i < 32; i++) {
      if (RIGHT_LETTERS[i] != null) {
        bits |= 1 << i;
      }
    }
    LETTERED_BITS = bits;
  }

  private final String s;
  private final SddlContext context;
  private int pos;

  private Sddl(String s, SddlContext context) {
    this.s = s;
    this.context = context;
  }

  // ================================================================ parsing

  static SecurityDescriptor parse(String sddl, SddlContext context) {
    return new Sddl(sddl, context).descriptor();
  }

  /** A parser over a fragment (a condition or claim printed on its own), for re-checking output. */
  static Sddl fragment(String text, SddlContext context) {
    return new Sddl(text, context);
  }

  SddlParseException error(int at, String what) {
    return new SddlParseException(s, at, what);
  }

  private void skipWs() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private SecurityDescriptor descriptor() {
    int control = ControlFlags.SELF_RELATIVE;
    Sid owner = null;
    Sid group = null;
    Acl dacl = null;
    Acl sacl = null;
    boolean seenO = false;
    boolean seenG = false;
    boolean seenD = false;
    boolean seenS = false;
    int n = s.length();
    while (true) {
      skipWs();
      if (pos >= n) {
        break;
      }
      char c = s.charAt(pos);
      if (pos + 1 >= n || s.charAt(pos + 1) != ':') {
        throw error(pos, "expected a section 'O:', 'G:', 'D:' or 'S:'");
      }
      int sectionStart = pos;
      pos += 2;
      switch (c) {
        case 'O' -> {
          if (seenO) {
            throw error(sectionStart, "the owner section 'O:' appears twice");
          }
          seenO = true;
          owner = ownerOrGroup();
        }
        case 'G' -> {
          if (seenG) {
            throw error(sectionStart, "the group section 'G:' appears twice");
          }
          seenG = true;
          group = ownerOrGroup();
        }
        case 'D' -> {
          if (seenD) {
            throw error(sectionStart, "the DACL section 'D:' appears twice");
          }
          seenD = true;
          int[] flags = new int[1];
          dacl = acl(true, flags);
          control |= ControlFlags.DACL_PRESENT | flags[0];
        }
        case 'S' -> {
          if (seenS) {
            throw error(sectionStart, "the SACL section 'S:' appears twice");
          }
          seenS = true;
          int[] flags = new int[1];
          sacl = acl(false, flags);
          control |= ControlFlags.SACL_PRESENT | (flags[0] << 1);
        }
        default ->
            throw error(sectionStart, "expected a section 'O:', 'G:', 'D:' or 'S:' (upper case)");
      }
    }
    return new SecurityDescriptor(control, 0, owner, group, sacl, dacl, null);
  }

  /**
   * Owner and group: Windows takes everything up to the letter before the next ':' as the SID, so
   * {@code O:S-1-2-0x200D:} is S-1-2-512 followed by a DACL.
   */
  private Sid ownerOrGroup() {
    int colon = s.indexOf(':', pos);
    int end = colon < 0 ? s.length() : colon - 1;
    if (end < pos) {
      end = pos;
    }
    Sid sid = sid(pos, end);
    pos = end;
    return sid;
  }

  /** Parses a SID token in s[from, to): an alias or S-1-..., leading whitespace allowed. */
  Sid sid(int from, int to) {
    int p = from;
    while (p < to && Character.isWhitespace(s.charAt(p))) {
      p++;
    }
    if (p >= to) {
      throw error(p, "expected a SID (an alias such as BA or S-1-...)");
    }
    if (p + 1 < to && (s.charAt(p) == 'S' || s.charAt(p) == 's') && s.charAt(p + 1) == '-') {
      return sidString(p, to);
    }
    int q = p;
    while (q < to && Character.isLetter(s.charAt(q))) {
      q++;
    }
    int tail = q;
    while (tail < to && Character.isWhitespace(s.charAt(tail))) {
      tail++;
    }
    if (q - p != 2 || tail != to) {
      throw error(
          p, "expected a two-letter SID alias or S-1-..., found '" + s.substring(p, to) + "'");
    }
    SddlAliases.Resolution r = SddlAliases.resolve(s.substring(p, q), context);
    if (r.sid() == null) {
      throw error(p, r.problem());
    }
    return r.sid();
  }

  /**
   * S-R-I-S-S... where, as in Windows, each number may be decimal or 0x-hex and may be preceded by
   * whitespace; the authority may be up to 48 bits. Windows oddity kept: when the revision is
   * written in hex ({@code S-0x1-...}) every later number is read as hex.
   */
  private Sid sidString(int from, int to) {
    int p = from + 2;
    long[] parts = new long[17];
    int count = 0;
    boolean hexMode = false;
    while (true) {
      while (p < to && Character.isWhitespace(s.charAt(p))) {
        p++;
      }
      int numStart = p;
      int radix = 10;
      if (p + 1 < to && s.charAt(p) == '0' && (s.charAt(p + 1) | 0x20) == 'x') {
        radix = 16;
        p += 2;
        if (count == 0) {
          hexMode = true;
        }
      } else if (hexMode) {
        radix = 16;
      }
      long v = 0;
      int digits = 0;
      while (p < to && Character.digit(s.charAt(p), radix) >= 0) {
        v = Math.min(v * radix + Character.digit(s.charAt(p), radix), 1L << 48);
        p++;
        digits++;
      }
      if (digits == 0) {
        throw error(numStart, "expected a number in the SID");
      }
      if (count == 17) {
        throw error(numStart, "a SID has at most 15 sub-authorities");
      }
      parts[count++] = v;
      if (p < to && s.charAt(p) == '-') {
        p++;
        continue;
      }
      if (p != to) {
        throw error(p, "unexpected '" + s.charAt(p) + "' in SID");
      }
      break;
    }
    if (count < 2) {
      throw error(from, "a SID needs a revision and an identifier authority: S-1-<authority>-...");
    }
    if (parts[1] > 0xFFFF_FFFF_FFFFL) {
      throw error(from, "the SID identifier authority does not fit in 48 bits");
    }
    if (parts[0] != 1) {
      throw error(from + 2, "SID revision must be 1");
    }
    long[] subs = new long[count - 2];
    for (int i = 2; i < count; i++) {
      // Windows reads sub-authorities with strtoul: too large values become 4294967295
      subs[i - 2] = Math.min(parts[i], 0xFFFF_FFFFL);
    }
    if (subs.length > Sid.MAX_SUB_AUTHORITIES) {
      throw error(from, "a SID has at most 15 sub-authorities");
    }
    return Sid.of(parts[1], subs);
  }

  private Acl acl(boolean isDacl, int[] flagsOut) {
    int flags = 0;
    boolean nullAcl = false;
    int n = s.length();
    while (true) {
      skipWs();
      if (s.startsWith("NO_ACCESS_CONTROL", pos)) {
        nullAcl = true;
        pos += 17;
      } else if (s.startsWith("AI", pos)) {
        flags |= ControlFlags.DACL_AUTO_INHERITED;
        pos += 2;
      } else if (s.startsWith("AR", pos)) {
        flags |= ControlFlags.DACL_AUTO_INHERIT_REQ;
        pos += 2;
      } else if (pos < n && s.charAt(pos) == 'P') {
        flags |= ControlFlags.DACL_PROTECTED;
        pos++;
      } else {
        break;
      }
    }
    flagsOut[0] = flags;
    List<Ace> aces = new ArrayList<>();
    while (true) {
      skipWs();
      if (pos < n && s.charAt(pos) == '(') {
        if (nullAcl) {
          throw error(pos, "NO_ACCESS_CONTROL (a NULL ACL) cannot hold ACEs");
        }
        aces.add(ace(isDacl));
      } else {
        break;
      }
    }
    return nullAcl ? null : windowsAcl(aces);
  }

  /**
   * Windows quirk (Samba: SDDLvsDescriptorOverSizeAcls, vectors "oversize-acls"): when an ACE with
   * an empty mask repeats the type, flags and SID of another ACE, Windows' SDDL converter leaves 4
   * unused bytes at the end of the ACL per such ACE and writes revision 4. We do the same so that
   * SDDL converts to Windows' bytes; the unused bytes are layout and do not affect equality.
   */
  private static Acl windowsAcl(List<Ace> aces) {
    int extra = 0;
    for (int i = 0; i < aces.size(); i++) {
      KnownAce k = KnownAces.of(aces.get(i));
      if (k != null && k.mask().isEmpty()) {
        for (int j = 0; j < aces.size(); j++) {
          KnownAce o = j == i ? null : KnownAces.of(aces.get(j));
          if (o != null
              && o.type() == k.type()
              && o.flags().equals(k.flags())
              && o.sid().equals(k.sid())) {
            extra += 4;
            break;
          }
        }
      }
    }
    if (extra == 0) {
      return Acl.of(aces);
    }
    Acl plain = Acl.of(aces);
    return new Acl(Acl.REVISION_DS, plain.aces(), new byte[extra], 0, 0);
  }

  private int fieldEnd(int from, boolean allowParen) {
    int p = from;
    while (p < s.length()) {
      char c = s.charAt(p);
      if (c == ';' || (allowParen && c == ')')) {
        return p;
      }
      if (c == ')' || c == '(') {
        throw error(p, "unexpected '" + c + "' inside an ACE; expected ';'");
      }
      p++;
    }
    throw error(p, "unterminated ACE: expected ';' or ')'");
  }

  private Ace ace(boolean isDacl) {
    int open = pos;
    pos++;
    // type: leading whitespace allowed, trailing not (Windows rejects "(D ;")
    int end = fieldEnd(pos, false);
    int p = skipWs(pos, end);
    AceType type = aceType(s, p, end);
    String token = type == null ? s.substring(p, end) : type.sddlOrNull();
    if (type == null) {
      throw error(
          p,
          "expected an ACE type (A, D, OA, OD, AU, OU, ML, XA, ...), found '"
              + s.substring(p, end)
              + "'");
    }
    boolean systemType =
        type.kind() == AceType.Kind.AUDIT
            || type.kind() == AceType.Kind.ALARM
            || type.kind() == AceType.Kind.OTHER;
    if (isDacl == systemType) {
      throw error(
          p,
          "ACE type "
              + token
              + (isDacl ? " belongs in the SACL ('S:')" : " belongs in the DACL ('D:')"));
    }
    pos = end + 1;
    end = fieldEnd(pos, false);
    int flags = aceFlags(pos, end);
    pos = end + 1;
    end = fieldEnd(pos, false);
    int mask = rights(pos, end);
    pos = end + 1;
    end = fieldEnd(pos, false);
    Optional<UUID> objectType = guid(pos, end);
    pos = end + 1;
    end = fieldEnd(pos, false);
    Optional<UUID> inheritedObjectType = guid(pos, end);
    if (!type.isObjectType() && (objectType.isPresent() || inheritedObjectType.isPresent())) {
      throw error(pos, "ACE type " + token + " cannot carry object GUIDs; use OA, OD or OU");
    }
    pos = end + 1;
    end = fieldEnd(pos, true);
    Sid sid = sid(pos, end);
    pos = end;
    byte[] extra = Bytes.EMPTY;
    if (s.charAt(pos) == ';') {
      pos++;
      // Windows accepts whitespace before the condition's '(' (windows_is_less_fussy.txt)
      pos = skipWs(pos, s.length());
      if (type.isCallback()) {
        int close = matchingParen(pos);
        extra = ConditionalExpressions.compile(this, s, pos, close + 1);
        pos = close + 1;
      } else if (type == AceType.SYSTEM_RESOURCE_ATTRIBUTE) {
        int close = matchingParen(pos);
        extra = ResourceClaims.compile(this, s, pos, close + 1);
        pos = close + 1;
      } else {
        throw error(pos - 1, "ACE type " + token + " takes 6 fields; expected ')'");
      }
      if (pos >= s.length() || s.charAt(pos) != ')') {
        throw error(pos, "expected ')' to close the ACE that starts at offset " + open);
      }
    } else if (type == AceType.SYSTEM_RESOURCE_ATTRIBUTE) {
      throw error(pos, "an RA ACE needs a resource attribute: (RA;...;WD;(\"name\",TI,0,1))");
    }
    pos++;
    AceFlags f = BinaryCodec.flags(flags);
    AccessMask m = new AccessMask(mask);
    if (type.isCallback()) {
      return type.isObjectType()
          ? new CallbackObjectAce(type, f, m, objectType, inheritedObjectType, sid, extra)
          : new CallbackAce(type, f, m, sid, extra);
    }
    if (type.isObjectType()) {
      return new ObjectAce(type, f, m, objectType, inheritedObjectType, sid);
    }
    return switch (type) {
      case SYSTEM_MANDATORY_LABEL -> new MandatoryLabelAce(f, m, sid);
      case SYSTEM_RESOURCE_ATTRIBUTE -> new ResourceAttributeAce(f, m, sid, extra);
      case SYSTEM_SCOPED_POLICY_ID -> new ScopedPolicyIdAce(f, m, sid);
      default -> new AccessAce(type, f, m, sid);
    };
  }

  /** Finds the ')' that closes the '(' at {@code from}, skipping quoted strings. */
  private int matchingParen(int from) {
    if (from >= s.length() || s.charAt(from) != '(') {
      throw error(from, "expected '(' to start the condition or attribute");
    }
    int depth = 0;
    boolean quoted = false;
    for (int p = from; p < s.length(); p++) {
      char c = s.charAt(p);
      if (quoted) {
        if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (--depth == 0) {
          return p;
        }
      }
    }
    throw error(from, "unbalanced parentheses: no ')' matches this '('");
  }

  private int skipWs(int p, int end) {
    while (p < end && Character.isWhitespace(s.charAt(p))) {
      p++;
    }
    return p;
  }

  private static final AceType[] SDDL_TYPES =
      java.util.Arrays.stream(AceType.values())
          .filter(t -> t.sddlOrNull() != null)
          .toArray(AceType[]::new);

  private static AceType aceType(String s, int from, int end) {
    int n = end - from;
    for (AceType t : SDDL_TYPES) {
      String name = t.sddlOrNull();
      if (name.length() == n && s.regionMatches(true, from, name, 0, n)) {
        return t;
      }
    }
    return null;
  }

  /** Two letters as one upper-case key, so two-letter codes are matched without substrings. */
  private static int pair(char a, char b) {
    return (Character.toUpperCase(a) << 16) | Character.toUpperCase(b);
  }

  private static int pair(String code) {
    return pair(code.charAt(0), code.charAt(1));
  }

  private static final String[] RIGHT_CODES = {
    "CC", "DC", "LC", "SW", "RP", "WP", "DT", "LO", "CR", "SD", "RC", "WD", "WO", "GA", "GX", "GW",
    "GR", "FA", "FR", "FW", "FX", "KA", "KR", "KW", "KX", "NW", "NR", "NX"
  };
  private static final int[] RIGHT_KEYS = new int[RIGHT_CODES.length];
  private static final int[] RIGHT_VALUES = new int[RIGHT_CODES.length];

  private int aceFlags(int from, int end) {
    int p = skipWs(from, end);
    int flags = 0;
    while (p < end) {
      if (s.charAt(p) == ' ') {
        p++;
        continue;
      }
      if (p + 2 > end) {
        throw error(p, "expected a two-letter ACE flag (OI CI NP IO ID SA FA TP CR)");
      }
      int bit = flagBit(pair(s.charAt(p), s.charAt(p + 1)));
      if (bit < 0) {
        throw error(
            p,
            "unknown ACE flag '"
                + s.substring(p, p + 2)
                + "'; expected OI CI NP IO ID SA FA TP or CR");
      }
      flags |= bit;
      p += 2;
    }
    return flags;
  }

  /**
   * Rights: letters, or a number as C's strtoul reads it (0x hex, leading 0 octal, else decimal),
   * clamped to 0xffffffff on overflow as Windows does. Leading whitespace and single spaces between
   * letter pairs are accepted; trailing whitespace is not (both as Windows).
   */
  private int rights(int from, int end) {
    int p = skipWs(from, end);
    if (p == end) {
      return 0;
    }
    boolean negative = s.charAt(p) == '-';
    if (negative) {
      p++;
      if (p == end) {
        throw error(p, "expected digits after '-' in the access mask");
      }
    }
    char c = s.charAt(p);
    if (negative && !(c >= '0' && c <= '9')) {
      throw error(p, "expected digits after '-' in the access mask");
    }
    if (c >= '0' && c <= '9') {
      int radix = 10;
      if (c == '0' && p + 1 < end && (s.charAt(p + 1) | 0x20) == 'x') {
        radix = 16;
        p += 2;
      } else if (c == '0') {
        radix = 8;
      }
      int start = p;
      long v = 0;
      while (p < end && Character.digit(s.charAt(p), radix) >= 0) {
        v = Math.min(v * radix + Character.digit(s.charAt(p), radix), 0x1_0000_0000L);
        p++;
      }
      if (p != end || (radix == 16 && p == start)) {
        throw error(p, "expected only digits in the numeric access mask");
      }
      // strtoul: overflow gives 0xffffffff, a leading '-' negates modulo 2^32 (Windows accepts
      // both)
      int value = (int) Math.min(v, 0xFFFF_FFFFL);
      return negative ? -value : value;
    }
    int mask = 0;
    while (p < end) {
      if (s.charAt(p) == ' ') {
        while (p < end && s.charAt(p) == ' ') {
          p++;
        }
        if (p == end) {
          throw error(p - 1, "trailing whitespace after the access rights");
        }
        continue;
      }
      if (p + 2 > end) {
        throw error(
            p,
            "expected a two-letter right (GA GR GW GX RC SD WD WO RP WP CC DC LC SW LO DT CR FA FR FW FX KA KR KW KX NR NW NX)");
      }
      int key = pair(s.charAt(p), s.charAt(p + 1));
      int bits = 0;
      for (int i = 0; i < RIGHT_KEYS.length; i++) {
        if (RIGHT_KEYS[i] == key) {
          bits = RIGHT_VALUES[i];
          break;
        }
      }
      if (bits == 0) {
        throw error(p, "unknown access right '" + s.substring(p, p + 2) + "'");
      }
      mask |= bits;
      p += 2;
    }
    return mask;
  }

  private static final int[] FLAG_KEYS = {
    pair("OI"),
    pair("CI"),
    pair("NP"),
    pair("IO"),
    pair("ID"),
    pair("CR"),
    pair("SA"),
    pair("TP"),
    pair("FA")
  };
  private static final int[] FLAG_BITS = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x40, 0x80};

  private static int flagBit(int key) {
    for (int i = 0; i < FLAG_KEYS.length; i++) {
      if (FLAG_KEYS[i] == key) {
        return FLAG_BITS[i];
      }
    }
    return -1;
  }

  static {
    for (int i = 0; i < RIGHT_CODES.length; i++) {
      RIGHT_KEYS[i] = pair(RIGHT_CODES[i]);
      RIGHT_VALUES[i] = rightBits(RIGHT_CODES[i]);
    }
  }

  private static int rightBits(String r) {
    for (int i = 0; i < 32; i++) {
      if (r.equals(RIGHT_LETTERS[i])) {
        return 1 << i;
      }
    }
    return switch (r) {
      case "FA" -> AccessMask.FILE_ALL.value();
      case "FR" -> AccessMask.FILE_READ.value();
      case "FW" -> AccessMask.FILE_WRITE.value();
      case "FX" -> AccessMask.FILE_EXECUTE.value();
      case "KA" -> AccessMask.KEY_ALL.value();
      case "KR" -> AccessMask.KEY_READ.value();
      case "KW" -> AccessMask.KEY_WRITE.value();
      case "KX" -> AccessMask.KEY_EXECUTE.value();
      case "NW" -> AccessMask.NO_WRITE_UP.value();
      case "NR" -> AccessMask.NO_READ_UP.value();
      case "NX" -> AccessMask.NO_EXECUTE_UP.value();
      default -> 0;
    };
  }

  /** A GUID field: empty (whitespace only) or exactly 36 characters, no braces or spaces. */
  private Optional<UUID> guid(int from, int end) {
    if (skipWs(from, end) == end) {
      return Optional.empty();
    }
    if (end - from != 36) {
      throw error(from, "expected a GUID like bf967aba-0de6-11d0-a285-00aa003049e2 or nothing");
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(from + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        throw error(from + i, "malformed GUID: expected " + (dash ? "'-'" : "a hex digit"));
      }
    }
    return Optional.of(UUID.fromString(s.substring(from, end)));
  }

  // ================================================================ formatting

  static String format(SecurityDescriptor sd, SddlContext context) {
    StringBuilder sb = new StringBuilder(64 + 48 * aceCount(sd));
    if (sd.ownerOrNull() != null) {
      sb.append("O:");
      appendSid(sb, sd.ownerOrNull(), context);
    }
    if (sd.groupOrNull() != null) {
      sb.append("G:");
      appendSid(sb, sd.groupOrNull(), context);
    }
    int c = sd.controlBits();
    if ((c & ControlFlags.DACL_PRESENT) != 0) {
      sb.append("D:");
      appendAcl(sb, c, sd.daclOrNull(), context);
    }
    if ((c & ControlFlags.SACL_PRESENT) != 0) {
      sb.append("S:");
      appendAcl(sb, c >> 1, sd.saclOrNull(), context);
    }
    return sb.toString();
  }

  private static int aceCount(SecurityDescriptor sd) {
    return (sd.daclOrNull() == null ? 0 : sd.daclOrNull().size())
        + (sd.saclOrNull() == null ? 0 : sd.saclOrNull().size());
  }

  /** Flags in Windows' order: P, AR, AI (seen as "D:PARAI"). */
  private static void appendAcl(StringBuilder sb, int c, Acl acl, SddlContext context) {
    if ((c & ControlFlags.DACL_PROTECTED) != 0) {
      sb.append('P');
    }
    if ((c & ControlFlags.DACL_AUTO_INHERIT_REQ) != 0) {
      sb.append("AR");
    }
    if ((c & ControlFlags.DACL_AUTO_INHERITED) != 0) {
      sb.append("AI");
    }
    if (acl == null) {
      sb.append("NO_ACCESS_CONTROL");
      return;
    }
    for (Ace a : acl.aces()) {
      appendAce(sb, a, context);
    }
  }

  static void appendSid(StringBuilder sb, Sid sid, SddlContext context) {
    String alias = SddlAliases.aliasFor(sid, context);
    if (alias != null) {
      sb.append(alias);
    } else {
      sid.appendTo(sb);
    }
  }

  static void appendAce(StringBuilder sb, Ace ace, SddlContext context) {
    KnownAce k = KnownAces.of(ace);
    if (k == null || k.type().sddlOrNull() == null) {
      throw new IllegalStateException(
          "ACE type 0x"
              + Integer.toHexString(ace.typeCode())
              + " has no SDDL form; use toBytes() to keep it");
    }
    sb.append('(').append(k.type().sddlOrNull()).append(';');
    appendAceFlags(sb, k.flags().value());
    sb.append(';');
    appendRights(sb, k.mask().value(), k instanceof MandatoryLabelAce);
    sb.append(';');
    k.objectType().ifPresent(sb::append);
    sb.append(';');
    k.inheritedObjectType().ifPresent(sb::append);
    sb.append(';');
    appendSid(sb, k.sid(), context);
    if (k instanceof CallbackAce cb && cb.dataRef().length > 0) {
      sb.append(';');
      ConditionalExpressions.decompile(cb.dataRef(), sb, context);
    } else if (k instanceof CallbackObjectAce cb && cb.dataRef().length > 0) {
      sb.append(';');
      ConditionalExpressions.decompile(cb.dataRef(), sb, context);
    } else if (k instanceof ResourceAttributeAce ra) {
      sb.append(';');
      ResourceClaims.decompile(ra.dataRef(), sb, context);
    }
    sb.append(')');
  }

  private static final String[] FLAG_LETTERS = {"OI", "CI", "NP", "IO", "ID", "CR", "SA", "FA"};

  static void appendAceFlags(StringBuilder sb, int flags) {
    // Windows' order: OI CI NP IO ID SA FA (mask-rendering.tsv); CR (critical) is placed before SA.
    for (int i = 0; i < 8; i++) {
      if ((flags & (1 << i)) != 0) {
        sb.append(FLAG_LETTERS[i]);
      }
    }
  }

  /**
   * Windows prints FA/FR/FW/FX when the mask equals one exactly, letters in bit order when every
   * bit has a letter (generic bits last: GA GX GW GR), otherwise lower-case hex; 0 prints nothing.
   */
  static void appendRights(StringBuilder sb, int mask, boolean label) {
    if (mask == 0) {
      return;
    }
    if (label) {
      if ((mask & ~7) == 0) {
        for (int i = 0; i < 3; i++) {
          if ((mask & (1 << i)) != 0) {
            sb.append(LABEL_LETTERS[i]);
          }
        }
        return;
      }
    } else {
      if (mask == AccessMask.FILE_ALL.value()) {
        sb.append("FA");
        return;
      } else if (mask == AccessMask.FILE_READ.value()) {
        sb.append("FR");
        return;
      } else if (mask == AccessMask.FILE_WRITE.value()) {
        sb.append("FW");
        return;
      } else if (mask == AccessMask.FILE_EXECUTE.value()) {
        sb.append("FX");
        return;
      }
      if ((mask & ~LETTERED_BITS) == 0) {
        for (int i = 0; i < 32; i++) {
          if ((mask & (1 << i)) != 0) {
            sb.append(RIGHT_LETTERS[i]);
          }
        }
        return;
      }
    }
    sb.append("0x").append(Integer.toHexString(mask));
  }
}
