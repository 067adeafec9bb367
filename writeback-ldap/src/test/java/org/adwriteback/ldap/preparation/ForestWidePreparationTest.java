package org.adwriteback.ldap.preparation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.adwriteback.preparation.DomainFacts;
import org.adwriteback.preparation.PreparationPlan;
import org.adwriteback.preparation.PreparationPlanner;
import org.adwriteback.preparation.PreparationRequest;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forest-wide preparation as Microsoft's cmdlets run it (every domain of the forest) on the
 * testkit's two-domain forest: contoso.test and its child emea.contoso.test, served by one server.
 * Discovery, apply, verify and undo reach the child domain through the home connection, because the
 * server holds a writable replica of both domain NCs (rootDSE namingContexts, IT_WRITE).
 */
class ForestWidePreparationTest {

  private static final char[] PASSWORD = "Kx#9mPq2wLz".toCharArray();

  private AdDirectory ad;
  private LDAPConnection admin;
  private DomainSessions sessions;
  private String rootDn;
  private String childDn;
  private String account;
  private String rootUser;
  private String childUser;
  private String groupOu;
  private String userOu;

  @BeforeEach
  void start() throws Exception {
    ad =
        AdDirectory.start(
            AdConfiguration.twoDomainForest("contoso.test").toBuilder()
                .exchangeSchema(true)
                .build());
    rootDn = ad.domain("CONTOSO").dn();
    childDn = ad.domain("EMEA").dn();
    account = ad.addUser("CN=Users," + rootDn, "MSOL_0123456789ab", PASSWORD);
    rootUser = ad.addUser(ad.addOu(rootDn, "Staff"), "alice", "Tr#4nGq8vBn".toCharArray());
    childUser = ad.addUser(ad.addOu(childDn, "Staff"), "bob", "Tr#4nGq8vBn".toCharArray());
    groupOu = ad.addOu(rootDn, "CloudGroups");
    userOu = ad.addOu(rootDn, "CloudUsers");
    admin = ad.connection();
    // a DC that does not hold the other domain would be reached through this function; the
    // testkit holds both, so it must never be called
    sessions =
        DomainSessions.connecting(
            LdapSession.of(admin),
            dnsRoot -> {
              throw new AssertionError("no second connection expected, asked for " + dnsRoot);
            });
  }

  @AfterEach
  void stop() {
    sessions.close();
    admin.close();
    ad.close();
  }

  private PreparationPlan planAll(Forest forest) throws Exception {
    PreparationRequest request =
        PreparationRequest.builder("CONTOSO\\MSOL_0123456789ab")
            .features(EnumSet.allOf(WritebackFeature.class))
            .groupOu(groupOu)
            .userOu(userOu)
            .tenant(UUID.randomUUID(), "contoso.example")
            .build();
    ResolvedAccount resolved = AccountResolver.resolve(sessions, forest, request.account());
    return PreparationPlanner.plan(request, forest.facts(resolved));
  }

  private static byte[] unicodePwd(String password) {
    return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
  }

  /** The writeback actions of password, consistency-guid and exchange-hybrid on one user. */
  private void writeBack(String user) throws LDAPException {
    try (LDAPConnection svc = ad.connectionAs(account, PASSWORD)) {
      String id = UUID.randomUUID().toString();
      svc.modify(
          user,
          new Modification(
              ModificationType.REPLACE,
              "unicodePwd",
              unicodePwd("R" + id.substring(0, 8) + "#1a")));
      svc.modify(
          user,
          new Modification(
              ModificationType.REPLACE,
              "mS-DS-ConsistencyGuid",
              id.substring(0, 16).getBytes(StandardCharsets.US_ASCII)));
      svc.modify(
          user,
          new Modification(ModificationType.REPLACE, "proxyAddresses", "SMTP:" + id + "@x.test"));
    }
  }

  private void assertRefused(String user) {
    assertThatThrownBy(() -> writeBack(user))
        .as(user)
        .isInstanceOfSatisfying(
            LDAPException.class,
            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
  }

  @Test
  void discoveryCoversBothDomainsWithTheirOwnSidsThroughOneConnection() throws Exception {
    Forest forest = ForestDiscovery.discover(sessions, ForestDiscovery.Scope.ALL_DOMAINS);
    assertThat(forest.domains())
        .extracting(DomainFacts::dn, DomainFacts::dnsName, DomainFacts::netbiosName)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(rootDn, "contoso.test", "CONTOSO"),
            org.assertj.core.groups.Tuple.tuple(childDn, "emea.contoso.test", "EMEA"));
    assertThat(forest.domain("EMEA").orElseThrow().sid())
        .hasToString(ad.domain("EMEA").sid())
        .isNotEqualTo(forest.domain("CONTOSO").orElseThrow().sid());
    assertThat(forest.forestRootDomain().dn()).isEqualTo(rootDn);
    assertThat(forest.otherDomains()).isEmpty();
    assertThat(sessions.forDn(childUser, forest)).isSameAs(sessions.home());
  }

