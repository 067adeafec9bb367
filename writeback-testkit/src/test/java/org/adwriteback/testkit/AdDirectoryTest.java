package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.adwriteback.security.GuidBytes;
import org.adwriteback.security.Sid;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Behaviour of a running forest, observed over LDAP with UnboundID's client. */
class AdDirectoryTest {

  private static final char[] PASSWORD = "Corr3ct-Horse".toCharArray();
  private static final MutableClock CLOCK =
      new MutableClock(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

  static AdDirectory ad;

  @BeforeAll
  static void start() throws Exception {
    ad =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder()
                .domainSid("S-1-5-21-1004336348-1177238915-682003330")
                .clock(CLOCK)
                .build());
  }

  @AfterAll
  static void stop() {
    ad.close();
  }

  @AfterEach
  void reset() {
    ad.reset();
  }

  private static byte[] unicodePwd(String password) {
    return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
  }

  @Test
  void rootDseNamesTheNamingContextsAndLevels() throws Exception {
    try (LDAPConnection c = ad.unboundConnection(false)) {
      RootDSE root = c.getRootDSE();
      assertThat(root.getAttributeValue("defaultNamingContext")).isEqualTo("DC=contoso,DC=test");
      assertThat(root.getAttributeValue("configurationNamingContext"))
          .isEqualTo("CN=Configuration,DC=contoso,DC=test");
      assertThat(root.getAttributeValue("schemaNamingContext"))
          .isEqualTo("CN=Schema,CN=Configuration,DC=contoso,DC=test");
      assertThat(root.getAttributeValue("domainFunctionality")).isEqualTo("7");
      assertThat(root.getAttributeValue("dnsHostName")).isEqualTo("dc1.contoso.test");
      assertThat(root.getSupportedControlOIDs())
          .contains("1.2.840.113556.1.4.319", "1.2.840.113556.1.4.801");
      assertThat(root.getAttributeValues("supportedCapabilities"))
          .contains("1.2.840.113556.1.4.800");
    }
  }

  @Test
  void theInitialForestIsValidForItsSchema() throws Exception {
    // the forest is loaded without per-entry validation (AdDirectory.start), so check it here
    var server = ad.server();
    var validator = new com.unboundid.ldap.sdk.schema.EntryValidator(server.getSchema());
    List<String> invalid = new java.util.ArrayList<>();
    int count = 0;
    for (String base : List.of(ad.domainDn(), ad.configurationDn(), ad.schemaDn())) {
      for (var e :
          server
              .search(base, SearchScope.SUB, Filter.createPresenceFilter("objectClass"))
              .getSearchEntries()) {
        List<String> reasons = new java.util.ArrayList<>();
        count++;
        if (!validator.entryIsValid(e, reasons)) {
          invalid.add(e.getDN() + ": " + reasons);
        }
      }
    }
    assertThat(count).isGreaterThan(1000);
    assertThat(invalid).isEmpty();
  }

  @Test
  void wellKnownGroupsHaveTheirRids() throws Exception {
    try (LDAPConnection c = ad.connection()) {
      for (var e :
          List.of(
              new Object[] {"Domain Admins", 512},
              new Object[] {"Key Admins", 526},
              new Object[] {"Enterprise Key Admins", 527},
              new Object[] {"Domain Users", 513})) {
        SearchResultEntry g = c.getEntry("CN=" + e[0] + ",CN=Users," + ad.domainDn(), "objectSid");
        assertThat(Sid.fromBytes(g.getAttributeValueBytes("objectSid")).toString())
            .isEqualTo(ad.domainSid() + "-" + e[1]);
      }
      SearchResultEntry da = c.getEntry("CN=Domain Admins,CN=Users," + ad.domainDn(), "member");
      assertThat(da.getAttributeValues("member")).contains(ad.adminDn());
    }
  }

