package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attribute scoped query ({@link AttributeScopedQuery}) where the directory contract's {@code
 * anAttributeScopedQuerySearchesTheObjectsAnAttributeNames} does not reach: paging through the
 * named objects, MaxPageSize, and the rootDSE listing the control.
 */
class AttributeScopedQueryTest {

  private static Control asq(String attribute) {
    return new Control(
        AttributeScopedQuery.OID,
        true,
        new ASN1OctetString(new ASN1Sequence(new ASN1OctetString(attribute)).encode()));
  }

  @Test
  void pagesGoThroughTheMembersAndAnUnpagedReadStopsAtMaxPageSize() throws Exception {
    try (AdDirectory ad =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder().maxPageSize(3).build())) {
      String ou = ad.addOu("Asq");
      List<String> members = new ArrayList<>();
      try (LDAPConnection c = ad.connection()) {
        for (int i = 0; i < 5; i++) {
          String dn = "CN=m" + i + "," + ou;
          c.add(dn, new Attribute("objectClass", "user"), new Attribute("sAMAccountName", "m" + i));
          members.add(dn);
        }
        String team = "CN=team," + ou;
        c.add(
            team,
            new Attribute("objectClass", "group"),
            new Attribute("sAMAccountName", "team"),
            new Attribute("member", members));
        assertThat(c.getRootDSE().getSupportedControlOIDs()).contains(AttributeScopedQuery.OID);

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        ASN1OctetString cookie = null;
        do {
          SearchRequest page = new SearchRequest(team, SearchScope.BASE, "(objectClass=user)");
          page.addControl(asq("member"));
          page.addControl(new SimplePagedResultsControl(2, cookie, true));
          SearchResult r = c.search(page);
          pageSizes.add(r.getEntryCount());
          r.getSearchEntries().stream().map(SearchResultEntry::getDN).forEach(seen::add);
          cookie = SimplePagedResultsControl.get(r).getCookie();
        } while (cookie != null && cookie.getValueLength() > 0);
        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(members);

        // the base may be named by its GUID, as AD accepts anywhere a DN goes
        String guid =
            org.adwriteback.security.GuidBytes.fromBytes(
                    c.getEntry(team, "objectGUID").getAttributeValueBytes("objectGUID"))
                .toString();
        SearchRequest byGuid =
            new SearchRequest("<GUID=" + guid + ">", SearchScope.BASE, "(cn=m1)");
        byGuid.addControl(asq("member"));
        assertThat(c.search(byGuid).getSearchEntries())
            .extracting(SearchResultEntry::getDN)
            .containsExactly(members.get(1));

        SearchRequest all = new SearchRequest(team, SearchScope.BASE, "(objectClass=user)");
        all.addControl(asq("member"));
        assertThatThrownBy(() -> c.search(all))
            .isInstanceOfSatisfying(
                LDAPSearchException.class,
                e -> {
                  assertThat(e.getResultCode()).isEqualTo(ResultCode.SIZE_LIMIT_EXCEEDED);
                  assertThat(e.getEntryCount()).isEqualTo(3);
                });
      }
    }
  }
}
