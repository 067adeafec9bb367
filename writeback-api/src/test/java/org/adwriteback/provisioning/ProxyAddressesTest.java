package org.adwriteback.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the case-insensitive proxyAddresses merge of Exchange hybrid writeback. */
class ProxyAddressesTest {

  @Test
  void keepsExistingValuesAndAddsOnlyMissingOnes() {
    var merge =
        ProxyAddresses.merge(
            List.of("SMTP:jane@contoso.test", "smtp:j@contoso.test"),
            List.of("X500:/o=ExchangeLabs/cn=Jane", "smtp:JANE@contoso.test"));
    assertThat(merge.values())
        .containsExactly(
            "SMTP:jane@contoso.test", "smtp:j@contoso.test", "X500:/o=ExchangeLabs/cn=Jane");
    assertThat(merge.added()).containsExactly("X500:/o=ExchangeLabs/cn=Jane");
  }

  @Test
  void mergingTwiceAddsNothing() {
    var first = ProxyAddresses.merge(List.of("SMTP:a@b.test"), List.of("x500:/o=A/cn=B"));
    var second = ProxyAddresses.merge(first.values(), List.of("X500:/O=a/CN=b"));
    assertThat(second.added()).isEmpty();
    assertThat(second.values()).isEqualTo(first.values());
  }

  @Test
  void primarySmtpHasTheUpperCasePrefix() {
    assertThat(ProxyAddresses.primarySmtp("g@contoso.test")).isEqualTo("SMTP:g@contoso.test");
  }
}
