package org.adwriteback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.adwriteback.ldap.AdConnections;
import org.adwriteback.ldap.ConnectionSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar against a real Samba AD DC (scripts/samba-dc.sh): plan, prepare, verify, undo
 * over LDAPS with the DC's CA. Fails when the profile is on and the DC is missing.
 */
@Tag("samba")
class WritebackJarOnSambaIT {

  @TempDir Path tmp;

  @Test
  void prepareVerifyUndoOnARealDomainController() throws Exception {
    String file = System.getProperty("samba.properties", "");
    if (file.isBlank() || !Files.isReadable(Path.of(file))) {
      throw new IllegalStateException(
          "samba.properties is not set or unreadable ('"
              + file
              + "'): start the DC with scripts/samba-dc.sh start DIR and pass"
              + " -Dsamba.properties=DIR/connection.properties");
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      p.load(in);
    }
    String base = p.getProperty("BASE_DN");
    String ou = "OU=CliIT" + System.nanoTime() % 100000 + "," + base;
    String accountSam = "clisvc" + System.nanoTime() % 100000;
    ConnectionSettings admin =
        ConnectionSettings.forUrl(p.getProperty("LDAPS_URL"))
            .trustCaCertificate(Path.of(p.getProperty("CA_CERT")))
            .bind(p.getProperty("ADMIN_UPN"), p.getProperty("ADMIN_PASSWORD").toCharArray())
            .build();
    try (LDAPConnection c = AdConnections.open(admin)) {
      c.add(
          new Entry(ou, new com.unboundid.ldap.sdk.Attribute("objectClass", "organizationalUnit")));
      c.add(
          new Entry(
              "CN=" + accountSam + "," + ou,
              new com.unboundid.ldap.sdk.Attribute("objectClass", "user"),
              new com.unboundid.ldap.sdk.Attribute("sAMAccountName", accountSam)));
      Path pw = Files.writeString(tmp.resolve("pw"), p.getProperty("ADMIN_PASSWORD") + "\n");
      String[] conn = {
        "--url", p.getProperty("LDAPS_URL"),
        "--ca-cert", p.getProperty("CA_CERT"),
        "--bind", p.getProperty("ADMIN_UPN"),
        "--password-file", pw.toString()
      };
      String account = p.getProperty("NETBIOS", "CONTOSO") + "\\" + accountSam;
      String[] feature = {"--feature", "password", "--account", account, "--target", ou};
      assertThat(run("verify", conn, feature).exitCode()).isEqualTo(1);
      JarRunner.Run prepare = run("prepare", conn, feature);
      assertThat(prepare.exitCode()).as(prepare.out() + prepare.err()).isZero();
      assertThat(prepare.out()).contains("CHANGED " + ou).contains("checks granted");
      JarRunner.Run again = run("prepare", conn, feature);
      assertThat(again.out()).contains("UNCHANGED " + ou);
      assertThat(run("verify", conn, feature).exitCode()).isZero();
      assertThat(run("undo", conn, feature).exitCode()).isZero();
      assertThat(run("verify", conn, feature).exitCode()).isEqualTo(1);
    } finally {
      try (LDAPConnection c = AdConnections.open(admin)) {
        DeleteRequest d = new DeleteRequest(ou);
        d.addControl(new SubtreeDeleteRequestControl());
        c.delete(d);
      }
    }
  }

  private JarRunner.Run run(String command, String[] conn, String[] feature) throws Exception {
    String[] args = new String[1 + conn.length + feature.length];
    args[0] = command;
    System.arraycopy(conn, 0, args, 1, conn.length);
    System.arraycopy(feature, 0, args, 1 + conn.length, feature.length);
    return JarRunner.run(tmp, args);
  }
}
