package org.adwriteback.preparation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.security.AccessAce;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.AceFlags;
import org.adwriteback.security.ObjectAce;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.Test;

class PreparationPlannerTest {

  private static final Sid ROOT_SID = Sid.parse("S-1-5-21-1004336348-1177238915-682003330");
  private static final Sid CHILD_SID = Sid.parse("S-1-5-21-2000000001-2000000002-2000000003");
  private static final Sid ACCOUNT = ROOT_SID.withRid(1105);
  private static final DomainFacts ROOT =
      new DomainFacts("DC=contoso,DC=test", "contoso.test", "CONTOSO", ROOT_SID);
  private static final DomainFacts CHILD =
      new DomainFacts("DC=emea,DC=contoso,DC=test", "emea.contoso.test", "EMEA", CHILD_SID);
  private static final UUID USER = UUID.fromString("bf967aba-0de6-11d0-a285-00aa003049e2");
  private static final UUID RESET_PASSWORD =
      UUID.fromString("00299570-246d-11d0-a768-00aa006e0529");

  private static DirectoryFacts facts(int schemaVersion, boolean exchange, GuidResolver guids) {
    return new DirectoryFacts(
        ROOT,
        List.of(ROOT, CHILD),
        "CN=Configuration,DC=contoso,DC=test",
        "CN=Schema,CN=Configuration,DC=contoso,DC=test",
        schemaVersion,
        exchange,
        ACCOUNT,
        "CN=MSOL_0123456789ab,CN=Users,DC=contoso,DC=test",
        "CONTOSO\\MSOL_0123456789ab",
        guids);
  }

  private static DirectoryFacts facts() {
    return facts(87, false, GuidResolver.catalog());
  }

  private static PreparationRequest.Builder request(WritebackFeature... features) {
    return PreparationRequest.builder("CONTOSO\\MSOL_0123456789ab").features(features);
  }

  private static List<Ace> acesOn(PreparationPlan plan, String dn) {
    return plan.grantSteps().stream()
        .filter(g -> g.dn().equalsIgnoreCase(dn))
        .flatMap(g -> g.aces().stream())
        .map(PlannedAce::ace)
        .toList();
  }

  @Test
  void passwordWritebackGrantsResetPasswordOnDescendantUsersOfEveryDomainRoot() throws Exception {
    PreparationPlan plan =
        PreparationPlanner.plan(request(WritebackFeature.PASSWORD).build(), facts());
    ObjectAce expected =
        ObjectAce.allow(
            ACCOUNT,
            AccessMask.CONTROL_ACCESS,
            Optional.of(RESET_PASSWORD),
            Optional.of(USER),
            AceFlags.of(0x0A));
    assertThat(acesOn(plan, ROOT.dn())).contains(expected);
    assertThat(acesOn(plan, CHILD.dn())).contains(expected);
    // one step per object: the four password ACEs of a domain root are written together
    assertThat(plan.grantSteps()).hasSize(2);
    assertThat(acesOn(plan, ROOT.dn())).hasSize(4);
  }

  @Test
  void unexpirePasswordGoesOnTheDomainRootEvenWhenTheGrantsAreScopedToAnOu() throws Exception {
    String ou = "OU=Staff,DC=contoso,DC=test";
    PreparationPlan plan =
        PreparationPlanner.plan(
            request(WritebackFeature.PASSWORD)
                .scope(WritebackFeature.PASSWORD, List.of(ou))
                .build(),
            facts());
    assertThat(acesOn(plan, ou)).hasSize(3);
    assertThat(acesOn(plan, ROOT.dn()))
        .singleElement()
        .satisfies(
            a ->
                assertThat(((ObjectAce) a).objectType())
                    .contains(UUID.fromString("ccc2dc7d-a6ad-4a7a-8846-c04e3cc53501")));
    assertThat(acesOn(plan, CHILD.dn())).isEmpty();
  }

