package org.adwriteback.ldap.samba;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.adwriteback.ldap.provisioning.BatchOptions;
import org.adwriteback.ldap.provisioning.BatchReport;
import org.adwriteback.ldap.provisioning.BatchWriter;
import org.adwriteback.ldap.provisioning.Provisioner;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.ItemResult;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.UserUpsert;
import org.adwriteback.provisioning.WritebackRequest;
import org.adwriteback.provisioning.WritebackResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A parallel batch against Samba: per-item results, progress, dry run, idempotent re-run. */
@Tag("samba")
class BatchWriterOnSambaTest {

  private static final SambaDc DC = SambaDc.get();
  private static String ou;

  @BeforeAll
  static void createOu() throws LDAPException {
    ou = "OU=" + SambaDc.uniqueName("bat") + "," + DC.baseDn();
    try (LDAPConnection admin = DC.admin()) {
      admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
    }
  }

  @AfterAll
  static void deleteOu() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      SambaDc.deleteTree(admin, ou);
    }
  }

  @Test
  void runsInParallelReportsPerItemAndConvergesOnReRun() throws Exception {
    List<WritebackRequest> requests = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String nick = SambaDc.uniqueName("b" + i);
      requests.add(
          UserUpsert.of(UUID.randomUUID().toString(), nick + "@contoso.test", "Batch " + nick));
    }
    requests.add(UserUpsert.of("bad", "bad", "Bad"));
    Provisioner p =
        new Provisioner(
            ProvisioningSettings.builder().userContainer(ou).groupContainer(ou).build());
    AtomicInteger progress = new AtomicInteger();
    try (LDAPConnectionPool pool = new LDAPConnectionPool(DC.admin(), 4)) {
      BatchOptions options =
          BatchOptions.defaults()
              .withParallelism(4)
              .withListener((r, done, total) -> progress.incrementAndGet());
      BatchReport dry = new BatchWriter(p, pool, options.withDryRun(true)).run(requests);
      assertThat(dry.counts()).containsEntry("Created", 30).containsEntry("Failed", 1);
      assertThat(dry.items()).allMatch(ItemResult::dryRun);
      try (LDAPConnection admin = DC.admin()) {
        assertThat(admin.getEntry(((WritebackResult.Created) dry.items().get(0).result()).dn()))
            .isNull();
      }

      BatchReport first = new BatchWriter(p, pool, options).run(requests);
      assertThat(first.counts()).containsEntry("Created", 30).containsEntry("Failed", 1);
      assertThat(first.items().get(30).result())
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.INVALID_INPUT));
      assertThat(first.items())
          .extracting(ItemResult::index)
          .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 31).boxed().toList());
      BatchReport again = new BatchWriter(p, pool, options).run(requests);
      assertThat(again.counts()).containsEntry("Unchanged", 30).containsEntry("Failed", 1);
      assertThat(progress.get()).isEqualTo(93);
    }
  }
}
