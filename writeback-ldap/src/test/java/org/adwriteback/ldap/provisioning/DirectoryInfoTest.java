package org.adwriteback.ldap.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.junit.jupiter.api.Test;

/** What the provisioning reads about a directory once, on the testkit forest. */
class DirectoryInfoTest {

  @Test
  void schemaAttributesAreLookedUpOnceHoweverManyItemsAskAtOnce() throws Exception {
    int threads = 8;
    try (AdDirectory ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
        LDAPConnection c = ad.connection()) {
      DirectoryInfo d = DirectoryInfo.read(c);
      long before = c.getConnectionStatistics().getNumSearchRequests();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          answers.add(
              pool.submit(
                  () -> {
                    start.await();
                    return d.hasAttribute(c, "displayName");
                  }));
        }
        start.countDown();
        for (Future<Boolean> a : answers) {
          assertThat(a.get()).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(c.getConnectionStatistics().getNumSearchRequests() - before).isEqualTo(1);
      assertThat(d.hasAttribute(c, "noSuchAttributeAnywhere")).isFalse();
      assertThat(d.hasAttribute(c, "noSuchAttributeAnywhere")).isFalse();
      assertThat(c.getConnectionStatistics().getNumSearchRequests() - before).isEqualTo(2);
    }
  }

  @Test
  void theFirstQuestionAnswersEveryAttributeTheOperationsAskAbout() throws Exception {
    for (boolean exchange : new boolean[] {false, true}) {
      try (AdDirectory ad =
              AdDirectory.start(
                  AdConfiguration.forest("contoso.test").toBuilder()
                      .exchangeSchema(exchange)
                      .build());
          LDAPConnection c = ad.connection()) {
        DirectoryInfo d = DirectoryInfo.read(c);
        long before = c.getConnectionStatistics().getNumSearchRequests();
        assertThat(d.hasAttribute(c, "displayName")).isTrue();
        for (String name : DirectoryInfo.ASKED_ABOUT) {
          // each answer is the schema's: an attributeSchema object with that lDAPDisplayName
          boolean inSchema =
              c.search(
                          ad.schemaDn(),
                          SearchScope.ONE,
                          Filter.createEqualityFilter("lDAPDisplayName", name),
                          "1.1")
                      .getEntryCount()
                  > 0;
          long asked = c.getConnectionStatistics().getNumSearchRequests();
          assertThat(d.hasAttribute(c, name)).as(name).isEqualTo(inSchema);
          assertThat(c.getConnectionStatistics().getNumSearchRequests()).isEqualTo(asked);
        }
        // the forest without the Exchange schema lacks its attributes, the other has them
        assertThat(d.hasAttribute(c, "msExchRecipientTypeDetails")).isEqualTo(exchange);
        assertThat(c.getConnectionStatistics().getNumSearchRequests() - before)
            .isEqualTo(1 + DirectoryInfo.ASKED_ABOUT.size());
      }
    }
  }
}
