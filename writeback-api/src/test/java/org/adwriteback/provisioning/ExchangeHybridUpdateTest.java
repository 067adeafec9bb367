package org.adwriteback.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pins the x500 normalisation and the input checks of Exchange hybrid writeback. */
class ExchangeHybridUpdateTest {

  @Test
  void bareLegacyDnsGetTheX500Prefix() {
    var u =
        ExchangeHybridUpdate.builder(AccountRef.sam("jdoe"))
            .x500("/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=abc")
            .x500("X500:/o=Other/cn=x")
            .build();
    assertThat(u.x500ProxyAddresses())
        .containsExactly(
            "x500:/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=abc",
            "X500:/o=Other/cn=x");
    assertThat(u.problems()).isEmpty();
  }

  @Test
  void rejectsAddressesThatAreNotLegacyDnsAndBadAnchors() {
    var u =
        ExchangeHybridUpdate.builder(AccountRef.sam("jdoe"))
            .x500("smtp:jdoe@contoso.test")
            .externalDirectoryObjectId("Group_5f0c1a2b-3c4d-4e5f-8091-a2b3c4d5e6f7")
            .archiveStatus(-1)
            .build();
    assertThat(u.problems()).hasSize(3);
  }
}
