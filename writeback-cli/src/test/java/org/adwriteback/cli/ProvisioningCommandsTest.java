package org.adwriteback.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.ldap.provisioning.Provisioner;
import org.adwriteback.provisioning.DeviceUpsert;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.WritebackResult;
import org.adwriteback.security.Sid;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code writeback password} and {@code writeback device} against a testkit forest over LDAPS
 * (its CA trusted with {@code --ca-cert}) and checks what the directory then holds: the account
 * binds with the new password, or still with the old one when the command was refused.
 */
class ProvisioningCommandsTest {

  private static final char[] ADMIN = "Adm1n-Passw0rd-Test".toCharArray();
  private static final String OLD = "0ld-Passw0rd-Xyz";
  private static final String NEW = "N3w-Passw0rd-Qrs!";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path tmp;

  private AdDirectory d;
  private String alice;

  @BeforeEach
  void forest() throws Exception {
    d =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder().adminPassword(ADMIN).build());
    alice = d.addUser(d.addOu("Sync"), "alice", OLD.toCharArray());
  }

  @AfterEach
  void close() {
    d.close();
  }

  private String file(String name, String content) throws Exception {
    return Files.writeString(tmp.resolve(name), content + "\n").toString();
  }

  /** LDAPS with the forest's CA trusted, bound as the Administrator. */
  private String[] ldaps() throws Exception {
    return new String[] {
      "--url",
      d.ldapsUrl(),
      "--ca-cert",
      ServeCommand.writeCaCertificate(d.trustStore()).toString(),
      "--bind",
      "Administrator@contoso.test",
      "--password-file",
      file("admin", new String(ADMIN))
    };
  }

  private int run(String[] conn, String... args) {
    CommandLine cl = WritebackCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + conn.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(conn, 0, all, args.length, conn.length);
    return cl.execute(all);
  }

  private boolean binds(String name, String password) throws LDAPException {
    try (LDAPConnection c = d.connectionAs(name, password.toCharArray())) {
      return c.isConnected();
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
        return false;
      }
      throw e;
    }
  }

  private String pwdLastSet() throws LDAPException {
    try (LDAPConnection c = d.connection()) {
      return c.getEntry(alice, "pwdLastSet").getAttributeValue("pwdLastSet");
    }
  }

  @Test
  void resetOverLdapsWritesTheNewPasswordAndMustChange() throws Exception {
    int code =
        run(
            ldaps(),
            "password",
            "reset",
            "--user",
            "CONTOSO\\alice",
            "--new-password-file",
            file("new", NEW),
            "--must-change");
    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("reset the password of CONTOSO\\alice: " + alice)
        .contains("unicodePwd")
        .contains("pwdLastSet")
        .doesNotContain(NEW);
    assertThat(pwdLastSet()).isEqualTo("0");
    assertThat(binds("alice@contoso.test", OLD)).isFalse();
  }

  @Test
  void resetOverPlainLdapIsRefusedBeforeAnythingIsSentUnlessAllowed() throws Exception {
    String[] plain = {
      "--url",
      d.ldapUrl(),
      "--bind",
      "Administrator@contoso.test",
      "--password-file",
      file("admin", new String(ADMIN))
    };
    String newPassword = file("new", NEW);
    assertThat(
            run(plain, "password", "reset", "--user", "alice", "--new-password-file", newPassword))
        .isEqualTo(2);
    assertThat(err.toString()).contains("unencrypted").contains("ldaps://");
    assertThat(binds("alice@contoso.test", OLD)).isTrue();

    // allowed, the request is sent, and AD (like the testkit) refuses unicodePwd in clear text
    err.getBuffer().setLength(0);
    assertThat(
            run(
                plain,
                "password",
                "reset",
                "--user",
                "alice",
                "--new-password-file",
                newPassword,
                "--allow-unencrypted"))
        .as(out + "\n" + err)
        .isEqualTo(1);
    assertThat(err.toString())
        .contains("warning: --allow-unencrypted")
        .contains("0000001F")
        .contains("only over an encrypted connection");
    assertThat(binds("alice@contoso.test", OLD)).isTrue();
  }

  @Test
  void aPasswordThePolicyRefusesIsExitCode1AndTheOldOneStillWorks() throws Exception {
    assertThat(
            run(
                ldaps(),
                "password",
                "reset",
                "--user",
                "alice@contoso.test",
                "--new-password-file",
                file("short", "abc")))
        .isEqualTo(1);
    assertThat(err.toString()).contains("cannot reset the password of alice@contoso.test");
    assertThat(err.toString()).doesNotContain("abc\n");
    assertThat(binds("alice@contoso.test", OLD)).isTrue();
  }

  @Test
  void dryRunChecksButWritesNothing() throws Exception {
    assertThat(
            run(
                ldaps(),
                "password",
                "reset",
                "--user",
                alice,
                "--new-password-file",
                file("new", NEW),
                "--unlock",
                "--dry-run"))
        .as(out + "\n" + err)
        .isZero();
    assertThat(out.toString()).contains("would reset the password of").contains("lockoutTime");
    assertThat(binds("alice@contoso.test", OLD)).isTrue();
  }

  @Test
  void changeNeedsTheOldPassword() throws Exception {
    String newPassword = file("new", NEW);
    assertThat(
            run(
                ldaps(),
                "password",
                "change",
                "--user",
                "alice",
                "--old-password-file",
                file("wrong", "Wr0ng-Passw0rd!"),
                "--new-password-file",
                newPassword))
        .isEqualTo(1);
    assertThat(err.toString()).contains("cannot change the password of alice");
    assertThat(binds("alice@contoso.test", OLD)).isTrue();

    assertThat(
            run(
                ldaps(),
                "password",
                "change",
                "--user",
                "alice",
                "--old-password-file",
                file("old", OLD),
                "--new-password-file",
                newPassword,
                "--json"))
        .as(out + "\n" + err)
        .isZero();
    assertThat(out.toString()).contains("\"result\":\"updated\"").contains("\"dn\":\"" + alice);
    assertThat(binds("alice@contoso.test", NEW)).isTrue();
  }

  @Test
  void anUnknownAccountIsAUsageError() throws Exception {
    assertThat(
            run(
                ldaps(),
                "password",
                "reset",
                "--user",
                "nobody",
                "--new-password-file",
                file("new", NEW)))
        .isEqualTo(2);
    assertThat(err.toString()).contains("nobody");
  }

  @Test
  void aMissingNewPasswordSourceIsAUsageErrorWithoutAConsole() throws Exception {
    assertThat(run(ldaps(), "password", "reset", "--user", "alice")).isEqualTo(2);
    assertThat(err.toString()).contains("--new-password-file");
  }

  @Test
  void accountNamesAreReadAsAdToolsTakeThem() throws Exception {
    assertThat(ProvisioningCommands.account("CN=a,DC=x"))
        .isEqualTo(org.adwriteback.provisioning.AccountRef.dn("CN=a,DC=x"));
    assertThat(ProvisioningCommands.account("CONTOSO\\bob"))
        .isEqualTo(org.adwriteback.provisioning.AccountRef.sam("bob"));
    assertThat(ProvisioningCommands.account("bob@contoso.test"))
        .isEqualTo(org.adwriteback.provisioning.AccountRef.upn("bob@contoso.test"));
    String id = UUID.randomUUID().toString();
    assertThat(ProvisioningCommands.account(id))
        .isEqualTo(org.adwriteback.provisioning.AccountRef.cloudObjectId(id));
    assertThat(ProvisioningCommands.account("bob"))
        .isEqualTo(org.adwriteback.provisioning.AccountRef.sam("bob"));
    assertThatThrownBy(() -> ProvisioningCommands.account("CONTOSO\\"))
        .isInstanceOf(UsageException.class);
  }

  @Test
  void deviceShowNamesTheOwnerAndUsers() throws Exception {
    String devices = "CN=RegisteredDevices," + d.domainDn();
    try (LDAPConnection admin = d.connection()) {
      if (admin.getEntry(devices) == null) {
        admin.add(
            devices, new com.unboundid.ldap.sdk.Attribute("objectClass", "msDS-DeviceContainer"));
      }
      Sid sid =
          Sid.fromBytes(admin.getEntry(alice, "objectSid").getAttributeValueBytes("objectSid"));
      String id = UUID.randomUUID().toString();
      WritebackResult r =
          new Provisioner(
                  ProvisioningSettings.builder()
                      .userContainer(d.domainDn())
                      .groupContainer(d.domainDn())
                      .build())
              .apply(
                  admin,
                  new DeviceUpsert(
                      id,
                      UUID.randomUUID().toString(),
                      "LAPTOP-ALICE",
                      true,
                      "Windows",
                      "10.0.19045",
                      Optional.of(sid),
                      List.of(sid),
                      List.of(java.util.Base64.getEncoder().encodeToString(new byte[20])),
                      List.of()));
      assertThat(r.succeeded()).as(r.toString()).isTrue();
      assertThat(run(ldaps(), "device", "show", "--id", id)).as(out + "\n" + err).isZero();
      assertThat(out.toString())
          .contains("LAPTOP-ALICE")
          .contains("owner          CONTOSO\\alice")
          .contains("user           CONTOSO\\alice")
          .contains("Windows 10.0.19045");
      assertThat(run(ldaps(), "device", "show", "--id", UUID.randomUUID().toString())).isEqualTo(5);
      assertThat(err.toString()).contains("no device with msDS-DeviceID");
    }
  }
}
