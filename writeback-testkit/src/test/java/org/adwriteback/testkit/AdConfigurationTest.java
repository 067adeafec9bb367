package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdConfigurationTest {

  @Test
  void presetDerivesNetbiosNameAndLeavesSecretsToTheStart() {
    AdConfiguration c = AdConfiguration.forest("Contoso.Test");
    assertThat(c.dnsName()).isEqualTo("contoso.test");
    assertThat(c.netbiosName()).isEqualTo("CONTOSO");
    assertThat(c.domainSid()).isEmpty();
    assertThat(c.adminPassword()).isEmpty();
    assertThat(c.features()).containsExactlyInAnyOrder(AdFeature.values());
  }

  @Test
  void toBuilderKeepsValuesAndCopiesThePassword() {
    char[] pw = "S3cret-Passw0rd".toCharArray();
    AdConfiguration c =
        AdConfiguration.forest("contoso.test").toBuilder()
            .adminPassword(pw)
            .schemaVersion(87)
            .without(AdFeature.PASSWORD_POLICY)
            .build();
    pw[0] = 'x';
    AdConfiguration copy = c.toBuilder().exchangeSchema(true).build();
    assertThat(copy.adminPassword().orElseThrow()).isEqualTo("S3cret-Passw0rd".toCharArray());
    assertThat(copy.schemaVersion()).isEqualTo(AdSchemaVersion.WINDOWS_2016);
    assertThat(copy.has(AdFeature.PASSWORD_POLICY)).isFalse();
    assertThat(copy.exchangeSchema()).isTrue();
    assertThat(c.exchangeSchema()).isFalse();
    assertThat(c.toString()).contains("(given)").doesNotContain("S3cret");
  }

  @Test
  void badValuesAreNamedInTheMessage() {
    AdConfiguration.Builder b = AdConfiguration.builder();
    assertThatThrownBy(() -> b.dnsName("contoso")).hasMessageContaining("'contoso'");
    assertThatThrownBy(() -> b.dnsName("con_toso.test")).hasMessageContaining("'con_toso'");
    assertThatThrownBy(() -> b.netbiosName("WAY-TOO-LONG-NAME"))
        .hasMessageContaining("WAY-TOO-LONG-NAME");
    assertThatThrownBy(() -> b.domainSid("S-1-5-21-1-2")).hasMessageContaining("'S-1-5-21-1-2'");
    assertThatThrownBy(() -> b.domainSid("S-1-5-21-1-2-4294967296"))
        .hasMessageContaining("4294967296");
    assertThatThrownBy(() -> b.ldapsPort(70000)).hasMessageContaining("70000");
    assertThatThrownBy(() -> b.schemaVersion(70)).hasMessageContaining("70");
    assertThatThrownBy(b::build).hasMessageContaining("no DNS name");
  }

  @Test
  void adminPasswordMustMeetThePolicyUnlessItIsOff() {
    var b = AdConfiguration.forest("contoso.test").toBuilder().adminPassword("short".toCharArray());
    assertThatThrownBy(b::build)
        .hasMessageContaining("5 characters")
        .hasMessageNotContaining("short");
    assertThat(b.without(AdFeature.PASSWORD_POLICY).build().adminPassword()).isPresent();
  }

  @Test
  void samePortForBothListenersIsRefused() {
    assertThatThrownBy(
            () ->
                AdConfiguration.forest("contoso.test").toBuilder()
                    .ldapPort(10389)
                    .ldapsPort(10389)
                    .build())
        .hasMessageContaining("10389");
  }

  @Test
  void twoDomainPresetAddsTheChildEmeaAndToBuilderRebasesIt() {
    AdConfiguration c = AdConfiguration.twoDomainForest("contoso.test");
    assertThat(c.childDomains()).hasSize(1);
    AdConfiguration.ChildDomain emea = c.childDomains().get(0);
    assertThat(emea.dnsName()).isEqualTo("emea.contoso.test");
    assertThat(emea.netbiosName()).isEqualTo("EMEA");
    assertThat(emea.domainDn()).isEqualTo("DC=emea,DC=contoso,DC=test");
    assertThat(emea.domainSid()).isEmpty();
    assertThat(emea.domainControllerName()).isEqualTo("EMEA-DC1");
    AdConfiguration renamed = c.toBuilder().dnsName("fabrikam.test").build();
    assertThat(renamed.childDomains().get(0).dnsName()).isEqualTo("emea.fabrikam.test");
    assertThat(c.toBuilder().withoutChildDomains().build().childDomains()).isEmpty();
    assertThat(AdConfiguration.forest("contoso.test").childDomains()).isEmpty();
  }

  @Test
  void childDomainsMustHaveTheirOwnLabelNetbiosNameAndSid() {
    var b = AdConfiguration.forest("contoso.test").toBuilder().childDomain("emea");
    assertThatThrownBy(() -> b.childDomain("EMEA")).hasMessageContaining("'EMEA'");
    assertThatThrownBy(() -> b.childDomain("em ea")).hasMessageContaining("'em ea'");
    assertThatThrownBy(() -> b.childDomain("apac", "WAY-TOO-LONG-NAME"))
        .hasMessageContaining("WAY-TOO-LONG-NAME");
    assertThatThrownBy(
            () ->
                AdConfiguration.forest("contoso.test").toBuilder()
                    .childDomain("sales", "CONTOSO")
                    .build())
        .hasMessageContaining("CONTOSO");
    assertThatThrownBy(
            () ->
                AdConfiguration.forest("contoso.test").toBuilder()
                    .domainSid("S-1-5-21-1-2-3")
                    .childDomain("emea", "EMEA", "S-1-5-21-1-2-3")
                    .build())
        .hasMessageContaining("S-1-5-21-1-2-3");
    AdConfiguration given =
        AdConfiguration.forest("contoso.test").toBuilder()
            .childDomain("apac", "ASIA", "S-1-5-21-7-8-9")
            .build();
    assertThat(given.childDomains().get(0).domainSid()).hasValue("S-1-5-21-7-8-9");
    assertThat(given.childDomains().get(0).netbiosName()).isEqualTo("ASIA");
  }
}
