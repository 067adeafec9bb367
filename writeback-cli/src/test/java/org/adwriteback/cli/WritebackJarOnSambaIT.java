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
    Properties p = properties();
    String base = p.getProperty("BASE_DN");
    String ou = "OU=CliIT" + System.nanoTime() % 100000 + "," + base;
    String accountSam = "clisvc" + System.nanoTime() % 100000;
    ConnectionSettings admin = admin(p);
    try (LDAPConnection c = AdConnections.open(admin)) {
      addOuWithAccount(c, ou, accountSam);
      String[] conn = conn(p);
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

  /**
   * {@code --all} on a Samba DC (schema 69, no Exchange classes): the features it lacks the
   * prerequisites of are left out with a note, the others are prepared, verified and undone.
   */
  @Test
  void prepareAllOnARealDomainController() throws Exception {
    Properties p = properties();
    String base = p.getProperty("BASE_DN");
    String ou = "OU=CliAll" + System.nanoTime() % 100000 + "," + base;
    String accountSam = "cliall" + System.nanoTime() % 100000;
    ConnectionSettings admin = admin(p);
    try (LDAPConnection c = AdConnections.open(admin)) {
      addOuWithAccount(c, ou, accountSam);
      String[] conn = conn(p);
      String[] all = {
        "--all",
        "--account",
        p.getProperty("NETBIOS", "CONTOSO") + "\\" + accountSam,
        "--group-ou",
        ou,
        "--user-ou",
        ou,
        "--tenant-id",
        "6a1b2c3d-0000-4000-8000-000000000001",
        "--tenant-domain",
        "contoso.onmicrosoft.com"
      };
      JarRunner.Run prepare = run("prepare", conn, all);
      assertThat(prepare.exitCode()).as(prepare.out() + prepare.err()).isZero();
      assertThat(prepare.err()).contains("--all leaves out ngc-keys");
      assertThat(prepare.out()).contains("checks granted");
      JarRunner.Run verify = run("verify", conn, all);
      assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
      assertThat(run("undo", conn, all).exitCode()).isZero();
    } finally {
      try (LDAPConnection c = AdConnections.open(admin)) {
        DeleteRequest d = new DeleteRequest(ou);
        d.addControl(new SubtreeDeleteRequestControl());
        c.delete(d);
      }
    }
  }

  /** A fresh OU with the connector account in it. */
  private static void addOuWithAccount(LDAPConnection c, String ou, String accountSam)
      throws Exception {
    c.add(new Entry(ou, new com.unboundid.ldap.sdk.Attribute("objectClass", "organizationalUnit")));
    c.add(
        new Entry(
            "CN=" + accountSam + "," + ou,
            new com.unboundid.ldap.sdk.Attribute("objectClass", "user"),
            new com.unboundid.ldap.sdk.Attribute("sAMAccountName", accountSam)));
  }

  private Properties properties() throws Exception {
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
    return p;
  }

  private static ConnectionSettings admin(Properties p) {
    return ConnectionSettings.forUrl(p.getProperty("LDAPS_URL"))
        .trustCaCertificate(Path.of(p.getProperty("CA_CERT")))
        .bind(p.getProperty("ADMIN_UPN"), p.getProperty("ADMIN_PASSWORD").toCharArray())
        .build();
  }

  private String[] conn(Properties p) throws Exception {
    Path pw = Files.writeString(tmp.resolve("pw"), p.getProperty("ADMIN_PASSWORD") + "\n");
    return new String[] {
      "--url", p.getProperty("LDAPS_URL"),
      "--ca-cert", p.getProperty("CA_CERT"),
      "--bind", p.getProperty("ADMIN_UPN"),
      "--password-file", pw.toString()
    };
  }

  private JarRunner.Run run(String command, String[] conn, String[] feature) throws Exception {
    String[] args = new String[1 + conn.length + feature.length];
    args[0] = command;
    System.arraycopy(conn, 0, args, 1, conn.length);
    System.arraycopy(feature, 0, args, 1 + conn.length, feature.length);
    return JarRunner.run(tmp, args);
  }
}
