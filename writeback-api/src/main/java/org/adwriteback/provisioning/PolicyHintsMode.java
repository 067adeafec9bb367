package org.adwriteback.provisioning;

/**
 * Whether a password reset carries LDAP_SERVER_POLICY_HINTS (OID 1.2.840.113556.1.4.2239, MS-ADTS
 * 3.1.1.3.4.1.27), which makes Windows apply password history and minimum age to an administrative
 * reset the way Entra password writeback expects (permissions.md §7).
 *
 * <p>Windows Server 2012 R2 and later advertise the control in the rootDSE {@code
 * supportedControl}; Samba 4.x does not and refuses it when it is critical.
 */
public enum PolicyHintsMode {
  /** Send it critical when the server advertises it, otherwise omit it and say so in the result. */
  AUTO,
  /**
   * Send it critical; a server that does not advertise it fails the reset before anything is sent.
   */
  REQUIRED,
  /** Send it non-critical: a server that does not know it ignores it. */
  NON_CRITICAL,
  /** Never send it: a reset ignores history, as a plain administrative reset does. */
  OFF
}
