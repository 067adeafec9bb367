package org.adwriteback.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the standard catalog against the shared vectors (ad-guids.tsv, ad-default-sd.tsv, the
 * "Writeback attributes" table of the vectors README, the Samba report) and the GUIDs of
 * shared/spec/permissions.md.
 */
class SchemaCatalogTest {

  private static final SchemaCatalog CATALOG = SchemaCatalog.standard();

  /** Rows of a TSV resource shipped next to the catalog: header row, then tab-separated cells. */
  private static List<String[]> tsv(String resource) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = SchemaCatalog.class.getResourceAsStream(resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        rows.add(line.split("\t", -1));
      }
    }
    return rows;
  }

  private static UUID uuid(String s) {
    return UUID.fromString(s);
  }

  @Nested
  class AgreesWithTheSharedVectors {

    @Test
    void everyRowOfAdGuidsResolvesByNameToItsGuidAndPropertySet() throws IOException {
      List<String[]> rows = tsv("ad-guids.tsv");
      assertThat(rows).hasSize(1850);
      for (String[] row : rows) {
        SchemaObjectKind kind = SchemaObjectKind.valueOf(row[0].toUpperCase().replace('-', '_'));
        SchemaObject o = CATALOG.require(kind, row[1]);
        assertThat(o.guid()).as(row[1]).isEqualTo(uuid(row[2]));
        assertThat(CATALOG.find(kind, o.guid())).as(row[1]).contains(o);
        if (o instanceof AttributeDefinition a && row[3].matches("[0-9a-f-]{36}.*")) {
          assertThat(a.attributeSecurityGuid()).as(row[1]).contains(uuid(row[3].substring(0, 36)));
        } else if (o instanceof AttributeDefinition a && row[3].isEmpty()) {
          assertThat(a.attributeSecurityGuid()).as(row[1]).isEmpty();
        }
      }
    }

    @Test
    void holdsExactlyTheObjectsOfAdGuids() throws IOException {
      assertThat(CATALOG.attributes()).hasSize(1499);
      assertThat(CATALOG.classes()).hasSize(269);
      assertThat(CATALOG.controlAccessRights()).hasSize(82);
      assertThat(CATALOG.controlAccessRights().stream().filter(ExtendedRight.class::isInstance))
          .hasSize(60);
      assertThat(CATALOG.controlAccessRights().stream().filter(PropertySet.class::isInstance))
          .hasSize(15);
      assertThat(CATALOG.controlAccessRights().stream().filter(ValidatedWrite.class::isInstance))
          .hasSize(7);
    }

    @Test
    void everyDefaultSecurityDescriptorIsTheV1903One() throws IOException {
      List<String[]> rows = tsv("ad-default-sd.tsv");
      assertThat(rows).hasSize(264);
      for (String[] row : rows) {
        assertThat(CATALOG.defaultSecurityDescriptor(row[1])).as(row[1]).contains(row[2]);
      }
      assertThat(CATALOG.classes().stream().filter(c -> c.defaultSecurityDescriptor().isEmpty()))
          .hasSize(269 - 264);
    }

    /** The "Writeback attributes" table of shared/spec/vectors/README.md. */
    @ParameterizedTest
    @CsvSource({
      "lockoutTime, 28630ebf-41d5-11d1-a9c1-0000f80367c1, ",
      "pwdLastSet, bf967a0a-0de6-11d0-a285-00aa003049e2, User-Account-Restrictions",
      "proxyAddresses, bf967a06-0de6-11d0-a285-00aa003049e2, Public-Information",
      "userAccountControl, bf967a68-0de6-11d0-a285-00aa003049e2, User-Account-Restrictions",
      "unicodePwd, bf9679e1-0de6-11d0-a285-00aa003049e2, ",
      "member, bf9679c0-0de6-11d0-a285-00aa003049e2, Membership",
      "mail, bf967961-0de6-11d0-a285-00aa003049e2, Public-Information",
      "displayName, bf967953-0de6-11d0-a285-00aa003049e2, General-Information",
      "msDS-KeyCredentialLink, 5b47d60f-6090-40b2-9f37-2a4de88f3063, ",
      "mS-DS-ConsistencyGuid, 23773dc2-b63a-11d2-90e1-00c04fd91ab1, ",
      "msDS-ExternalDirectoryObjectId, bd29bf90-66ad-40e1-887b-10df070419a6, Personal-Information",
      "userCertificate, bf967a7f-0de6-11d0-a285-00aa003049e2, Personal-Information",
      "sAMAccountName, 3e0abfd0-126a-11d0-a060-00aa006c33ed, General-Information",
      "altSecurityIdentities, 00fbf30c-91fe-11d1-aebc-0000f80367c1, Public-Information",
    })
    void writebackAttributesHaveTheirGuidAndPropertySet(
        String attribute, String guid, String propertySet) {
      assertThat(CATALOG.requireAttribute(attribute).schemaIdGuid()).isEqualTo(uuid(guid));
      assertThat(CATALOG.attribute(uuid(guid)).map(AttributeDefinition::ldapDisplayName))
          .contains(attribute);
      assertThat(CATALOG.propertySetOf(attribute).map(PropertySet::cn))
          .isEqualTo(Optional.ofNullable(propertySet));
    }

    @Test
    void keyCredentialLinkIsGuardedByTheComputerValidatedWriteNotAPropertySet() {
      assertThat(CATALOG.propertySetOf("msDS-KeyCredentialLink")).isEmpty();
      ControlAccessRight right = CATALOG.attributeSecurityRight("msDS-KeyCredentialLink").get();
      assertThat(right).isInstanceOf(ValidatedWrite.class);
      assertThat(right.cn()).isEqualTo("DS-Validated-Write-Computer");
      assertThat(right.rightsGuid()).isEqualTo(uuid("9b026da6-0d3c-465c-8bee-5199d7165cba"));
      assertThat(right.appliesTo()).containsExactly(uuid("bf967a86-0de6-11d0-a285-00aa003049e2"));
    }

    /** shared/spec/permissions.md §5.2. */
    @ParameterizedTest
    @CsvSource({
      "user, bf967aba-0de6-11d0-a285-00aa003049e2, 1.2.840.113556.1.5.9",
      "group, bf967a9c-0de6-11d0-a285-00aa003049e2, 1.2.840.113556.1.5.8",
      "contact, 5cb41ed0-0e4c-11d0-a286-00aa003049e2, 1.2.840.113556.1.5.15",
      "computer, bf967a86-0de6-11d0-a285-00aa003049e2, 1.2.840.113556.1.3.30",
      "inetOrgPerson, 4828cc14-1437-45bc-9b07-ad6f015e5f28, 2.16.840.1.113730.3.2.2",
      "foreignSecurityPrincipal, 89e31c12-8530-11d0-afda-00c04fd930c9, 1.2.840.113556.1.5.76",
      "device, bf967a8e-0de6-11d0-a285-00aa003049e2, 2.5.6.14",
      "msDS-Device, 5df2b673-6d41-4774-b3e8-d52e8ee9ff99, 1.2.840.113556.1.5.286",
      "msDS-DeviceContainer, 7c9e8c58-901b-4ea8-b6ec-4eb9e9fc0e11, 1.2.840.113556.1.5.289",
      "msDS-DeviceRegistrationService, 96bc3a1a-e3d2-49d3-af11-7b0df79d67f5, 1.2.840.113556.1.5.284",
      "msDS-KeyCredential, ee1f5543-7c2e-476a-8b3f-e11f4af6c498, 1.2.840.113556.1.5.297",
      "organizationalUnit, bf967aa5-0de6-11d0-a285-00aa003049e2, 2.5.6.5",
      "container, bf967a8b-0de6-11d0-a285-00aa003049e2, 1.2.840.113556.1.3.23",
      "serviceConnectionPoint, 28630ec1-41d5-11d1-a9c1-0000f80367c1, 1.2.840.113556.1.5.126",
      "domainDNS, 19195a5b-6da0-11d0-afd3-00c04fd930c9, 1.2.840.113556.1.5.67",
    })
    void classesHaveTheirGuidAndGovernsId(String name, String guid, String governsId) {
      ClassDefinition c = CATALOG.requireClass(name);
      assertThat(c.schemaIdGuid()).isEqualTo(uuid(guid));
      assertThat(c.governsId()).isEqualTo(governsId);
      assertThat(CATALOG.schemaClass(uuid(guid))).contains(c);
    }
  }

  @Nested
  class ControlAccessRights {

    /** Every right the preparation features of shared/spec/permissions.md name. */
    @ParameterizedTest
    @CsvSource({
      "Reset Password, User-Force-Change-Password, 00299570-246d-11d0-a768-00aa006e0529",
      "Change Password, User-Change-Password, ab721a53-1e2f-11d0-9819-00aa0040529b",
      "Unexpire Password, Unexpire-Password, ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501",
      "Replicating Directory Changes, DS-Replication-Get-Changes,"
          + " 1131f6aa-9c07-11d1-f79f-00c04fc2dcd2",
      "Replicating Directory Changes All, DS-Replication-Get-Changes-All,"
          + " 1131f6ad-9c07-11d1-f79f-00c04fc2dcd2",
      "Replicating Directory Changes In Filtered Set, DS-Replication-Get-Changes-In-Filtered-Set,"
          + " 89e95b76-444d-4c62-991a-0facbeda640c",
      "Update Password Not Required Bit, Update-Password-Not-Required-Bit,"
          + " 280f369c-67c7-438e-ae98-1d46f3c6f541",
      "Send As, Send-As, ab721a54-1e2f-11d0-9819-00aa0040529b",
    })
    void extendedRightsResolveByDisplayNameAndCn(String display, String cn, String guid) {
      ExtendedRight r = CATALOG.requireExtendedRight(display);
      assertThat(r.cn()).isEqualTo(cn);
      assertThat(r.displayName()).contains(display);
      assertThat(r.rightsGuid()).isEqualTo(uuid(guid));
      assertThat(CATALOG.extendedRight(cn)).contains(r);
      assertThat(CATALOG.extendedRight(uuid(guid))).contains(r);
      assertThat(CATALOG.controlAccessRight(display)).contains(r);
      assertThat(r.validAccesses()).isEqualTo(0x100);
    }

    @ParameterizedTest
    @CsvSource({
      "Validated write to DNS host name, Validated-DNS-Host-Name,"
          + " 72e39547-7b18-11d1-adef-00c04fd8d5cd",
      "Validated write to service principal name, Validated-SPN,"
          + " f3a64788-5306-11d1-a9c5-0000f80367c1",
      "Add/Remove self as member, Self-Membership, bf9679c0-0de6-11d0-a285-00aa003049e2",
      "Validated write to computer attributes., DS-Validated-Write-Computer,"
          + " 9b026da6-0d3c-465c-8bee-5199d7165cba",
    })
    void validatedWritesResolveByDisplayNameAndCn(String display, String cn, String guid) {
      ValidatedWrite w = CATALOG.validatedWrite(display).get();
      assertThat(w.cn()).isEqualTo(cn);
      assertThat(w.rightsGuid()).isEqualTo(uuid(guid));
      assertThat(CATALOG.validatedWrite(cn)).contains(w);
      assertThat(CATALOG.validatedWrite(uuid(guid))).contains(w);
      assertThat(w.validAccesses()).isEqualTo(8);
    }

    @Test
    void unexpirePasswordAppliesToTheDomainObject() {
      assertThat(CATALOG.requireExtendedRight("Unexpire Password").appliesTo())
          .containsExactly(CATALOG.requireClass("domainDNS").schemaIdGuid());
    }

    @Test
    void resetPasswordAppliesToUserLikeClasses() {
      assertThat(CATALOG.requireExtendedRight("Reset Password").appliesTo())
          .contains(
              CATALOG.requireClass("user").schemaIdGuid(),
              CATALOG.requireClass("computer").schemaIdGuid(),
              CATALOG.requireClass("inetOrgPerson").schemaIdGuid());
    }

    @Test
    void theRightWithoutAKnownDisplayNameHasNone() {
      ValidatedWrite jet = CATALOG.validatedWrite("Validated-MS-DS-JetDB-Page-Size").get();
      assertThat(jet.displayName()).isEmpty();
      assertThat(jet.appliesTo()).isEmpty();
    }
  }

  @Nested
  class GuidCoincidences {

    @Test
    void memberAndSelfMembershipShareAGuidAndAreFoundByKind() {
      UUID g = uuid("bf9679c0-0de6-11d0-a285-00aa003049e2");
      assertThat(CATALOG.findAll(g))
          .extracting(SchemaObject::name)
          .containsExactly("member", "Self-Membership");
      assertThat(CATALOG.attribute(g).map(AttributeDefinition::name)).contains("member");
      assertThat(CATALOG.validatedWrite(g).map(ValidatedWrite::cn)).contains("Self-Membership");
      assertThat(CATALOG.extendedRight(g)).isEmpty();
    }

    @Test
    void dnsHostNameAttributePropertySetAndValidatedWriteShareAGuid() {
      UUID g = uuid("72e39547-7b18-11d1-adef-00c04fd8d5cd");
      assertThat(CATALOG.findAll(g))
          .extracting(SchemaObject::name)
          .containsExactly("dNSHostName", "DNS-Host-Name-Attributes", "Validated-DNS-Host-Name");
      assertThat(CATALOG.propertySet(g).map(PropertySet::cn)).contains("DNS-Host-Name-Attributes");
      assertThat(CATALOG.validatedWrite(g).map(ValidatedWrite::cn))
          .contains("Validated-DNS-Host-Name");
      assertThat(CATALOG.members(CATALOG.propertySet(g).get()))
          .extracting(AttributeDefinition::name)
          .contains("dNSHostName", "msDS-AdditionalDnsHostName");
    }

    @Test
    void exactlyTheseGuidsNameMoreThanOneObject() {
      java.util.Map<UUID, List<String>> shared = new java.util.TreeMap<>();
      List<SchemaObject> all = new ArrayList<>(CATALOG.attributes());
      all.addAll(CATALOG.classes());
      all.addAll(CATALOG.controlAccessRights());
      for (SchemaObject o : all) {
        List<SchemaObject> hits = CATALOG.findAll(o.guid());
        if (hits.size() > 1) {
          shared.put(o.guid(), hits.stream().map(SchemaObject::name).toList());
        }
      }
      assertThat(shared)
          .containsOnlyKeys(
              uuid("72e39547-7b18-11d1-adef-00c04fd8d5cd"),
              uuid("bf9679c0-0de6-11d0-a285-00aa003049e2"),
              uuid("80863791-dbe9-4eb8-837e-7f0ab55d9ac7"),
              uuid("d31a8757-2447-4545-8081-3bb610cacbf2"),
              uuid("f3a64788-5306-11d1-a9c5-0000f80367c1"));
      assertThat(shared.get(uuid("d31a8757-2447-4545-8081-3bb610cacbf2")))
          .containsExactly("msDS-Behavior-Version", "Validated-MS-DS-Behavior-Version");
    }

    @Test
    void validatedSpnIsTheServicePrincipalNameGuid() {
      UUID g = uuid("f3a64788-5306-11d1-a9c5-0000f80367c1");
      assertThat(CATALOG.find(SchemaObjectKind.ATTRIBUTE, g).map(SchemaObject::name))
          .contains("servicePrincipalName");
      assertThat(CATALOG.find(SchemaObjectKind.VALIDATED_WRITE, g).map(SchemaObject::name))
          .contains("Validated-SPN");
    }

    @Test
    void anUnknownGuidFindsNothing() {
      assertThat(CATALOG.findAll(uuid("00000000-0000-0000-0000-000000000001"))).isEmpty();
    }
  }

  @Nested
  class PropertySets {

    @Test
    void membershipFollowsAttributeSecurityGuid() {
      PropertySet restrictions = CATALOG.propertySet("Account Restrictions").get();
      assertThat(restrictions.cn()).isEqualTo("User-Account-Restrictions");
      assertThat(CATALOG.members(restrictions))
          .extracting(AttributeDefinition::name)
          .contains("pwdLastSet", "userAccountControl", "accountExpires")
          .doesNotContain("lockoutTime", "unicodePwd");
      assertThat(CATALOG.members(CATALOG.propertySet("Public-Information").get()))
          .extracting(AttributeDefinition::name)
          .contains("proxyAddresses", "mail", "userPrincipalName", "cn");
      assertThat(CATALOG.members(CATALOG.propertySet("Group Membership").get()))
          .extracting(AttributeDefinition::name)
          .contains("member", "memberOf");
    }

    @Test
    void everyMemberNamesItsSetBack() {
      for (ControlAccessRight r : CATALOG.controlAccessRights()) {
        if (r instanceof PropertySet ps) {
          for (AttributeDefinition a : CATALOG.members(ps)) {
            assertThat(CATALOG.propertySetOf(a.name())).contains(ps);
          }
        }
      }
    }

    @Test
    void emailInformationHasNoMembersInTheBaseSchema() {
      assertThat(CATALOG.members(CATALOG.propertySet("Email-Information").get())).isEmpty();
    }

    @Test
    void attributesPointingAtDeletedPropertySetsResolveToNoRight() {
      List<AttributeDefinition> dangling =
          CATALOG.attributes().stream()
              .filter(a -> a.attributeSecurityGuid().isPresent())
              .filter(a -> CATALOG.findAll(a.attributeSecurityGuid().get()).isEmpty())
              .toList();
      // the vectors README says nine; ad-guids.tsv lists eight (a29b89fd, a29b89fe, a29b8a01)
      assertThat(dangling).hasSize(8);
      for (AttributeDefinition a : dangling) {
        assertThat(CATALOG.attributeSecurityRight(a.name())).isEmpty();
        assertThat(CATALOG.propertySetOf(a.name())).isEmpty();
      }
    }
  }

  @Nested
  class ClassHierarchy {

    @ParameterizedTest
    @CsvSource({
      "user, user organizationalPerson person top",
      "computer, computer user organizationalPerson person top",
      "inetOrgPerson, inetOrgPerson user organizationalPerson person top",
      "msDS-Device, msDS-Device top",
      "group, group top",
      "contact, contact organizationalPerson person top",
      "top, top",
    })
    void classChainRunsFromTheClassToTop(String name, String chain) {
      assertThat(CATALOG.classChain(name))
          .extracting(ClassDefinition::ldapDisplayName)
          .containsExactly(chain.split(" "));
    }

    @Test
    void userCarriesSecurityPrincipalAndMailRecipient() {
      assertThat(CATALOG.auxiliaryClasses("user"))
          .extracting(ClassDefinition::ldapDisplayName)
          .contains("securityPrincipal", "mailRecipient", "posixAccount")
          .doesNotContain("top");
      assertThat(CATALOG.auxiliaryClasses("computer"))
          .extracting(ClassDefinition::ldapDisplayName)
          .contains("securityPrincipal", "mailRecipient", "ipHost");
      assertThat(CATALOG.auxiliaryClasses("group"))
          .extracting(ClassDefinition::ldapDisplayName)
          .contains("securityPrincipal", "mailRecipient");
      assertThat(CATALOG.auxiliaryClasses("msDS-Device")).isEmpty();
    }

    @Test
    void effectiveMustAndMayContainIncludeSuperAndAuxiliaryClasses() {
      assertThat(CATALOG.mustContain("user"))
          .contains("objectClass", "nTSecurityDescriptor", "cn", "sAMAccountName", "objectSid");
      assertThat(CATALOG.mayContain("user"))
          .contains(
              "pwdLastSet",
              "lockoutTime",
              "unicodePwd",
              "userAccountControl",
              "msDS-KeyCredentialLink",
              "proxyAddresses",
              "mail",
              "mS-DS-ConsistencyGuid",
              "msDS-preferredDataLocation");
      assertThat(CATALOG.mustContain("msDS-Device"))
          .contains("altSecurityIdentities", "displayName", "msDS-DeviceID", "msDS-IsEnabled");
      assertThat(CATALOG.mayContain("group")).contains("member", "proxyAddresses");
      assertThat(CATALOG.mayContain("msDS-Device")).contains("msDS-KeyCredentialLink");
    }

    @Test
    void registeredDevicesContainerLivesOnlyUnderTheDomainRoot() {
      // possSuperiors are inherited along the class chain: top adds lostAndFound to every class
      assertThat(CATALOG.possSuperiors("msDS-DeviceContainer"))
          .containsExactlyInAnyOrder("domainDNS", "lostAndFound");
      assertThat(CATALOG.possSuperiors("msDS-Device")).contains("msDS-DeviceContainer");
      assertThat(CATALOG.possSuperiors("inetOrgPerson"))
          .contains("organizationalUnit", "container", "domainDNS", "builtinDomain");
    }

    @Test
    void classFactsMatchTheSchema() {
      ClassDefinition user = CATALOG.requireClass("user");
      assertThat(user.category()).isEqualTo(ObjectClassCategory.STRUCTURAL);
      assertThat(user.defaultObjectCategory()).isEqualTo("person");
      assertThat(user.rdnAttId()).isEqualTo("cn");
      assertThat(CATALOG.requireClass("top").category()).isEqualTo(ObjectClassCategory.ABSTRACT);
      assertThat(CATALOG.requireClass("securityPrincipal").category())
          .isEqualTo(ObjectClassCategory.AUXILIARY);
      assertThat(CATALOG.requireClass("person").category())
          .isEqualTo(ObjectClassCategory.EIGHTY_EIGHT);
      assertThat(CATALOG.requireClass("organizationalUnit").rdnAttId()).isEqualTo("ou");
    }

    @Test
    void defaultSecurityDescriptorOfUserGrantsChangePasswordToEveryone() {
      assertThat(CATALOG.defaultSecurityDescriptor("user").get())
          .startsWith("D:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)")
          .contains("(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;WD)");
    }
  }

  @Nested
  class AttributeFacts {

    @Test
    void syntaxLinksAndFlags() {
      AttributeDefinition pwd = CATALOG.requireAttribute("unicodePwd");
      assertThat(pwd.attributeSyntax()).isEqualTo("2.5.5.10");
      assertThat(pwd.singleValued()).isTrue();
      AttributeDefinition member = CATALOG.requireAttribute("member");
      assertThat(member.linkId()).hasValue(2);
      assertThat(member.isLinked()).isTrue();
      assertThat(member.isBackLink()).isFalse();
      assertThat(CATALOG.requireAttribute("memberOf").isBackLink()).isTrue();
      AttributeDefinition kcl = CATALOG.requireAttribute("msDS-KeyCredentialLink");
      assertThat(kcl.attributeSyntax()).isEqualTo("2.5.5.7");
      assertThat(kcl.omObjectClass()).contains("2a864886f7140101010b");
      assertThat(kcl.linkId()).hasValue(2220);
      assertThat(CATALOG.requireAttribute("lockoutTime").attributeSyntax()).isEqualTo("2.5.5.16");
      assertThat(CATALOG.requireAttribute("info").rangeUpper()).hasValue(1024);
      assertThat(CATALOG.requireAttribute("msDS-preferredDataLocation").rangeLower()).hasValue(1);
    }

    @Test
    void constructedAndConfidentialAttributesAreFlagged() {
      assertThat(CATALOG.requireAttribute("msDS-User-Account-Control-Computed").isConstructed())
          .isTrue();
      assertThat(CATALOG.requireAttribute("pwdLastSet").isConstructed()).isFalse();
      assertThat(CATALOG.attributes().stream().filter(AttributeDefinition::isConfidential))
          .isNotEmpty()
          .allMatch(a -> (a.searchFlags() & 0x80) != 0);
    }

    @ParameterizedTest
    @CsvSource({
      "lockoutTime, 47",
      "msDS-Device, 69",
      "msDS-KeyCredentialLink, 87",
      "msDS-ExternalDirectoryObjectId, 87",
      "msDS-preferredDataLocation, 88",
    })
    void sinceSchemaVersionIsTheFirstSchemaThatHasIt(String name, int version) {
      int since =
          CATALOG
              .attribute(name)
              .map(AttributeDefinition::sinceSchemaVersion)
              .orElseGet(() -> CATALOG.requireClass(name).sinceSchemaVersion());
      assertThat(since).isEqualTo(version);
    }
  }

  @Nested
  class NameMatching {

    @Test
    void lookupsIgnoreCaseAndSurroundingSpaces() {
      assertThat(CATALOG.attribute("PWDLASTSET").map(AttributeDefinition::name))
          .contains("pwdLastSet");
      assertThat(CATALOG.attribute(" Pwd-Last-Set ").map(AttributeDefinition::name))
          .contains("pwdLastSet");
      assertThat(CATALOG.schemaClass("INETORGPERSON").map(ClassDefinition::name))
          .contains("inetOrgPerson");
      assertThat(CATALOG.schemaClass("Organizational-Unit").map(ClassDefinition::name))
          .contains("organizationalUnit");
      assertThat(CATALOG.extendedRight("reset password").map(ExtendedRight::cn))
          .contains("User-Force-Change-Password");
      assertThat(CATALOG.extendedRight("user-force-change-password")).isPresent();
    }

    @Test
    void anLdapDisplayNameWinsOverAnotherAttributesCn() {
      // lDAPDisplayName "comment" is User-Comment; cn "Comment" belongs to "info".
      assertThat(CATALOG.attribute("comment").map(AttributeDefinition::cn))
          .contains("User-Comment");
      assertThat(CATALOG.attribute("User-Comment").map(AttributeDefinition::name))
          .contains("comment");
      assertThat(CATALOG.attribute("info").map(AttributeDefinition::cn)).contains("Comment");
    }

    @Test
    void kindsDoNotLeakIntoEachOther() {
      assertThat(CATALOG.extendedRight("Public Information")).isEmpty();
      assertThat(CATALOG.propertySet("Public Information")).isPresent();
      assertThat(CATALOG.attribute("user")).isEmpty();
      assertThat(CATALOG.schemaClass("pwdLastSet")).isEmpty();
    }

    @Test
    void unknownNamesAreEmptyOrATypedExceptionWithCloseNames() {
      assertThat(CATALOG.attribute("pwdLastSett")).isEmpty();
      assertThatThrownBy(() -> CATALOG.requireAttribute("pwdLastSett"))
          .isInstanceOfSatisfying(
              UnknownSchemaObjectException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(SchemaObjectKind.ATTRIBUTE);
                assertThat(e.name()).isEqualTo("pwdLastSett");
                assertThat(e.suggestions()).first().isEqualTo("pwdLastSet");
              })
          .hasMessageContaining("no attribute 'pwdLastSett'")
          .hasMessageContaining("did you mean pwdLastSet");
      assertThatThrownBy(() -> CATALOG.requireExtendedRight("Reset Pasword"))
          .hasMessageContaining("no extended right 'Reset Pasword'")
          .hasMessageContaining("Reset Password");
      assertThatThrownBy(() -> CATALOG.requireClass("inetOrgPersn"))
          .hasMessageContaining("inetOrgPerson");
    }

    @Test
    void schemaExtensionNamesGetAHintInsteadOfSuggestions() {
      assertThatThrownBy(() -> CATALOG.requireAttribute("msExchArchiveStatus"))
          .isInstanceOf(UnknownSchemaObjectException.class)
          .hasMessageContaining("schema naming context");
    }
  }

  @Nested
  class Construction {

    @Test
    void standardIsLoadedOnceAndShared() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<SchemaCatalog>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          futures.add(pool.submit(SchemaCatalog::standard));
        }
        for (Future<SchemaCatalog> f : futures) {
          assertThat(f.get()).isSameAs(CATALOG);
        }
      } finally {
        pool.shutdown();
      }
    }

    @Test
    void listsAreImmutable() {
      assertThatThrownBy(() -> CATALOG.attributes().clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> CATALOG.requireClass("user").mayContain().clear())
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofAcceptsAnExtendedSchema() {
      AttributeDefinition exch =
          new AttributeDefinition(
              "msExchSafeSendersHash",
              "ms-Exch-Safe-Senders-Hash",
              "1.2.840.113556.1.4.7000.102.50765",
              "2.5.5.10",
              4,
              Optional.empty(),
              true,
              uuid("7cb4c7d3-8787-42b0-b438-3c5d479ad31e"),
              Optional.empty(),
              java.util.OptionalInt.empty(),
              false,
              0,
              0,
              java.util.OptionalLong.empty(),
              java.util.OptionalLong.empty(),
              false,
              false,
              0);
      List<AttributeDefinition> attributes = new ArrayList<>(CATALOG.attributes());
      attributes.add(exch);
      SchemaCatalog extended =
          SchemaCatalog.of(attributes, CATALOG.classes(), CATALOG.controlAccessRights());
      assertThat(extended.attribute("msexchsafesendershash")).contains(exch);
      assertThat(extended.attribute(exch.schemaIdGuid())).contains(exch);
      assertThat(CATALOG.attribute("msExchSafeSendersHash")).isEmpty();
    }

    @Test
    void ofRejectsDuplicateNamesGuidsAndMissingSuperclasses() {
      AttributeDefinition pwd = CATALOG.requireAttribute("pwdLastSet");
      List<AttributeDefinition> twice = List.of(pwd, pwd);
      assertThatThrownBy(() -> SchemaCatalog.of(twice, List.of(), List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("pwdLastSet");
      ClassDefinition user = CATALOG.requireClass("user");
      assertThatThrownBy(() -> SchemaCatalog.of(List.of(), List.of(user), List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown class organizationalPerson");
      ExtendedRight reset = CATALOG.requireExtendedRight("Reset Password");
      ExtendedRight clone =
          new ExtendedRight("Other", Optional.empty(), reset.rightsGuid(), Set.of());
      assertThatThrownBy(() -> SchemaCatalog.of(List.of(), List.of(), List.of(reset, clone)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(reset.rightsGuid().toString());
    }
  }
}
