package org.adwriteback.ldap.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.when;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.adwriteback.provisioning.AccountRef;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.GroupKind;
import org.adwriteback.provisioning.GroupUpsert;
import org.adwriteback.provisioning.ItemResult;
import org.adwriteback.provisioning.PasswordChange;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.Secret;
import org.adwriteback.provisioning.SourceAnchor;
import org.adwriteback.provisioning.UserUpsert;
import org.adwriteback.provisioning.WritebackRequest;
import org.adwriteback.provisioning.WritebackResult;
import org.adwriteback.security.GuidBytes;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch writer on the in-memory AD testkit: per-item results, progress, dry run, convergence,
 * and resilience. A batch whose connections are dropped, or whose server is restarted, part-way
 * through ends with exactly the intended objects (each anchor once, every member present); faults
 * no real server produces on demand (a write applied whose answer is lost) are injected with
 * Mockito.
 */
class BatchWriterTest {

  private static AdDirectory ad;
  private static String ou;

  @BeforeAll
  static void start() throws LDAPException, IOException {
    // fixed ports, so that a restart listens where the pool reconnects
    ad =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder()
                .ldapPort(freePort())
                .ldapsPort(freePort())
                .build());
    ou = ad.addOu("Batch");
  }

  @AfterAll
  static void stop() {
    ad.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A fresh pair of user and group containers, so that each test counts only its own objects. */
  private static Provisioner provisioner(String name) throws LDAPException {
    String parent = ad.addOu(ou, name);
    String users = ad.addOu(parent, "Users");
    String groups = ad.addOu(parent, "Groups");
    return new Provisioner(
        ProvisioningSettings.builder()
            .userContainer(users)
            .groupContainer(groups)
            .memberBatchSize(7)
            .build());
  }

  private static List<UserUpsert> users(int n) {
    List<UserUpsert> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String nick = "b" + UUID.randomUUID().toString().substring(0, 8);
      out.add(UserUpsert.of(UUID.randomUUID().toString(), nick + "@contoso.test", "User " + nick));
    }
    return out;
  }

  private static List<GroupUpsert> groups(List<UserUpsert> users, int n, int membersEach) {
    List<GroupUpsert> out = new ArrayList<>();
    for (int g = 0; g < n; g++) {
      List<String> members = new ArrayList<>();
      for (int m = 0; m < membersEach; m++) {
        members.add(users.get((g * 13 + m) % users.size()).cloudObjectId());
      }
      String nick = "g" + UUID.randomUUID().toString().substring(0, 8);
      out.add(
          new GroupUpsert(
              UUID.randomUUID().toString(),
              "Group " + nick,
              nick,
              Optional.empty(),
              GroupKind.SECURITY,
              members));
    }
    return out;
  }

  private static BatchOptions options() {
    return BatchOptions.defaults()
        .withParallelism(4)
        .withRetries(12, Duration.ofMillis(50), Duration.ofMillis(800));
  }

  /**
   * Asserts the containers hold exactly the intended objects: one user per anchor, one group per
   * anchor, each with exactly its members.
   */
  private static void assertExactly(Provisioner p, List<UserUpsert> users, List<GroupUpsert> groups)
      throws Exception {
    try (LDAPConnection c = ad.connection()) {
      List<SearchResultEntry> userEntries =
          c.search(
                  p.settings().userContainerDn(),
                  SearchScope.ONE,
                  Filter.createEqualityFilter("objectClass", "user"),
                  "mS-DS-ConsistencyGuid")
              .getSearchEntries();
      Map<String, DN> byAnchor = new HashMap<>();
      for (SearchResultEntry e : userEntries) {
        String anchor =
            GuidBytes.fromBytes(e.getAttributeValueBytes("mS-DS-ConsistencyGuid")).toString();
        assertThat(byAnchor.put(anchor, e.getParsedDN())).as("duplicate " + anchor).isNull();
      }
      assertThat(byAnchor.keySet())
          .containsExactlyInAnyOrderElementsOf(
              users.stream()
                  .map(u -> SourceAnchor.parse(u.cloudObjectId()).orElseThrow().text())
                  .toList());
      List<SearchResultEntry> groupEntries =
          c.search(
                  p.settings().groupContainerDn(),
                  SearchScope.ONE,
                  Filter.createEqualityFilter("objectClass", "group"),
                  "adminDescription")
              .getSearchEntries();
      assertThat(groupEntries).hasSize(groups.size());
      Map<String, String> groupDn = new HashMap<>();
      for (SearchResultEntry e : groupEntries) {
        groupDn.put(e.getAttributeValue("adminDescription"), e.getDN());
      }
      for (GroupUpsert g : groups) {
        String dn = groupDn.get("Group_" + g.anchor().text());
        assertThat(dn).as("group " + g.cloudObjectId()).isNotNull();
        Set<DN> want = new HashSet<>();
        for (String m : g.memberObjectIds()) {
          want.add(byAnchor.get(SourceAnchor.parse(m).orElseThrow().text()));
        }
        Set<DN> have = new HashSet<>();
        for (String m : p.readMembers(c, dn)) {
          have.add(new DN(m));
        }
        assertThat(have).as("members of " + dn).isEqualTo(want);
      }
    }
  }

  @Test
  void aBatchReportsEachItemInOrderWithProgressAndConvergesOnReRun() throws Exception {
    Provisioner p = provisioner("Converge");
    List<WritebackRequest> requests = new ArrayList<>(users(20));
    requests.add(UserUpsert.of("not-a-guid", "bad@contoso.test", "Bad"));
    List<Integer> progress = new CopyOnWriteArrayList<>();
    try (LDAPConnectionPool pool = new LDAPConnectionPool(ad.connection(), 3)) {
      BatchWriter writer =
          new BatchWriter(
              p,
              pool,
              options().withParallelism(3).withListener((r, done, total) -> progress.add(done)));
      BatchReport first = writer.run(requests);
      assertThat(first.counts()).containsEntry("Created", 20).containsEntry("Failed", 1);
      assertThat(first.items())
          .extracting(ItemResult::index)
          .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 21).boxed().toList());
      assertThat(first.failures())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.index()).isEqualTo(20);
                assertThat(((WritebackResult.Failed) f.result()).kind())
                    .isEqualTo(FailureKind.INVALID_INPUT);
              });
      assertThat(progress)
          .containsExactlyElementsOf(
              java.util.stream.IntStream.rangeClosed(1, 21).boxed().toList());
      assertThat(writer.run(requests).counts())
          .containsEntry("Unchanged", 20)
          .doesNotContainKey("Created");
    }
  }

  @Test
  void aDryRunBatchReportsEveryCreationAndWritesNothing() throws Exception {
    Provisioner p = provisioner("Dry");
    List<UserUpsert> users = users(10);
    try (LDAPConnectionPool pool = new LDAPConnectionPool(ad.connection(), 2)) {
      BatchReport report = new BatchWriter(p, pool, options().withDryRun(true)).run(users);
      assertThat(report.counts()).containsExactly(Map.entry("Created", 10));
      assertThat(report.items()).allMatch(ItemResult::dryRun);
    }
    assertExactly(p, List.of(), List.of());
  }

  @Test
  void aBatchWhoseConnectionsAreDroppedRepeatedlyEndsWithExactlyTheIntendedObjects()
      throws Exception {
    Provisioner p = provisioner("Dropped");
    List<UserUpsert> users = users(120);
    List<GroupUpsert> groups = groups(users, 12, 20);
    // the server drops every connection when these many items of a run are done: the other
    // workers are in the middle of an item, and every pooled connection is dead afterwards
    Set<Integer> userDrops = Set.of(15, 45, 75);
    Set<Integer> groupDrops = Set.of(4, 8);
    AtomicInteger drops = new AtomicInteger();
    ProgressListener chaos =
        (result, done, total) -> {
          if ((total == users.size() ? userDrops : groupDrops).contains(done)) {
            ad.dropConnections();
            drops.incrementAndGet();
          }
        };
    try (LDAPConnectionPool pool = new LDAPConnectionPool(ad.connection(), 4)) {
      BatchWriter writer = new BatchWriter(p, pool, options().withListener(chaos));
      BatchReport u = writer.run(users);
      BatchReport g = writer.run(groups);
      assertThat(drops.get()).isEqualTo(5);
      assertThat(u.failures()).isEmpty();
      assertThat(g.failures()).isEmpty();
      assertThat(u.items().stream().mapToInt(ItemResult::attempts).sum())
          .as("some user items were retried")
          .isGreaterThan(users.size());
      assertThat(g.items().stream().mapToInt(ItemResult::attempts).sum())
          .as("some group items were retried")
          .isGreaterThan(groups.size());
    }
    assertExactly(p, users, groups);
  }

  @Test
  void aBatchInterruptedByAServerRestartResumesWithNoLossAndNoDuplicates() throws Exception {
    Provisioner p = provisioner("Restart");
    List<UserUpsert> users = users(200);
    List<GroupUpsert> groups = groups(users, 20, 25);
    CountDownLatch halfway = new CountDownLatch(1);
    CountDownLatch groupsStarted = new CountDownLatch(1);
    ExecutorService chaos = Executors.newSingleThreadExecutor();
    try (LDAPConnectionPool pool = new LDAPConnectionPool(ad.connection(), 4)) {
      Future<?> restarts =
          chaos.submit(
              () -> {
                halfway.await();
                ad.restart(Duration.ofMillis(700));
                groupsStarted.await();
                ad.restart(Duration.ofMillis(300));
                return null;
              });
      BatchReport u =
          new BatchWriter(
                  p,
                  pool,
                  options()
                      .withListener(
                          (r, done, total) -> {
                            if (done == total / 2) {
                              halfway.countDown();
                            }
                          }))
              .run(users);
      BatchReport g =
          new BatchWriter(
                  p,
                  pool,
                  options()
                      .withListener(
                          (r, done, total) -> {
                            if (done == 3) {
                              groupsStarted.countDown();
                            }
                          }))
              .run(groups);
      restarts.get(30, TimeUnit.SECONDS);
      assertThat(u.failures()).isEmpty();
      assertThat(g.failures()).isEmpty();
      assertThat(u.items()).anyMatch(i -> i.attempts() > 1);
      // the re-run finds everything by anchor
      BatchWriter writer = new BatchWriter(p, pool, options());
      assertThat(writer.run(users).counts()).containsExactly(Map.entry("Unchanged", 200));
      assertThat(writer.run(groups).counts()).containsExactly(Map.entry("Unchanged", 20));
    } finally {
      chaos.shutdownNow();
    }
    assertExactly(p, users, groups);
  }

  /**
   * The write reached the server but its answer was lost: the retry must find the object by anchor
   * and not create a second one. A real server cannot be made to lose exactly that answer, so the
   * connection is a Mockito spy.
   */
  @Test
  void aCreateWhoseAnswerIsLostIsFoundByAnchorOnRetryNotCreatedTwice() throws Exception {
    Provisioner p = provisioner("Lost");
    List<UserUpsert> users = users(3);
    LDAPConnectionPool pool = mock(LDAPConnectionPool.class);
    List<LDAPConnection> opened = new ArrayList<>();
    AtomicBoolean lose = new AtomicBoolean(true);
    when(pool.getConnection())
        .thenAnswer(
            inv -> {
              LDAPConnection real = ad.connection();
              opened.add(real);
              LDAPConnection c = spy(real);
              doAnswer(
                      call -> {
                        Object result = call.callRealMethod();
                        if (lose.getAndSet(false)) {
                          throw new LDAPException(ResultCode.SERVER_DOWN, "answer lost");
                        }
                        return result;
                      })
                  .when(c)
                  .add(any(AddRequest.class));
              return c;
            });
    try {
      BatchReport report = new BatchWriter(p, pool, options().withParallelism(1)).run(users);
      assertThat(report.failures()).isEmpty();
      assertThat(report.items().get(0).attempts()).isEqualTo(2);
      assertThat(report.items().get(0).result()).isInstanceOf(WritebackResult.Unchanged.class);
      assertThat(report.counts()).containsEntry("Created", 2);
    } finally {
      opened.forEach(LDAPConnection::close);
    }
    assertExactly(p, users, List.of());
  }

  /** A password change is not repeatable: a lost answer is reported, never retried blindly. */
  @Test
  void aPasswordChangeWhoseAnswerIsLostIsReportedNotRetried() throws Exception {
    Provisioner p =
        new Provisioner(
            ProvisioningSettings.builder().userContainer(ou).groupContainer(ou).build());
    String user =
        ad.addUser(
            ou,
            "chg" + UUID.randomUUID().toString().substring(0, 6),
            "Start#Passw0rd1".toCharArray());
    LDAPConnectionPool pool = mock(LDAPConnectionPool.class);
    LDAPConnection real = ad.connectionAs(user, "Start#Passw0rd1".toCharArray());
    LDAPConnection c = spy(real);
    doAnswer(
            call -> {
              call.callRealMethod();
              throw new LDAPException(ResultCode.SERVER_DOWN, "answer lost");
            })
        .when(c)
        .modify(any(ModifyRequest.class));
    when(pool.getConnection()).thenReturn(c);
    try {
      BatchReport report =
          new BatchWriter(p, pool, options())
              .run(
                  List.of(
                      new PasswordChange(
                          AccountRef.dn(user),
                          Secret.of("Start#Passw0rd1".toCharArray()),
                          Secret.of("Next#Passw0rd2".toCharArray()))));
      ItemResult item = report.items().get(0);
      assertThat(item.attempts()).isEqualTo(1);
      assertThat(item.result())
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> {
                assertThat(f.kind()).isEqualTo(FailureKind.UNAVAILABLE);
                assertThat(f.message()).contains("may or may not have been applied");
              });
    } finally {
      real.close();
    }
    // it was applied: the new password works
    ad.connectionAs(user, "Next#Passw0rd2".toCharArray()).close();
  }

  @Test
  void aGroupInterruptedBeforeItsMemberBatchesIsCompletedByTheRetry() throws Exception {
    Provisioner p = provisioner("Members");
    List<UserUpsert> users = users(20);
    List<GroupUpsert> groups = groups(users, 1, 20);
    try (LDAPConnectionPool pool = new LDAPConnectionPool(ad.connection(), 2)) {
      assertThat(new BatchWriter(p, pool, options()).run(users).failures()).isEmpty();
    }
    LDAPConnectionPool pool = mock(LDAPConnectionPool.class);
    List<LDAPConnection> opened = new ArrayList<>();
    AtomicBoolean lose = new AtomicBoolean(true);
    when(pool.getConnection())
        .thenAnswer(
            inv -> {
              LDAPConnection real = ad.connection();
              opened.add(real);
              LDAPConnection c = spy(real);
              doAnswer(
                      call -> {
                        if (lose.getAndSet(false)) {
                          throw new LDAPException(ResultCode.SERVER_DOWN, "connection lost");
                        }
                        return call.callRealMethod();
                      })
                  .when(c)
                  .modify(any(String.class), any(com.unboundid.ldap.sdk.Modification.class));
              return c;
            });
    try {
      BatchReport report = new BatchWriter(p, pool, options().withParallelism(1)).run(groups);
      assertThat(report.failures()).isEmpty();
      assertThat(report.items().get(0).attempts()).isEqualTo(2);
      assertThat(report.items().get(0).result()).isInstanceOf(WritebackResult.Updated.class);
    } finally {
      opened.forEach(LDAPConnection::close);
    }
    assertExactly(p, users, groups);
  }
}
