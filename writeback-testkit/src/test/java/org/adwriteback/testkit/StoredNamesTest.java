package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Names as the testkit stores them, as AD and Samba do (the directory contract's {@code
 * namesAreStoredAsTheSchemaAndTheNamedObjectsSpellThem} runs the common case against both): the
 * schema's spelling of an attribute, a new object's DN under its parent's stored name, and the
 * parts that scenario does not reach.
 */
class StoredNamesTest {

  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.forest("contoso.test");

  @Test
  void theCatalogSpellsAttributesAsTheSchemaDoesAndKeepsOptions() {
    AdSchemaCatalog catalog = AdSchemaCatalog.load(AdSchemaVersion.WINDOWS_2019, false);
    String sam = catalog.attribute("samaccountname").orElseThrow().name();
    assertThat(catalog.canonicalName("SAMACCOUNTNAME")).isEqualTo("sAMAccountName").isSameAs(sam);
    assertThat(catalog.canonicalName("SAMACCOUNTNAME")).isSameAs(sam); // remembered
    assertThat(catalog.canonicalName("USERCERTIFICATE;binary")).isEqualTo("userCertificate;binary");
    assertThat(catalog.canonicalName("noSuchAttribute")).isEqualTo("noSuchAttribute");
    // an attributeID stands for the attribute, as in AD
    assertThat(catalog.canonicalName("1.2.840.113556.1.4.221")).isSameAs(sam);
  }

  @Test
  void anEscapedNameGoesUnderTheStoredParentAndObjectsShareTheSchemasNames(AdDirectory ad)
      throws Exception {
    String ou = ad.addOu("Stored");
    String lower = ou.toLowerCase(Locale.ROOT);
    try (LDAPConnection c = ad.connection()) {
      c.add(
          "cn=Doe\\, Jane," + lower,
          new Attribute("objectClass", "user"),
          new Attribute("SAMACCOUNTNAME", "janedoe"));
      c.add(
          "cn=Roe\\, Rick," + lower,
          new Attribute("objectClass", "user"),
          new Attribute("samAccountName", "rickroe"));
      assertThat(c.getEntry("CN=Doe\\, Jane," + ou, "1.1").getDN())
          .isEqualTo("CN=Doe\\, Jane," + ou);
      var jane = ad.engine().read("CN=Doe\\, Jane," + ou);
      var rick = ad.engine().read("CN=Roe\\, Rick," + ou);
      assertThat(jane.getAttribute("sAMAccountName").getName())
          .isEqualTo("sAMAccountName")
          .isSameAs(rick.getAttribute("sAMAccountName").getName());
    }
  }

  @Test
  void aMissingMemberNamesTheNearestStoredAncestor(AdDirectory ad) throws Exception {
    String ou = ad.addOu("Matched");
    String lower = ou.toLowerCase(Locale.ROOT);
    try (LDAPConnection c = ad.connection()) {
      assertThatThrownBy(
              () ->
                  c.add(
                      "cn=g," + lower,
                      new Attribute("objectClass", "group"),
                      new Attribute("member", "cn=nobody,ou=gone," + lower)))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT);
                assertThat(e.getMatchedDN()).isEqualTo(ou);
              });
    }
  }
}
