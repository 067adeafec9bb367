package org.adwriteback.ldap.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPConnectionStatistics;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.adwriteback.provisioning.GroupKind;
import org.adwriteback.provisioning.GroupUpsert;
import org.adwriteback.provisioning.ItemResult;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.SourceAnchor;
import org.adwriteback.provisioning.UserUpsert;
import org.adwriteback.provisioning.WritebackResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The batch directory index: new objects cost one add each, and every case the index cannot decide
 * (a name taken before or after the index was read, two items wanting one name, a member the index
 * does not know) ends exactly as without the index. Runs on the testkit ({@link BatchIndexTest})
 * and on Samba ({@link BatchIndexOnSambaTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BatchIndexScenarios {

  private String ou;

  /** A new connection bound as Administrator. */
  abstract LDAPConnection admin() throws LDAPException;

  /** The domain naming context. */
  abstract String baseDn();

  @BeforeAll
  void createOu() throws LDAPException {
    ou = addOu(baseDn(), "idx-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @AfterAll
  void deleteOu() throws LDAPException {
    try (LDAPConnection admin = admin()) {
      WritebackScenarios.deleteTree(admin, ou);
    }
  }

  private String addOu(String parent, String name) throws LDAPException {
    String dn = "OU=" + name + "," + parent;
    try (LDAPConnection admin = admin()) {
      admin.add(dn, new Attribute("objectClass", "organizationalUnit"));
    }
    return dn;
  }

  private Provisioner provisioner(String name) throws LDAPException {
    String parent = addOu(ou, name);
    return new Provisioner(
        ProvisioningSettings.builder()
            .userContainer(addOu(parent, "Users"))
            .groupContainer(addOu(parent, "Groups"))
            .memberBatchSize(5)
            .build());
  }

  private static List<UserUpsert> users(String prefix, int n) {
    List<UserUpsert> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String nick = prefix + i;
      out.add(UserUpsert.of(UUID.randomUUID().toString(), nick + "@contoso.test", "User " + nick));
    }
    return out;
  }

  private static GroupUpsert group(String nick, List<UserUpsert> members) {
    return new GroupUpsert(
        UUID.randomUUID().toString(),
        "Group " + nick,
        nick,
        java.util.Optional.empty(),
        GroupKind.SECURITY,
        members.stream().map(UserUpsert::cloudObjectId).toList());
  }

  private static BatchOptions options(boolean index) {
    return BatchOptions.defaults().withParallelism(2).withDirectoryIndex(index);
  }

  @Test
  void newUsersAndGroupsCostOneAddEachAndNoSearchPerItem() throws Exception {
    Provisioner p = provisioner("OneAdd");
    List<UserUpsert> users = users("oneadd", 40);
    List<GroupUpsert> groups = new ArrayList<>();
    for (int g = 0; g < 25; g++) {
      groups.add(group("oneaddg" + g, users.subList(g, g + 4)));
    }
    LDAPConnection connection = admin();
    try (LDAPConnectionPool pool = new LDAPConnectionPool(connection, 1)) {
      LDAPConnectionStatistics stats = connection.getConnectionStatistics();
      // what reading the index costs on this directory: one page per 1,000 principals, and the
      // reads of the rootDSE, schema and partitions the provisioner does once
      p.loadIndex(connection, List.of());
      long indexSearches = stats.getNumSearchRequests();
      BatchWriter writer = new BatchWriter(p, pool, options(true).withParallelism(1));

      assertThat(writer.run(users).counts()).containsExactly(Map.entry("Created", 40));
      assertThat(stats.getNumAddRequests()).isEqualTo(40);
      assertThat(stats.getNumModifyRequests()).isZero();
      // no search per item: the batch read the index again and nothing else (40 new principals
      // may add a page)
      long afterUsers = stats.getNumSearchRequests();
      assertThat(afterUsers - indexSearches).isLessThanOrEqualTo(indexSearches + 1);

      assertThat(writer.run(groups).counts()).containsExactly(Map.entry("Created", 25));
      assertThat(stats.getNumAddRequests()).isEqualTo(65);
      assertThat(stats.getNumModifyRequests()).isZero(); // 4 members fit the first batch of 5
      // the group batch reuses the users batch's index and reads only the group anchors again
      assertThat(stats.getNumSearchRequests() - afterUsers).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void theSameBatchWithAndWithoutIndexEndsTheSame() throws Exception {
    List<List<String>> outcomes = new ArrayList<>();
    for (boolean index : new boolean[] {true, false}) {
      Provisioner p = provisioner("Same" + index);
      // a name taken before the batch: the index knows it, the item detours to "(2)"
      try (LDAPConnection admin = admin()) {
        admin.add(
            Names.childDn(p.settings().userContainerDn(), "User same" + index + "3"),
            new Attribute("objectClass", "contact"));
      }
      List<UserUpsert> users = users("same" + index, 25);
      // two items of one batch deriving the same sAMAccountName
      users.add(
          UserUpsert.of(
              UUID.randomUUID().toString(), "same" + index + "7@fabrikam.test", "Other twin"));
      try (LDAPConnectionPool pool = new LDAPConnectionPool(admin(), 2)) {
        BatchWriter writer = new BatchWriter(p, pool, options(index).withParallelism(1));
        BatchReport report = writer.run(users);
        assertThat(report.allSucceeded()).as(report.failures().toString()).isTrue();
        outcomes.add(
            report.items().stream()
                .map(i -> describe(i, "same" + index))
                .sorted(Comparator.naturalOrder())
                .toList());
        assertThat(writer.run(users).counts()).containsExactly(Map.entry("Unchanged", 26));
      }
    }
    assertThat(outcomes.get(0)).isEqualTo(outcomes.get(1));
    assertThat(String.join("\n", outcomes.get(0)))
        .contains("User #3 (2)")
        .contains("is taken; used");
  }

  /** The result with the run-specific prefix replaced, so that two runs compare. */
  private static String describe(ItemResult item, String prefix) {
    WritebackResult r = item.result();
    String text =
        r instanceof WritebackResult.Created c
            ? "Created " + c.dn().substring(0, c.dn().indexOf(",OU=")) + " " + c.notes()
            : r.toString();
    return text.replaceAll("(?i)" + prefix, "#").replaceAll("\\(2\\)", "(2)");
  }

  @Test
  void namesTakenAfterTheIndexWasReadDetourAsWithoutIt() throws Exception {
    Provisioner p = provisioner("Stale");
    List<UserUpsert> users = new ArrayList<>(users("stale", 3));
    // in another UPN suffix, so that only the sAMAccountName collides (not the implied UPN)
    users.set(1, UserUpsert.of(UUID.randomUUID().toString(), "stale1@fabrikam.test", "User s1"));
    try (LDAPConnection c = admin()) {
      BatchIndex index = p.loadIndex(c, List.of());
      // someone else takes the DN of user 0 and the sAMAccountName of user 1 meanwhile
      c.add(
          Names.childDn(p.settings().userContainerDn(), "User stale0"),
          new Attribute("objectClass", "contact"));
      c.add(
          "CN=stale1," + ou,
          new Attribute("objectClass", "user"),
          new Attribute("sAMAccountName", "stale1"));
      WritebackResult first = p.execute(c, users.get(0), false, index);
      WritebackResult second = p.execute(c, users.get(1), false, index);
      assertThat(first).isInstanceOf(WritebackResult.Created.class);
      assertThat(((WritebackResult.Created) first).dn()).startsWith("CN=User stale0 (2),");
      assertThat(second).isInstanceOf(WritebackResult.Created.class);
      assertThat(((WritebackResult.Created) second).notes())
          .anySatisfy(n -> assertThat(n).contains("sAMAccountName stale1 is taken"));
      // the objects that were there first are untouched
      assertThat(c.getEntry(Names.childDn(p.settings().userContainerDn(), "User stale0")))
          .satisfies(e -> assertThat(e.hasObjectClass("contact")).isTrue());

      // a user written by someone else after the index was read is found as a member
      UserUpsert late = users.get(2);
      assertThat(p.apply(c, late)).isInstanceOf(WritebackResult.Created.class);
      WritebackResult group = p.execute(c, group("stalegroup", List.of(late)), false, index);
      assertThat(group).isInstanceOf(WritebackResult.Created.class);
      assertThat(p.readMembers(c, ((WritebackResult.Created) group).dn()))
          .extracting(m -> new DN(m).getRDNString())
          .containsExactly("CN=User stale2");
    }
  }

  @Test
  void aBatchMixingUsersAndGroupsWritesTheUsersFirst() throws Exception {
    for (boolean index : new boolean[] {true, false}) {
      Provisioner p = provisioner("Mixed" + index);
      List<UserUpsert> users = users("mix" + index, 24);
      List<org.adwriteback.provisioning.WritebackRequest> requests = new ArrayList<>();
      // groups first in the list: they must still find the users of the same batch
      for (int g = 0; g < 6; g++) {
        requests.add(group("mix" + index + "g" + g, users.subList(g * 4, g * 4 + 4)));
      }
      requests.addAll(users);
      try (LDAPConnectionPool pool = new LDAPConnectionPool(admin(), 4)) {
        BatchReport report =
            new BatchWriter(p, pool, options(index).withParallelism(4)).run(requests);
        assertThat(report.allSucceeded()).as(report.failures().toString()).isTrue();
        assertThat(report.counts()).containsExactly(Map.entry("Created", 30));
        assertThat(report.items().get(0).result())
            .isInstanceOfSatisfying(
                WritebackResult.Created.class, c -> assertThat(c.dn()).startsWith("CN=Group_"));
      }
    }
  }

  @Test
  void aGroupBatchAfterAUserBatchSeesGroupsAndMembersChangedInBetween() throws Exception {
    Provisioner p = provisioner("Between");
    List<UserUpsert> users = users("betw", 24);
    GroupUpsert existing = group("betwg0", users.subList(0, 3));
    GroupUpsert orphan = group("betwg1", users.subList(3, 6));
    List<GroupUpsert> groups = new ArrayList<>(List.of(existing, orphan));
    for (int g = 2; g < 22; g++) {
      // members among users 6..23, none of them the one deleted below (user 3)
      int first = 6 + (g % 16);
      groups.add(group("betwg" + g, users.subList(first, first + 2)));
    }
    try (LDAPConnectionPool pool = new LDAPConnectionPool(admin(), 2);
        LDAPConnection admin = admin()) {
      BatchWriter writer = new BatchWriter(p, pool, options(true));
      BatchReport u = writer.run(users);
      assertThat(u.allSucceeded()).isTrue();
      // meanwhile someone else writes back one of the groups, and deletes a member of another
      String otherDn = "CN=elsewhere," + p.settings().groupContainerDn();
      admin.add(
          otherDn,
          new Attribute("objectClass", "group"),
          new Attribute("sAMAccountName", "betwelse"),
          new Attribute("adminDescription", "Group_" + existing.anchor().text()));
      admin.delete(((WritebackResult.Created) u.items().get(3).result()).dn());

      BatchReport g = writer.run(groups);
      // the group written in between is updated, not written twice
      assertThat(g.items().get(0).result())
          .isInstanceOfSatisfying(
              WritebackResult.Updated.class, r -> assertThat(r.dn()).isEqualTo(otherDn));
      // the group whose member is gone fails as without the index: the member is not found
      assertThat(g.items().get(1).result())
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f ->
                  assertThat(f.kind())
                      .isEqualTo(org.adwriteback.provisioning.FailureKind.NOT_FOUND));
      assertThat(g.counts()).containsEntry("Created", 20);
    }
  }

  @Test
  void groupAnchorsAreFoundWhateverTheirCaseAndHoweverManyTheBatchHas() throws Exception {
    Provisioner p = provisioner("Anchors");
    List<SourceAnchor> anchors = new ArrayList<>();
    // one more than a search asks for, so that the last anchor is in a second search
    for (int i = 0; i <= BatchIndex.GROUP_ANCHORS_PER_SEARCH; i++) {
      anchors.add(SourceAnchor.parse(UUID.randomUUID().toString()).orElseThrow());
    }
    SourceAnchor first = anchors.get(0);
    SourceAnchor last = anchors.get(anchors.size() - 1);
    String lowerDn = "CN=lower," + p.settings().groupContainerDn();
    try (LDAPConnection c = admin()) {
      // written by someone else, one with the object id in upper case
      c.add(
          "CN=upper," + p.settings().groupContainerDn(),
          new Attribute("objectClass", "group"),
          new Attribute("sAMAccountName", "anchupper"),
          new Attribute("adminDescription", "Group_" + last.text().toUpperCase(Locale.ROOT)));
      c.add(
          lowerDn,
          new Attribute("objectClass", "group"),
          new Attribute("sAMAccountName", "anchlower"),
          new Attribute("adminDescription", "Group_" + first.text()));

      BatchIndex index = p.loadIndex(c, anchors);
      assertThat(index.knowsGroup(first)).isTrue();
      assertThat(index.knowsGroup(last)).isTrue();
      assertThat(anchors.subList(1, anchors.size() - 1)).noneMatch(index::knowsGroup);

      // deleted in between: a refresh that asks for it forgets it, and keeps what it did not ask
      c.delete(lowerDn);
      p.refreshIndex(c, index, List.of(first));
      assertThat(index.knowsGroup(first)).isFalse();
      assertThat(index.knowsGroup(last)).isTrue();
    }
  }
}
