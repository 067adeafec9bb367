package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The constructed attribute tokenGroups (MS-ADTS 3.1.1.4.5.19), read over LDAP. */
class TokenGroupsTest {

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

  private static List<Sid> tokenGroups(LDAPConnection c, String dn) throws Exception {
    SearchResultEntry e = c.getEntry(dn, "tokenGroups");
    List<Sid> out = new ArrayList<>();
    byte[][] values = e.getAttributeValueByteArrays("tokenGroups");
    if (values != null) {
      for (byte[] v : values) {
        out.add(Sid.fromBytes(v));
      }
    }
    return out;
  }

  private static Sid sid(LDAPConnection c, String dn) throws Exception {
    return Sid.fromBytes(c.getEntry(dn, "objectSid").getAttributeValueBytes("objectSid"));
  }

  @Test
  void baseSearchReturnsTransitiveSecurityGroupsAndThePrimaryGroup() throws Exception {
    String root = ad.domainDn();
    String ou = ad.addOu("Staff");
    String alice = ad.addUser(ou, "alice", PASSWORD);
    String inner = ad.addGroup(ou, "Inner", alice);
    String outer = ad.addGroup(ou, "Outer", inner);
    String mail;
    try (LDAPConnection c = ad.connection()) {
      // a distribution group (groupType 2) is in no token
      c.add(
          "dn: CN=Newsletter," + ou,
          "objectClass: group",
          "sAMAccountName: Newsletter",
          "groupType: 2",
          "member: " + alice);
      mail = "CN=Newsletter," + ou;
      List<Sid> groups = tokenGroups(c, alice);
      assertThat(groups)
          .contains(
              sid(c, inner),
              sid(c, outer),
              Sid.parse(ad.domainSid() + "-513"),
              Sid.parse("S-1-5-32-545"))
          .doesNotContain(sid(c, mail), sid(c, alice), Sid.EVERYONE, Sid.AUTHENTICATED_USERS)
          .doesNotHaveDuplicates();
      // only for a base-scope search: another scope fails as Windows answers
      assertThatThrownBy(
              () ->
                  c.search(
                      root,
                      SearchScope.SUB,
                      Filter.createEqualityFilter("cn", "alice"),
                      "tokenGroups"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.OPERATIONS_ERROR);
                assertThat(e.getDiagnosticMessage()).startsWith("00002120: SvcErr");
              });
      // an object that is no security principal has none
      assertThat(c.getEntry(ou, "tokenGroups").hasAttribute("tokenGroups")).isFalse();
    }
  }

  @Test
  void theAdministratorsTokenHoldsTheForestWideGroups() throws Exception {
    try (LDAPConnection c = ad.connection()) {
      assertThat(tokenGroups(c, ad.adminDn()))
          .contains(
              Sid.parse(ad.domainSid() + "-512"),
              Sid.parse(ad.domainSid() + "-519"),
              Sid.parse(ad.domainSid() + "-518"),
              Sid.BUILTIN_ADMINISTRATORS);
    }
  }

  @Test
  void aChildDomainUsersTokenNamesItsOwnDomainsGroups() throws Exception {
    AdDirectory.Domain emea = ad.domain("EMEA");
    String bob = ad.addUser("CN=Users," + emea.dn(), "bob", PASSWORD);
    try (LDAPConnection c = ad.connection()) {
      List<Sid> groups = tokenGroups(c, bob);
      assertThat(groups)
          .contains(Sid.parse(emea.sid() + "-513"))
          .doesNotContain(Sid.parse(ad.domainSid() + "-513"));
      // the child's Administrator: its Domain Admins and its BUILTIN\Administrators, no EA
      assertThat(tokenGroups(c, emea.adminDn()))
          .contains(Sid.parse(emea.sid() + "-512"), Sid.BUILTIN_ADMINISTRATORS)
          .doesNotContain(Sid.parse(ad.domainSid() + "-519"));
    }
  }
}
