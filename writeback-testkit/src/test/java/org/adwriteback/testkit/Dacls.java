package org.adwriteback.testkit;

import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import org.adwriteback.security.SecurityDescriptor;

/** Test helper: DACL writes over LDAP, as an administrator's tool makes them. */
final class Dacls {

  private Dacls() {}

  /**
   * Replaces the explicit DACL of {@code dn} with the one in {@code sddl}, with the SD flags
   * control asking for the DACL only (MS-ADTS 3.1.1.3.4.1.11), so owner, group and SACL stay.
   */
  static void write(LDAPConnection c, String dn, String sddl) throws LDAPException {
    ModifyRequest m =
        new ModifyRequest(
            dn,
            new Modification(
                ModificationType.REPLACE,
                "nTSecurityDescriptor",
                SecurityDescriptor.fromSddl(sddl).toBytes()));
    m.addControl(
        new Control(
            AdInterceptor.SD_FLAGS_OID,
            true,
            new ASN1OctetString(new ASN1Sequence(new ASN1Integer(4)).encode())));
    c.modify(m);
  }
}