  @Test
  void homeDomainScopeLeavesTheChildOut() throws Exception {
    Forest forest = ForestDiscovery.discover(sessions, ForestDiscovery.Scope.HOME_DOMAIN);
    assertThat(forest.domains()).extracting(DomainFacts::dn).containsExactly(rootDn);
    assertThat(forest.otherDomains()).containsExactly("emea.contoso.test");
  }

  @Test
  void everyFeaturePreparedForestWideLetsTheConnectorWriteBackInBothDomains() throws Exception {
    Forest forest = ForestDiscovery.discover(sessions, ForestDiscovery.Scope.ALL_DOMAINS);
    PreparationPlan plan = planAll(forest);
    // the domain-wide features grant on both domain roots
    assertThat(plan.grantSteps()).anyMatch(g -> Forest.sameDn(g.dn(), childDn));
    assertThat(plan.grantSteps()).anyMatch(g -> Forest.sameDn(g.dn(), rootDn));
    assertRefused(rootUser);
    assertRefused(childUser);

    DirectoryPreparer preparer = new DirectoryPreparer(sessions, forest);
    PreparationReport applied = preparer.apply(plan);
    writeBack(rootUser);
    writeBack(childUser);

    ResolvedAccount resolved =
        AccountResolver.resolve(sessions, forest, "CONTOSO\\MSOL_0123456789ab");
    VerificationReport verified = new DirectoryVerifier(sessions, forest).verify(plan, resolved);
    assertThat(verified.refused()).isEmpty();
    assertThat(verified.checks())
        .anyMatch(c -> Forest.isAtOrBelow(c.targetDn(), childDn) && c.granted())
        .anyMatch(
            c ->
                Forest.isAtOrBelow(c.targetDn(), rootDn)
                    && !Forest.isAtOrBelow(c.targetDn(), childDn)
                    && c.granted());

    // a second run changes nothing in either domain
    byte[] childBefore = daclBytes(childDn);
    preparer.apply(plan);
    assertThat(daclBytes(childDn)).isEqualTo(childBefore);

    preparer.undo(plan);
    assertRefused(rootUser);
    assertRefused(childUser);
    assertThat(new DirectoryVerifier(sessions, forest).verify(plan, resolved).refused())
        .anyMatch(c -> Forest.isAtOrBelow(c.targetDn(), childDn))
        .anyMatch(c -> !Forest.isAtOrBelow(c.targetDn(), childDn));
    preparer.deleteCreated(applied);
  }

  private byte[] daclBytes(String dn) throws LDAPException {
    var r =
        new com.unboundid.ldap.sdk.SearchRequest(
            dn, com.unboundid.ldap.sdk.SearchScope.BASE, "(objectClass=*)", "nTSecurityDescriptor");
    r.addControl(org.adwriteback.ldap.SecurityDescriptorFlagsControl.daclOnly());
    return admin.searchForEntry(r).getAttributeValueBytes("nTSecurityDescriptor");
  }

  @Test
  void singleSessionsServeAChildDomainTheHomeDcHoldsWritably() throws Exception {
    try (DomainSessions single = DomainSessions.single(LdapSession.of(admin))) {
      Forest forest = ForestDiscovery.discover(single, ForestDiscovery.Scope.ALL_DOMAINS);
      assertThat(forest.domains()).extracting(DomainFacts::dn).containsExactly(rootDn, childDn);
      assertThat(single.forDn(childUser, forest)).isSameAs(single.home());
    }
  }

  @Test
  void aDomainTheHomeDcHoldsOnlyReadOnlyGetsItsOwnConnection() throws Exception {
    // a read-only replica (as a global catalog holds other domains): instanceType without IT_WRITE
    admin.modify(childDn, new Modification(ModificationType.REPLACE, "instanceType", "9"));
    List<String> asked = new java.util.ArrayList<>();
    try (DomainSessions connecting =
        DomainSessions.connecting(
            LdapSession.of(admin),
            dnsRoot -> {
              asked.add(dnsRoot);
              // nothing listens on port 1: the connection to the child's DC fails
              return org.adwriteback.ldap.ConnectionSettings.forUrl("ldap://127.0.0.1:1").build();
            })) {
      assertThatThrownBy(
              () -> ForestDiscovery.discover(connecting, ForestDiscovery.Scope.ALL_DOMAINS))
          .isInstanceOf(org.adwriteback.ldap.WritebackException.class);
      assertThat(asked).containsExactly("emea.contoso.test");
    }
  }
}
