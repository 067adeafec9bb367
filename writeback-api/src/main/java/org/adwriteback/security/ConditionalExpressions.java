package org.adwriteback.security;

/** Conditional ACE expressions: SDDL text (MS-DTYP 2.5.1.1) and binary form (2.4.4.17). */
final class ConditionalExpressions {
  private ConditionalExpressions() {}

  static byte[] compile(Sddl parser, String s, int from, int to) {
    throw parser.error(from, "conditional expressions are not supported yet");
  }

  static void decompile(byte[] data, StringBuilder sb, SddlContext context) {
    throw new IllegalStateException("conditional expressions are not supported yet");
  }
}
