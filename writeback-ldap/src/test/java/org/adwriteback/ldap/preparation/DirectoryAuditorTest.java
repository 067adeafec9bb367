package org.adwriteback.ldap.preparation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.adwriteback.ldap.SecurityDescriptorFlagsControl;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.preparation.PreparationPlan;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.AceFlags;
import org.adwriteback.security.Acl;
import org.adwriteback.security.ControlFlags;
import org.adwriteback.security.ObjectAce;
import org.adwriteback.security.SecurityDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The auditor on the testkit: users whose descriptors are bent after the preparation (protected,
 * adminCount, explicit deny) are listed with the reason; the others are not.
 */
class DirectoryAuditorTest {

  private static final UUID RESET_PASSWORD =
      UUID.fromString("00299570-246d-11d0-a768-00aa006e0529");
  private static TestkitLab kit;

  @BeforeAll
  static void start() throws Exception {
    kit = new TestkitLab();
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  @Test
  void listsExactlyTheUsersTheGrantDoesNotReachWithTheReason() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    ResolvedAccount account = kit.account(lab);
    PreparationPlan plan = kit.plan(kit.request(lab, WritebackFeature.PASSWORD).build());
    new DirectoryPreparer(kit.sessions, kit.forest).apply(plan);

    String ok = kit.ad.addUser(lab.users(), "ok1", TestkitLab.PASSWORD);
    String prot = kit.ad.addUser(lab.users(), "prot1", TestkitLab.PASSWORD);
    SecurityDescriptor p = kit.sd(prot);
    kit.writeSd(
        prot,
        p.withControl(p.control().with(ControlFlags.DACL_PROTECTED))
            .withDacl(Acl.of(p.dacl().orElseThrow().explicitAces())));
    String admin = kit.ad.addUser(lab.users(), "adm1", TestkitLab.PASSWORD);
    kit.admin.modify(admin, new Modification(ModificationType.REPLACE, "adminCount", "1"));
    String deny = kit.ad.addUser(lab.users(), "deny1", TestkitLab.PASSWORD);
    SecurityDescriptor d = kit.sd(deny);
    ObjectAce denyAce =
        ObjectAce.deny(
            account.sid(),
            AccessMask.CONTROL_ACCESS,
            Optional.of(RESET_PASSWORD),
            Optional.empty(),
            AceFlags.NONE);
    kit.writeSd(deny, d.withDacl(d.dacl().orElseThrow().addCanonical(denyAce)));
    kit.ad.addComputer(lab.users(), "pc1");

    List<AuditFinding> findings = new ArrayList<>();
    AuditSummary summary =
        new DirectoryAuditor(kit.sessions, kit.forest)
            .audit(plan, account, WritebackFeature.PASSWORD, lab.users(), findings::add);

    Map<String, List<AuditFinding.Reason>> byName = new TreeMap<>();
    findings.forEach(f -> byName.put(f.dn().substring(3, f.dn().indexOf(',')), f.reasons()));
    assertThat(byName)
        .containsOnlyKeys("prot1", "adm1", "deny1")
        .containsEntry("prot1", List.of(AuditFinding.Reason.PROTECTED_DACL))
        .containsEntry("adm1", List.of(AuditFinding.Reason.ADMIN_COUNT))
        .containsEntry("deny1", List.of(AuditFinding.Reason.EXPLICIT_DENY));
    AuditFinding denied = findings.stream().filter(f -> f.dn().equals(deny)).findFirst().get();
    assertThat(denied.denyingAces()).containsExactly(denyAce);
    assertThat(denied.refusedRights()).containsExactly("Reset Password");
    assertThat(findings).noneMatch(f -> f.dn().equals(ok));
    assertThat(summary.scanned()).isEqualTo(5);
    assertThat(summary.returned()).isEqualTo(6); // the computer matches objectClass=user
    assertThat(summary.flagged()).isEqualTo(3);
    // the connector account sits outside the users OU: the grant does not reach it
    List<AuditFinding> wider = new ArrayList<>();
    new DirectoryAuditor(kit.sessions, kit.forest)
        .audit(plan, account, WritebackFeature.PASSWORD, lab.ou(), wider::add);
    assertThat(wider)
        .filteredOn(f -> f.dn().equalsIgnoreCase(lab.account()))
        .singleElement()
        .satisfies(f -> assertThat(f.reasons()).containsExactly(AuditFinding.Reason.NOT_INHERITED));
    assertThat(wider).noneMatch(f -> f.dn().equalsIgnoreCase(lab.user()));
  }

