package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operations of several connections at the same moment, as a connection pool sends them: binds with
 * the right password all succeed, and of several adds claiming one account name exactly one
 * succeeds while the others get AD's uniqueness errors.
 */
class ConcurrentWritesTest {

  private static final char[] PASSWORD = "Corr3ct-Horse".toCharArray();
  private static final int THREADS = 8;

  /** One forest for the class, reset to its start between tests. */
  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.forest("contoso.test");

  /** Runs {@code task} on {@link #THREADS} threads released at once; returns their outcomes. */
  private static <T> List<T> atOnce(Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return task.call();
                }));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void bindsWithTheRightPasswordAtTheSameMomentAllSucceed(AdDirectory ad) throws Exception {
    String alice = ad.addUser(ad.domainDn(), "alice", PASSWORD);
    List<Integer> failures =
        atOnce(
            () -> {
              int failed = 0;
              for (int i = 0; i < 40; i++) {
                try (LDAPConnection c = ad.connectionAs(alice, PASSWORD)) {
                  c.getEntry(alice, "1.1");
                } catch (LDAPException e) {
                  failed++;
                }
              }
              return failed;
            });
    assertThat(failures).containsOnly(0);
  }

  @Test
  void ofConcurrentAddsWithOneAccountNameExactlyOneSucceeds(AdDirectory ad) throws Exception {
    String ou = ad.addOu("Race");
    int[] next = {0};
    List<ResultCode> outcomes =
        atOnce(
            () -> {
              int n;
              synchronized (next) {
                n = next[0]++;
              }
              try (LDAPConnection c = ad.connection()) {
                c.add(
                    "dn: CN=racer" + n + "," + ou,
                    "objectClass: user",
                    "sAMAccountName: racer",
                    "userPrincipalName: racer" + n + "@contoso.test");
                return ResultCode.SUCCESS;
              } catch (LDAPException e) {
                return e.getResultCode();
              }
            });
    assertThat(outcomes).filteredOn(ResultCode.SUCCESS::equals).hasSize(1);
    assertThat(outcomes)
        .filteredOn(r -> !r.equals(ResultCode.SUCCESS))
        .containsOnly(ResultCode.ENTRY_ALREADY_EXISTS);
    try (LDAPConnection c = ad.connection()) {
      assertThat(
              c.search(ou, com.unboundid.ldap.sdk.SearchScope.ONE, "(sAMAccountName=racer)")
                  .getEntryCount())
          .isEqualTo(1);
    }
  }

  @Test
  void aNameClaimedByAnAddTheServerRefusedIsFreeAgain(AdDirectory ad) throws Exception {
    String ou = ad.addOu("Refused");
    try (LDAPConnection c = ad.connection()) {
      // the schema refuses this attribute after the testkit has claimed the names
      LDAPException refused =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              LDAPException.class,
              () ->
                  c.add(
                      "dn: CN=first," + ou,
                      "objectClass: user",
                      "sAMAccountName: reused",
                      "userPrincipalName: reused@contoso.test",
                      "notAnAdAttribute: x"));
      assertThat(refused).isNotNull();
      c.add(
          "dn: CN=second," + ou,
          "objectClass: user",
          "sAMAccountName: reused",
          "userPrincipalName: reused@contoso.test");
    }
  }

  @Test
  void renamedAndDeletedAccountsFreeTheirNames(AdDirectory ad) throws Exception {
    String ou = ad.addOu("Freed");
    try (LDAPConnection c = ad.connection()) {
      c.add("dn: CN=a," + ou, "objectClass: user", "sAMAccountName: first-name");
      c.modify(
          "CN=a," + ou,
          new com.unboundid.ldap.sdk.Modification(
              com.unboundid.ldap.sdk.ModificationType.REPLACE, "sAMAccountName", "second-name"));
      c.add("dn: CN=b," + ou, "objectClass: user", "sAMAccountName: first-name");
      c.delete("CN=a," + ou);
      c.add("dn: CN=c," + ou, "objectClass: user", "sAMAccountName: second-name");
      LDAPException taken =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              LDAPException.class,
              () -> c.add("dn: CN=d," + ou, "objectClass: user", "sAMAccountName: SECOND-name"));
      assertThat(taken.getResultCode()).isEqualTo(ResultCode.ENTRY_ALREADY_EXISTS);
    }
  }
}
