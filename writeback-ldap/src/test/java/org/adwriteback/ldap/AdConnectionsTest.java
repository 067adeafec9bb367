package org.adwriteback.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connects to a real LDAP server (UnboundID's in-memory server) over LDAPS and plain LDAP. */
class AdConnectionsTest {

  private static InMemoryDirectoryServer server;
  private static File keyStore;
  private static char[] keyStorePin;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    keyStorePin = "store-pin".toCharArray();
    keyStore = certificate("server.p12", "localhost");
    File otherKeyStore = certificate("other.p12", "dc1.contoso.test");
    SSLUtil serverSsl =
        new SSLUtil(new KeyStoreKeyManager(keyStore, keyStorePin, "PKCS12", null), null);
    SSLUtil otherSsl =
        new SSLUtil(new KeyStoreKeyManager(otherKeyStore, keyStorePin, "PKCS12", null), null);
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=test");
    config.addAdditionalBindCredentials("cn=admin", "s3cret-Passw0rd");
    InetAddress loopback = InetAddress.getLoopbackAddress();
    config.setListenerConfigs(
        InMemoryListenerConfig.createLDAPConfig("ldap", loopback, 0, null),
        InMemoryListenerConfig.createLDAPSConfig(
            "ldaps", loopback, 0, serverSsl.createSSLServerSocketFactory(), null),
        InMemoryListenerConfig.createLDAPSConfig(
            "ldaps-other", loopback, 0, otherSsl.createSSLServerSocketFactory(), null));
    server = new InMemoryDirectoryServer(config);
    server.startListening();
  }

  /** A self-signed server certificate whose only name is {@code dnsName}, in a PKCS#12 store. */
  private static File certificate(String fileName, String dnsName) {
    File file = tmp.resolve(fileName).toFile();
    ResultCode rc =
        ManageCertificates.main(
            (java.io.InputStream) null,
            java.io.OutputStream.nullOutputStream(),
            java.io.OutputStream.nullOutputStream(),
            "generate-self-signed-certificate",
            "--keystore",
            file.getPath(),
            "--keystore-password",
            new String(keyStorePin),
            "--keystore-type",
            "PKCS12",
            "--alias",
            "server",
            "--subject-dn",
            "CN=" + dnsName,
            "--subject-alternative-name-dns",
            dnsName);
    assertThat(rc).isEqualTo(ResultCode.SUCCESS);
    return file;
  }

  @AfterAll
  static void stop() {
    server.shutDown(true);
  }

  private static String ldapsUrl(String host) {
    return "ldaps://" + host + ":" + server.getListenPort("ldaps");
  }

  @Test
  void ldapsWithTheServersCertificateInATrustStoreBinds() throws Exception {
    ConnectionSettings s =
        ConnectionSettings.forUrl(ldapsUrl("localhost"))
            .trustStore(keyStore.toPath(), keyStorePin)
            .bind("cn=admin", "s3cret-Passw0rd".toCharArray())
            .build();
    try (LDAPConnection c = AdConnections.open(s)) {
      assertThat(c.isConnected()).isTrue();
      assertThat(c.getLastBindRequest()).isNotNull();
    }
  }

  @Test
  void ldapsWithAnUntrustedCertificateIsATlsFailureByDefault() {
    ConnectionSettings s =
        ConnectionSettings.forUrl(ldapsUrl("localhost"))
            .bind("cn=admin", "s3cret-Passw0rd".toCharArray())
            .build();
    assertThatThrownBy(() -> AdConnections.open(s))
        .isInstanceOf(WritebackException.class)
        .satisfies(
            e ->
                assertThat(((WritebackException) e).reason())
                    .isEqualTo(WritebackException.Reason.TLS_FAILURE))
        .hasMessageContaining("--ca-cert");
  }

  @Test
  void aHostNameTheCertificateDoesNotNameIsATlsFailure() {
    ConnectionSettings s =
        ConnectionSettings.forUrl("ldaps://localhost:" + server.getListenPort("ldaps-other"))
            .trustStore(tmp.resolve("other.p12"), keyStorePin)
            .build();
    assertThatThrownBy(() -> AdConnections.open(s))
        .isInstanceOf(WritebackException.class)
        .satisfies(
            e ->
                assertThat(((WritebackException) e).reason())
                    .isEqualTo(WritebackException.Reason.TLS_FAILURE))
        .hasMessageContaining("Hostname verification failed");
  }

  @Test
  void trustAllAcceptsAnyCertificateWhenAskedExplicitly() throws Exception {
    ConnectionSettings s =
        ConnectionSettings.forUrl(ldapsUrl("127.0.0.1"))
            .insecureTrustAll()
            .bind("cn=admin", "s3cret-Passw0rd".toCharArray())
            .build();
    try (LDAPConnection c = AdConnections.open(s)) {
      assertThat(c.isConnected()).isTrue();
    }
  }

  @Test
  void aWrongPasswordIsABindFailureWithoutThePasswordInTheMessage() {
    ConnectionSettings s =
        ConnectionSettings.forUrl("ldap://127.0.0.1:" + server.getListenPort("ldap"))
            .bind("cn=admin", "Wrong-Secret-42".toCharArray())
            .build();
    assertThatThrownBy(() -> AdConnections.open(s))
        .isInstanceOf(WritebackException.class)
        .satisfies(
            e ->
                assertThat(((WritebackException) e).reason())
                    .isEqualTo(WritebackException.Reason.BIND_FAILED))
        .hasMessageContaining("cn=admin")
        .hasMessageNotContaining("Wrong-Secret-42");
  }

  @Test
  void aClosedPortIsAConnectionFailure() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    ConnectionSettings s = ConnectionSettings.forUrl("ldap://127.0.0.1:" + closedPort).build();
    assertThatThrownBy(() -> AdConnections.open(s))
        .isInstanceOf(WritebackException.class)
        .satisfies(
            e ->
                assertThat(((WritebackException) e).reason())
                    .isEqualTo(WritebackException.Reason.CONNECTION_FAILED));
  }

  @Test
  void aMissingCaFileIsInvalidInput() {
    ConnectionSettings s =
        ConnectionSettings.forUrl(ldapsUrl("localhost"))
            .trustCaCertificate(tmp.resolve("missing.pem"))
            .build();
    assertThatThrownBy(() -> AdConnections.open(s))
        .isInstanceOf(WritebackException.class)
        .hasMessageContaining("missing.pem");
  }
}
