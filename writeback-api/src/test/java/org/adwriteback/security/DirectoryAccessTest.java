package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Name-level access checks and object creation through the schema catalog, checked end to end
 * against the Samba AD DC fixtures: the descriptors it gave new objects (descriptors.tsv,
 * inheritance.tsv) and the allowed/denied outcome of real LDAP operations (access-checks.tsv).
 */
class DirectoryAccessTest {

  private static final DirectoryAccess DS = DirectoryAccess.standard();
  private static final SddlContext CTX = SddlContext.of(SambaFixtures.DOMAIN);
  private static final String ROOT = "DC=contoso,DC=test";
  private static final String FIXTURES = "OU=Fixtures," + ROOT;

  private static SecurityDescriptor create(SecurityDescriptor parent, String objectClass) {
    return DS.createChild(
        Optional.of(parent),
        objectClass,
        Optional.empty(),
        CTX,
        SambaFixtures.DOMAIN_ADMINS,
        SambaFixtures.DOMAIN_ADMINS);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "descriptors.tsv, OU=Fixtures|DC=contoso|DC=test, DC=contoso|DC=test",
    "descriptors.tsv, CN=Fixture User|OU=Fixtures|DC=contoso|DC=test, OU=Fixtures|DC=contoso|DC=test",
    "descriptors.tsv, CN=Fixture Group|OU=Fixtures|DC=contoso|DC=test, OU=Fixtures|DC=contoso|DC=test",
    "descriptors.tsv, CN=FIXPC01|OU=Fixtures|DC=contoso|DC=test, OU=Fixtures|DC=contoso|DC=test",
    "descriptors.tsv, CN=Fixture Contact|OU=Fixtures|DC=contoso|DC=test, OU=Fixtures|DC=contoso|DC=test",
    "inheritance.tsv, OU=Child|OU=Inherit|OU=Fixtures|DC=contoso|DC=test,"
        + " OU=Inherit|OU=Fixtures|DC=contoso|DC=test",
    "inheritance.tsv, CN=INHPC01|OU=Inherit|OU=Fixtures|DC=contoso|DC=test,"
        + " OU=Inherit|OU=Fixtures|DC=contoso|DC=test",
    "inheritance.tsv, CN=Grandchild User|OU=Child|OU=Inherit|OU=Fixtures|DC=contoso|DC=test,"
        + " OU=Child|OU=Inherit|OU=Fixtures|DC=contoso|DC=test"
  })
  void newObjectsGetTheDescriptorSambaGaveThem(String file, String childDn, String parentDn) {
    String child = childDn.replace('|', ',');
    String parent = parentDn.replace('|', ',');
    Map<String, SambaFixtures.Row> rows = SambaFixtures.descriptors(file);
    SambaFixtures.Row row = rows.get(child + "|15");
    SecurityDescriptor parentSd =
        (rows.containsKey(parent + "|15") ? rows : SambaFixtures.descriptors("descriptors.tsv"))
            .get(parent + "|15")
            .sd();

    SecurityDescriptor ours = create(parentSd, row.objectClass());

    assertThat(ours.dacl().orElseThrow().aces())
        .containsExactlyElementsOf(row.sd().dacl().orElseThrow().aces());
    assertThat(ours).isEqualTo(row.sd());
  }

  /**
   * Rebuilds OU=Access and its user CN=Access Target as Samba created them, applies the three
   * grants of capture-info.txt to the OU, re-propagates to the user, and asks each operation of
   * access-checks.tsv as svc-fixture before and after.
   */
  @Test
  void decidesEveryOperationOfTheSambaCaptureAsTheDcDid() {
    SecurityDescriptor fixtures = SambaFixtures.sd("descriptors.tsv", FIXTURES, 15);
    SecurityDescriptor ouBefore = create(fixtures, "organizationalUnit");
    SecurityDescriptor targetBefore = create(ouBefore, "user");
    SecurityDescriptor svcObject = create(fixtures, "user");
    String grants = captureGrants();
    Acl granted = ouBefore.dacl().orElseThrow();
    List<Ace> added = SecurityDescriptor.fromSddl("D:" + grants, CTX).dacl().orElseThrow().aces();
    for (int i = added.size() - 1; i >= 0; i--) {
      granted = granted.add(0, added.get(i));
    }
    SecurityDescriptor ouAfter =
        DescriptorInheritance.applyWrite(
            Optional.of(fixtures),
            ouBefore,
            SecurityDescriptor.ofDacl(granted),
            DS.objectTypes("organizationalUnit"),
            true);
    SecurityDescriptor targetAfter =
        DescriptorInheritance.propagate(ouAfter, targetBefore, DS.objectTypes("user"), true);
    SecurityToken svc =
        SecurityToken.forAccount(SambaFixtures.SVC, List.of(SambaFixtures.DOMAIN_USERS));

    int checked = 0;
    for (String[] l : SambaFixtures.lines("access-checks.tsv")) {
      boolean after = l[1].equals("after_grant");
      boolean expected = l[4].equals("0");
      SecurityDescriptor ou = after ? ouAfter : ouBefore;
      SecurityDescriptor target = after ? targetAfter : targetBefore;
      boolean actual =
          switch (l[2]) {
            case "reset unicodePwd" -> DS.hasControlAccess(target, svc, "user", "Reset Password");
            case "write lockoutTime" -> DS.canWriteProperty(target, svc, "user", "lockoutTime");
            case "write description" -> DS.canWriteProperty(target, svc, "user", "description");
            case "create user" -> DS.canCreateChild(ou, svc, "user");
            case "create group" -> DS.canCreateChild(ou, svc, "group");
            case "write own description" ->
                DS.canWriteProperty(
                    svcObject, svc.withPrincipalSelf(SambaFixtures.SVC), "user", "description");
            default -> throw new IllegalStateException("unknown operation " + l[2]);
          };
      assertThat(actual).as("%s %s", l[1], l[2]).isEqualTo(expected);
      checked++;
    }
    assertThat(checked).isEqualTo(12);
  }

  private static String captureGrants() {
    for (String[] l : SambaFixtures.lines("capture-info.txt")) {
      if (l[0].startsWith("access_grants=")) {
        return l[0].substring("access_grants=".length());
      }
    }
    throw new IllegalStateException("capture-info.txt has no access_grants");
  }

  @Test
  void propertyTreeGroupsAttributesByPropertySet() {
    ObjectTypeTree tree =
        DS.propertyTree("user", List.of("displayName", "lockoutTime", "adminDescription", "url"));
    assertThat(tree.size()).isEqualTo(7);
    int generalInfo =
        tree.indexOf(java.util.UUID.fromString("59ba2f42-79a2-11d0-9020-00c04fc2d3cf"));
    assertThat(tree.level(generalInfo)).isEqualTo(1);
    assertThat(tree.subtreeEnd(generalInfo) - generalInfo).isEqualTo(3);
    int lockout = tree.indexOf(java.util.UUID.fromString("28630ebf-41d5-11d1-a9c1-0000f80367c1"));
    assertThat(tree.level(lockout)).isEqualTo(1);
  }

  @Test
  void aModifyOfSeveralAttributesNeedsWriteOnEach() {
    Sid u = SambaFixtures.DOMAIN.withRid(4001);
    SecurityToken t = SecurityToken.forAccount(u, List.of());
    SecurityDescriptor sd =
        SecurityDescriptor.fromSddl(
            "O:DAG:DAD:(OA;;WP;bf967953-0de6-11d0-a285-00aa003049e2;;" + u + ")", CTX);
    assertThat(DS.canWriteProperty(sd, t, "group", "displayName")).isTrue();
    assertThat(DS.canWriteProperties(sd, t, "group", List.of("displayName"))).isTrue();
    assertThat(DS.canWriteProperties(sd, t, "group", List.of("url", "displayName"))).isFalse();
    assertThat(DS.canReadProperty(sd, t, "group", "displayName")).isFalse();
  }

  @Test
  void rightsAreFoundByDisplayNameOrCn() {
    SecurityToken t = SecurityToken.forAccount(SambaFixtures.SVC, List.of());
    SecurityDescriptor sd =
        SecurityDescriptor.fromSddl(
            "O:DAG:DAD:(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;" + SambaFixtures.SVC + ")",
            CTX);
    assertThat(DS.hasControlAccess(sd, t, "user", "Reset Password")).isTrue();
    assertThat(DS.hasControlAccess(sd, t, "user", "User-Force-Change-Password")).isTrue();
    assertThat(DS.hasControlAccess(sd, t, "user", "User-Change-Password")).isFalse();
    assertThatThrownBy(() -> DS.hasControlAccess(sd, t, "user", "Reset Pasword"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Reset Pasword");
  }

  @Test
  void deleteThroughTheParent() {
    SecurityToken t = SecurityToken.forAccount(SambaFixtures.SVC, List.of());
    SecurityDescriptor obj = SecurityDescriptor.fromSddl("O:DAG:DAD:(A;;RPLCLORC;;;AU)", CTX);
    SecurityDescriptor parent =
        SecurityDescriptor.fromSddl(
            "O:DAG:DAD:(OA;;DC;bf967aba-0de6-11d0-a285-00aa003049e2;;AU)", CTX);
    assertThat(DS.canDeleteChild(parent, t, "user")).isTrue();
    assertThat(DS.canDelete(obj, Optional.of(parent), t, "user")).isTrue();
    assertThat(DS.canDelete(obj, Optional.of(parent), t, "group")).isFalse();
    assertThat(DS.canDelete(obj, Optional.empty(), t, "user")).isFalse();
  }
}
