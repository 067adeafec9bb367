package org.adwriteback.ldap.preparation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.adwriteback.preparation.PermissionMode;
import org.adwriteback.preparation.PreparationPlan;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.security.Acl;
import org.adwriteback.security.ControlFlags;
import org.adwriteback.security.SddlContext;
import org.adwriteback.security.SecurityDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The verifier on the testkit: refused before apply, granted after, refused after undo. */
class DirectoryVerifierTest {

  private static TestkitLab kit;

  @BeforeAll
  static void start() throws Exception {
    kit = new TestkitLab();
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = WritebackFeature.class,
      names = {"PASSWORD", "CONSISTENCY_GUID", "EXCHANGE_HYBRID", "GROUP", "USER", "NGC_KEYS"})
  void everyPlannedAceIsEffectiveExactlyWhileApplied(WritebackFeature f) throws Exception {
    TestkitLab.Lab lab = kit.lab();
    ResolvedAccount account = kit.account(lab);
    PreparationPlan plan = kit.plan(kit.request(lab, f).build());
    DirectoryVerifier verifier = new DirectoryVerifier(kit.sessions, kit.forest);
    DirectoryPreparer preparer = new DirectoryPreparer(kit.sessions, kit.forest);

    VerificationReport before =
        verifier.verify(plan, account, DirectoryVerifier.ChildSource.NEW_CHILD);
    assertThat(before.allEffective()).isFalse();
    assertThat(before.checks())
        .hasSize(plan.grantSteps().stream().mapToInt(g -> g.aces().size()).sum());

    preparer.apply(plan);
    VerificationReport after =
        verifier.verify(plan, account, DirectoryVerifier.ChildSource.NEW_CHILD);
    assertThat(after.refused()).isEmpty();
    assertThat(after.allEffective()).isTrue();
    for (VerificationReport.Check c : after.checks()) {
      // the deciding ACE is the planned one (its inherited copy on the child)
      assertThat(c.deciding()).isNotEmpty();
    }

    preparer.undo(plan);
    assertThat(
            verifier.verify(plan, account, DirectoryVerifier.ChildSource.NEW_CHILD).allEffective())
        .isFalse();
  }

