package org.adwriteback.security;

/** SDDL (MS-DTYP 2.5.1) parser and formatter. */
final class Sddl {
  private Sddl() {}

  static SecurityDescriptor parse(String sddl, SddlContext context) {
    throw new UnsupportedOperationException("SDDL parsing is not implemented yet");
  }

  static String format(SecurityDescriptor sd, SddlContext context) {
    throw new UnsupportedOperationException("SDDL formatting is not implemented yet");
  }
}
