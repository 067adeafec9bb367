package org.adwriteback.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Pins the defaults and the eager validation of the settings builder. */
class ProvisioningSettingsTest {

  @Test
  void defaultsAreTheSafeOnes() {
    var s =
        ProvisioningSettings.builder()
            .userContainer("OU=U,DC=x")
            .groupContainer("OU=G,DC=x")
            .build();
    assertThat(s.allowUnencrypted()).isFalse();
    assertThat(s.policyHints()).isEqualTo(PolicyHintsMode.AUTO);
    assertThat(s.anchorMode()).isEqualTo(AnchorMode.CONSISTENCY_GUID);
    assertThat(s.memberBatchSize()).isEqualTo(5000);
    assertThat(s.toBuilder().memberBatchSize(10).build().userContainerDn()).isEqualTo("OU=U,DC=x");
  }

  @Test
  void rejectsMissingContainersAndBadBatchSizes() {
    assertThatThrownBy(() -> ProvisioningSettings.builder().userContainer("OU=U").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("groupContainer");
    assertThatThrownBy(() -> ProvisioningSettings.builder().memberBatchSize(5001))
        .hasMessageContaining("5001");
    assertThatThrownBy(() -> ProvisioningSettings.builder().userContainer(" "))
        .hasMessageContaining("empty");
  }
}
