package org.adwriteback.security;

/** Resource attribute claims of RA ACEs: SDDL text and CLAIM_SECURITY_ATTRIBUTE_RELATIVE_V1. */
final class ResourceClaims {
  private ResourceClaims() {}

  static byte[] compile(Sddl parser, String s, int from, int to) {
    throw parser.error(from, "resource attributes are not supported yet");
  }

  static void decompile(byte[] data, StringBuilder sb) {
    throw new IllegalStateException("resource attributes are not supported yet");
  }
}
