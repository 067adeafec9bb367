package org.adwriteback.ldap.preparation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.adwriteback.preparation.EnsureObject;
import org.adwriteback.preparation.GrantAces;
import org.adwriteback.preparation.PlannedAce;
import org.adwriteback.preparation.PreparationPlan;
import org.adwriteback.preparation.PreparationRequest;
import org.adwriteback.preparation.RestrictAccount;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.security.AccessAce;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.AceFlags;
import org.adwriteback.security.Acl;
import org.adwriteback.security.ControlFlags;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The preparer end to end on the testkit (default build, per-account ACL enforcement on): the
 * writeback action of each feature done as the connector account is refused before, allowed after
 * apply and refused after undo; idempotence, same-meaning ACEs, dry run, restore, undo, created
 * objects and their deletion, keyword convergence, the restricted account, concurrency and the
 * operation count.
 */
class DirectoryPreparerTest {

  private static final WritebackFeature[] DOMAIN_FEATURES = {
    WritebackFeature.PASSWORD, WritebackFeature.CONSISTENCY_GUID, WritebackFeature.EXCHANGE_HYBRID
  };
  private static TestkitLab kit;

  @BeforeAll
  static void start() throws Exception {
    kit = new TestkitLab();
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  private static DirectoryPreparer preparer() {
    return new DirectoryPreparer(kit.sessions, kit.forest);
  }

  private static List<Ace> planned(GrantAces g) {
    return g.aces().stream().map(PlannedAce::ace).toList();
  }

  @ParameterizedTest
  @EnumSource(
      value = WritebackFeature.class,
      names = {
        "PASSWORD",
        "CONSISTENCY_GUID",
        "EXCHANGE_HYBRID",
        "GROUP",
        "USER",
        "DEVICE",
        "NGC_KEYS",
        "HYBRID_JOIN"
      })
  void theWritebackActionIsAllowedExactlyWhilePrepared(WritebackFeature f) throws Exception {
    TestkitLab.Lab lab = kit.lab();
    PreparationRequest.Builder request = kit.request(lab, f);
    if (f == WritebackFeature.HYBRID_JOIN) {
      request.tenant(UUID.randomUUID(), "contoso.example");
    }
    PreparationPlan plan = kit.plan(request.build());
    // the objects of device writeback and hybrid join exist before the first attempt, so that
    // the refusal comes from the ACL and not from a missing parent
    PreparationReport applied = preparer().apply(plan);
    preparer().undo(plan);
    assertRefused(f, lab, plan);
    preparer().apply(plan);
    act(f, lab, plan);
    assertThat(
            new DirectoryVerifier(kit.sessions, kit.forest)
                .verify(plan, kit.account(lab))
                .refused())
        .isEmpty();
    preparer().undo(plan);
    assertRefused(f, lab, plan);
    preparer().deleteCreated(applied);
  }

  @Test
  void leastPrivilegeGroupWritebackIsEnoughForTheGroupWriteback() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    PreparationPlan plan =
        kit.plan(
            PreparationRequest.builder(lab.account())
                .features(WritebackFeature.GROUP)
                .mode(org.adwriteback.preparation.PermissionMode.LEAST_PRIVILEGE)
                .groupOu(lab.groups())
                .build());
    assertRefused(WritebackFeature.GROUP, lab, plan);
    preparer().apply(plan);
    act(WritebackFeature.GROUP, lab, plan);
    preparer().undo(plan);
    assertRefused(WritebackFeature.GROUP, lab, plan);
  }

