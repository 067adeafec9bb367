package org.adwriteback.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.Test;

/** Pins the altSecurityIdentities form and the input checks of device writeback. */
class DeviceUpsertTest {

  private static final String TP = Base64.getEncoder().encodeToString(new byte[20]);

  private static DeviceUpsert device(List<String> thumbprints, List<String> keys) {
    return new DeviceUpsert(
        "6a6b7c7d-1111-4222-8333-444455556666",
        "7a6b7c7d-1111-4222-8333-444455556666",
        "LAPTOP-01",
        true,
        "Windows",
        "10.0.19045",
        Optional.of(Sid.parse("S-1-5-21-1-2-3-1104")),
        List.of(),
        thumbprints,
        keys);
  }

  @Test
  void altSecurityIdentitiesUseTheSha1PublicKeyForm() {
    assertThat(device(List.of(TP), List.of()).altSecurityIdentities())
        .containsExactly("X509:<SHA1-TP-PUBKEY>AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  }

  @Test
  void thumbprintsMustBeTwentyBytesOfBase64AndKeysHex() {
    assertThat(device(List.of(TP), List.of("00020000")).problems()).isEmpty();
    assertThat(device(List.of(), List.of()).problems())
        .singleElement()
        .asString()
        .contains("mandatory");
    assertThat(device(List.of("AAAA"), List.of("zz")).problems()).hasSize(2);
  }
}
