package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.adwriteback.security.DefaultOwnerGroup.NamingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default owner and group of a new object: every row of ../shared/spec/vectors/inheritance.md
 * §4 (Samba's sec_descriptor.py OwnerGroupDescriptorTests, objects created without a descriptor) in
 * both columns, below and from domain functional level 2008. The rows with a supplied descriptor
 * are in {@code DescriptorInheritanceTest.OwnerGroupCases}.
 */
class DefaultOwnerGroupTest {

  static final Sid DOMAIN = SambaFixtures.DOMAIN;
  static final Sid DA = DOMAIN.withRid(512);
  static final Sid DU = DOMAIN.withRid(513);
  static final Sid SA = DOMAIN.withRid(518);
  static final Sid EA = DOMAIN.withRid(519);

  /**
   * testuserN of the Samba test: 1 EA, 2 DA, 3 SA, 4 none, 5 EA+DA, 6 EA+DA+SA, 7 DA+SA, 8 EA+SA.
   */
  static final String[] MEMBERSHIPS = {"EA", "DA", "SA", "", "EA DA", "EA DA SA", "DA SA", "EA SA"};

  static Sid user(int n) {
    return DOMAIN.withRid(1100 + n);
  }

  /** The token of testuserN: the account, its primary group Domain Users and its admin groups. */
  static SecurityToken token(int n) {
    List<Sid> groups = new ArrayList<>();
    groups.add(DU);
    for (String g : MEMBERSHIPS[n - 1].split(" ")) {
      if (!g.isEmpty()) {
        groups.add(alias(g, n));
      }
    }
    return SecurityToken.forAccount(user(n), groups);
  }

  static Sid alias(String a, int n) {
    return switch (a) {
      case "DA" -> DA;
      case "DU" -> DU;
      case "SA" -> SA;
      case "EA" -> EA;
      case "%s" -> user(n);
      default -> throw new IllegalArgumentException(a);
    };
  }

  /** Parses the test's {@code O:xxG:yy} prefix. */
  static DefaultOwnerGroup expected(String prefix, int n) {
    int g = prefix.indexOf("G:");
    return new DefaultOwnerGroup(
        alias(prefix.substring(2, g), n), alias(prefix.substring(g + 2), n));
  }

  @ParameterizedTest(name = "test_{0}: testuser{1} in {2}")
  @CsvSource({
    "100, 1, DOMAIN,        O:EAG:DU, O:EAG:EA",
    "101, 2, DOMAIN,        O:DAG:DU, O:DAG:DA",
    "102, 3, DOMAIN,        O:%sG:DU, O:%sG:DU",
    "103, 4, DOMAIN,        O:%sG:DU, O:%sG:DU",
    "104, 5, DOMAIN,        O:DAG:DU, O:DAG:DA",
    "105, 6, DOMAIN,        O:DAG:DU, O:DAG:DA",
    "106, 7, DOMAIN,        O:DAG:DU, O:DAG:DA",
    "107, 8, DOMAIN,        O:EAG:DU, O:EAG:EA",
    "130, 1, SCHEMA,        O:EAG:DU, O:EAG:EA",
    "131, 2, SCHEMA,        O:DAG:DU, O:DAG:DA",
    "132, 3, SCHEMA,        O:SAG:DU, O:SAG:SA",
    "133, 4, SCHEMA,        O:%sG:DU, O:%sG:DU",
    "134, 5, SCHEMA,        O:EAG:DU, O:EAG:EA",
    "135, 6, SCHEMA,        O:SAG:DU, O:SAG:SA",
    "136, 7, SCHEMA,        O:SAG:DU, O:SAG:SA",
    "137, 8, SCHEMA,        O:SAG:DU, O:SAG:SA",
    "160, 1, CONFIGURATION, O:EAG:DU, O:EAG:EA",
    "161, 2, CONFIGURATION, O:DAG:DU, O:DAG:DA",
    "162, 3, CONFIGURATION, O:%sG:DU, O:%sG:DU",
    "163, 4, CONFIGURATION, O:%sG:DU, O:%sG:DU",
    "164, 5, CONFIGURATION, O:EAG:DU, O:EAG:EA",
    "165, 6, CONFIGURATION, O:EAG:DU, O:EAG:EA",
    "166, 7, CONFIGURATION, O:DAG:DU, O:DAG:DA",
    "167, 8, CONFIGURATION, O:EAG:DU, O:EAG:EA"
  })
  void choosesTheOwnerAndGroupAsTheSambaTestsExpect(
      int test, int n, NamingContext nc, String below2008, String from2008) {
    assertThat(DefaultOwnerGroup.forCreator(token(n), DU, nc, DOMAIN, 2))
        .as("domain functional level 2003")
        .isEqualTo(expected(below2008, n));
    for (int level : new int[] {3, 4, 7}) {
      assertThat(DefaultOwnerGroup.forCreator(token(n), DU, nc, DOMAIN, level))
          .as("domain functional level %d", level)
          .isEqualTo(expected(from2008, n));
    }
  }

  @Test
  void enterpriseAndSchemaAdminsAreTheForestRootDomainsGroups() {
    Sid child = Sid.parse("S-1-5-21-1-2-3");
    SecurityToken rootEa = SecurityToken.forAccount(child.withRid(1105), List.of(EA));
    SecurityToken childDa =
        SecurityToken.forAccount(child.withRid(1106), List.of(child.withRid(512)));

    assertThat(
            DefaultOwnerGroup.forCreator(
                rootEa, child.withRid(513), NamingContext.CONFIGURATION, child, DOMAIN, 4))
        .isEqualTo(new DefaultOwnerGroup(EA, EA));
    assertThat(
            DefaultOwnerGroup.forCreator(
                childDa, child.withRid(513), NamingContext.DOMAIN, child, DOMAIN, 4))
        .isEqualTo(new DefaultOwnerGroup(child.withRid(512), child.withRid(512)));
  }

  @Test
  void anApplicationPartitionGivesTheCreatorHimselfAsSambaDoes() {
    assertThat(DefaultOwnerGroup.forCreator(token(2), DU, NamingContext.APPLICATION, DOMAIN, 4))
        .isEqualTo(new DefaultOwnerGroup(user(2), DU));
  }

  @Test
  void localSystemGetsTheNamingContextsAdministratorsGroup() {
    SecurityToken system = SecurityToken.of(Sid.LOCAL_SYSTEM, List.of());
    assertThat(DefaultOwnerGroup.forCreator(system, DU, NamingContext.DOMAIN, DOMAIN, 4))
        .isEqualTo(new DefaultOwnerGroup(DA, DA));
    assertThat(DefaultOwnerGroup.forCreator(system, DU, NamingContext.CONFIGURATION, DOMAIN, 4))
        .isEqualTo(new DefaultOwnerGroup(EA, EA));
    assertThat(DefaultOwnerGroup.forCreator(system, DU, NamingContext.SCHEMA, DOMAIN, 4))
        .isEqualTo(new DefaultOwnerGroup(SA, SA));
  }

  @Test
  void aTokenWithoutUserOrAdministratorsGroupHasNoOwner() {
    assertThatThrownBy(
            () ->
                DefaultOwnerGroup.forCreator(
                    SecurityToken.empty(), DU, NamingContext.DOMAIN, DOMAIN, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no user SID");
  }
}