  @Test
  void pagesThroughMoreObjectsThanOnePage() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    ResolvedAccount account = kit.account(lab);
    PreparationPlan plan = kit.plan(kit.request(lab, WritebackFeature.PASSWORD).build());
    int n = DirectoryAuditor.PAGE_SIZE + 7;
    for (int i = 0; i < n; i++) {
      kit.ad.addUser(lab.users(), "p" + lab.ou().substring(3, lab.ou().indexOf(',')) + "x" + i);
    }
    long before = kit.sessions.operations();
    long[] seen = {0};
    AuditSummary s =
        new DirectoryAuditor(kit.sessions, kit.forest)
            .audit(plan, account, WritebackFeature.PASSWORD, lab.users(), f -> seen[0]++);
    // not applied: every user is flagged, streamed one by one
    assertThat(s.scanned()).isEqualTo(n + 1);
    assertThat(seen[0]).isEqualTo(n + 1);
    assertThat(s.ldapOperations()).isEqualTo(kit.sessions.operations() - before).isEqualTo(3);
  }

  /**
   * The benchmark hook: the audit against a plain paged search of the same attributes over the same
   * users (tag fuzz: {@code -Pfuzz -Daudit.users=N}).
   */
  @Test
  @Tag("fuzz")
  void auditThroughputIsAtLeastFourFifthsOfAPlainPagedSearch() throws Exception {
    int n = Integer.getInteger("audit.users", 5000);
    TestkitLab.Lab lab = kit.lab();
    ResolvedAccount account = kit.account(lab);
    PreparationPlan plan = kit.plan(kit.request(lab, WritebackFeature.PASSWORD).build());
    new DirectoryPreparer(kit.sessions, kit.forest).apply(plan);
    String prefix = "b" + lab.ou().substring(6, lab.ou().indexOf(',')) + "x";
    for (int i = 0; i < n; i++) {
      kit.ad.addUser(lab.users(), prefix + i);
    }
    DirectoryAuditor auditor = new DirectoryAuditor(kit.sessions, kit.forest);
    long bestPlain = Long.MAX_VALUE;
    long bestAudit = Long.MAX_VALUE;
    for (int round = 0; round < 4; round++) {
      long t0 = System.nanoTime();
      long[] seen = {0};
      SearchRequest r =
          new SearchRequest(
              lab.users(),
              SearchScope.SUB,
              Filter.createEqualityFilter("objectClass", "user"),
              "nTSecurityDescriptor",
              "adminCount",
              "objectClass");
      r.addControl(SecurityDescriptorFlagsControl.daclOnly());
      kit.sessions
          .home()
          .searchPaged(
              r,
              DirectoryAuditor.PAGE_SIZE,
              "plain",
              e -> {
                seen[0] += e.getAttributeValueBytes("nTSecurityDescriptor").length;
                return true;
              });
      long t1 = System.nanoTime();
      AuditSummary s =
          auditor.audit(plan, account, WritebackFeature.PASSWORD, lab.users(), f -> seen[0]++);
      long t2 = System.nanoTime();
      assertThat(s.scanned()).isEqualTo(n + 1);
      if (round > 0) {
        bestPlain = Math.min(bestPlain, t1 - t0);
        bestAudit = Math.min(bestAudit, t2 - t1);
      }
    }
    double ratio = (double) bestPlain / bestAudit;
    System.out.printf(
        "audit of %d users: plain paged search %.0f objects/s, audit %.0f objects/s, ratio %.2f%n",
        n + 1, (n + 1) / (bestPlain / 1e9), (n + 1) / (bestAudit / 1e9), ratio);
    assertThat(ratio).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void aFeatureWithoutInheritableGrantsIsRefused() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    PreparationPlan plan = kit.plan(kit.request(lab, WritebackFeature.PASSWORD).build());
    assertThatThrownBy(
            () ->
                new DirectoryAuditor(kit.sessions, kit.forest)
                    .audit(plan, kit.account(lab), WritebackFeature.GROUP, lab.users(), f -> {}))
        .isInstanceOfSatisfying(
            WritebackException.class,
            e -> assertThat(e.reason()).isEqualTo(WritebackException.Reason.INVALID_INPUT));
  }
}
