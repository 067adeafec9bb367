package org.adwriteback.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Pins the BER value of LDAP_SERVER_POLICY_HINTS (MS-ADTS 3.1.1.3.4.1.27) both ways. */
class PolicyHintsControlTest {

  // SEQUENCE (0x30, length 3) { INTEGER (0x02, length 1) 1 }
  private static final byte[] ENFORCE_VALUE = HexFormat.of().parseHex("3003020101");

  @Test
  void enforceEncodesSequenceOfIntegerOne() {
    PolicyHintsControl c = PolicyHintsControl.enforce(true);
    assertThat(c.getOID()).isEqualTo("1.2.840.113556.1.4.2239");
    assertThat(c.isCritical()).isTrue();
    assertThat(c.getValue().getValue()).isEqualTo(ENFORCE_VALUE);
    assertThat(c.getControlName()).isEqualTo("LDAP_SERVER_POLICY_HINTS");
    assertThat(c.toString()).contains("flags=0x1").contains("isCritical=true");
  }

  @Test
  void decodesTheWireValueAndZeroFlags() throws LDAPException {
    Control raw =
        new Control(PolicyHintsControl.POLICY_HINTS_OID, false, new ASN1OctetString(ENFORCE_VALUE));
    assertThat(new PolicyHintsControl(raw).getFlags()).isEqualTo(PolicyHintsControl.ENFORCE_POLICY);
    Control zero =
        new Control(
            PolicyHintsControl.POLICY_HINTS_OID,
            false,
            new ASN1OctetString(HexFormat.of().parseHex("3003020100")));
    assertThat(new PolicyHintsControl(zero).getFlags()).isZero();
  }

  @Test
  void rejectsUnknownFlags() {
    assertThatThrownBy(() -> new PolicyHintsControl(2, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x2");
    Control bad =
        new Control(
            PolicyHintsControl.POLICY_HINTS_OID,
            true,
            new ASN1OctetString(HexFormat.of().parseHex("3003020102")));
    assertThatThrownBy(() -> new PolicyHintsControl(bad))
        .isInstanceOf(LDAPException.class)
        .extracting(e -> ((LDAPException) e).getResultCode())
        .isEqualTo(ResultCode.DECODING_ERROR);
  }

  @Test
  void decodingGarbageOrAnotherOidIsADecodingError() {
    Control garbage =
        new Control(PolicyHintsControl.POLICY_HINTS_OID, true, new ASN1OctetString(new byte[] {5}));
    assertThatThrownBy(() -> new PolicyHintsControl(garbage)).isInstanceOf(LDAPException.class);
    Control noValue = new Control(PolicyHintsControl.POLICY_HINTS_OID, true);
    assertThatThrownBy(() -> new PolicyHintsControl(noValue)).hasMessageContaining("no value");
    Control other = new Control("1.2.840.113556.1.4.801", true, new ASN1OctetString(ENFORCE_VALUE));
    assertThatThrownBy(() -> new PolicyHintsControl(other))
        .hasMessageContaining("1.2.840.113556.1.4.801");
  }
}
