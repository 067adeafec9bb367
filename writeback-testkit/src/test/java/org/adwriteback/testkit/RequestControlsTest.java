package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.RFC3672SubentriesRequestControl;
import com.unboundid.ldap.sdk.controls.TransactionSpecificationRequestControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The controls a client's request may carry ({@link RequestControls}): what AD does not know is
 * refused when critical and ignored otherwise, AD's controls with nothing to act on here are
 * accepted, and AD's controls the testkit does not implement say so. The directory contract's
 * {@code aControlTheDirectoryDoesNotSupportIsRefusedWhenCriticalAndIgnoredOtherwise} runs the
 * modify case against Samba too.
 */
class RequestControlsTest {

  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.forest("contoso.test");

  private static SearchRequest usersWith(AdDirectory ad, Control control) throws LDAPException {
    SearchRequest search =
        new SearchRequest("CN=Users," + ad.domainDn(), SearchScope.BASE, "(objectClass=*)");
    search.addControl(control);
    return search;
  }

  private static void assertUnavailable(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String diagnostic) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            LDAPException.class,
            e -> {
              assertThat(e.getResultCode()).isEqualTo(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION);
              assertThat(e.getDiagnosticMessage()).startsWith(diagnostic);
            });
  }

  @Test
  void aCriticalControlUnknownToAdIsRefusedAndANonCriticalOneIgnored(AdDirectory ad)
      throws Exception {
    try (LDAPConnection c = ad.connection()) {
      assertUnavailable(
          () -> c.search(usersWith(ad, new RFC3672SubentriesRequestControl(false, true))),
          "00000057: LdapErr: DSID-0C090B0A, comment: Error processing control");
      assertThat(
              c.search(usersWith(ad, new RFC3672SubentriesRequestControl(false, false)))
                  .getEntryCount())
          .isEqualTo(1);
      assertThat(c.search(usersWith(ad, new Control("1.2.3.4.5", false))).getEntryCount())
          .isEqualTo(1);

      // a transaction (RFC 5805), which UnboundID's server would queue the add into
      String dn = "CN=txn," + ad.domainDn();
      AddRequest add = new AddRequest(dn, new Attribute("objectClass", "container"));
      add.addControl(new TransactionSpecificationRequestControl(new ASN1OctetString("1")));
      assertUnavailable(() -> c.add(add), "00000057");
      assertThat(c.getEntry(dn)).isNull();
    }
  }

  @Test
  void adsControlsWithNothingToActOnAreAcceptedAndListed(AdDirectory ad) throws Exception {
    try (LDAPConnection c = ad.connection()) {
      for (String oid : RequestControls.WITHOUT_EFFECT_HERE.keySet()) {
        assertThat(c.search(usersWith(ad, new Control(oid, true))).getEntryCount())
            .as(oid)
            .isEqualTo(1);
      }
      assertThat(c.getRootDSE().getSupportedControlOIDs())
          .contains("1.2.840.113556.1.4.1339", "1.2.840.113556.1.4.619")
          .doesNotContainAnyElementsOf(RequestControls.NOT_IMPLEMENTED.keySet());
      // search options: domain scope (1) and phantom root (2); no other flag
      assertThat(c.getRootDSE().getSupportedControlOIDs())
          .contains(RequestControls.SEARCH_OPTIONS_OID);
      assertThat(c.search(usersWith(ad, searchOptions(1, true))).getEntryCount()).isEqualTo(1);
      assertThat(c.search(usersWith(ad, searchOptions(3, true))).getEntryCount()).isEqualTo(1);
      assertUnavailable(() -> c.search(usersWith(ad, searchOptions(4, true))), "00000057: LdapErr");
      assertThat(c.search(usersWith(ad, searchOptions(4, false))).getEntryCount()).isEqualTo(1);
    }
  }

  @Test
  void thePhantomRootSearchSpansEveryNamingContext(AdDirectory ad) throws Exception {
    try (LDAPConnection c = ad.connection()) {
      // without the option the rootDSE has no children (MS-ADTS: GC port or phantom root only)
      assertThatThrownBy(() -> c.search("", SearchScope.SUB, "(cn=Administrator)", "1.1"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT));
      SearchRequest everywhere =
          new SearchRequest("", SearchScope.SUB, "(|(cn=Administrator)(cn=Schema)(cn=Partitions))");
      everywhere.addControl(searchOptions(2, true));
      var result = c.search(everywhere);
      assertThat(result.getSearchEntries())
          .extracting(e -> e.getDN())
          .contains(
              "CN=Administrator,CN=Users," + ad.domainDn(),
              "CN=Partitions," + ad.configurationDn(),
              ad.schemaDn());
      assertThat(result.getReferenceCount()).isZero();
      // from the domain root it takes in the configuration and schema instead of referring to them
      SearchRequest below = new SearchRequest(ad.domainDn(), SearchScope.SUB, "(cn=Partitions)");
      below.addControl(searchOptions(2, false));
      assertThat(c.search(below).getEntryCount()).isEqualTo(1);
      assertThat(c.search(below).getReferenceCount()).isZero();
    }
  }

  @Test
  void aCriticalAdControlTheTestkitDoesNotImplementSaysSo(AdDirectory ad) throws Exception {
    try (LDAPConnection c = ad.connection()) {
      assertUnavailable(
          () -> c.search(usersWith(ad, new Control("1.2.840.113556.1.4.841", true))),
          "The testkit does not implement LDAP_SERVER_DIRSYNC_OID (1.2.840.113556.1.4.841)");
      assertThat(
              c.search(usersWith(ad, new Control("1.2.840.113556.1.4.841", false))).getEntryCount())
          .isEqualTo(1);
    }
  }

  private static Control searchOptions(int flags, boolean critical) {
    return new Control(
        RequestControls.SEARCH_OPTIONS_OID,
        critical,
        new ASN1OctetString(new ASN1Sequence(new ASN1Integer(flags)).encode()));
  }
}
