package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AD's MaxPageSize (MS-ADTS 3.1.1.3.4.6, default 1000): code that reads more objects without paging
 * fails against a domain controller with sizeLimitExceeded after the first 1000, and a page larger
 * than the policy is cut to it. Samba 4.17 enforces neither (measured: 1,100 objects in one unpaged
 * search and in one page of 2,000), so this is the testkit's own test.
 */
class MaxPageSizeTest {

  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.forest("contoso.test");

  @Test
  void anUnpagedSearchStopsAtAThousandEntriesAndAPageIsCutToIt(AdDirectory ad) throws Exception {
    String ou = ad.addOu("Many");
    try (LDAPConnection c = ad.connection()) {
      for (int i = 0; i < 1001; i++) {
        c.add("CN=c" + i + "," + ou, new Attribute("objectClass", "container"));
      }
      assertThatThrownBy(() -> c.search(ou, SearchScope.ONE, "(objectClass=container)", "1.1"))
          .isInstanceOfSatisfying(
              LDAPSearchException.class,
              e -> {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.SIZE_LIMIT_EXCEEDED);
                assertThat(e.getEntryCount()).isEqualTo(1000);
              });
      // a client's smaller limit stands
      SearchRequest few = new SearchRequest(ou, SearchScope.ONE, "(objectClass=container)", "1.1");
      few.setSizeLimit(10);
      assertThatThrownBy(() -> c.search(few))
          .isInstanceOfSatisfying(
              LDAPSearchException.class, e -> assertThat(e.getEntryCount()).isEqualTo(10));
      // a search that matches fewer is not affected
      assertThat(c.search(ou, SearchScope.ONE, "(cn=c1)", "1.1").getEntryCount()).isEqualTo(1);

      List<Integer> pages = new ArrayList<>();
      ASN1OctetString cookie = null;
      do {
        SearchRequest page =
            new SearchRequest(ou, SearchScope.ONE, "(objectClass=container)", "1.1");
        page.addControl(new SimplePagedResultsControl(5000, cookie, true));
        SearchResult r = c.search(page);
        pages.add(r.getEntryCount());
        cookie = SimplePagedResultsControl.get(r).getCookie();
      } while (cookie.getValueLength() > 0);
      assertThat(pages).containsExactly(1000, 1);
    }
  }

  @Test
  void aSmallerPolicyLetsATestExercisePagingWithAFewObjects() throws Exception {
    try (AdDirectory ad =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder().maxPageSize(3).build())) {
      String ou = ad.addOu("Few");
      try (LDAPConnection c = ad.connection()) {
        for (int i = 0; i < 4; i++) {
          c.add("CN=c" + i + "," + ou, new Attribute("objectClass", "container"));
        }
        assertThatThrownBy(() -> c.search(ou, SearchScope.ONE, "(objectClass=*)", "1.1"))
            .isInstanceOfSatisfying(
                LDAPSearchException.class, e -> assertThat(e.getEntryCount()).isEqualTo(3));
      }
    }
    assertThatThrownBy(() -> AdConfiguration.forest("contoso.test").toBuilder().maxPageSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPageSize must be at least 1");
  }

  @Test
  void theLimitCountsOnlyTheEntriesOfTheSearchedNamingContext(AdDirectory ad) throws Exception {
    // the configuration and schema partitions sit below the domain's DN in the server (about
    // 1,900 entries): a limit the server counted itself would be reached by entries never returned
    try (LDAPConnection c = ad.connection()) {
      SearchResult all = c.search(ad.domainDn(), SearchScope.SUB, "(objectClass=*)", "1.1");
      assertThat(all.getResultCode()).isEqualTo(ResultCode.SUCCESS);
      assertThat(all.getEntryCount()).isBetween(20, 999);
      SearchRequest limited =
          new SearchRequest(ad.domainDn(), SearchScope.SUB, "(objectClass=*)", "1.1");
      limited.setSizeLimit(all.getEntryCount() - 1);
      assertThatThrownBy(() -> c.search(limited))
          .isInstanceOfSatisfying(
              LDAPSearchException.class,
              e -> {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.SIZE_LIMIT_EXCEEDED);
                assertThat(e.getEntryCount()).isEqualTo(all.getEntryCount() - 1);
              });
      limited.setSizeLimit(all.getEntryCount());
      assertThat(c.search(limited).getEntryCount()).isEqualTo(all.getEntryCount());
    }
  }
}