  @Test
  void genericRightsAreMappedToDsRightsBeforeTheyAreStored() throws Exception {
    PreparationPlan plan =
        PreparationPlanner.plan(
            request(WritebackFeature.GROUP).groupOu("OU=Groups,DC=contoso,DC=test").build(),
            facts());
    ObjectAce groupAce = (ObjectAce) acesOn(plan, ROOT.dn()).get(0);
    // GRGWCCDCSDDT, permissions.md §2.3: stored mask 0x000300FF
    assertThat(groupAce.mask().value()).isEqualTo(0x000300FF);
    assertThat(groupAce.mask().hasGenericBits()).isFalse();
  }

  @Test
  void hybridJoinEnsuresTheScpWithBothKeywordsAndGrantsGenericReadWriteOnItsContainer()
      throws Exception {
    UUID tenant = UUID.fromString("a0a0a0a0-1111-2222-3333-444444444444");
    PreparationPlan plan =
        PreparationPlanner.plan(
            request(WritebackFeature.HYBRID_JOIN).tenant(tenant, "contoso.com").build(), facts());
    EnsureObject scp =
        plan.steps().stream()
            .filter(
                s ->
                    s instanceof EnsureObject e && e.objectClass().equals("serviceConnectionPoint"))
            .map(EnsureObject.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(scp.dn())
        .isEqualTo(
            "CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,"
                + "CN=Services,CN=Configuration,DC=contoso,DC=test");
    assertThat(scp.attributes().get("keywords"))
        .containsExactly("azureADName:contoso.com", "azureADId:" + tenant);
    assertThat(scp.attributesToConverge()).containsExactly("keywords");
    Ace grant =
        acesOn(
                plan,
                "CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=contoso,DC=test")
            .get(0);
    // (A;CI;LCSWRPWPLORC;;;S) = 0x000200BC, permissions.md §3.1
    assertThat(grant)
        .isEqualTo(AccessAce.allow(ACCOUNT, AccessMask.of(0x000200BC), AceFlags.CONTAINER_INHERIT));
  }

  @Test
  void deviceAndHybridJoinShareTheConfigurationContainerWithoutCreatingItTwice() throws Exception {
    PreparationPlan plan =
        PreparationPlanner.plan(
            request(WritebackFeature.DEVICE, WritebackFeature.HYBRID_JOIN)
                .tenant(UUID.randomUUID(), "contoso.com")
                .build(),
            facts());
    assertThat(
            plan.steps().stream()
                .filter(s -> s instanceof EnsureObject)
                .map(PlanStep::dn)
                .filter(dn -> dn.startsWith("CN=Device Registration Configuration")))
        .hasSize(1);
    EnsureObject service =
        plan.steps().stream()
            .filter(
                s ->
                    s instanceof EnsureObject e
                        && e.objectClass().equals("msDS-DeviceRegistrationService"))
            .map(EnsureObject.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(service.attributes().get("msDS-DeviceLocation"))
        .containsExactly("CN=RegisteredDevices,DC=contoso,DC=test");
    // objects come before grants, so the grants have something to land on
    int lastEnsure = 0;
    int firstGrant = Integer.MAX_VALUE;
    for (int i = 0; i < plan.steps().size(); i++) {
      if (plan.steps().get(i) instanceof EnsureObject) {
        lastEnsure = i;
      } else {
        firstGrant = Math.min(firstGrant, i);
      }
    }
    assertThat(lastEnsure).isLessThan(firstGrant);
  }

  @Test
  void everyMissingOptionIsNamedInOneError() {
    assertThatThrownBy(
            () ->
                PreparationPlanner.plan(
                    request(
                            WritebackFeature.PASSWORD,
                            WritebackFeature.HYBRID_JOIN,
                            WritebackFeature.GROUP,
                            WritebackFeature.USER)
                        .build(),
                    facts()))
        .isInstanceOf(PreparationException.class)
        .hasMessageContaining("give --group-ou DN")
        .hasMessageContaining("give --user-ou DN")
        .hasMessageContaining("give --tenant-id GUID and --tenant-domain NAME")
        .satisfies(
            e ->
                assertThat(((PreparationException) e).reason())
                    .isEqualTo(PreparationException.Reason.INCOMPLETE_REQUEST));
  }

  @Test
  void featuresNeedingANewerSchemaSayWhichVersionAndWhatToRun() {
    assertThatThrownBy(
            () ->
                PreparationPlanner.plan(
                    request(WritebackFeature.NGC_KEYS).build(),
                    facts(69, false, GuidResolver.catalog())))
        .isInstanceOf(PreparationException.class)
        .hasMessageContaining("87")
        .hasMessageContaining("Windows Server 2016")
        .hasMessageContaining("has 69")
        .satisfies(
            e ->
                assertThat(((PreparationException) e).reason())
                    .isEqualTo(PreparationException.Reason.PREREQUISITE_MISSING));
  }

  @Test
  void leastPrivilegeExchangeHybridNeedsTheExchangeAttributesInTheSchema() throws Exception {
    PreparationRequest lp =
        request(WritebackFeature.EXCHANGE_HYBRID).mode(PermissionMode.LEAST_PRIVILEGE).build();
    assertThatThrownBy(() -> PreparationPlanner.plan(lp, facts()))
        .isInstanceOf(PreparationException.class)
        .hasMessageContaining("msExchArchiveStatus")
        .hasMessageContaining("Microsoft-exact");
    Map<String, UUID> fromForest =
        Map.of(
            "msExchArchiveStatus", UUID.randomUUID(),
            "msExchBlockedSendersHash", UUID.fromString("66437984-c3c5-498f-b269-987819ef484b"),
            "msExchSafeRecipientsHash", UUID.fromString("6f606079-3a82-4c1b-8efb-dcc8c91d26fe"),
            "msExchSafeSendersHash", UUID.fromString("7cb4c7d3-8787-42b0-b438-3c5d479ad31e"),
            "msExchUCVoiceMailSettings", UUID.randomUUID(),
            "msExchUserHoldPolicies", UUID.randomUUID(),
            "publicDelegates", UUID.fromString("f0f8ff9a-1191-11d0-a060-00aa006c33ed"));
    PreparationPlan plan =
        PreparationPlanner.plan(
            lp, facts(87, true, GuidResolver.catalog().overriddenBy(fromForest)));
    assertThat(acesOn(plan, ROOT.dn()))
        .allSatisfy(a -> assertThat(a.flags()).isEqualTo(AceFlags.of(0x0A)))
        .allSatisfy(a -> assertThat(((ObjectAce) a).mask()).isEqualTo(AccessMask.WRITE_PROPERTY))
        .hasSize(20);
  }

  @Test
  void missingOptionsAreReportedAsIncompleteRequests() {
    assertThatThrownBy(
            () -> PreparationPlanner.plan(request(WritebackFeature.GROUP).build(), facts()))
        .hasMessageContaining("--group-ou");
    assertThatThrownBy(
            () -> PreparationPlanner.plan(request(WritebackFeature.USER).build(), facts()))
        .hasMessageContaining("--user-ou");
    assertThatThrownBy(
            () -> PreparationPlanner.plan(request(WritebackFeature.HYBRID_JOIN).build(), facts()))
        .hasMessageContaining("--tenant-id");
  }

  @Test
  void targetsOutsideTheForestAreRefused() {
    assertThatThrownBy(
            () ->
                PreparationPlanner.plan(
                    request(WritebackFeature.USER).userOu("OU=Cloud,DC=fabrikam,DC=com").build(),
                    facts()))
        .isInstanceOf(PreparationException.class)
        .hasMessageContaining("OU=Cloud,DC=fabrikam,DC=com")
        .hasMessageContaining("DC=contoso,DC=test");
  }

  @Test
  void aScopeInTheConfigurationPartitionIsNotInADomain() {
    assertThatThrownBy(
            () ->
                PreparationPlanner.plan(
                    request(WritebackFeature.PASSWORD)
                        .scope(
                            WritebackFeature.PASSWORD,
                            List.of("CN=Services,CN=Configuration,DC=contoso,DC=test"))
                        .build(),
                    facts()))
        .isInstanceOfSatisfying(
            PreparationException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(PreparationException.Reason.TARGET_OUTSIDE_FOREST));
  }

  @Test
  void adminSdHolderIsTouchedOnlyWhenAskedAndIsEffectiveInLeastPrivilegeMode() throws Exception {
    String holder = "CN=AdminSDHolder,CN=System,DC=contoso,DC=test";
    PreparationPlan without =
        PreparationPlanner.plan(request(WritebackFeature.CONSISTENCY_GUID).build(), facts());
    assertThat(acesOn(without, holder)).isEmpty();
    PreparationPlan exact =
        PreparationPlanner.plan(
            request(WritebackFeature.CONSISTENCY_GUID).includeAdminSdHolder(true).build(), facts());
    assertThat(acesOn(exact, holder))
        .singleElement()
        .satisfies(a -> assertThat(a.flags().isInheritOnly()).isTrue());
    assertThat(exact.notes()).anyMatch(n -> n.contains("AdminSDHolder"));
    PreparationPlan lp =
        PreparationPlanner.plan(
            request(WritebackFeature.CONSISTENCY_GUID)
                .includeAdminSdHolder(true)
                .mode(PermissionMode.LEAST_PRIVILEGE)
                .build(),
            facts());
    assertThat(acesOn(lp, holder))
        .singleElement()
        .satisfies(a -> assertThat(a.flags()).isEqualTo(AceFlags.NONE));
    PreparationPlan phs =
        PreparationPlanner.plan(
            request(WritebackFeature.PASSWORD_HASH_SYNC).includeAdminSdHolder(true).build(),
            facts());
    assertThat(acesOn(phs, holder)).isEmpty();
  }

  @Test
  void restrictedAccountUsesTheForestRootForEnterpriseAdminsAndTheAccountsDomainForDomainAdmins()
      throws Exception {
    PreparationPlan plan =
        PreparationPlanner.plan(request(WritebackFeature.RESTRICTED_ACCOUNT).build(), facts());
    RestrictAccount step = (RestrictAccount) plan.steps().get(plan.steps().size() - 1);
    assertThat(step.dn()).isEqualTo("CN=MSOL_0123456789ab,CN=Users,DC=contoso,DC=test");
    assertThat(step.aces())
        .extracting(a -> ((AccessAce) a).sid())
        .containsExactly(
            Sid.LOCAL_SYSTEM,
            ROOT_SID.withRid(519),
            ROOT_SID.withRid(512),
            Sid.BUILTIN_ADMINISTRATORS,
            Sid.ENTERPRISE_DOMAIN_CONTROLLERS,
            Sid.AUTHENTICATED_USERS);
    assertThat(((AccessAce) step.aces().get(0)).mask().value()).isEqualTo(0x000F01FF);
    assertThat(((AccessAce) step.aces().get(5)).mask().value()).isEqualTo(0x00020094);
  }

  @Test
  void rendersTheDsaclsStatementsTheSeedArticleTypes() throws Exception {
    PreparationPlan plan =
        PreparationPlanner.plan(
            request(WritebackFeature.PASSWORD)
                .includeChangePassword(true)
                .scope(WritebackFeature.PASSWORD, List.of("DC=contoso,DC=test"))
                .build(),
            facts());
    assertThat(plan.toDsacls())
        .contains(
            "dsacls \"DC=contoso,DC=test\" /I:S /G \"CONTOSO\\MSOL_0123456789ab:CA;Reset Password;user\"",
            "dsacls \"DC=contoso,DC=test\" /I:S /G \"CONTOSO\\MSOL_0123456789ab:CA;Change Password;user\"",
            "dsacls \"DC=contoso,DC=test\" /I:S /G \"CONTOSO\\MSOL_0123456789ab:WP;lockoutTime;user\"",
            "dsacls \"DC=contoso,DC=test\" /I:S /G \"CONTOSO\\MSOL_0123456789ab:WP;pwdLastSet;user\"");
    assertThat(plan.toSddl(org.adwriteback.security.SddlContext.of(ROOT_SID)))
        .singleElement()
        .asString()
        .startsWith(
            "DC=contoso,DC=test: (OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;"
                + "bf967aba-0de6-11d0-a285-00aa003049e2;"
                + ACCOUNT
                + ")");
    assertThat(plan.toPowerShell())
        .containsExactly(
            "Set-ADSyncPasswordWritebackPermissions -ADConnectorAccountName 'MSOL_0123456789ab'"
                + " -ADConnectorAccountDomain 'CONTOSO' -ADobjectDN 'DC=contoso,DC=test'");
  }
}
