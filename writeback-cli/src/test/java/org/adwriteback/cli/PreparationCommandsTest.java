package org.adwriteback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the preparation commands end to end: against the embedded forest and a testkit server. */
class PreparationCommandsTest {

  private static final String ACCOUNT = "CONTOSO\\MSOL_0123456789ab";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path tmp;

  /** The connection options for a testkit forest, its admin password in a file. */
  private String[] conn(AdDirectory d, char[] admin) throws java.io.IOException {
    Path pw = Files.writeString(tmp.resolve("pw"), new String(admin) + "\n");
    return new String[] {
      "--url", d.ldapUrl(), "--bind", "Administrator@contoso.test", "--password-file", pw.toString()
    };
  }

  private int run(String... args) {
    CommandLine cl = WritebackCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void prepareAllOnTheEmbeddedForestSaysSoFirstThenPlansAndChanges() {
    assertThat(run("prepare", "--all", "--account", ACCOUNT)).isZero();
    String text = out.toString();
    assertThat(text.lines().findFirst().orElseThrow())
        .startsWith("No --url given: using an embedded in-memory forest contoso.test");
    assertThat(text)
        .contains(
            "dsacls \"DC=contoso,DC=test\" /I:S /G \"" + ACCOUNT + ":CA;Reset Password;user\"")
        .contains("Set-ADSyncPasswordWritebackPermissions")
        .contains("CREATED CN=RegisteredDevices,DC=contoso,DC=test")
        .contains("CHANGED DC=contoso,DC=test")
        .contains(
            "(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;");
  }

  @Test
  void verifyBeforePreparationIsExitCode1AndSaysWhatIsDenied() {
    assertThat(run("verify", "--feature", "password", "--account", ACCOUNT)).isEqualTo(1);
    assertThat(out.toString()).contains("Reset Password on user objects").contains("DENIED");
  }

  @Test
  void prepareThenVerifyOnOneServerIsExitCode0WithTheDecidingAce() throws Exception {
    char[] admin = "Adm1n-Passw0rd-Test".toCharArray();
    try (AdDirectory d =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder().adminPassword(admin).build())) {
      d.addUser("CN=Users," + d.domainDn(), "MSOL_0123456789ab");
      String[] conn = conn(d, admin);
      String[] feature = {"--feature", "password", "--account", ACCOUNT};
      assertThat(run(concat(concat(new String[] {"verify"}, conn), feature))).isEqualTo(1);
      assertThat(run(concat(concat(new String[] {"prepare"}, conn), feature))).isZero();
      out.getBuffer().setLength(0);
      assertThat(run(concat(concat(new String[] {"verify"}, conn), feature))).isZero();
      assertThat(out.toString())
          .contains("granted by (OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;")
          .contains("all 4 checks granted");
      assertThat(run(concat(concat(new String[] {"undo"}, conn), feature))).isZero();
      assertThat(run(concat(concat(new String[] {"verify"}, conn), feature))).isEqualTo(1);
    }
  }

  @Test
  void auditAllLeavesOutTheFeaturesThatGrantOnlyOnFixedObjects() {
    // hybrid join grants on the Device Registration objects only: nothing for audit to look for;
    // with the other features it is named and left out, alone it is a usage error
    int all = run("audit", "--all", "--account", ACCOUNT);
    assertThat(all).as(out + "\n" + err).isEqualTo(1);
    assertThat(err.toString()).contains("audit: hybrid-join grants nothing that objects inherit");
    assertThat(out.toString()).contains("[password] ").contains("objects scanned");
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    assertThat(run("audit", "--feature", "hybrid-join", "--account", ACCOUNT)).isEqualTo(2);
    assertThat(err.toString()).contains("the plan grants hybrid-join nothing that objects inherit");
  }

