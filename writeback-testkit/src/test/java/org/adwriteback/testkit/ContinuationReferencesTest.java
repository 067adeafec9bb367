package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Continuation references to the naming contexts below a search's base ({@link
 * ContinuationReferences}) in a forest of two domains; the directory contract's {@code
 * aSearchFromTheDomainRootIsReferredToTheConfigurationPartition} runs the one-domain case against
 * Samba too.
 */
class ContinuationReferencesTest {

  private static final String ROOT = "DC=contoso,DC=test";
  private static final String CHILD = "DC=emea,DC=contoso,DC=test";
  private static final String CONFIG = "CN=Configuration," + ROOT;

  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.twoDomainForest("contoso.test");

  private static List<String> urls(SearchResult result) {
    List<String> urls = new ArrayList<>();
    for (SearchResultReference r : result.getSearchReferences()) {
      urls.addAll(List.of(r.getReferralURLs()));
    }
    return urls;
  }

  @Test
  void theRootDomainRefersToItsChildDomainAndTheConfigurationButNotTheSchema(AdDirectory ad)
      throws Exception {
    try (LDAPConnection ldaps = ad.connection();
        LDAPConnection plain = ad.unboundConnection(false)) {
      plain.bind(ad.adminDn(), new String(ad.adminPassword()));
      assertThat(urls(ldaps.search(ROOT, SearchScope.SUB, "(cn=Users)", "1.1")))
          .containsExactly("ldaps://emea.contoso.test/" + CHILD, "ldaps://contoso.test/" + CONFIG);
      assertThat(urls(plain.search(ROOT, SearchScope.SUB, "(cn=Users)", "1.1")))
          .containsExactly("ldap://emea.contoso.test/" + CHILD, "ldap://contoso.test/" + CONFIG);
      // references do not depend on the filter (RFC 4511 4.5.3), and one level says "base"
      assertThat(urls(plain.search(ROOT, SearchScope.ONE, "(cn=nothing-is-named-so)", "1.1")))
          .containsExactly(
              "ldap://emea.contoso.test/" + CHILD + "??base",
              "ldap://contoso.test/" + CONFIG + "??base");
      assertThat(urls(plain.search(CONFIG, SearchScope.SUB, "(cn=Schema)", "1.1")))
          .containsExactly("ldap://contoso.test/CN=Schema," + CONFIG);
      // the child domain holds no naming context below its own; a container none either
      assertThat(urls(plain.search(CHILD, SearchScope.SUB, "(objectClass=*)", "1.1"))).isEmpty();
      assertThat(urls(plain.search("CN=Users," + ROOT, SearchScope.SUB, "(objectClass=*)", "1.1")))
          .isEmpty();
      assertThat(urls(plain.search(ROOT, SearchScope.BASE, "(objectClass=*)", "1.1"))).isEmpty();
    }
  }

  @Test
  void aPagedSearchGetsTheReferencesWithItsLastPageAndDomainScopeNone(AdDirectory ad)
      throws Exception {
    try (LDAPConnection c = ad.connection()) {
      ASN1OctetString cookie = null;
      List<Integer> referencesPerPage = new ArrayList<>();
      do {
        SearchRequest page = new SearchRequest(ROOT, SearchScope.SUB, "(objectClass=group)", "1.1");
        page.addControl(new SimplePagedResultsControl(10, cookie));
        SearchResult r = c.search(page);
        referencesPerPage.add(r.getReferenceCount());
        cookie = SimplePagedResultsControl.get(r).getCookie();
      } while (cookie.getValueLength() > 0);
      assertThat(referencesPerPage.size()).isGreaterThan(1);
      assertThat(referencesPerPage.subList(0, referencesPerPage.size() - 1)).containsOnly(0);
      assertThat(referencesPerPage.get(referencesPerPage.size() - 1)).isEqualTo(2);

      SearchRequest scoped = new SearchRequest(ROOT, SearchScope.SUB, "(cn=Users)", "1.1");
      scoped.addControl(new Control(RequestControls.DOMAIN_SCOPE_OID, false));
      SearchResult none = c.search(scoped);
      assertThat(none.getEntryCount()).isPositive();
      assertThat(none.getReferenceCount()).isZero();
    }
  }

  @Test
  void codeThatFollowsReferralsCanTurnThemOff() throws Exception {
    try (AdDirectory ad =
            AdDirectory.start(
                AdConfiguration.forest("contoso.test").toBuilder()
                    .without(AdFeature.CONTINUATION_REFERENCES)
                    .build());
        LDAPConnection c = ad.connection()) {
      SearchResult r = c.search(ad.domainDn(), SearchScope.SUB, "(cn=Users)", "1.1");
      assertThat(r.getEntryCount()).isPositive();
      assertThat(r.getReferenceCount()).isZero();
      // the search still stays in its naming context
      assertThat(c.search(ad.domainDn(), SearchScope.SUB, "(cn=Schema)", "1.1").getEntryCount())
          .isZero();
    }
  }
}
