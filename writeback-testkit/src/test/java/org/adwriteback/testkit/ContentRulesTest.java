package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Content rules (MS-ADTS 3.1.1.2.2.3): an attribute that none of an object's classes (with their
 * superclasses and auxiliary classes) allows is refused in an add and a modify with
 * objectClassViolation and AD's {@code 0000207D: UpdErr: DSID-…, problem 6002
 * (OBJ_CLASS_VIOLATION)}; and value syntax (MS-ADTS 3.1.1.5.1.1): a value outside its attribute's
 * syntax is refused with invalidAttributeSyntax, or invalidDNSyntax for a DN attribute, as Samba
 * answers. The testkit makes both checks itself, outside UnboundID's write lock ({@link
 * ServerSchemaChecks}).
 */
class ContentRulesTest {

  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.forest("contoso.test");

  @Test
  void theTestkitAndNotTheServerChecksTheAllowedAttributes(AdDirectory ad) {
    // with the UnboundID version this build uses, the reflection in ServerSchemaChecks finds the
    // validator; when an upgrade moves it, this fails and says so (the check then stays in the
    // server: correct, but each write holds the lock longer)
    assertThat(ad.engine().checksAllowedAttributes()).isTrue();
  }

  @Test
  void anAttributeTheClassesDoNotAllowIsRefusedInAnAddAndAModify(AdDirectory ad) throws Exception {
    AdSchemaCatalog catalog = ad.engine().catalog();
    assertThat(catalog.allowedAttributes("organizationalUnit"))
        .doesNotContain("userAccountControl");
    assertThat(catalog.allowedAttributes("user")).doesNotContain("gPLink");
    assertThat(catalog.allowedAttributes("user")).doesNotContain("dc");
    String ou = ad.addOu("Content");
    String user = ad.addUser(ou, "content1");
    try (LDAPConnection c = ad.connection()) {
      List<ThrowingCallable> refused =
          List.of(
              () ->
                  c.add(
                      "OU=bad," + ou,
                      new Attribute("objectClass", "top", "organizationalUnit"),
                      new Attribute("userAccountControl", "512")),
              () -> c.modify(user, new Modification(ModificationType.ADD, "gPLink", "[x;0]")),
              () -> c.modify(user, new Modification(ModificationType.REPLACE, "GPLINK", "[x;0]")),
              // gPLink by its attributeID, as OpenLDAP's tools may name it
              () ->
                  c.modify(
                      user,
                      new Modification(
                          ModificationType.REPLACE,
                          catalog.attribute("gPLink").orElseThrow().oid(),
                          "[x;0]")));
      for (ThrowingCallable call : refused) {
        assertThatThrownBy(call)
            .isInstanceOfSatisfying(
                LDAPException.class,
                e -> {
                  assertThat(e.getResultCode()).isEqualTo(ResultCode.OBJECT_CLASS_VIOLATION);
                  assertThat(e.getDiagnosticMessage())
                      .startsWith("0000207D: UpdErr: DSID-0315119D, problem 6002")
                      .containsAnyOf("userAccountControl is not allowed", "gPLink is not allowed");
                });
      }
      assertThat(c.getEntry("OU=bad," + ou)).isNull();
      assertThat(c.getEntry(user, "gPLink").hasAttribute("gPLink")).isFalse();
      // a rename to another naming attribute breaks the naming rule first (MS-ADTS 3.1.1.3.1.2.3)
      assertThatThrownBy(() -> c.modifyDN(user, "DC=content1", true))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.NAMING_VIOLATION));
      assertThat(c.getEntry(user)).isNotNull();