  @Test
  void configurationAndSchemaCarryTheCatalogFacts() throws Exception {
    try (LDAPConnection c = ad.connection()) {
      SearchResultEntry right =
          c.getEntry("CN=User-Force-Change-Password,CN=Extended-Rights," + ad.configurationDn());
      assertThat(right.getAttributeValue("rightsGuid"))
          .isEqualTo("00299570-246d-11d0-a768-00aa006e0529");
      assertThat(right.getAttributeValues("appliesTo"))
          .contains("bf967aba-0de6-11d0-a285-00aa003049e2");
      SearchResultEntry pwd =
          c.searchForEntry(ad.schemaDn(), SearchScope.ONE, "(lDAPDisplayName=pwdLastSet)");
      assertThat(GuidBytes.fromBytes(pwd.getAttributeValueBytes("schemaIDGUID")).toString())
          .isEqualTo("bf967a0a-0de6-11d0-a285-00aa003049e2");
      assertThat(
              GuidBytes.fromBytes(pwd.getAttributeValueBytes("attributeSecurityGUID")).toString())
          .isEqualTo("4c164200-20c0-11d0-a768-00aa006e0529");
      assertThat(c.getEntry(ad.schemaDn()).getAttributeValue("objectVersion")).isEqualTo("88");
      SearchResultEntry xref =
          c.searchForEntry(
              "CN=Partitions," + ad.configurationDn(), SearchScope.ONE, "(nETBIOSName=*)");
      assertThat(xref.getAttributeValue("nETBIOSName")).isEqualTo("CONTOSO");
      assertThat(xref.getAttributeValue("nCName")).isEqualTo(ad.domainDn());
    }
  }

  @Test
  void addAssignsGuidSidTimestampsAndDefaults() throws Exception {
    try (LDAPConnection c = ad.connection()) {
      c.add("dn: CN=Bob,CN=Users," + ad.domainDn(), "objectClass: user", "sAMAccountName: bob");
      SearchResultEntry bob = c.getEntry("CN=Bob,CN=Users," + ad.domainDn(), "*");
      assertThat(bob.getAttributeValueBytes("objectGUID")).hasSize(16);
      assertThat(Sid.fromBytes(bob.getAttributeValueBytes("objectSid")).toString())
          .startsWith(ad.domainSid() + "-");
      assertThat(bob.getAttributeValues("objectClass"))
          .containsExactly("top", "person", "organizationalPerson", "user");
      assertThat(bob.getAttributeValue("userAccountControl")).isEqualTo("546");
      assertThat(bob.getAttributeValue("whenCreated")).isEqualTo("20260115100000.0Z");
      assertThat(bob.getAttributeValue("objectCategory"))
          .isEqualTo("CN=Person,CN=Schema,CN=Configuration," + ad.domainDn());
      assertThat(bob.getAttributeValue("sAMAccountType")).isEqualTo("805306368");
      var sd =
          org.adwriteback.security.SecurityDescriptor.fromBytes(
              c.getEntry("CN=Bob,CN=Users," + ad.domainDn(), "nTSecurityDescriptor")
                  .getAttributeValueBytes("nTSecurityDescriptor"));
      assertThat(sd.owner().orElseThrow().toString()).isEqualTo(ad.domainSid() + "-512");
      assertThat(sd.toSddl().toLowerCase(java.util.Locale.ROOT))
          .contains("ab721a53-1e2f-11d0-9819-00aa0040529b");
    }
  }