  @Test
  void allLeavesOutTheFeaturesTheForestLacksThePrerequisitesOfButANamedOneStops() throws Exception {
    char[] admin = "Adm1n-Passw0rd-Test".toCharArray();
    // a Windows Server 2012 R2 schema (69) without Exchange, like a Samba DC
    try (AdDirectory d =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder()
                .adminPassword(admin)
                .schemaVersion(org.adwriteback.testkit.AdSchemaVersion.WINDOWS_2012_R2)
                .exchangeSchema(false)
                .build())) {
      d.addUser("CN=Users," + d.domainDn(), "MSOL_0123456789ab");
      String ou = d.addOu("Writeback");
      String[] conn = conn(d, admin);
      String[] all = {
        "prepare",
        "--all",
        "--account",
        ACCOUNT,
        "--group-ou",
        ou,
        "--user-ou",
        ou,
        "--tenant-id",
        "6a1b2c3d-0000-4000-8000-000000000001",
        "--tenant-domain",
        "contoso.onmicrosoft.com"
      };
      assertThat(run(concat(all, conn))).as(out + "\n" + err).isZero();
      assertThat(err.toString())
          .contains("--all leaves out ngc-keys: ngc-keys needs schema objectVersion 87")
          .doesNotContain("leaves out password:");
      assertThat(out.toString()).contains("Set-ADSyncPasswordWritebackPermissions");
      err.getBuffer().setLength(0);
      assertThat(
              run(
                  concat(
                      new String[] {"prepare", "--feature", "ngc-keys", "--account", ACCOUNT},
                      conn)))
          .isEqualTo(5);
      assertThat(err.toString()).contains("ngc-keys needs schema objectVersion 87");
    }
  }

  @Test
  void auditListsProtectedObjectsAndExitsNonZero() throws Exception {
    char[] admin = "Adm1n-Passw0rd-Test".toCharArray();
    try (AdDirectory d =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder().adminPassword(admin).build())) {
      d.addUser("CN=Users," + d.domainDn(), "MSOL_0123456789ab");
      String ou = d.addOu("Staff");
      d.addUser(ou, "dave");
      String erin = d.addUser(ou, "erin");
      try (var c = d.connection()) {
        // inheritance disabled on erin: a protected DACL with only her own explicit ACEs
        var r =
            new com.unboundid.ldap.sdk.SearchRequest(
                erin,
                com.unboundid.ldap.sdk.SearchScope.BASE,
                "(objectClass=*)",
                "nTSecurityDescriptor");
        r.addControl(org.adwriteback.ldap.SecurityDescriptorFlagsControl.daclOnly());
        var sd =
            org.adwriteback.security.SecurityDescriptor.fromBytes(
                c.searchForEntry(r).getAttributeValueBytes("nTSecurityDescriptor"));
        var protectedSd =
            sd.withDacl(org.adwriteback.security.Acl.of(sd.dacl().orElseThrow().explicitAces()))
                .withControl(
                    sd.control().with(org.adwriteback.security.ControlFlags.DACL_PROTECTED));
        var m =
            new com.unboundid.ldap.sdk.ModifyRequest(
                erin,
                new com.unboundid.ldap.sdk.Modification(
                    com.unboundid.ldap.sdk.ModificationType.REPLACE,
                    "nTSecurityDescriptor",
                    protectedSd.toBytes()));
        m.addControl(org.adwriteback.ldap.SecurityDescriptorFlagsControl.daclOnly());
        c.modify(m);
      }
      String[] conn = conn(d, admin);
      String[] feature = {"--feature", "password", "--account", ACCOUNT, "--target", ou};
      assertThat(run(concat(concat(new String[] {"prepare"}, conn), feature))).isZero();
      out.getBuffer().setLength(0);
      int code = run(concat(concat(new String[] {"audit", "--base", ou}, conn), feature));
      assertThat(code).as(out + "\n" + err).isEqualTo(1);
      assertThat(out.toString())
          .contains("CN=erin")
          .contains("PROTECTED_DACL")
          .doesNotContain("CN=dave");
    }
  }

  @Test
  void dryRunWritesNothingAndSaysWhatWouldChange() {
    assertThat(run("prepare", "--dry-run", "--feature", "password", "--account", ACCOUNT)).isZero();
    assertThat(out.toString())
        .contains("Dry run (nothing written)")
        .contains("WOULD_CHANGE DC=contoso,DC=test");
  }

  @Test
  void planAsJsonIsOneDocumentOnStdout() {
    assertThat(run("plan", "--json", "--feature", "consistency-guid", "--account", ACCOUNT))
        .isZero();
    String json = out.toString().strip();
    assertThat(json)
        .startsWith("{")
        .endsWith("}")
        .contains("\"dsacls\":\"RPWP;mS-DS-ConsistencyGuid;user\"");
    assertThat(err.toString()).contains("embedded in-memory forest");
  }

  @Test
  void unknownFeatureIsAUsageErrorBeforeAnythingConnects() {
    assertThat(run("plan", "--feature", "nope", "--account", ACCOUNT)).isEqualTo(2);
    assertThat(err.toString()).contains("unknown feature 'nope'");
    assertThat(out.toString()).doesNotContain("embedded");
  }

  @Test
  void missingAccountOptionIsAUsageError() {
    assertThat(run("plan", "--feature", "password")).isEqualTo(2);
    assertThat(err.toString()).contains("--account");
  }

  @Test
  void unknownAccountIsExitCode2WithTheNameInTheMessage() {
    assertThat(run("plan", "--feature", "password", "--account", "CONTOSO\\nobody")).isEqualTo(2);
    assertThat(err.toString()).contains("nobody").contains("not found");
  }

  @Test
  void unreachableServerIsExitCode3() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path pw = Files.writeString(tmp.resolve("pw"), "whatever-Passw0rd\n");
    assertThat(
            run(
                "plan",
                "--url",
                "ldap://127.0.0.1:" + closed,
                "--bind",
                "CONTOSO\\Administrator",
                "--password-file",
                pw.toString(),
                "--feature",
                "password",
                "--account",
                ACCOUNT))
        .isEqualTo(3);
    assertThat(err.toString().lines()).hasSize(1);
  }

  @Test
  void missingSchemaPrerequisiteIsExitCode5AndSaysWhatToRun() throws Exception {
    char[] admin = "Adm1n-Passw0rd-Test".toCharArray();
    try (AdDirectory d =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder()
                .schemaVersion(69)
                .adminPassword(admin)
                .build())) {
      d.addUser("CN=Users," + d.domainDn(), "MSOL_0123456789ab");
      Path pw = Files.writeString(tmp.resolve("pw"), new String(admin) + "\n");
      int code =
          run(
              "plan",
              "--url",
              d.ldapUrl(),
              "--bind",
              "Administrator@contoso.test",
              "--password-file",
              pw.toString(),
              "--feature",
              "ngc-keys",
              "--account",
              ACCOUNT);
      assertThat(code).as(err.toString()).isEqualTo(5);
      assertThat(err.toString()).contains("Windows Server 2016").contains("adprep");
    }
  }

  @Test
  void preparingWithoutTheRightToWriteDaclsIsExitCode4AndChangesNothing() throws Exception {
    try (AdDirectory d = AdDirectory.start(AdConfiguration.forest("contoso.test"))) {
      d.addUser("CN=Users," + d.domainDn(), "MSOL_0123456789ab");
      char[] helpdesk = "Helpd3sk-Passw0rd".toCharArray();
      d.addUser("CN=Users," + d.domainDn(), "helpdesk", helpdesk);
      Path pw = Files.writeString(tmp.resolve("pw"), new String(helpdesk) + "\n");
      byte[] before = daclOf(d, d.domainDn());
      int code =
          run(
              "prepare",
              "--url",
              d.ldapUrl(),
              "--bind",
              "CONTOSO\\helpdesk",
              "--password-file",
              pw.toString(),
              "--feature",
              "password",
              "--account",
              ACCOUNT);
      assertThat(code).as(out + "\n" + err).isEqualTo(4);
      assertThat(err.toString().lines()).hasSize(1);
      assertThat(err.toString()).contains("DC=contoso,DC=test");
      assertThat(daclOf(d, d.domainDn())).isEqualTo(before);
    }
  }

  @Test
  void backupThenRestorePutsTheDaclBack() throws Exception {
    char[] admin = "Adm1n-Passw0rd-Test".toCharArray();
    try (AdDirectory d =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder().adminPassword(admin).build())) {
      d.addUser("CN=Users," + d.domainDn(), "MSOL_0123456789ab");
      Path backup = tmp.resolve("backup.tsv");
      String[] conn = conn(d, admin);
      byte[] before = daclOf(d, d.domainDn());
      assertThat(
              run(
                  concat(
                      new String[] {
                        "prepare",
                        "--feature",
                        "password",
                        "--account",
                        ACCOUNT,
                        "--backup",
                        backup.toString()
                      },
                      conn)))
          .as(err.toString())
          .isZero();
      assertThat(daclOf(d, d.domainDn())).isNotEqualTo(before);
      assertThat(Files.readString(backup)).contains(d.domainDn() + "\t");
      assertThat(run(concat(new String[] {"restore", "--backup", backup.toString()}, conn)))
          .as(err.toString())
          .isZero();
      assertThat(out.toString()).contains("restored " + d.domainDn());
      // AD (and the testkit) sort a written DACL canonically, so compare the ACEs, not their order
      assertThat(
              org.adwriteback.security.SecurityDescriptor.fromBytes(daclOf(d, d.domainDn()))
                  .dacl()
                  .orElseThrow()
                  .aces())
          .containsExactlyInAnyOrderElementsOf(
              org.adwriteback.security.SecurityDescriptor.fromBytes(before)
                  .dacl()
                  .orElseThrow()
                  .aces());
    }
  }

  @Test
  void prepareAllAgainstATwoDomainForestCoversTheChildDomainToo() throws Exception {
    char[] admin = "Adm1n-Passw0rd-Test".toCharArray();
    char[] svcPassword = "Svc-Passw0rd-1x".toCharArray();
    try (AdDirectory d =
        AdDirectory.start(
            AdConfiguration.twoDomainForest("contoso.test").toBuilder()
                .adminPassword(admin)
                .exchangeSchema(true)
                .build())) {
      String child = d.domain("EMEA").dn();
      String svc = d.addUser("CN=Users," + d.domainDn(), "MSOL_0123456789ab", svcPassword);
      String bob = d.addUser(d.addOu(child, "Staff"), "bob", "Tr#4nGq8vBn".toCharArray());
      String groups = d.addOu("CloudGroups");
      String users = d.addOu("CloudUsers");
      String[] conn = conn(d, admin);
      String[] all = {
        "--all",
        "--account",
        ACCOUNT,
        "--group-ou",
        groups,
        "--user-ou",
        users,
        "--tenant-id",
        "0f5b8b7e-1d2c-4e3f-9a8b-7c6d5e4f3a2b",
        "--tenant-domain",
        "contoso.example"
      };
      assertThat(run(concat(concat(new String[] {"prepare"}, conn), all)))
          .as(err.toString())
          .isZero();
      assertThat(out.toString())
          .doesNotContain("only the home domain")
          .contains("CHANGED " + child)
          .contains("CHANGED " + d.domainDn());
      // the connector resets a password in the child domain
      try (var c = d.connectionAs(svc, svcPassword)) {
        c.modify(
            bob,
            new com.unboundid.ldap.sdk.Modification(
                com.unboundid.ldap.sdk.ModificationType.REPLACE,
                "unicodePwd",
                "\"N3w-Passw0rd!\"".getBytes(java.nio.charset.StandardCharsets.UTF_16LE)));
      }
      String[] password = {"--feature", "password", "--account", ACCOUNT};
      out.getBuffer().setLength(0);
      assertThat(run(concat(concat(new String[] {"verify"}, conn), password))).isZero();
      assertThat(out.toString()).contains(child);
      assertThat(run(concat(concat(new String[] {"undo"}, conn), all))).isZero();
      out.getBuffer().setLength(0);
      assertThat(run(concat(concat(new String[] {"verify"}, conn), password))).isEqualTo(1);
      assertThat(out.toString()).contains("DENIED").contains(child);
    }
  }

  private static byte[] daclOf(AdDirectory d, String dn) throws Exception {
    try (var c = d.connection()) {
      var r =
          new com.unboundid.ldap.sdk.SearchRequest(
              dn,
              com.unboundid.ldap.sdk.SearchScope.BASE,
              "(objectClass=*)",
              "nTSecurityDescriptor");
      r.addControl(org.adwriteback.ldap.SecurityDescriptorFlagsControl.daclOnly());
      return c.searchForEntry(r).getAttributeValueBytes("nTSecurityDescriptor");
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
