package org.adwriteback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
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

  /**
   * {@code password reset} and {@code password change} from the jar on a Samba DC over LDAPS: the
   * account then binds with the new password; a wrong old password is exit 1 and changes nothing.
   */
  @Test
  void passwordResetAndChangeOnARealDomainController() throws Exception {
    Properties p = properties();
    String ou = "OU=CliPw" + System.nanoTime() % 100000 + "," + p.getProperty("BASE_DN");
    String sam = "clipw" + System.nanoTime() % 100000;
    String dn = "CN=" + sam + "," + ou;
    ConnectionSettings admin = admin(p);
    try (LDAPConnection c = AdConnections.open(admin)) {
      addOuWithAccount(c, ou, sam);
      String[] conn = conn(p);
      Path first = Files.writeString(tmp.resolve("first"), "Cli-Reset-Passw0rd-1\n");
      Path second = Files.writeString(tmp.resolve("second"), "Cli-Change-Passw0rd-2\n");
      String[] reset = {"password", "reset", "--user", dn, "--new-password-file", first.toString()};
      JarRunner.Run r = JarRunner.run(tmp, concat(reset, conn));
      assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("reset the password of " + dn).contains("unicodePwd");
      c.modify(dn, new Modification(ModificationType.REPLACE, "userAccountControl", "512"));
      assertThat(binds(p, sam, "Cli-Reset-Passw0rd-1")).isTrue();

      String user = p.getProperty("NETBIOS", "CONTOSO") + "\\" + sam;
      String[] wrong = {
        "password",
        "change",
        "--user",
        user,
        "--old-password-file",
        second.toString(),
        "--new-password-file",
        second.toString()
      };
      JarRunner.Run refused = JarRunner.run(tmp, concat(wrong, conn));
      assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(1);
      assertThat(refused.err()).contains("cannot change the password of " + user);
      assertThat(binds(p, sam, "Cli-Reset-Passw0rd-1")).isTrue();

      String[] change = {
        "password",
        "change",
        "--user",
        user,
        "--old-password-file",
        first.toString(),
        "--new-password-file",
        second.toString()
      };
      JarRunner.Run changed = JarRunner.run(tmp, concat(change, conn));
      assertThat(changed.exitCode()).as(changed.out() + changed.err()).isZero();
      assertThat(binds(p, sam, "Cli-Change-Passw0rd-2")).isTrue();
      assertThat(binds(p, sam, "Cli-Reset-Passw0rd-1")).isFalse();
    } finally {
      try (LDAPConnection c = AdConnections.open(admin)) {
        DeleteRequest d = new DeleteRequest(ou);
        d.addControl(new SubtreeDeleteRequestControl());
        c.delete(d);
      }
    }
  }

  private static boolean binds(Properties p, String sam, String password) throws Exception {
    ConnectionSettings s =
        ConnectionSettings.forUrl(p.getProperty("LDAPS_URL"))
            .trustCaCertificate(Path.of(p.getProperty("CA_CERT")))
            .bind(sam + "@" + p.getProperty("REALM", "CONTOSO.TEST"), password.toCharArray())
            .build();
    try (LDAPConnection c = AdConnections.open(s)) {
      return c.isConnected();
    } catch (org.adwriteback.ldap.WritebackException e) {
      if (e.reason() == org.adwriteback.ldap.WritebackException.Reason.BIND_FAILED) {
        return false;
      }
      throw e;
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
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