  @Test
  void duplicateAccountNamesAreRefusedAsAdDoes() throws Exception {
    String ou = ad.addOu("Sync");
    ad.addUser(ou, "carol", PASSWORD);
    try (LDAPConnection c = ad.connection()) {
      assertThatThrownBy(
              () -> c.add("dn: CN=Carol2," + ou, "objectClass: user", "sAMAccountName: carol"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.ENTRY_ALREADY_EXISTS);
                assertThat(e.getDiagnosticMessage()).startsWith("00000524: UpdErr:");
              });
      assertThatThrownBy(
              () ->
                  c.add(
                      "dn: CN=Carol3," + ou,
                      "objectClass: user",
                      "sAMAccountName: carol3",
                      "userPrincipalName: carol@contoso.test"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
                assertThat(e.getDiagnosticMessage()).startsWith("000021C8: AtrErr:");
              });
    }
  }

  @Test
  void namesStayUniqueAcrossRenamesNameChangesAndTreeDeletes() throws Exception {
    String ou = ad.addOu("Names");
    String inner = ad.addOu(ou, "Inner");
    ad.addUser(ou, "erin", PASSWORD);
    ad.addUser(ou, "frank", PASSWORD);
    ad.addUser(inner, "gina", PASSWORD);
    try (LDAPConnection c = ad.connection()) {
      // a renamed object keeps its names: nobody else may take them
      c.modifyDN("CN=erin," + ou, "CN=Erin Renamed", true);
      refused(
          () -> c.add("dn: CN=Erin2," + ou, "objectClass: user", "sAMAccountName: erin"),
          ResultCode.ENTRY_ALREADY_EXISTS);
      refused(
          () ->
              c.add(
                  "dn: CN=Erin3," + ou,
                  "objectClass: user",
                  "sAMAccountName: erin3",
                  "userPrincipalName: erin@contoso.test"),
          ResultCode.CONSTRAINT_VIOLATION);
      // and may change them, to names the renamed object already holds too
      c.modify(
          "CN=Erin Renamed," + ou,
          new Modification(ModificationType.REPLACE, "userPrincipalName", "erin@contoso.test"));

      // a name given up by a modify is free; the new one is taken
      c.modify(
          "CN=frank," + ou,
          new Modification(ModificationType.REPLACE, "sAMAccountName", "frank.new"),
          new Modification(
              ModificationType.REPLACE, "userPrincipalName", "frank.new@contoso.test"));
      c.add(
          "dn: CN=Frank Again," + ou,
          "objectClass: user",
          "sAMAccountName: frank",
          "userPrincipalName: frank@contoso.test");
      refused(
          () -> c.add("dn: CN=Frank3," + ou, "objectClass: user", "sAMAccountName: frank.new"),
          ResultCode.ENTRY_ALREADY_EXISTS);
      refused(
          () ->
              c.add(
                  "dn: CN=Frank4," + ou,
                  "objectClass: user",
                  "sAMAccountName: frank4",
                  "userPrincipalName: FRANK.NEW@contoso.test"),
          ResultCode.CONSTRAINT_VIOLATION);
      // the re-used name is taken again
      refused(
          () -> c.add("dn: CN=Frank5," + ou, "objectClass: user", "sAMAccountName: FRANK"),
          ResultCode.ENTRY_ALREADY_EXISTS);

      // the names of a subtree deleted with the tree delete control are free
      DeleteRequest tree = new DeleteRequest(inner);
      tree.addControl(new com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl());
      c.delete(tree);
      c.add(
          "dn: CN=Gina Again," + ou,
          "objectClass: user",
          "sAMAccountName: gina",
          "userPrincipalName: gina@contoso.test");
    }
  }

  private static void refused(ThrowingCallable write, ResultCode code) {
    assertThatThrownBy(write)
        .isInstanceOfSatisfying(
            LDAPException.class, e -> assertThat(e.getResultCode()).isEqualTo(code));
  }

  @Test
  void passwordResetOverPlainLdapIsRefused() throws Exception {
    String user = ad.addUser(ad.domainDn(), "dave", PASSWORD);
    try (LDAPConnection c = ad.unboundConnection(false)) {
      c.bind(ad.adminDn(), new String(ad.adminPassword()));
      assertThatThrownBy(
              () ->
                  c.modify(
                      user,
                      new Modification(
                          ModificationType.REPLACE, "unicodePwd", unicodePwd("N3w-Passw0rd"))))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.UNWILLING_TO_PERFORM);
                // AD's text, then what to do
                assertThat(e.getDiagnosticMessage())
                    .matches(
                        "0000001F: SvcErr: DSID-[0-9A-F]{8}, problem 5003 \\(WILL_NOT_PERFORM\\), data 0: .*")
                    .contains("encrypted connection (LDAPS or StartTLS)");
              });
      // after StartTLS on the same connection the reset is accepted
      c.processExtendedOperation(new StartTLSExtendedRequest(ad.clientSslContext()));
      c.modify(
          user,
          new Modification(ModificationType.REPLACE, "unicodePwd", unicodePwd("N3w-Passw0rd")));
      // a delete alone is neither a reset nor a change: refused with AD's text and the two forms
      assertThatThrownBy(
              () ->
                  c.modify(
                      user,
                      new Modification(
                          ModificationType.DELETE, "unicodePwd", unicodePwd("N3w-Passw0rd"))))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e ->
                  assertThat(e.getDiagnosticMessage())
                      .startsWith("0000001F: SvcErr:")
                      .contains("one replace (a reset)")
                      .contains("delete of the old value followed by an add"));
    }
    ad.connectionAs("CONTOSO\\dave", "N3w-Passw0rd".toCharArray()).close();
  }

  @Test
  void resetThenBindByDnUpnAndDownLevelName() throws Exception {
    String user = ad.addUser(ad.domainDn(), "erin");
    try (LDAPConnection c = ad.connection()) {
      c.modify(
          user,
          new Modification(ModificationType.REPLACE, "unicodePwd", unicodePwd("Fresh-Pa55")),
          new Modification(ModificationType.REPLACE, "userAccountControl", "512"));
      SearchResultEntry e = c.getEntry(user, "pwdLastSet", "unicodePwd");
      assertThat(e.hasAttribute("unicodePwd")).isFalse();
      assertThat(e.getAttributeValueAsLong("pwdLastSet")).isEqualTo(134129448000000000L);
    }
    for (String name : List.of(user, "erin@contoso.test", "CONTOSO\\erin")) {
      ad.connectionAs(name, "Fresh-Pa55".toCharArray()).close();
    }
  }

  @Test
  void bindFailuresCarryAdDataCodes() throws Exception {
    String user = ad.addUser(ad.domainDn(), "frank", PASSWORD);
    assertThat(bindError("CONTOSO\\frank", "wrong")).contains("data 52e,");
    try (LDAPConnection c = ad.connection()) {
      c.modify(user, new Modification(ModificationType.REPLACE, "pwdLastSet", "0"));
      assertThat(bindError("frank@contoso.test", new String(PASSWORD))).contains("data 773,");
      c.modify(
          user,
          new Modification(ModificationType.REPLACE, "pwdLastSet", "-1"),
          new Modification(ModificationType.REPLACE, "userAccountControl", "514"));
      assertThat(bindError(user, new String(PASSWORD))).contains("data 533,");
    }
  }

  private static String bindError(String name, String password) {
    try {
      ad.connectionAs(name, password.toCharArray()).close();
      throw new AssertionError("bind as " + name + " succeeded");
    } catch (LDAPException e) {
      assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
      return e.getDiagnosticMessage();
    }
  }

  @Test
  void passwordChangeNeedsTheOldPasswordAndThePolicy() throws Exception {
    String user = ad.addUser(ad.domainDn(), "grace", PASSWORD);
    try (LDAPConnection c = ad.connectionAs("CONTOSO\\grace", PASSWORD)) {
      assertThatThrownBy(
              () ->
                  c.modify(
                      user,
                      new Modification(ModificationType.DELETE, "unicodePwd", unicodePwd("nope")),
                      new Modification(
                          ModificationType.ADD, "unicodePwd", unicodePwd("Other-Pa55"))))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getDiagnosticMessage()).startsWith("00000056: AtrErr:"));
      assertThatThrownBy(
              () ->
                  c.modify(
                      user,
                      new Modification(
                          ModificationType.DELETE, "unicodePwd", unicodePwd(new String(PASSWORD))),
                      new Modification(ModificationType.ADD, "unicodePwd", unicodePwd("short"))))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
                assertThat(e.getDiagnosticMessage()).startsWith("0000052D: AtrErr:");
              });
      c.modify(
          user,
          new Modification(ModificationType.DELETE, "unicodePwd", unicodePwd(new String(PASSWORD))),
          new Modification(ModificationType.ADD, "unicodePwd", unicodePwd("Other-Pa55")));
    }
    ad.connectionAs("grace@contoso.test", "Other-Pa55".toCharArray()).close();
  }

  @Test
  void bitwiseAndInChainMatchingRulesWork() throws Exception {
    String ou = ad.addOu("Groups");
    String alice = ad.addUser(ou, "alice", PASSWORD);
    String inner = ad.addGroup(ou, "Inner", alice);
    String outer = ad.addGroup(ou, "Outer", inner);
    ad.addUser(ou, "disabled-one");
    try (LDAPConnection c = ad.connection()) {
      List<String> disabled = dns(c, ou, "(userAccountControl:1.2.840.113556.1.4.803:=2)");
      assertThat(disabled).containsExactly("CN=disabled-one," + ou);
      List<String> securityGroups = dns(c, ou, "(groupType:1.2.840.113556.1.4.804:=2147483648)");
      assertThat(securityGroups).containsExactlyInAnyOrder(inner, outer);
      assertThat(dns(c, ou, "(memberOf:1.2.840.113556.1.4.1941:=" + outer + ")"))
          .containsExactlyInAnyOrder(inner, alice);
      assertThat(dns(c, ou, "(member:1.2.840.113556.1.4.1941:=" + alice + ")"))
          .containsExactlyInAnyOrder(inner, outer);
    }
  }

  private static List<String> dns(LDAPConnection c, String base, String filter) throws Exception {
    return c.search(base, SearchScope.SUB, Filter.create(filter), "1.1").getSearchEntries().stream()
        .map(SearchResultEntry::getDN)
        .collect(Collectors.toList());
  }

  @Test
  void domainSearchDoesNotReturnConfigurationObjectsAndPagesWork() throws Exception {
    try (LDAPConnection c = ad.connection()) {
      var request =
          new com.unboundid.ldap.sdk.SearchRequest(
              ad.domainDn(), SearchScope.SUB, Filter.create("(objectClass=*)"), "1.1");
      request.addControl(new SimplePagedResultsControl(50));
      List<String> paged = new java.util.ArrayList<>();
      int pages = 0;
      while (true) {
        var result = c.search(request);
        pages++;
        assertThat(result.getSearchEntries().size()).isLessThanOrEqualTo(50);
        result.getSearchEntries().forEach(e -> paged.add(e.getDN()));
        var cookie = SimplePagedResultsControl.get(result).getCookie();
        if (cookie.getValueLength() == 0) {
          break;
        }
        request.setControls(new SimplePagedResultsControl(50, cookie));
      }
      assertThat(pages).isGreaterThan(1);
      assertThat(paged)
          .containsExactlyInAnyOrderElementsOf(dns(c, ad.domainDn(), "(objectClass=*)"));
      assertThat(paged).contains("CN=Users," + ad.domainDn());
      assertThat(paged).noneMatch(dn -> dn.endsWith(ad.configurationDn()));
    }
  }

  @Test
  void snapshotRestoreBringsBackObjectsAndRids() throws Exception {
    AdSnapshot before = ad.snapshot();
    String first = ad.addUser(ad.domainDn(), "henry");
    String sid;
    try (LDAPConnection c = ad.connection()) {
      sid =
          Sid.fromBytes(c.getEntry(first, "objectSid").getAttributeValueBytes("objectSid"))
              .toString();
    }
    ad.restore(before);
    try (LDAPConnection c = ad.connection()) {
      assertThat(c.getEntry(first)).isNull();
      String again = ad.addUser(ad.domainDn(), "henry");
      assertThat(
              Sid.fromBytes(c.getEntry(again, "objectSid").getAttributeValueBytes("objectSid"))
                  .toString())
          .isEqualTo(sid);
    }
  }

  @Test
  void theCertificateNamesTheHostsAClientMayCheck() throws Exception {
    var cert =
        (java.security.cert.X509Certificate)
            ad.trustStore().getCertificate(ad.trustStore().aliases().nextElement());
    List<String> names =
        cert.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
    assertThat(names)
        .contains("dc1.contoso.test", "contoso.test", "localhost", "127.0.0.1")
        // OpenLDAP's tools check this machine's name for ldaps://localhost
        .contains(
            java.net.InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT));
  }
}
