package org.adwriteback.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecurityDescriptorFlagsControlTest {

  // The value ldapsearch sends as "-E 1.2.840.113556.1.4.801=::MAMCAQQ=" (DACL only), see
  // shared/samba/REPORT.md.
  private static final byte[] DACL_ONLY_VALUE = Base64.getDecoder().decode("MAMCAQQ=");

  @Test
  void daclOnlyEncodesLikeTheValueAdClientsSend() {
    SecurityDescriptorFlagsControl control = SecurityDescriptorFlagsControl.daclOnly();
    assertThat(control.getOID()).isEqualTo("1.2.840.113556.1.4.801");
    assertThat(control.isCritical()).isTrue();
    assertThat(control.getValue().getValue()).isEqualTo(DACL_ONLY_VALUE);
  }

  @Test
  void decodesTheWireValue() throws LDAPException {
    Control raw =
        new Control("1.2.840.113556.1.4.801", false, new ASN1OctetString(DACL_ONLY_VALUE));
    SecurityDescriptorFlagsControl decoded = new SecurityDescriptorFlagsControl(raw);
    assertThat(decoded.getFlags())
        .isEqualTo(SecurityDescriptorFlagsControl.DACL_SECURITY_INFORMATION);
    assertThat(decoded.isCritical()).isFalse();
  }

  @Test
  void roundTripsEveryValidFlagCombination() throws LDAPException {
    for (int flags = 1; flags <= 0xF; flags++) {
      SecurityDescriptorFlagsControl c = new SecurityDescriptorFlagsControl(flags, true);
      assertThat(new SecurityDescriptorFlagsControl(c).getFlags()).isEqualTo(flags);
    }
  }

  @Test
  void rejectsFlagsOutsideTheFourParts() {
    assertThatThrownBy(() -> new SecurityDescriptorFlagsControl(0x10, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x10");
    assertThatThrownBy(() -> new SecurityDescriptorFlagsControl(0, true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decodingGarbageIsADecodingError() {
    Control garbage =
        new Control("1.2.840.113556.1.4.801", true, new ASN1OctetString(new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> new SecurityDescriptorFlagsControl(garbage))
        .isInstanceOf(LDAPException.class)
        .extracting(e -> ((LDAPException) e).getResultCode())
        .isEqualTo(ResultCode.DECODING_ERROR);
  }

  @Test
  void decodingAnotherControlIsRefused() {
    Control other =
        new Control("1.2.840.113556.1.4.319", true, new ASN1OctetString(DACL_ONLY_VALUE));
    assertThatThrownBy(() -> new SecurityDescriptorFlagsControl(other))
        .isInstanceOf(LDAPException.class)
        .hasMessageContaining("1.2.840.113556.1.4.319");
  }
}
