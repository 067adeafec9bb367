package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two-domain preset ({@link AdConfiguration#twoDomainForest}): contoso.test and its child
 * emea.contoso.test in one server, observed over LDAP.
 */
class TwoDomainForestTest {

  private static final String ROOT = "DC=contoso,DC=test";
  private static final String CHILD = "DC=emea,DC=contoso,DC=test";
  private static final String CONFIG = "CN=Configuration," + ROOT;
  private static final char[] PASSWORD = "Corr3ct-Horse".toCharArray();

  static AdDirectory ad;

  @BeforeAll
  static void start() throws Exception {
    ad = AdDirectory.start(AdConfiguration.twoDomainForest("contoso.test"));
  }

  @AfterAll
  static void stop() {
    ad.close();
  }

  @AfterEach
  void reset() {
    ad.reset();
  }

  private static Sid sidOf(LDAPConnection c, String dn) throws LDAPException {
    return Sid.fromBytes(c.getEntry(dn, "objectSid").getAttributeValueBytes("objectSid"));
  }

  private static byte[] unicodePwd(String password) {
    return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
  }

  @Test
  void rootDseListsBothDomainsAndKeepsTheRootAsDefault() throws Exception {
    try (LDAPConnection c = ad.unboundConnection(false)) {
      RootDSE root = c.getRootDSE();
      assertThat(root.getNamingContextDNs())
          .containsExactlyInAnyOrder(ROOT, CHILD, CONFIG, "CN=Schema," + CONFIG);
      assertThat(root.getAttributeValue("defaultNamingContext")).isEqualTo(ROOT);
      assertThat(root.getAttributeValue("rootDomainNamingContext")).isEqualTo(ROOT);
      assertThat(root.getAttributeValue("configurationNamingContext")).isEqualTo(CONFIG);
    }
  }

  @Test
  void partitionsHoldACrossRefPerDomainAndTheChildTrustsItsParent() throws Exception {
    try (LDAPConnection c = ad.connection()) {
      List<SearchResultEntry> domains =
          c.search(
                  "CN=Partitions," + CONFIG,
                  SearchScope.ONE,
                  Filter.createANDFilter(
                      Filter.createEqualityFilter("objectClass", "crossRef"),
                      Filter.createEqualityFilter("systemFlags", "3")),
                  "nCName",
                  "dnsRoot",
                  "nETBIOSName",
                  "trustParent")
              .getSearchEntries();
      assertThat(domains).hasSize(2);
      SearchResultEntry root =
          domains.stream()
              .filter(e -> e.getAttributeValue("nCName").equals(ROOT))
              .findFirst()
              .get();
      SearchResultEntry child =
          domains.stream()
              .filter(e -> e.getAttributeValue("nCName").equals(CHILD))
              .findFirst()
              .get();
      assertThat(root.getAttributeValue("dnsRoot")).isEqualTo("contoso.test");
      assertThat(root.getAttributeValue("nETBIOSName")).isEqualTo("CONTOSO");
      assertThat(root.hasAttribute("trustParent")).isFalse();
      assertThat(child.getAttributeValue("dnsRoot")).isEqualTo("emea.contoso.test");
      assertThat(child.getAttributeValue("nETBIOSName")).isEqualTo("EMEA");
      assertThat(child.getAttributeValue("trustParent")).isEqualTo(root.getDN());

      assertThat(c.getEntry(ROOT, "subRefs").getAttributeValues("subRefs")).contains(CHILD, CONFIG);
      assertThat(c.getEntry(CHILD, "instanceType").getAttributeValue("instanceType"))
          .isEqualTo("13");
      assertThat(c.getEntry(ROOT, "instanceType").getAttributeValue("instanceType")).isEqualTo("5");
      // the child's DC is a server of the default site and an account of the child domain
      assertThat(
              c.getEntry(
                  "CN=EMEA-DC1,CN=Servers,CN=Default-First-Site-Name,CN=Sites," + CONFIG,
                  "dNSHostName"))
          .isNotNull();
      assertThat(c.getEntry("CN=EMEA-DC1,OU=Domain Controllers," + CHILD)).isNotNull();
    }
  }

  @Test
  void eachDomainHasItsOwnSidAndWellKnownGroups() throws Exception {
    AdDirectory.Domain root = ad.domain("CONTOSO");
    AdDirectory.Domain child = ad.domain("emea.contoso.test");
    assertThat(root.forestRoot()).isTrue();
    assertThat(child.forestRoot()).isFalse();
    assertThat(child.sid()).isNotEqualTo(root.sid()).startsWith("S-1-5-21-");
    assertThat(ad.domains()).extracting(AdDirectory.Domain::dn).containsExactly(ROOT, CHILD);
    try (LDAPConnection c = ad.connection()) {
      assertThat(sidOf(c, CHILD)).hasToString(child.sid());
      assertThat(sidOf(c, ROOT)).hasToString(root.sid());
      assertThat(sidOf(c, "CN=Domain Admins,CN=Users," + CHILD)).hasToString(child.sid() + "-512");
      assertThat(sidOf(c, "CN=Domain Users,CN=Users," + CHILD)).hasToString(child.sid() + "-513");
      assertThat(sidOf(c, child.adminDn())).hasToString(child.sid() + "-500");
      assertThat(sidOf(c, "CN=Enterprise Admins,CN=Users," + ROOT))
          .hasToString(root.sid() + "-519");
      // the forest-wide groups exist in the root domain only
      assertThat(c.getEntry("CN=Enterprise Admins,CN=Users," + CHILD)).isNull();
      assertThat(c.getEntry("CN=Schema Admins,CN=Users," + CHILD)).isNull();
      // the root's Enterprise Admins administer the child domain
      assertThat(
              c.getEntry("CN=Administrators,CN=Builtin," + CHILD, "member")
                  .getAttributeValues("member"))
          .contains("CN=Enterprise Admins,CN=Users," + ROOT, child.adminDn());
    }
  }

  @Test
  void newObjectsTakeTheirSidFromTheirDomainsRidPool() throws Exception {
    String rootUser = ad.addUser("CN=Users," + ROOT, "alice", PASSWORD);
    String childUser = ad.addUser("CN=Users," + CHILD, "bob", PASSWORD);
    String childGroup = ad.addGroup("CN=Users," + CHILD, "EmeaStaff", childUser);
    try (LDAPConnection c = ad.connection()) {
      Sid alice = sidOf(c, rootUser);
      Sid bob = sidOf(c, childUser);
      assertThat(alice.toString()).startsWith(ad.domain("CONTOSO").sid() + "-");
      assertThat(bob.toString()).isEqualTo(ad.domain("EMEA").sid() + "-" + AdDomain.FIRST_RID);
      assertThat(sidOf(c, childGroup).toString())
          .isEqualTo(ad.domain("EMEA").sid() + "-" + (AdDomain.FIRST_RID + 1));
      // an LDAP add in the child takes the child's next RID as well
      c.add("dn: CN=carol,CN=Users," + CHILD, "objectClass: user", "sAMAccountName: carol");
      assertThat(sidOf(c, "CN=carol,CN=Users," + CHILD).toString())
          .isEqualTo(ad.domain("EMEA").sid() + "-" + (AdDomain.FIRST_RID + 2));
      assertThat(c.getEntry(childUser, "userPrincipalName").getAttributeValue("userPrincipalName"))
          .isEqualTo("bob@emea.contoso.test");
    }
  }

  @Test
  void samAccountNameIsUniquePerDomainAndUpnPerForest() throws Exception {
    ad.addUser("CN=Users," + ROOT, "alice", PASSWORD);
    // the same sAMAccountName in the other domain is fine
    String emeaAlice = ad.addUser("CN=Users," + CHILD, "alice", PASSWORD);
    assertThat(emeaAlice).isEqualTo("CN=alice,CN=Users," + CHILD);
    try (LDAPConnection c = ad.connection()) {
      assertThatThrownBy(
              () ->
                  c.add(
                      "dn: CN=alice2,CN=Users," + CHILD,
                      "objectClass: user",
                      "sAMAccountName: alice"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.ENTRY_ALREADY_EXISTS));
      assertThatThrownBy(
              () ->
                  c.add(
                      "dn: CN=other,CN=Users," + CHILD,
                      "objectClass: user",
                      "sAMAccountName: other",
                      "userPrincipalName: alice@contoso.test"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION));
    }
  }

  @Test
  void accountsOfTheChildBindByEveryNameForm() throws Exception {
    String bob = ad.addUser("CN=Users," + CHILD, "bob", PASSWORD);
    for (String name : List.of("EMEA\\bob", "bob@emea.contoso.test", bob)) {
      try (LDAPConnection c = ad.connectionAs(name, PASSWORD)) {
        assertThat(c.isConnected()).isTrue();
      }
    }
    // CONTOSO\bob does not exist
    assertThatThrownBy(() -> ad.connectionAs("CONTOSO\\bob", PASSWORD))
        .isInstanceOfSatisfying(
            LDAPException.class,
            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS));
    try (LDAPConnection c = ad.connectionAs("EMEA\\Administrator", ad.adminPassword())) {
      assertThat(c.isConnected()).isTrue();
    }
  }

  @Test
  void enterpriseAdminsOfTheRootAdministerTheChildButTheChildsAdminsNotTheRoot() throws Exception {
    String emeaUser = ad.addUser("CN=Users," + CHILD, "bob", PASSWORD);
    String rootUser = ad.addUser("CN=Users," + ROOT, "alice", PASSWORD);
    // the forest root's Administrator (Enterprise Admins) resets a password in the child
    try (LDAPConnection c = ad.connection()) {
      c.modify(
          emeaUser,
          new Modification(ModificationType.REPLACE, "unicodePwd", unicodePwd("N3w-Passw0rd!")));
      c.modify(emeaUser, new Modification(ModificationType.REPLACE, "description", "by EA"));
    }
    // the child's Administrator is no administrator of the root domain
    try (LDAPConnection c = ad.connectionAs("EMEA\\Administrator", ad.adminPassword())) {
      c.modify(emeaUser, new Modification(ModificationType.REPLACE, "description", "by DA"));
      assertThatThrownBy(
              () ->
                  c.modify(
                      rootUser,
                      new Modification(ModificationType.REPLACE, "description", "by EMEA")))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
    }
  }

  @Test
  void defaultDescriptorsOfTheChildNameItsDomainAdminsAndTheRootsEnterpriseAdmins()
      throws Exception {
    String ou = ad.addOu(CHILD, "Sales");
    String childSid = ad.domain("EMEA").sid();
    String rootSid = ad.domain("CONTOSO").sid();
    AdAssertions.assertDescriptorContainsAce(
        ad, CHILD, "(A;CI;RPWPCRLCLOCCDCRCWDWOSDDTSW;;;" + rootSid + "-519)");
    AdAssertions.assertDescriptorContainsAce(
        ad, ou, "(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;" + childSid + "-512)");
    // aliases resolve against the object's domain: DA here is the child's Domain Admins
    AdAssertions.assertDescriptorContainsAce(ad, ou, "(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)");
    AdAssertions.assertDescriptorContainsAce(ad, CHILD, "(A;CI;RPWPCRLCLOCCDCRCWDWOSDDTSW;;;EA)");
    try (LDAPConnection c = ad.connection()) {
      // owner: the root's Administrator is not in the child's Domain Admins but is an Enterprise
      // Admin, so Enterprise Admins own it (inheritance.md §4: an EA-only creator in a domain NC)
      c.add("dn: OU=ByEa," + CHILD, "objectClass: organizationalUnit");
    }
    assertThat(ad.engine().security().storedDescriptor(ad.engine().entry("OU=ByEa," + CHILD)))
        .hasValueSatisfying(sd -> assertThat(sd.owner()).hasValue(Sid.parse(rootSid + "-519")));
  }

  @Test
  void aSubtreeSearchOfTheRootDomainStaysOutOfTheChild() throws Exception {
    ad.addUser("CN=Users," + CHILD, "bob", PASSWORD);
    try (LDAPConnection c = ad.connection()) {
      assertThat(
              c.search(ROOT, SearchScope.SUB, Filter.createEqualityFilter("sAMAccountName", "bob"))
                  .getSearchEntries())
          .isEmpty();
      assertThat(
              c.search(CHILD, SearchScope.SUB, Filter.createEqualityFilter("sAMAccountName", "bob"))
                  .getSearchEntries())
          .hasSize(1);
    }
  }

  @Test
  void snapshotsRestoreEveryDomainsRidPool() throws Exception {
    AdSnapshot before = ad.snapshot();
    String first = ad.addUser("CN=Users," + CHILD, "bob", PASSWORD);
    Sid firstSid;
    try (LDAPConnection c = ad.connection()) {
      firstSid = sidOf(c, first);
    }
    ad.restore(before);
    String again = ad.addUser("CN=Users," + CHILD, "bob", PASSWORD);
    try (LDAPConnection c = ad.connection()) {
      assertThat(sidOf(c, again)).isEqualTo(firstSid);
    }
  }

  @Test
  void theInitialForestIsValidForItsSchema() throws Exception {
    var validator = new com.unboundid.ldap.sdk.schema.EntryValidator(ad.server().getSchema());
    List<String> problems = new java.util.ArrayList<>();
    for (var e : ad.server().search(ROOT, SearchScope.SUB, "(objectClass=*)").getSearchEntries()) {
      List<String> p = new java.util.ArrayList<>();
      if (!validator.entryIsValid(e, p)) {
        problems.add(e.getDN() + ": " + p);
      }
    }
    assertThat(problems).isEmpty();
  }
}