  @Test
  void theAccountsOwnProtectedObjectIsNotTheSampleForWhatUsersInherit() throws Exception {
    // the account lives in the OU it is granted on, and restricted-account protects its DACL
    // (Set-ADSyncRestrictedPermissions): the rights users inherit there never reach it, by design
    TestkitLab.Lab lab = kit.lab();
    ResolvedAccount account = kit.account(lab);
    PreparationPlan plan =
        kit.plan(
            org.adwriteback.preparation.PreparationRequest.builder(lab.account())
                .features(WritebackFeature.PASSWORD, WritebackFeature.RESTRICTED_ACCOUNT)
                .scope(WritebackFeature.PASSWORD, java.util.List.of(lab.ou()))
                .build());
    new DirectoryPreparer(kit.sessions, kit.forest).apply(plan);
    VerificationReport report =
        new DirectoryVerifier(kit.sessions, kit.forest)
            .verify(plan, account, DirectoryVerifier.ChildSource.EXISTING_CHILD_FIRST);
    assertThat(report.refused()).isEmpty();
    assertThat(report.checks().stream().filter(c -> c.feature() == WritebackFeature.PASSWORD))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.effectiveObject()).isNotEqualToIgnoringCase(lab.account()));
  }

  @Test
  void adminSdHolderGrantsAreEffectiveOnProtectedObjectsOnlyInLeastPrivilegeMode()
      throws Exception {
    TestkitLab.Lab lab = kit.lab();
    ResolvedAccount account = kit.account(lab);
    String holder = kit.forest.domains().get(0).adminSdHolderDn();
    DirectoryVerifier verifier = new DirectoryVerifier(kit.sessions, kit.forest);
    for (PermissionMode mode : PermissionMode.values()) {
      PreparationPlan plan =
          kit.plan(
              kit.request(lab, WritebackFeature.PASSWORD)
                  .mode(mode)
                  .includeAdminSdHolder(true)
                  .build());
      DirectoryPreparer preparer = new DirectoryPreparer(kit.sessions, kit.forest);
      preparer.apply(plan);
      List<VerificationReport.Check> onHolder =
          verifier.verify(plan, account).checks().stream()
              .filter(c -> c.targetDn().equals(holder))
              .toList();
      assertThat(onHolder).isNotEmpty();
      assertThat(onHolder)
          .allSatisfy(
              c -> {
                assertThat(c.right()).contains("on protected user objects");
                assertThat(c.granted())
                    .as(mode + " " + c.right())
                    .isEqualTo(mode == PermissionMode.LEAST_PRIVILEGE);
              });
      preparer.undo(plan);
    }
  }

  @Test
  void aLineNamesTheRightTheObjectAndTheDecidingAceInSddl() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    ResolvedAccount account = kit.account(lab);
    PreparationPlan plan = kit.plan(kit.request(lab, WritebackFeature.PASSWORD).build());
    new DirectoryPreparer(kit.sessions, kit.forest).apply(plan);
    VerificationReport r =
        new DirectoryVerifier(kit.sessions, kit.forest)
            .verify(plan, account, DirectoryVerifier.ChildSource.NEW_CHILD);
    SddlContext ctx = SddlContext.of(kit.forest.domains().get(0).sid());
    assertThat(r.lines(ctx))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "password: Reset Password on user objects under " + lab.users() + ":")
                    .contains(
                        "granted by (OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;"
                            + "bf967aba-0de6-11d0-a285-00aa003049e2;"
                            + account.sid()
                            + ")")
                    .endsWith("[checked on a new user under " + lab.users() + "]"));
  }

  @Test
  void anExistingChildIsCheckedWithItsOwnInheritedAcesAndAProtectedOneIsDenied() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    ResolvedAccount account = kit.account(lab);
    PreparationPlan plan = kit.plan(kit.request(lab, WritebackFeature.PASSWORD).build());
    new DirectoryPreparer(kit.sessions, kit.forest).apply(plan);
    DirectoryVerifier verifier = new DirectoryVerifier(kit.sessions, kit.forest);
    VerificationReport r = verifier.verify(plan, account);
    assertThat(r.refused()).isEmpty();
    assertThat(r.checks())
        .filteredOn(c -> c.right().startsWith("Reset Password"))
        .singleElement()
        .satisfies(c -> assertThat(c.effectiveObject()).isEqualToIgnoringCase(lab.user()));
    // inheritance disabled on the only user: the check on it now fails, and says so
    SecurityDescriptor sd = kit.sd(lab.user());
    kit.writeSd(
        lab.user(),
        sd.withControl(sd.control().with(ControlFlags.DACL_PROTECTED))
            .withDacl(Acl.of(sd.dacl().orElseThrow().explicitAces())));
    VerificationReport stale = verifier.verify(plan, account);
    assertThat(stale.refused())
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.effectiveObject()).isEqualToIgnoringCase(lab.user()));
    assertThat(stale.refused().get(0).line(SddlContext.NONE))
        .contains("DENIED (no ACE grants it to the account)");
    // a new user would still be granted
    assertThat(
            verifier.verify(plan, account, DirectoryVerifier.ChildSource.NEW_CHILD).allEffective())
        .isTrue();
  }

  @Test
  void aRightHeldThroughAGroupIsGrantedBecauseTheTokenGroupsListIt() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    ResolvedAccount account = kit.account(lab);
    String group = kit.ad.addGroup(lab.ou(), "Resetters" + lab.ou().hashCode(), lab.account());
    String groupSid =
        org.adwriteback.security.Sid.fromBytes(
                kit.admin.getEntry(group, "objectSid").getAttributeValueBytes("objectSid"))
            .toString();
    // another tool granted Reset Password on users to a group the account is in
    SecurityDescriptor sd = kit.sd(lab.users());
    var granted =
        SecurityDescriptor.fromSddl(
                "D:(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;"
                    + "bf967aba-0de6-11d0-a285-00aa003049e2;"
                    + groupSid
                    + ")")
            .dacl()
            .orElseThrow()
            .aces()
            .get(0);
    List<org.adwriteback.security.Ace> aces =
        new java.util.ArrayList<>(sd.dacl().orElseThrow().explicitAces());
    aces.add(granted);
    kit.writeSd(lab.users(), sd.withDacl(Acl.of(aces)));
    assertThat(AccountResolver.tokenSids(kit.sessions, kit.forest, account))
        .contains(org.adwriteback.security.Sid.parse(groupSid));

    PreparationPlan plan = kit.plan(kit.request(lab, WritebackFeature.PASSWORD).build());
    VerificationReport r =
        new DirectoryVerifier(kit.sessions, kit.forest)
            .verify(plan, account, DirectoryVerifier.ChildSource.NEW_CHILD);
    assertThat(r.checks())
        .filteredOn(c -> c.right().startsWith("Reset Password"))
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.granted()).isTrue();
              assertThat(c.deciding()).anySatisfy(a -> assertThat(a.toString()).contains(groupSid));
            });
    // the rest of the feature is still missing
    assertThat(r.allEffective()).isFalse();
  }
}
