package org.adwriteback.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.UUID;
import org.adwriteback.schema.DsaclsNotation.Inheritance;
import org.adwriteback.security.AccessAce;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.AceFlags;
import org.adwriteback.security.AceType;
import org.adwriteback.security.ObjectAce;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dsacls statements of shared/spec/permissions.md §2 and §3, checked against the ACE bits that
 * document lists for them, and rendered back.
 */
class DsaclsNotationTest {

  private static final Sid S = Sid.parse("S-1-5-21-1004336348-1177238915-682003330-1105");
  private static final UUID USER = UUID.fromString("bf967aba-0de6-11d0-a285-00aa003049e2");
  private static final UUID GROUP = UUID.fromString("bf967a9c-0de6-11d0-a285-00aa003049e2");

  private static Optional<UUID> guid(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(s));
  }

  /** Rows: statement, /I option, mask, objectType, inheritedObjectType (permissions.md §2). */
  @ParameterizedTest
  @CsvSource({
    // 2.1 password hash sync, domain root, no /I
    "CA;Replicating Directory Changes, , 0x100, 1131f6aa-9c07-11d1-f79f-00c04fc2dcd2, ",
    "CA;Replicating Directory Changes All, , 0x100, 1131f6ad-9c07-11d1-f79f-00c04fc2dcd2, ",
    // 2.2 password writeback
    "CA;Reset Password;user, /I:S, 0x100, 00299570-246d-11d0-a768-00aa006e0529,"
        + " bf967aba-0de6-11d0-a285-00aa003049e2",
    "WP;lockoutTime;user, /I:S, 0x20, 28630ebf-41d5-11d1-a9c1-0000f80367c1,"
        + " bf967aba-0de6-11d0-a285-00aa003049e2",
    "WP;pwdLastSet;user, /I:S, 0x20, bf967a0a-0de6-11d0-a285-00aa003049e2,"
        + " bf967aba-0de6-11d0-a285-00aa003049e2",
    "CA;Change Password;user, /I:S, 0x100, ab721a53-1e2f-11d0-9819-00aa0040529b,"
        + " bf967aba-0de6-11d0-a285-00aa003049e2",
    "CA;Unexpire Password, /I:T, 0x100, ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501, ",
    // 2.4 ms-DS-ConsistencyGuid
    "RPWP;mS-DS-ConsistencyGuid;user, /I:S, 0x30, 23773dc2-b63a-11d2-90e1-00c04fd91ab1,"
        + " bf967aba-0de6-11d0-a285-00aa003049e2",
    // 2.5 Exchange hybrid
    "RPWP;;inetorgperson, /I:S, 0x30, , 4828cc14-1437-45bc-9b07-ad6f015e5f28",
    "RPWP;;contact, /I:S, 0x30, , 5cb41ed0-0e4c-11d0-a286-00aa003049e2",
    "WP;proxyAddresses;group, /I:S, 0x20, bf967a06-0de6-11d0-a285-00aa003049e2,"
        + " bf967a9c-0de6-11d0-a285-00aa003049e2",
    // 2.7 basic read
    "RP;;computer, /I:S, 0x10, , bf967a86-0de6-11d0-a285-00aa003049e2",
    "RP;;device, /I:S, 0x10, , bf967a8e-0de6-11d0-a285-00aa003049e2",
    "RP;;foreignsecurityprincipal, /I:S, 0x10, , 89e31c12-8530-11d0-afda-00c04fd930c9",
    // 3.3 NGC keys (pre-2016 DCs)
    "RPWP;msDS-KeyCredentialLink;user, /I:S, 0x30, 5b47d60f-6090-40b2-9f37-2a4de88f3063,"
        + " bf967aba-0de6-11d0-a285-00aa003049e2",
    // 3.2 device writeback, minimal set
    "CCDC;msDS-Device, /I:T, 0x3, 5df2b673-6d41-4774-b3e8-d52e8ee9ff99, ",
    // Dsacls Examples (Microsoft Learn)
    "CCDC;group;, , 0x3, bf967a9c-0de6-11d0-a285-00aa003049e2, ",
    "RPWP;telephonenumber;, , 0x30, bf967a49-0de6-11d0-a285-00aa003049e2, ",
  })
  void statementsOfThePreparationFeaturesGiveTheDocumentedObjectAces(
      String statement, String option, String mask, String objectType, String inherited) {
    Inheritance inheritance = Inheritance.parse(option == null ? "" : option);
    Ace ace = DsaclsNotation.grant(S, statement, inheritance);
    assertThat(ace)
        .isEqualTo(
            ObjectAce.allow(
                S,
                AccessMask.of(Integer.decode(mask)),
                guid(objectType),
                guid(inherited),
                inheritance.flags()));
    assertThat(((ObjectAce) ace).type()).isEqualTo(AceType.ACCESS_ALLOWED_OBJECT);
  }

  @Test
  void groupWritebackGrantsGenericRightsThatMapToTheStoredMask() {
    ObjectAce ace =
        (ObjectAce) DsaclsNotation.grant(S, "GRGWCCDCSDDT;;group", Inheritance.SUB_OBJECTS_ONLY);
    assertThat(ace.objectType()).isEmpty();
    assertThat(ace.inheritedObjectType()).contains(GROUP);
    assertThat(ace.flags().value()).isEqualTo(0x0A);
    // permissions.md §2.3: stored mask 0x000300FF once GR/GW are mapped (MS-ADTS 5.1.3.2)
    assertThat(ace.mask().mapGenericToDs().value()).isEqualTo(0x000300FF);
    assertThat(DsaclsNotation.toDsacls(ace.withMask(ace.mask().mapGenericToDs())))
        .isEqualTo("GRGWCCDCSDDT;;group /I:S");
  }

  @Test
  void statementsWithoutObjectTypesArePlainAces() {
    // §3.1: dsacls <DRS container> /G "<acct>:GRGW" /I:T -> (A;CI;LCSWRPWPLORC;;;S)
    Ace ace = DsaclsNotation.grant(S, "GRGW", Inheritance.THIS_AND_SUB_OBJECTS);
    assertThat(ace)
        .isEqualTo(
            AccessAce.allow(
                S,
                AccessMask.union(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE),
                AceFlags.CONTAINER_INHERIT));
    assertThat(((AccessAce) ace).mask().mapGenericToDs().value()).isEqualTo(0x000200BC);
  }

  @Test
  void denyStatementsGiveDenyAces() {
    Ace ace = DsaclsNotation.deny(S, "WP;member;group", Inheritance.NONE);
    assertThat(ace)
        .isEqualTo(
            ObjectAce.deny(
                S,
                AccessMask.WRITE_PROPERTY,
                Optional.of(UUID.fromString("bf9679c0-0de6-11d0-a285-00aa003049e2")),
                Optional.of(GROUP),
                AceFlags.NONE));
  }

  @ParameterizedTest
  @CsvSource({
    "/I:T, 0x02",
    "/I:S, 0x0A",
    "/I:P, 0x06",
    "/i:s, 0x0A",
    "'', 0x00",
  })
  void inheritanceOptionsMapToAceFlags(String option, String flags) {
    Inheritance i = Inheritance.parse(option);
    assertThat(i.flags().value()).isEqualTo(Integer.decode(flags));
    assertThat(Inheritance.of(i.flags())).contains(i);
    assertThat(Inheritance.of(i.flags().with(AceFlags.INHERITED))).contains(i);
  }

  @Test
  void flagsDsaclsCannotWriteHaveNoOption() {
    assertThat(Inheritance.of(AceFlags.union(AceFlags.OBJECT_INHERIT, AceFlags.CONTAINER_INHERIT)))
        .isEmpty();
    assertThatThrownBy(() -> Inheritance.parse("/I:X"))
        .isInstanceOf(DsaclsSyntaxException.class)
        .hasMessageContaining("/I:T, /I:S or /I:P");
  }

  @Test
  void theRightsDecideWhichKindANameIs() {
    // WS + DNS host name: the validated write; RP + the same GUID: the attribute dNSHostName
    ObjectAce vw =
        (ObjectAce)
            DsaclsNotation.grant(S, "WS;Validated write to DNS host name", Inheritance.NONE);
    assertThat(vw.objectType()).contains(UUID.fromString("72e39547-7b18-11d1-adef-00c04fd8d5cd"));
    assertThat(DsaclsNotation.toDsacls(vw)).isEqualTo("WS;Validated write to DNS host name");
    ObjectAce attr = (ObjectAce) DsaclsNotation.grant(S, "RP;dNSHostName", Inheritance.NONE);
    assertThat(attr.objectType()).isEqualTo(vw.objectType());
    assertThat(DsaclsNotation.toDsacls(attr)).isEqualTo("RP;dNSHostName");
    // RP/WP + a property set name
    ObjectAce ps =
        (ObjectAce) DsaclsNotation.grant(S, "RP;Personal Information;user", Inheritance.NONE);
    assertThat(ps.objectType()).contains(UUID.fromString("77b5b886-944a-11d1-aebd-0000f80367c1"));
    assertThat(DsaclsNotation.toDsacls(ps)).isEqualTo("RP;Personal Information;user");
    // SW is the SDDL spelling of WS: Add/Remove self as member = member's GUID
    ObjectAce self = (ObjectAce) DsaclsNotation.grant(S, "SW;Self-Membership", Inheritance.NONE);
    assertThat(self.objectType()).contains(UUID.fromString("bf9679c0-0de6-11d0-a285-00aa003049e2"));
    assertThat(DsaclsNotation.toDsacls(self)).isEqualTo("WS;Add/Remove self as member");
  }

  @ParameterizedTest
  @CsvSource({
    "'CA;Reset Password;user /I:S', CA;Reset Password;user, /I:S",
    "'WP;lockoutTime;user /I:S', WP;lockoutTime;user, /I:S",
    "'RPWP;;group /I:S', RPWP;;group, /I:S",
    "'CA;Replicating Directory Changes', CA;Replicating Directory Changes, ''",
    "'RPWP;mS-DS-ConsistencyGuid;user /I:S', RPWP;mS-DS-ConsistencyGuid;user, /I:S",
    "'SDRCWDWO;;user', SDRCWDWO;;user, ''",
    "'RP;;foreignSecurityPrincipal /I:S', RP;;foreignsecurityprincipal, /I:S",
    "'GA /I:T', GA, /I:T",
    "'CCDC;group', CCDC;group;, ''",
  })
  void toDsaclsRendersWhatParsesBack(String rendered, String statement, String option) {
    Ace ace = DsaclsNotation.grant(S, statement, Inheritance.parse(option));
    assertThat(DsaclsNotation.toDsacls(ace)).isEqualTo(rendered);
    String[] parts = rendered.split(" /I:");
    Inheritance again = parts.length > 1 ? Inheritance.parse("/I:" + parts[1]) : Inheritance.NONE;
    assertThat(DsaclsNotation.grant(S, parts[0], again)).isEqualTo(ace);
  }

  @Test
  void parseReadsAFullGrantOrDenyArgument() {
    assertThat(DsaclsNotation.parse(S + ":CA;Reset Password;user /I:S", SchemaCatalog.standard()))
        .isEqualTo(DsaclsNotation.grant(S, "CA;Reset Password;user", Inheritance.SUB_OBJECTS_ONLY));
    assertThat(DsaclsNotation.parse("/D " + S + ":WP;member;group", SchemaCatalog.standard()))
        .isEqualTo(DsaclsNotation.deny(S, "WP;member;group", Inheritance.NONE));
    assertThatThrownBy(
            () ->
                DsaclsNotation.parse("CONTOSO\\MSOL_1:CA;Reset Password", SchemaCatalog.standard()))
        .isInstanceOf(DsaclsSyntaxException.class)
        .hasMessageContaining("not a SID string")
        .hasMessageContaining("objectSid");
  }

  @Test
  void guidsMayStandForNamesAndUnknownGuidsRenderAsGuids() {
    UUID unknown = UUID.fromString("7cb4c7d3-8787-42b0-b438-3c5d479ad31e");
    Ace ace = DsaclsNotation.grant(S, "WP;" + unknown + ";user", Inheritance.SUB_OBJECTS_ONLY);
    assertThat(((ObjectAce) ace).objectType()).contains(unknown);
    assertThat(DsaclsNotation.toDsacls(ace)).isEqualTo("WP;" + unknown + ";user /I:S");
    Ace byGuid =
        DsaclsNotation.grant(S, "CA;{00299570-246d-11d0-a768-00aa006e0529}", Inheritance.NONE);
    assertThat(DsaclsNotation.toDsacls(byGuid)).isEqualTo("CA;Reset Password");
  }

  @Test
  void mistakesGetTypedExceptionsThatSayWhatIsWrong() {
    assertThatThrownBy(() -> DsaclsNotation.grant(S, "XX;;user", Inheritance.NONE))
        .isInstanceOfSatisfying(
            DsaclsSyntaxException.class, e -> assertThat(e.offset()).isEqualTo(0))
        .hasMessageContaining("unknown permission 'XX'");
    assertThatThrownBy(() -> DsaclsNotation.grant(S, "RPW;;user", Inheritance.NONE))
        .isInstanceOf(DsaclsSyntaxException.class)
        .hasMessageContaining("pairs");
    assertThatThrownBy(() -> DsaclsNotation.grant(S, ";lockoutTime", Inheritance.NONE))
        .isInstanceOf(DsaclsSyntaxException.class)
        .hasMessageContaining("no permission letters");
    assertThatThrownBy(() -> DsaclsNotation.grant(S, "RC;lockoutTime", Inheritance.NONE))
        .isInstanceOf(DsaclsSyntaxException.class)
        .hasMessageContaining("none of the rights takes one");
    assertThatThrownBy(() -> DsaclsNotation.grant(S, "CA;Reset Pasword;user", Inheritance.NONE))
        .isInstanceOf(UnknownSchemaObjectException.class)
        .hasMessageContaining("Reset Password");
    assertThatThrownBy(() -> DsaclsNotation.grant(S, "WP;lockoutTme;user", Inheritance.NONE))
        .isInstanceOf(UnknownSchemaObjectException.class)
        .hasMessageContaining("lockoutTime");
    // §2.6: the Exchange class is absent without the Exchange schema, like dsacls' "No GUID Found"
    assertThatThrownBy(() -> DsaclsNotation.grant(S, "RP;;publicFolder", Inheritance.NONE))
        .isInstanceOf(UnknownSchemaObjectException.class)
        .hasMessageContaining("publicFolder");
  }

  @Test
  void acesDsaclsCannotWriteAreRefused() {
    assertThatThrownBy(
            () ->
                DsaclsNotation.toDsacls(
                    AccessAce.audit(S, AccessMask.WRITE_PROPERTY, AceFlags.SUCCESSFUL_ACCESS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allow and deny");
    assertThatThrownBy(
            () ->
                DsaclsNotation.toDsacls(
                    AccessAce.allow(
                        S,
                        AccessMask.READ_PROPERTY,
                        AceFlags.union(AceFlags.OBJECT_INHERIT, AceFlags.CONTAINER_INHERIT))))
        .hasMessageContaining("cannot express ACE flags");
    assertThatThrownBy(
            () ->
                DsaclsNotation.toDsacls(
                    AccessAce.allow(S, AccessMask.ACCESS_SYSTEM_SECURITY, AceFlags.NONE)))
        .hasMessageContaining("no letter for access bits 0x01000000");
  }

  @Test
  void masksRenderWithGenericLettersForFullMappedSets() {
    assertThat(DsaclsNotation.formatMask(AccessMask.DS_GENERIC_ALL)).isEqualTo("GA");
    assertThat(DsaclsNotation.formatMask(AccessMask.DS_GENERIC_READ)).isEqualTo("GR");
    assertThat(DsaclsNotation.formatMask(AccessMask.of(0x0002_0094 | 0x100))).isEqualTo("GRCA");
    assertThat(DsaclsNotation.formatMask(AccessMask.of(0x30))).isEqualTo("RPWP");
    assertThat(DsaclsNotation.parseMask("GRGWCCDCSDDT").value())
        .isEqualTo(0x8000_0000 | 0x4000_0000 | 0x1 | 0x2 | 0x1_0000 | 0x40);
    assertThat(DsaclsNotation.parseMask("crsw")).isEqualTo(AccessMask.of(0x108));
  }

  @Test
  void defaultCatalogResolvesUserAsTheUserClass() {
    ObjectAce ace = (ObjectAce) DsaclsNotation.grant(S, "RPWP;;user", Inheritance.SUB_OBJECTS_ONLY);
    assertThat(ace.inheritedObjectType()).contains(USER);
  }
}