      // what the classes allow passes, whatever the case of the name; deleting needs no check
      c.modify(
          user,
          new Modification(ModificationType.REPLACE, "DESCRIPTION", "allowed"),
          new Modification(ModificationType.REPLACE, "physicalDeliveryOfficeName", "B1"));
      c.modify(user, new Modification(ModificationType.DELETE, "description"));
      c.modifyDN(user, "CN=content1 renamed", true);
      assertThat(
              c.getEntry("CN=content1 renamed," + ou, "physicalDeliveryOfficeName")
                  .getAttributeValue("physicalDeliveryOfficeName"))
          .isEqualTo("B1");
    }
  }

  @Test
  void valuesOutsideTheirSyntaxAreRefusedAsSambaRefusesThem(AdDirectory ad) throws Exception {
    AdSchemaCatalog catalog = ad.engine().catalog();
    String time =
        catalog.allowedAttributes("user").stream()
            .map(a -> catalog.attribute(a).orElseThrow())
            .filter(a -> a.syntax().equals("2.5.5.11") && !a.systemOnly())
            .filter(a -> !a.name().equalsIgnoreCase("whenChanged"))
            .filter(a -> !a.name().equalsIgnoreCase("whenCreated"))
            .map(AdSchemaCatalog.AttributeDef::name)
            .findFirst()
            .orElseThrow();
    String ou = ad.addOu("Syntax");
    String user = ad.addUser(ou, "syntax1");
    try (LDAPConnection c = ad.connection()) {
      // measured on Samba 4.17: "could not parse garbage as a ... DN", invalidDNSyntax
      assertRefused(
          ResultCode.INVALID_DN_SYNTAX,
          () -> c.modify(user, new Modification(ModificationType.REPLACE, "manager", "garbage")));
      assertRefused(
          ResultCode.INVALID_DN_SYNTAX,
          () ->
              c.add(
                  "CN=syntax2," + ou,
                  new Attribute("objectClass", "user"),
                  new Attribute("sAMAccountName", "syntax2"),
                  new Attribute("seeAlso", "no equals sign")));
      assertRefused(
          ResultCode.INVALID_ATTRIBUTE_SYNTAX,
          () -> c.modify(user, new Modification(ModificationType.REPLACE, time, "not a time")));
      assertRefused(
          ResultCode.INVALID_ATTRIBUTE_SYNTAX,
          () -> c.modify(user, new Modification(ModificationType.ADD, "x121Address", "abc")));
      String managerOid = catalog.attribute("manager").orElseThrow().oid();
      assertRefused(
          ResultCode.INVALID_DN_SYNTAX,
          () -> c.modify(user, new Modification(ModificationType.REPLACE, managerOid, "nodn")));
      assertThat(c.getEntry("CN=syntax2," + ou)).isNull();
      assertThat(c.getEntry(user, "manager", time, "x121Address").getAttributes())
          .extracting(Attribute::getBaseName)
          .doesNotContain("manager", time, "x121Address");

      // values of the syntax pass
      c.modify(
          user,
          new Modification(ModificationType.REPLACE, "manager", ad.adminDn()),
          new Modification(ModificationType.REPLACE, time, "20240131235959.0Z"),
          new Modification(ModificationType.REPLACE, "x121Address", "123 456"));
      assertThat(c.getEntry(user, time).getAttributeValue(time)).isEqualTo("20240131235959.0Z");
    }
  }

  private static void assertRefused(ResultCode code, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            LDAPException.class,
            e -> {
              assertThat(e.getResultCode()).isEqualTo(code);
              assertThat(e.getDiagnosticMessage())
                  .startsWith("00000057: LdapErr: DSID-0C090D8A, comment: Error in attribute");
            });
  }

  @Test
  void anUndefinedAttributeIsStillRefusedByTheServer(AdDirectory ad) throws Exception {
    String ou = ad.addOu("Undefined");
    String user = ad.addUser(ou, "content2");
    try (LDAPConnection c = ad.connection()) {
      assertThatThrownBy(
              () -> c.modify(user, new Modification(ModificationType.ADD, "noSuchAttr", "x")))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isNotEqualTo(ResultCode.SUCCESS));
      assertThat(c.getEntry(user, "noSuchAttr").hasAttribute("noSuchAttr")).isFalse();
    }
  }
}