  private static void assertRefused(WritebackFeature f, TestkitLab.Lab lab, PreparationPlan plan) {
    assertThatThrownBy(() -> act(f, lab, plan))
        .as(f.cliName())
        .isInstanceOfSatisfying(
            LDAPException.class,
            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
  }

  /** The writeback action a feature enables, done as the connector account. */
  private static void act(WritebackFeature f, TestkitLab.Lab lab, PreparationPlan plan)
      throws LDAPException {
    try (LDAPConnection svc = kit.ad.connectionAs(lab.account(), TestkitLab.PASSWORD)) {
      String id = UUID.randomUUID().toString();
      switch (f) {
        case PASSWORD ->
            svc.modify(
                lab.user(),
                new Modification(
                    ModificationType.REPLACE,
                    "unicodePwd",
                    unicodePwd("R" + id.substring(0, 8) + "#1a")));
        case CONSISTENCY_GUID ->
            svc.modify(
                lab.user(),
                new Modification(
                    ModificationType.REPLACE,
                    "mS-DS-ConsistencyGuid",
                    UUID.randomUUID()
                        .toString()
                        .substring(0, 16)
                        .getBytes(StandardCharsets.US_ASCII)));
        case EXCHANGE_HYBRID ->
            svc.modify(
                lab.user(),
                new Modification(
                    ModificationType.REPLACE, "proxyAddresses", "SMTP:" + id + "@x.test"));
        case GROUP -> {
          String dn = "CN=g" + id + "," + lab.groups();
          // a mail-enabled Microsoft 365 group: create, members, addresses, delete
          svc.add(
              dn,
              new Attribute("objectClass", "group"),
              new Attribute("sAMAccountName", "g" + id.substring(0, 12)),
              new Attribute("groupType", "-2147483640"),
              new Attribute("mail", "g" + id + "@contoso.test"),
              new Attribute("proxyAddresses", "SMTP:g" + id + "@contoso.test"));
          svc.modify(
              dn,
              new Modification(ModificationType.ADD, "member", lab.user()),
              new Modification(
                  ModificationType.REPLACE,
                  "proxyAddresses",
                  "SMTP:g" + id + "@contoso.test",
                  "smtp:g" + id + "@contoso.mail.test"));
          svc.delete(dn);
        }
        case USER -> {
          String dn = "CN=u" + id + "," + lab.users();
          svc.add(
              dn,
              new Attribute("objectClass", "user"),
              new Attribute("sAMAccountName", "u" + id.substring(0, 12)));
          svc.modify(dn, new Modification(ModificationType.REPLACE, "description", "cloud user"));
          svc.delete(dn);
        }
        case DEVICE -> {
          String dn = "CN=" + id + "," + kit.forest.domains().get(0).registeredDevicesDn();
          svc.add(
              dn,
              new Attribute("objectClass", "msDS-Device"),
              new Attribute("displayName", "dev-" + id),
              new Attribute("altSecurityIdentities", "X509:<SHA1-TP-PUBKEY>" + id),
              new Attribute("msDS-DeviceID", new byte[16]),
              new Attribute("msDS-IsEnabled", "TRUE"));
          svc.delete(dn);
        }
        case NGC_KEYS ->
            svc.modify(
                lab.user(),
                new Modification(
                    ModificationType.REPLACE,
                    "msDS-KeyCredentialLink",
                    "B:8:0123456789ABCDEF:" + lab.user()));
        case HYBRID_JOIN -> {
          String scp =
              plan.steps().stream()
                  .filter(
                      s ->
                          s instanceof EnsureObject e
                              && e.objectClass().equals("serviceConnectionPoint"))
                  .findFirst()
                  .orElseThrow()
                  .dn();
          svc.modify(scp, new Modification(ModificationType.REPLACE, "description", id));
        }
        default -> throw new IllegalArgumentException("no action for " + f);
      }
    }
  }

  private static byte[] unicodePwd(String password) {
    return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
  }

  @Test
  void preparingAHundredTimesKeepsTheDescriptorBytesOfTheFirstTime() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    PreparationPlan plan = kit.plan(kit.request(lab, DOMAIN_FEATURES).build());
    PreparationReport first = preparer().apply(plan);
    assertThat(first.changedSteps()).isNotEmpty();
    byte[] users = kit.rawSd(lab.users());
    byte[] root = kit.rawSd(kit.ad.domainDn());
    for (int i = 0; i < 100; i++) {
      PreparationReport again = preparer().apply(plan);
      assertThat(again.changedSteps()).isEmpty();
      assertThat(kit.rawSd(lab.users())).isEqualTo(users);
      assertThat(kit.rawSd(kit.ad.domainDn())).isEqualTo(root);
    }
    for (GrantAces g : plan.grantSteps()) {
      List<Ace> explicit = kit.sd(g.dn()).dacl().orElseThrow().explicitAces();
      assertThat(explicit).as(g.dn()).doesNotHaveDuplicates();
      for (Ace a : planned(g)) {
        // present, or covered by a wider planned ACE (RPWP on user covers RPWP on one attribute)
        assertThat(AceSemantics.coveredBy(explicit, a)).as(g.dn() + " " + a).isPresent();
      }
    }
  }

