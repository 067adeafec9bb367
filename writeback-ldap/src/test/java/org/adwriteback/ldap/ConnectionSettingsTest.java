package org.adwriteback.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {

  @Test
  void defaultsPortsBySchemeAndValidatesCertificatesByDefault() {
    assertThat(ConnectionSettings.forUrl("ldap://dc1.contoso.test").build().port()).isEqualTo(389);
    ConnectionSettings s = ConnectionSettings.forUrl("LDAPS://dc1.contoso.test").build();
    assertThat(s.port()).isEqualTo(636);
    assertThat(s.isEncrypted()).isTrue();
    assertThat(s.trustSource()).isEqualTo(ConnectionSettings.TrustSource.JVM_DEFAULT);
  }

  @Test
  void rejectsUrlsThatAreNotLdap() {
    assertThatThrownBy(() -> ConnectionSettings.forUrl("http://dc1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ldap://");
    assertThatThrownBy(() -> ConnectionSettings.forUrl("ldap://"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ldap://host");
  }

  @Test
  void startTlsOnlyOnPlainLdap() {
    assertThat(ConnectionSettings.forUrl("ldap://dc1").startTls().build().isEncrypted()).isTrue();
    assertThatThrownBy(() -> ConnectionSettings.forUrl("ldaps://dc1").startTls())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePasswordIsCopiedHiddenAndWiped() {
    char[] mine = "Sup3r-Secret".toCharArray();
    ConnectionSettings s =
        ConnectionSettings.forUrl("ldap://dc1").bind("CONTOSO\\admin", mine).build();
    mine[0] = 'X';
    assertThat(s.passwordCopy()).isEqualTo("Sup3r-Secret".toCharArray());
    assertThat(s.toString()).doesNotContain("Sup3r").contains("***").contains("CONTOSO\\admin");
    s.wipePassword();
    assertThat(s.passwordCopy()).containsOnly('\0');
  }

  @Test
  void anEmptyPasswordIsRefusedBecauseAdWouldBindAnonymously() {
    assertThatThrownBy(
            () -> ConnectionSettings.forUrl("ldap://dc1").bind("admin@contoso.test", new char[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anonymous");
  }

  @Test
  void forHostKeepsSchemePortCredentialsAndTrust() {
    ConnectionSettings s =
        ConnectionSettings.forUrl("ldap://dc1.contoso.test:3890")
            .startTls()
            .bind("CONTOSO\\admin", "Sup3r-Secret".toCharArray())
            .trustCaCertificate(java.nio.file.Path.of("/tmp/ca.pem"))
            .build();
    ConnectionSettings other = s.forHost("dc1.emea.contoso.test");
    assertThat(other.url().toString()).isEqualTo("ldap://dc1.emea.contoso.test:3890");
    assertThat(other.startTls()).isTrue();
    assertThat(other.bindName()).contains("CONTOSO\\admin");
    assertThat(other.trustFile()).contains(java.nio.file.Path.of("/tmp/ca.pem"));
    s.wipePassword();
    assertThat(other.passwordCopy()).isEqualTo("Sup3r-Secret".toCharArray());
  }
}
