package org.adwriteback.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Conditional ACE expressions: SDDL text (MS-DTYP 2.5.1.1) and the binary "artx" application data
 * of MS-DTYP 2.4.4.17 (tokens in postfix order, zero-padded to a multiple of 4 bytes).
 *
 * <p>Where Windows' behaviour (recorded in the shared vectors) differs from the MS-DTYP text, we
 * follow Windows:
 *
 * <ul>
 *   <li>Output: attribute prefixes are upper case ({@code @USER.}, {@code @DEVICE.},
 *       {@code @RESOURCE.}), {@code Member_of_any} has a lower-case "any", every binary operator
 *       and every member-of operator is wrapped in parentheses, and operands of {@code && || !}
 *       that are not already parenthesised get parentheses ({@code ((@USER.A) && (@DEVICE.B))}).
 *   <li>Input: operator names, {@code SID(} and attribute prefixes are case-insensitive; a literal
 *       after a member-of or relational operator may be wrapped in any number of parentheses
 *       ({@code member_of((sid(s-1-1-0)))}); {@code '#'} in an octet string stands for {@code '0'}
 *       and an odd number of digits gets a leading zero ({@code #1#2#3##} is {@code #01020300});
 *       integers are stored as 64-bit tokens with their sign and base, and magnitudes up to
 *       2<sup>64</sup>-1 are accepted ({@code 0xffffffffffffffff}), larger ones rejected.
 *   <li>A word that starts an expression is a local attribute even if it looks like a number
 *       ({@code (q77777)}, {@code (!(WD))}); a local attribute cannot be the right-hand operand of
 *       a relational operator ({@code (a == a)} is rejected).
 * </ul>
 *
 * <p>Binary to SDDL is exact or refuses: the text we print is compiled again and must give the
 * original bytes; otherwise (tokens SDDL cannot express such as 8-bit integers or nested
 * composites, strings containing a double quote, non-minimal padding) {@link IllegalStateException}
 * tells the caller to keep the binary form.
 */
final class ConditionalExpressions {

  static final byte[] SIGNATURE = {'a', 'r', 't', 'x'};

  // literal and attribute tokens (MS-DTYP 2.4.4.17.5 - 2.4.4.17.8)
  static final int INT8 = 0x01;
  static final int INT64 = 0x04;
  static final int UNICODE = 0x10;
  static final int OCTETS = 0x18;
  static final int COMPOSITE = 0x50;
  static final int SID = 0x51;
  static final int LOCAL_ATTR = 0xf8;
  static final int USER_ATTR = 0xf9;
  static final int RESOURCE_ATTR = 0xfa;
  static final int DEVICE_ATTR = 0xfb;

  static final int SIGN_PLUS = 1;
  static final int SIGN_MINUS = 2;
  static final int SIGN_NONE = 3;
  static final int BASE_8 = 1;
  static final int BASE_10 = 2;
  static final int BASE_16 = 3;

  private static final int AND = 0xa0;
  private static final int OR = 0xa1;
  private static final int NOT = 0xa2;
  private static final int PAREN = 0x100; // pseudo operator on the parser's stack

  // what the parser may see next ("state" bits) and what a token is
  private static final int X_UNARY_OP = 1;
  private static final int X_BINARY_OP = 2;
  private static final int X_LOGIC_OP = 4;
  private static final int X_LOCAL_ATTR = 8;
  private static final int X_ATTR = 16;
  private static final int X_LITERAL = 32;
  private static final int X_PAREN = 64;
  private static final int X_PAREN_LITERAL = 128;
  private static final int X_NO_CLOSE = 256;
  private static final int IS_UNARY = 1 << 20;
  private static final int IS_BINARY = 1 << 21;

  private static final int AFTER_MEMBER_OP = X_LITERAL | X_PAREN_LITERAL | IS_UNARY;
  private static final int AFTER_RELATIONAL = X_LITERAL | X_PAREN_LITERAL | X_ATTR | IS_BINARY;
  private static final int AFTER_CONTAINS = X_LITERAL | X_ATTR | IS_BINARY;
  private static final int AFTER_EXISTS = X_LOCAL_ATTR | X_ATTR | IS_UNARY;
  private static final int AFTER_LOGIC = X_LOCAL_ATTR | X_ATTR | X_PAREN | X_UNARY_OP | IS_BINARY;
  private static final int AFTER_NOT = X_PAREN | X_ATTR | IS_UNARY;
  private static final int AFTER_ATTR = X_BINARY_OP | X_LOGIC_OP;
  private static final int AFTER_LITERAL = X_LOGIC_OP;
  private static final int AFTER_CLOSE = X_LOGIC_OP | X_BINARY_OP;
  private static final int EXPR_START = X_UNARY_OP | X_LOCAL_ATTR | X_ATTR | X_PAREN | X_NO_CLOSE;

  // precedence: lower binds tighter (Windows: Exists, then relational/member-of, !, &&, ||)
  private static final int P_EXISTS = 1;
  private static final int P_COMMON = 2;
  private static final int P_NOT = 3;
  private static final int P_AND = 4;
  private static final int P_OR = 5;
  private static final int P_CLOSE = 6;
  private static final int P_OPEN = 7;

  /** An operator: token code, SDDL spelling, arity, precedence, what may follow it. */
  private record Op(int code, String name, int arity, int precedence, int after) {}

  private static final Op[] OPS = new Op[256];
  private static final List<Op> WORD_OPS = new ArrayList<>();

  private static void op(int code, String name, int arity, int precedence, int after) {
    Op o = new Op(code, name, arity, precedence, after);
    OPS[code] = o;
    if (Character.isLetter(name.charAt(0))) {
      WORD_OPS.add(o);
    }
  }

  static {
    op(0x80, "==", 2, P_COMMON, AFTER_RELATIONAL);
    op(0x81, "!=", 2, P_COMMON, AFTER_RELATIONAL);
    op(0x82, "<", 2, P_COMMON, AFTER_RELATIONAL);
    op(0x83, "<=", 2, P_COMMON, AFTER_RELATIONAL);
    op(0x84, ">", 2, P_COMMON, AFTER_RELATIONAL);
    op(0x85, ">=", 2, P_COMMON, AFTER_RELATIONAL);
    op(0x86, "Contains", 2, P_COMMON, AFTER_CONTAINS);
    op(0x87, "Exists", 1, P_EXISTS, AFTER_EXISTS);
    op(0x88, "Any_of", 2, P_COMMON, AFTER_CONTAINS);
    op(0x89, "Member_of", 1, P_COMMON, AFTER_MEMBER_OP);
    op(0x8a, "Device_Member_of", 1, P_COMMON, AFTER_MEMBER_OP);
    // MS-DTYP spells it Member_of_Any; Windows prints Member_of_any
    op(0x8b, "Member_of_any", 1, P_COMMON, AFTER_MEMBER_OP);
    op(0x8c, "Device_Member_of_Any", 1, P_COMMON, AFTER_MEMBER_OP);
    op(0x8d, "Not_Exists", 1, P_EXISTS, AFTER_EXISTS);
    op(0x8e, "Not_Contains", 2, P_COMMON, AFTER_CONTAINS);
    op(0x8f, "Not_Any_of", 2, P_COMMON, AFTER_CONTAINS);
    op(0x90, "Not_Member_of", 1, P_COMMON, AFTER_MEMBER_OP);
    op(0x91, "Not_Device_Member_of", 1, P_COMMON, AFTER_MEMBER_OP);
    op(0x92, "Not_Member_of_Any", 1, P_COMMON, AFTER_MEMBER_OP);
    op(0x93, "Not_Device_Member_of_Any", 1, P_COMMON, AFTER_MEMBER_OP);
    op(AND, "&&", 2, P_AND, AFTER_LOGIC);
    op(OR, "||", 2, P_OR, AFTER_LOGIC);
    op(NOT, "!", 1, P_NOT, AFTER_NOT);
  }

  private static final String[] ATTR_PREFIXES = {"USER.", "RESOURCE.", "DEVICE."};
  private static final int[] ATTR_CODES = {USER_ATTR, RESOURCE_ATTR, DEVICE_ATTR};

  private ConditionalExpressions() {}

  // ================================================================ SDDL -> binary

  /** Compiles the condition {@code s[from, to)} (including its outer parentheses) to artx bytes. */
  static byte[] compile(Sddl parser, String s, int from, int to) {
    Compiler c = new Compiler(parser, s, to);
    c.pos = from;
    c.expression();
    if (c.pos != to) {
      throw parser.error(c.pos, "unexpected text after the condition; expected ')'");
    }
    if (c.depth != 0) {
      throw parser.error(c.pos, "incomplete condition");
    }
    TokenWriter out = c.out;
    int len = 4 + out.len;
    byte[] data = new byte[(len + 3) & ~3];
    System.arraycopy(SIGNATURE, 0, data, 0, 4);
    System.arraycopy(out.buf, 0, data, 4, out.len);
    return data;
  }

  /** A growable little-endian token buffer. */
  static final class TokenWriter {
    byte[] buf = new byte[64];
    int len;

    private void room(int n) {
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
      }
    }

    void u8(int v) {
      room(1);
      buf[len++] = (byte) v;
    }

    void u32(long v) {
      room(4);
      for (int i = 0; i < 4; i++) {
        buf[len++] = (byte) (v >>> (8 * i));
      }
    }

    void u64(long v) {
      room(8);
      for (int i = 0; i < 8; i++) {
        buf[len++] = (byte) (v >>> (8 * i));
      }
    }

    void bytes(byte[] b, int off, int n) {
      room(n);
      System.arraycopy(b, off, buf, len, n);
      len += n;
    }

    void utf16(String text) {
      byte[] b = text.getBytes(StandardCharsets.UTF_16LE);
      bytes(b, 0, b.length);
    }

    /** A token with a 4-byte length prefix. */
    void lengthPrefixed(int code, byte[] body) {
      u8(code);
      u32(body.length);
      bytes(body, 0, body.length);
    }
  }

  /** A parsed integer literal: value (two's complement), sign and base as MS-DTYP stores them. */
  record IntLiteral(long value, int sign, int base, int end) {}

  /**
   * Reads an integer like C's strtoll with base 0 at {@code p}: optional sign, then 0x-hex, 0-octal
   * or decimal digits. Returns null if there are no digits; throws if the magnitude exceeds
   * 2<sup>64</sup>-1.
   */
  static IntLiteral readInt(Sddl parser, String s, int p, int limit) {
    int q = p;
    int sign = SIGN_NONE;
    if (q < limit && (s.charAt(q) == '+' || s.charAt(q) == '-')) {
      sign = s.charAt(q) == '+' ? SIGN_PLUS : SIGN_MINUS;
      q++;
    }
    int base = BASE_10;
    int radix = 10;
    if (q + 2 < limit
        && s.charAt(q) == '0'
        && (s.charAt(q + 1) | 0x20) == 'x'
        && Character.digit(s.charAt(q + 2), 16) >= 0) {
      base = BASE_16;
      radix = 16;
      q += 2;
    } else if (q + 1 < limit && s.charAt(q) == '0' && Character.digit(s.charAt(q + 1), 8) >= 0) {
      base = BASE_8;
      radix = 8;
    }
    int digitsStart = q;
    long v = 0;
    boolean overflow = false;
    while (q < limit && Character.digit(s.charAt(q), radix) >= 0) {
      int d = Character.digit(s.charAt(q), radix);
      long hi = Math.multiplyHigh(v, radix) + ((v >> 63) & radix); // unsigned high word
      long lo = v * radix;
      long sum = lo + d;
      if (hi != 0 || Long.compareUnsigned(sum, lo) < 0) {
        overflow = true;
      }
      v = sum;
      q++;
    }
    if (q == digitsStart) {
      return null;
    }
    if (overflow) {
      throw parser.error(p, "integer does not fit in 64 bits");
    }
    return new IntLiteral(sign == SIGN_MINUS ? -v : v, sign, base, q);
  }

  static boolean isAttrChar1(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == ':'
        || c == '.'
        || c == '/'
        || c == '_';
  }

  static boolean isWs(char c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0d);
  }

  /** Characters that end an {@code @Prefix.name} or a resource claim name. */
  private static boolean endsAttrName(char c) {
    return "!&()><=| \"".indexOf(c) >= 0 || isWs(c);
  }

  /**
   * Reads an attribute name of the {@code @User.} / resource-claim form starting at {@code p}:
   * everything up to an operator character, quote, parenthesis or whitespace, with {@code %xxxx}
   * escapes decoded. Returns the name; {@code end[0]} receives the index after it.
   */
  static String readAttrName(Sddl parser, String s, int p, int limit, int[] end) {
    int q = p;
    while (q < limit && !endsAttrName(s.charAt(q))) {
      q++;
    }
    if (q == limit) {
      throw parser.error(p, "attribute name runs to the end of the condition; expected ')'");
    }
    if (q == p) {
      throw parser.error(p, "empty attribute name");
    }
    StringBuilder name = new StringBuilder(q - p);
    for (int i = p; i < q; i++) {
      char c = s.charAt(i);
      if (c != '%') {
        name.append(c);
        continue;
      }
      if (i + 5 > q) {
        throw parser.error(i, "a '%' escape needs 4 hex digits (%xxxx)");
      }
      int v = 0;
      for (int k = i + 1; k < i + 5; k++) {
        int d = Character.digit(s.charAt(k), 16);
        if (d < 0) {
          throw parser.error(k, "invalid '%' escape: expected 4 hex digits");
        }
        v = v * 16 + d;
      }
      if ((v >= '0' && v <= '9')
          || (v >= 'A' && v <= 'Z')
          || (v >= 'a' && v <= 'z')
          || (v < 127 && "#$'*+-;?@[\\]^_`{}~:/.".indexOf(v) >= 0)) {
        throw parser.error(i, "invalid '%' escape: '" + (char) v + "' must be written literally");
      }
      if (v == 0) {
        throw parser.error(i, "an attribute name cannot contain %0000");
      }
      name.append((char) v);
      i += 4;
    }
    end[0] = q;
    return name.toString();
  }

  /**
   * Reads an octet string at {@code p} (which holds '#'). Windows reads '#' as '0' and prefixes an
   * odd number of digits with '0'.
   */
  static byte[] readOctets(String s, int p, int limit, int[] end) {
    int q = p + 1;
    while (q < limit && (s.charAt(q) == '#' || Character.digit(s.charAt(q), 16) >= 0)) {
      q++;
    }
    end[0] = q;
    return hexBytes(s, p + 1, q);
  }

  static byte[] hexBytes(String s, int from, int to) {
    int n = to - from;
    byte[] b = new byte[(n + 1) / 2];
    int bi = b.length - 1;
    int shift = 0;
    for (int i = to - 1; i >= from; i--) {
      char c = s.charAt(i);
      int d = c == '#' ? 0 : Character.digit(c, 16);
      b[bi] |= (byte) (d << shift);
      if (shift == 4) {
        bi--;
        shift = 0;
      } else {
        shift = 4;
      }
    }
    return b;
  }

  /** Shunting-yard compiler over the SDDL condition; see the class comment for Windows' rules. */
  private static final class Compiler {
    final Sddl parser;
    final String s;
    final int limit;
    TokenWriter out = new TokenWriter();
    int pos;
    int state = X_PAREN;
    int[] stack = new int[16];
    int[] stackPos = new int[16];
    int depth;
    final int[] end = new int[1];

    Compiler(Sddl parser, String s, int limit) {
      this.parser = parser;
      this.s = s;
      this.limit = limit;
    }

    private SddlParseException error(int at, String what) {
      return parser.error(at, what);
    }

    private void skipWs() {
      while (pos < limit && isWs(s.charAt(pos))) {
        pos++;
      }
    }

    private char peekNonEnd() {
      skipWs();
      if (pos >= limit) {
        throw error(pos, "the condition ends unexpectedly; expected ')'");
      }
      return s.charAt(pos);
    }

    private static int precedence(int code) {
      return code == PAREN ? P_OPEN : OPS[code].precedence();
    }

    private void flush(int precedence) {
      while (depth > 0) {
        int top = stack[depth - 1];
        int p = precedence(top);
        if (p > precedence || (p == precedence && OPS[top].arity() == 1)) {
          break;
        }
        out.u8(top);
        depth--;
      }
    }

    private void push(int code, int at) {
      if (code != PAREN) {
        flush(OPS[code].precedence());
      }
      if (depth == stack.length) {
        if (depth > 4096) {
          throw error(at, "the condition nests too deeply");
        }
        stack = Arrays.copyOf(stack, depth * 2);
        stackPos = Arrays.copyOf(stackPos, depth * 2);
      }
      stack[depth] = code;
      stackPos[depth] = at;
      depth++;
    }

    /** A parenthesised expression starting at pos (which holds '('). */
    void expression() {
      int open = pos;
      if (pos >= limit || s.charAt(pos) != '(') {
        throw error(pos, "expected '(' to start the condition");
      }
      if ((state & X_PAREN) == 0) {
        throw error(pos, "did not expect '(' here");
      }
      push(PAREN, open);
      pos++;
      state = EXPR_START;
      while (true) {
        char c = peekNonEnd();
        if (c == ')') {
          if ((state & (IS_BINARY | IS_UNARY)) != 0) {
            throw error(pos, "the operator has no right-hand operand");
          }
          if ((state & X_NO_CLOSE) != 0) {
            throw error(pos, "empty expression '()'");
          }
          break;
        }
        if (c == '(') {
          if ((state & X_PAREN_LITERAL) != 0) {
            parenLiteral();
            state = AFTER_LITERAL;
          } else {
            expression();
          }
        } else if (c == '@') {
          attribute();
          state = AFTER_ATTR;
        } else if ("!<>=&|".indexOf(c) >= 0) {
          symbolOperator();
        } else if (isAttrChar1(c)) {
          word();
        } else if ((state & X_LITERAL) != 0) {
          literal(false);
          state = AFTER_LITERAL;
        } else {
          throw error(pos, "unexpected '" + c + "' in the condition");
        }
      }
      flush(P_CLOSE);
      if (depth == 0 || stack[depth - 1] != PAREN || stackPos[depth - 1] != open) {
        throw error(pos, "')' does not match the '(' at offset " + open);
      }
      depth--;
      pos++;
      state = AFTER_CLOSE;
      skipWs();
    }

    /** Windows allows a literal operand to be wrapped in parentheses, even several. */
    private void parenLiteral() {
      int open = pos;
      pos++;
      char c = peekNonEnd();
      if (c == '(') {
        parenLiteral();
      } else {
        literal(false);
      }
      if (peekNonEnd() != ')') {
        throw error(pos, "expected ')' to close the '(' at offset " + open);
      }
      pos++;
    }

    private void symbolOperator() {
      char c = s.charAt(pos);
      char d = pos + 1 < limit ? s.charAt(pos + 1) : 0;
      int code;
      int need = X_BINARY_OP;
      int width = 1;
      if (c == '!') {
        if (d == '=') {
          code = 0x81;
          width = 2;
        } else {
          code = NOT;
          need = X_UNARY_OP;
        }
      } else if (c == '=' && d == '=') {
        code = 0x80;
        width = 2;
      } else if (c == '>' || c == '<') {
        width = d == '=' ? 2 : 1;
        code = c == '<' ? (width == 2 ? 0x83 : 0x82) : (width == 2 ? 0x85 : 0x84);
      } else if ((c == '&' && d == '&') || (c == '|' && d == '|')) {
        code = c == '&' ? AND : OR;
        need = X_LOGIC_OP;
        width = 2;
      } else {
        throw error(pos, "unknown operator; expected == != < <= > >= && || or !");
      }
      if ((state & need) == 0) {
        throw error(pos, "operator '" + OPS[code].name() + "' is not allowed here");
      }
      push(code, pos);
      pos += width;
      state = OPS[code].after();
    }

    private void attribute() {
      if ((state & X_ATTR) == 0) {
        throw error(pos, "did not expect an @attribute here");
      }
      int at = pos;
      pos++;
      int code = -1;
      for (int i = 0; i < ATTR_PREFIXES.length; i++) {
        String p = ATTR_PREFIXES[i];
        if (pos + p.length() < limit && s.regionMatches(true, pos, p, 0, p.length())) {
          code = ATTR_CODES[i];
          pos += p.length();
          break;
        }
      }
      if (code < 0) {
        throw error(at, "unknown attribute class; expected @User., @Device. or @Resource.");
      }
      String name = readAttrName(parser, s, pos, limit, end);
      pos = end[0];
      out.u8(code);
      byte[] b = name.getBytes(StandardCharsets.UTF_16LE);
      out.u32(b.length);
      out.bytes(b, 0, b.length);
    }

    private void word() {
      int start = pos;
      if ((state & X_LITERAL) != 0 && startsWithSid(pos)) {
        sidLiteral();
        state = AFTER_LITERAL;
        return;
      }
      int q = pos;
      while (q < limit && isAttrChar1(s.charAt(q))) {
        q++;
      }
      if ((state & (X_BINARY_OP | X_UNARY_OP)) != 0) {
        for (Op o : WORD_OPS) {
          boolean allowed = (state & (o.arity() == 1 ? X_UNARY_OP : X_BINARY_OP)) != 0;
          if (allowed
              && o.name().length() == q - start
              && s.regionMatches(true, start, o.name(), 0, q - start)) {
            push(o.code(), start);
            pos = q;
            state = o.after();
            return;
          }
        }
      }
      if ((state & X_LITERAL) != 0) {
        IntLiteral n = readInt(parser, s, start, limit);
        if (n != null && n.end() < limit && !isAttrChar1(s.charAt(n.end()))) {
          writeInt(n);
          pos = n.end();
          state = AFTER_LITERAL;
          return;
        }
      }
      if ((state & X_LOCAL_ATTR) == 0) {
        throw error(start, "'" + s.substring(start, q) + "' makes no sense here");
      }
      if (q >= limit) {
        throw error(q, "the condition ends unexpectedly; expected ')'");
      }
      out.u8(LOCAL_ATTR);
      byte[] b = s.substring(start, q).getBytes(StandardCharsets.UTF_16LE);
      out.u32(b.length);
      out.bytes(b, 0, b.length);
      pos = q;
      state = AFTER_ATTR;
    }

    private boolean startsWithSid(int p) {
      return p + 4 < limit && s.regionMatches(true, p, "SID(", 0, 4);
    }

    private void writeInt(IntLiteral n) {
      out.u8(INT64);
      out.u64(n.value());
      out.u8(n.sign());
      out.u8(n.base());
    }

    private void sidLiteral() {
      int open = pos + 3;
      int close = s.indexOf(')', open);
      if (close < 0 || close >= limit) {
        throw error(open, "expected ')' to close SID(");
      }
      Sid sid = parser.sid(open + 1, close);
      out.lengthPrefixed(SID, sid.toBytes());
      pos = close + 1;
    }

    private void literal(boolean inComposite) {
      if ((state & X_LITERAL) == 0 && !inComposite) {
        throw error(pos, "did not expect a literal here");
      }
      char c = s.charAt(pos);
      if (c == '#') {
        byte[] b = readOctets(s, pos, limit, end);
        out.lengthPrefixed(OCTETS, b);
        pos = end[0];
      } else if (c == '"') {
        int close = s.indexOf('"', pos + 1);
        if (close < 0 || close >= limit) {
          throw error(pos, "unterminated string: expected '\"'");
        }
        out.lengthPrefixed(
            UNICODE, s.substring(pos + 1, close).getBytes(StandardCharsets.UTF_16LE));
        pos = close + 1;
      } else if (c == '{') {
        if (inComposite) {
          throw error(pos, "composites cannot be nested");
        }
        composite();
      } else if (startsWithSid(pos)) {
        sidLiteral();
      } else {
        IntLiteral n = readInt(parser, s, pos, limit);
        if (n == null) {
          throw error(
              pos,
              "expected a literal: a number, \"string\", #octets, SID(...) or {list}; found '"
                  + c
                  + "'");
        }
        writeInt(n);
        pos = n.end();
      }
    }

    private void composite() {
      int open = pos;
      pos++;
      TokenWriter outer = out;
      TokenWriter members = new TokenWriter();
      out = members;
      boolean first = true;
      while (true) {
        char c = peekNonEnd();
        if (c == '}') {
          pos++;
          break;
        }
        if (!first) {
          if (c != ',') {
            throw error(pos, "expected ',' or '}' in the list that starts at offset " + open);
          }
          pos++;
          peekNonEnd();
        }
        first = false;
        literal(true);
      }
      out = outer;
      out.u8(COMPOSITE);
      out.u32(members.len);
      out.bytes(members.buf, 0, members.len);
    }
  }

  // ================================================================ binary -> SDDL

  /** A decoded token; operators get their operands as lhs/rhs (unary operators use rhs only). */
  private static final class Node {
    final int code;
    long value;
    int sign;
    int base;
    String text;
    byte[] bytes;
    Sid sid;
    List<Node> members;
    Node lhs;
    Node rhs;
    boolean parens;

    Node(int code) {
      this.code = code;
    }
  }

  /**
   * Appends the SDDL form of the artx data (MS-DTYP 2.4.4.17) to {@code sb}, formatted as Windows
   * does.
   *
   * @throws IllegalStateException if the data is not a condition SDDL can express exactly
   */
  static void decompile(byte[] data, StringBuilder sb, SddlContext context) {
    if (data.length < 4 || !Arrays.equals(data, 0, 4, SIGNATURE, 0, 4)) {
      throw notExpressible("the callback data is not a conditional expression (no 'artx')");
    }
    List<Node> trees = new ArrayList<>();
    int p = 4;
    while (p < data.length) {
      int code = data[p] & 0xFF;
      if (code == 0) {
        for (int q = p; q < data.length; q++) {
          if (data[q] != 0) {
            throw notExpressible("non-zero byte after the padding at offset " + q);
          }
        }
        break;
      }
      Op op = OPS[code];
      if (op != null) {
        if (trees.size() < op.arity()) {
          throw notExpressible("operator 0x" + Integer.toHexString(code) + " lacks operands");
        }
        Node n = new Node(code);
        n.rhs = trees.remove(trees.size() - 1);
        if (op.arity() == 2) {
          n.lhs = trees.remove(trees.size() - 1);
        }
        trees.add(n);
        p++;
      } else {
        Node n = new Node(code);
        p = readOperand(data, p, data.length, n, true);
        trees.add(n);
      }
    }
    if (trees.size() != 1) {
      throw notExpressible("the expression leaves " + trees.size() + " values instead of one");
    }
    Node root = trees.get(0);
    resolveParens(root);
    root.parens = true;
    int start = sb.length();
    write(sb, root, context);
    // exactness: the text must compile back to the very same bytes
    String text = sb.substring(start);
    byte[] again;
    try {
      again = compile(Sddl.fragment(text, context), text, 0, text.length());
    } catch (SddlParseException e) {
      sb.setLength(start);
      throw notExpressible("its SDDL form '" + text + "' does not parse back: " + e.reason());
    }
    if (!Arrays.equals(again, data)) {
      sb.setLength(start);
      throw notExpressible("its SDDL form '" + text + "' does not give back the same bytes");
    }
  }

  private static IllegalStateException notExpressible(String why) {
    return new IllegalStateException(
        "conditional ACE data has no exact SDDL form: " + why + "; use toBytes() to keep it");
  }

  /** Reads one literal or attribute token at p; returns the index after it. */
  private static int readOperand(byte[] d, int p, int limit, Node n, boolean allowComposite) {
    int code = n.code;
    int q = p + 1;
    if (code >= INT8 && code <= INT64) {
      if (code != INT64) {
        // Windows writes only 64-bit integer tokens; SDDL cannot say "8-bit"
        throw notExpressible("integer token 0x0" + code + " (only 64-bit integers have SDDL)");
      }
      if (q + 10 > limit) {
        throw notExpressible("truncated integer token");
      }
      n.value = BinaryCodec.i64(d, q);
      n.sign = d[q + 8];
      n.base = d[q + 9];
      if (n.sign < SIGN_PLUS || n.sign > SIGN_NONE || n.base < BASE_8 || n.base > BASE_16) {
        throw notExpressible("integer with invalid sign or base");
      }
      return q + 10;
    }
    boolean known =
        code == UNICODE
            || code == OCTETS
            || code == SID
            || (code == COMPOSITE && allowComposite)
            || (code >= LOCAL_ATTR && code <= DEVICE_ATTR);
    if (!known) {
      throw notExpressible("unknown token 0x" + Integer.toHexString(code));
    }
    if (q + 4 > limit) {
      throw notExpressible("truncated token");
    }
    long len = BinaryCodec.u32(d, q);
    q += 4;
    if (len > limit - q) {
      throw notExpressible("token length " + len + " runs past the data");
    }
    int end = q + (int) len;
    switch (code) {
      case UNICODE, LOCAL_ATTR, USER_ATTR, RESOURCE_ATTR, DEVICE_ATTR -> {
        if ((len & 1) != 0) {
          throw notExpressible("odd UTF-16 length");
        }
        n.text = new String(d, q, (int) len, StandardCharsets.UTF_16LE);
      }
      case OCTETS -> n.bytes = Arrays.copyOfRange(d, q, end);
      case SID -> {
        try {
          n.sid = Sid.read(d, q, end);
        } catch (SecurityDescriptorFormatException e) {
          throw notExpressible("bad SID token: " + e.getMessage());
        }
        if (n.sid.binaryLength() != len) {
          throw notExpressible("SID token length does not match the SID");
        }
      }
      default -> {
        n.members = new ArrayList<>();
        int m = q;
        while (m < end) {
          Node member = new Node(d[m] & 0xFF);
          m = readOperand(d, m, end, member, false);
          n.members.add(member);
        }
      }
    }
    return end;
  }

  /** Windows' parenthesisation: see the class comment. */
  private static boolean wantsOwnParens(Node n) {
    return n.lhs != null
        || (n.code >= 0x89 && n.code <= 0x8c)
        || (n.code >= 0x90 && n.code <= 0x93);
  }

  private static void resolveParens(Node n) {
    boolean logical = n.code == AND || n.code == OR || n.code == NOT;
    n.parens = wantsOwnParens(n);
    for (Node child : new Node[] {n.lhs, n.rhs}) {
      if (child != null) {
        resolveParens(child);
        if (logical) {
          child.parens = true;
        }
      }
    }
  }

  private static void write(StringBuilder sb, Node n, SddlContext context) {
    if (n.parens) {
      sb.append('(');
    }
    if (n.lhs != null) {
      write(sb, n.lhs, context);
      sb.append(' ');
    }
    Op op = OPS[n.code];
    if (op != null) {
      sb.append(op.name());
      if (n.code != NOT) {
        sb.append(' ');
      }
      write(sb, n.rhs, context);
    } else {
      writeOperand(sb, n, context);
    }
    if (n.parens) {
      sb.append(')');
    }
  }

  private static void writeOperand(StringBuilder sb, Node n, SddlContext context) {
    switch (n.code) {
      case INT64 -> appendInt(sb, n.value, n.sign, n.base);
      case UNICODE -> appendString(sb, n.text);
      case OCTETS -> sb.append('#').append(Bytes.hex(n.bytes));
      case SID -> {
        sb.append("SID(");
        Sddl.appendSid(sb, n.sid, context);
        sb.append(')');
      }
      case COMPOSITE -> {
        sb.append('{');
        for (int i = 0; i < n.members.size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          writeOperand(sb, n.members.get(i), context);
        }
        sb.append('}');
      }
      case LOCAL_ATTR -> appendAttrName(sb, n.text);
      default -> {
        sb.append('@').append(ATTR_PREFIXES[n.code - USER_ATTR]);
        appendAttrName(sb, n.text);
      }
    }
  }

  /** A string literal; SDDL has no escape for '"'. */
  static void appendString(StringBuilder sb, String text) {
    if (text.indexOf('"') >= 0) {
      throw notExpressible("a string contains '\"', which SDDL cannot escape");
    }
    sb.append('"').append(text).append('"');
  }

  /**
   * Integers as stored: no sign means decimal as signed, octal and hex as unsigned 64-bit; with a
   * sign, the sign and the magnitude in the recorded base.
   */
  static void appendInt(StringBuilder sb, long v, int sign, int base) {
    int radix = base == BASE_8 ? 8 : base == BASE_16 ? 16 : 10;
    String prefix = base == BASE_8 ? "0" : base == BASE_16 ? "0x" : "";
    if (sign == SIGN_NONE) {
      if (radix == 10) {
        sb.append(v);
      } else if (v == 0 && radix == 8) {
        sb.append('0');
      } else {
        sb.append(prefix).append(Long.toUnsignedString(v, radix));
      }
      return;
    }
    if ((sign == SIGN_PLUS && v < 0) || (sign == SIGN_MINUS && v > 0)) {
      throw notExpressible("integer " + v + " contradicts its recorded sign");
    }
    sb.append(sign == SIGN_PLUS ? '+' : '-');
    long magnitude = sign == SIGN_MINUS ? -v : v;
    if (radix == 8 && magnitude == 0) {
      sb.append('0');
    } else {
      sb.append(prefix).append(Long.toUnsignedString(magnitude, radix));
    }
  }

  /** Attribute names: characters SDDL reserves are written as %xxxx (UTF-16 code units). */
  static void appendAttrName(StringBuilder sb, String name) {
    if (name.isEmpty()) {
      throw notExpressible("empty attribute name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == 0) {
        throw notExpressible("attribute name contains NUL");
      }
      if (c <= ' ' || c > 126 || "!\"&()<=>|%".indexOf(c) >= 0) {
        sb.append('%').append(String.format(Locale.ROOT, "%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
  }
}