  @Test
  void anAceWithTheSameMeaningAddedByAnotherToolIsNotDuplicated() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    PreparationPlan plan = kit.plan(kit.request(lab, WritebackFeature.CONSISTENCY_GUID).build());
    GrantAces g = plan.grantSteps().get(0);
    // another tool granted more (RPWP plus RC) with the same trustee, object type and propagation
    Ace planned = planned(g).get(0);
    org.adwriteback.security.ObjectAce asObject = (org.adwriteback.security.ObjectAce) planned;
    Ace wider = asObject.withMask(asObject.mask().with(AccessMask.READ_CONTROL));
    SecurityDescriptor sd = kit.sd(g.dn());
    kit.writeSd(
        g.dn(), sd.withDacl(Acl.of(sd.dacl().orElseThrow().explicitAces()).addCanonical(wider)));
    byte[] before = kit.rawSd(g.dn());
    PreparationReport r = preparer().apply(plan);
    assertThat(r.changedSteps()).isEmpty();
    assertThat(r.steps().get(0).alreadyPresent()).containsExactly(planned);
    assertThat(kit.rawSd(g.dn())).isEqualTo(before);
  }

  @Test
  void aDryRunReportsTheExactDiffWritesNothingAndRestorePutsTheBackupBack() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    PreparationPlan plan = kit.plan(kit.request(lab, WritebackFeature.PASSWORD).build());
    byte[] users = kit.rawSd(lab.users());
    byte[] root = kit.rawSd(kit.ad.domainDn());
    PreparationReport dry = preparer().dryRun(plan);
    assertThat(dry.dryRun()).isTrue();
    assertThat(kit.rawSd(lab.users())).isEqualTo(users);
    assertThat(dry.steps())
        .allSatisfy(s -> assertThat(s.outcome()).isEqualTo(StepReport.Outcome.WOULD_CHANGE));
    assertThat(dry.steps().get(0).added())
        .containsExactlyElementsOf(planned(plan.grantSteps().get(0)));

    PreparationReport applied = preparer().apply(plan);
    assertThat(applied.steps().get(0).added()).isEqualTo(dry.steps().get(0).added());
    assertThat(kit.rawSd(lab.users())).isNotEqualTo(users);
    PreparationReport restored = preparer().restore(applied);
    assertThat(restored.steps()).hasSize(2);
    // the same ACEs; the directory may store them in its own (canonical) order
    assertThat(kit.sd(lab.users()).dacl().orElseThrow().explicitAces())
        .containsExactlyInAnyOrderElementsOf(
            SecurityDescriptor.fromBytes(users).dacl().orElseThrow().explicitAces());
    assertThat(kit.sd(kit.ad.domainDn()).dacl().orElseThrow().explicitAces())
        .containsExactlyInAnyOrderElementsOf(
            SecurityDescriptor.fromBytes(root).dacl().orElseThrow().explicitAces());
  }

  @Test
  void undoRemovesExactlyTheAddedAcesAndKeepsForeignOnes() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    PreparationPlan plan = kit.plan(kit.request(lab, DOMAIN_FEATURES).build());
    Ace foreign =
        AccessAce.allow(
            Sid.parse(kit.ad.domainSid()).withRid(4242), AccessMask.READ_PROPERTY, AceFlags.NONE);
    SecurityDescriptor sd = kit.sd(lab.users());
    kit.writeSd(
        lab.users(),
        sd.withDacl(Acl.of(sd.dacl().orElseThrow().explicitAces()).addCanonical(foreign)));
    List<Ace> before = kit.sd(lab.users()).dacl().orElseThrow().explicitAces();
    PreparationReport applied = preparer().apply(plan);
    PreparationReport undone = preparer().undo(plan);
    assertThat(undone.steps().stream().flatMap(s -> s.removed().stream()).toList())
        .containsExactlyInAnyOrderElementsOf(
            applied.steps().stream().flatMap(s -> s.added().stream()).toList());
    assertThat(kit.sd(lab.users()).dacl().orElseThrow().explicitAces())
        .containsExactlyInAnyOrderElementsOf(before);
    assertThat(preparer().undo(plan).changedSteps()).isEmpty();
  }

  @Test
  void deviceWritebackCreatesItsObjectsAndDeleteCreatedRemovesThemChildrenFirst() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    PreparationPlan plan = kit.plan(kit.request(lab, WritebackFeature.DEVICE).build());
    List<String> objects = new ArrayList<>();
    for (var step : plan.steps()) {
      if (step instanceof EnsureObject && kit.admin.getEntry(step.dn()) == null) {
        objects.add(step.dn());
      }
    }
    assertThat(objects).isNotEmpty();
    PreparationReport applied = preparer().apply(plan);
    assertThat(applied.steps().stream().filter(s -> s.outcome() == StepReport.Outcome.CREATED))
        .extracting(StepReport::dn)
        .containsExactlyElementsOf(objects);
    for (String dn : objects) {
      assertThat(kit.admin.getEntry(dn)).as(dn).isNotNull();
    }
    PreparationReport again = preparer().apply(plan);
    assertThat(again.changedSteps()).isEmpty();

    preparer().undo(plan);
    PreparationReport deleted = preparer().deleteCreated(applied);
    assertThat(deleted.steps())
        .extracting(StepReport::dn)
        .containsExactlyElementsOf(reversed(objects));
    for (String dn : objects) {
      assertThat(kit.admin.getEntry(dn)).as(dn).isNull();
    }
  }

  @Test
  void hybridJoinKeywordsConvergeToTheTenant() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    UUID tenant = UUID.randomUUID();
    PreparationPlan plan =
        kit.plan(
            kit.request(lab, WritebackFeature.HYBRID_JOIN)
                .tenant(tenant, "contoso.example")
                .build());
    String scp =
        plan.steps().stream()
            .filter(
                s ->
                    s instanceof EnsureObject e && e.objectClass().equals("serviceConnectionPoint"))
            .findFirst()
            .orElseThrow()
            .dn();
    PreparationReport applied = preparer().apply(plan);
    assertThat(kit.admin.getEntry(scp, "keywords").getAttributeValues("keywords"))
        .containsExactlyInAnyOrder("azureADName:contoso.example", "azureADId:" + tenant);
    // someone points the SCP at another tenant: the next run converges it back
    kit.admin.modify(
        scp,
        new Modification(ModificationType.REPLACE, "keywords", "azureADName:other.example", "x"));
    PreparationReport dry = preparer().dryRun(plan);
    StepReport scpDry =
        dry.steps().stream().filter(s -> s.dn().equals(scp)).findFirst().orElseThrow();
    assertThat(scpDry.outcome()).isEqualTo(StepReport.Outcome.WOULD_CHANGE);
    assertThat(scpDry.convergedAttributes()).containsExactly("keywords");
    PreparationReport fixed = preparer().apply(plan);
    assertThat(
            fixed.steps().stream()
                .filter(s -> s.dn().equals(scp))
                .findFirst()
                .orElseThrow()
                .outcome())
        .isEqualTo(StepReport.Outcome.CHANGED);
    assertThat(kit.admin.getEntry(scp, "keywords").getAttributeValues("keywords"))
        .containsExactlyInAnyOrder("azureADName:contoso.example", "azureADId:" + tenant);
    assertThat(preparer().apply(plan).changedSteps()).isEmpty();
    preparer().undo(plan);
    preparer().deleteCreated(applied);
  }

  @Test
  void theRestrictedAccountGetsAProtectedDaclOfExactlyThePlannedAcesAndRestoreUndoesIt()
      throws Exception {
    TestkitLab.Lab lab = kit.lab();
    PreparationPlan plan = kit.plan(kit.request(lab, WritebackFeature.RESTRICTED_ACCOUNT).build());
    RestrictAccount step =
        plan.steps().stream()
            .filter(RestrictAccount.class::isInstance)
            .map(RestrictAccount.class::cast)
            .findFirst()
            .orElseThrow();
    SecurityDescriptor before = kit.sd(lab.account());
    PreparationReport applied = preparer().apply(plan);
    SecurityDescriptor after = kit.sd(lab.account());
    assertThat(after.control().has(ControlFlags.DACL_PROTECTED)).isTrue();
    List<Ace> explicit = after.dacl().orElseThrow().explicitAces();
    List<Ace> self =
        before.dacl().orElseThrow().explicitAces().stream()
            .filter(a -> AceSemantics.meaning(a).map(m -> m.sid().equals(Sid.SELF)).orElse(false))
            .toList();
    List<Ace> expected = new ArrayList<>(step.aces());
    expected.addAll(self);
    assertThat(explicit).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(after.dacl().orElseThrow().inheritedAces()).isEmpty();
    assertThat(preparer().apply(plan).changedSteps()).isEmpty();
    // undo does not touch it (not a grant); restore does
    assertThat(preparer().undo(plan).changedSteps()).isEmpty();
    preparer().restore(applied);
    SecurityDescriptor restored = kit.sd(lab.account());
    assertThat(restored.control().has(ControlFlags.DACL_PROTECTED)).isFalse();
    assertThat(restored.dacl().orElseThrow().explicitAces())
        .containsExactlyInAnyOrderElementsOf(before.dacl().orElseThrow().explicitAces());
    assertThat(restored.dacl().orElseThrow().inheritedAces()).isNotEmpty();
  }

  @Test
  void concurrentPreparersAndAForeignWriterLoseNoAce() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    int preparers = 4;
    List<PreparationPlan> plans = new ArrayList<>();
    for (int i = 0; i < preparers; i++) {
      String svc = kit.ad.addUser(lab.ou(), "c" + i + lab.ou().substring(6, lab.ou().indexOf(',')));
      plans.add(
          kit.plan(
              org.adwriteback.preparation.PreparationRequest.builder(svc)
                  .features(WritebackFeature.PASSWORD, WritebackFeature.CONSISTENCY_GUID)
                  .scope(WritebackFeature.PASSWORD, List.of(lab.users()))
                  .scope(WritebackFeature.CONSISTENCY_GUID, List.of(lab.users()))
                  .build()));
    }
    List<Ace> foreign = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      foreign.add(
          AccessAce.allow(
              Sid.parse(kit.ad.domainSid()).withRid(5000 + i),
              AccessMask.READ_PROPERTY,
              AceFlags.NONE));
    }
    ExecutorService pool = Executors.newFixedThreadPool(preparers + 1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      List<Future<?>> preparing = new ArrayList<>();
      for (PreparationPlan p : plans) {
        preparing.add(
            pool.submit(
                () -> {
                  try (LDAPConnection c = kit.ad.connection()) {
                    return new DirectoryPreparer(
                            DomainSessions.single(LdapSession.of(c)), kit.forest)
                        .apply(p);
                  }
                }));
      }
      futures.addAll(preparing);
      futures.add(
          pool.submit(
              () -> {
                // a foreign tool that edits read-modify-write and checks its own result
                for (Ace a : foreign) {
                  do {
                    SecurityDescriptor sd = kit.sd(lab.users());
                    kit.writeSd(
                        lab.users(),
                        sd.withDacl(
                            Acl.of(sd.dacl().orElseThrow().explicitAces()).addCanonical(a)));
                  } while (!kit.sd(lab.users()).dacl().orElseThrow().explicitAces().contains(a));
                }
                // it checks again until every preparer has returned, then once more: a preparer's
                // write that read the descriptor before the foreign write can land at any time
                // until then (no compare-and-swap on nTSecurityDescriptor)
                boolean last = false;
                while (!last) {
                  last = preparing.stream().allMatch(Future::isDone);
                  Thread.sleep(50);
                  for (Ace a : foreign) {
                    SecurityDescriptor sd = kit.sd(lab.users());
                    if (!sd.dacl().orElseThrow().explicitAces().contains(a)) {
                      kit.writeSd(
                          lab.users(),
                          sd.withDacl(
                              Acl.of(sd.dacl().orElseThrow().explicitAces()).addCanonical(a)));
                    }
                  }
                }
                return null;
              }));
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    List<Ace> now = kit.sd(lab.users()).dacl().orElseThrow().explicitAces();
    assertThat(now).containsAll(foreign);
    // The foreign writer's last read-modify-write can land after a preparer's verify and overwrite
    // its
    // ACEs (no compare-and-swap exists on nTSecurityDescriptor; see DirectoryPreparer's javadoc).
    // The
    // guarantee is convergence: one more run of each preparer restores every planned ACE and keeps
    // the
    // foreign ones.
    for (PreparationPlan p : plans) {
      try (LDAPConnection c = kit.ad.connection()) {
        new DirectoryPreparer(DomainSessions.single(LdapSession.of(c)), kit.forest).apply(p);
      }
    }
    assertThat(kit.sd(lab.users()).dacl().orElseThrow().explicitAces()).containsAll(foreign);
    for (PreparationPlan p : plans) {
      for (GrantAces g : p.grantSteps()) {
        assertThat(kit.sd(g.dn()).dacl().orElseThrow().explicitAces()).containsAll(planned(g));
      }
    }
  }

  @Test
  void preparingAllFeaturesCostsAtMostTwoOperationsPerTouchedObjectPlusAConstant()
      throws Exception {
    TestkitLab.Lab lab = kit.lab();
    PreparationPlan plan =
        kit.plan(
            kit.request(
                    lab,
                    WritebackFeature.PASSWORD,
                    WritebackFeature.CONSISTENCY_GUID,
                    WritebackFeature.EXCHANGE_HYBRID,
                    WritebackFeature.GROUP,
                    WritebackFeature.USER,
                    WritebackFeature.BASIC_READ,
                    WritebackFeature.NGC_KEYS)
                .build());
    try (LDAPConnection c = kit.ad.connection()) {
      DomainSessions counted = DomainSessions.single(LdapSession.of(c));
      long discovery = counted.operations();
      ForestDiscovery.discover(counted, ForestDiscovery.Scope.HOME_DOMAIN);
      AccountResolver.resolve(counted, kit.forest, lab.account());
      discovery = counted.operations() - discovery;
      DirectoryPreparer p = new DirectoryPreparer(counted, kit.forest);
      long start = counted.operations();
      PreparationReport r = p.apply(plan);
      long used = counted.operations() - start;
      long touched = r.changedSteps().size();
      int aces = plan.grantSteps().stream().mapToInt(g -> g.aces().size()).sum();
      System.out.printf(
          "testkit: prepare 7 features: discovery %d ops, apply %d ops, %d touched objects, %d ACEs"
              + " (dsacls: one read+write per ACE = %d)%n",
          discovery, used, touched, aces, 2 * aces);
      assertThat(discovery).isLessThanOrEqualTo(7);
      assertThat(used).isLessThanOrEqualTo(2 * touched + 4);
      assertThat(r.ldapOperations()).isEqualTo(used);
    }
  }

  private static List<String> reversed(List<String> l) {
    List<String> out = new ArrayList<>(l);
    java.util.Collections.reverse(out);
    return out;
  }
}
