package org.adwriteback.ldap.preparation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.adwriteback.ldap.AdConnections;
import org.adwriteback.ldap.ConnectionSettings;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.preparation.PermissionMode;
import org.adwriteback.preparation.PreparationException;
import org.adwriteback.preparation.PreparationPlanner;
import org.adwriteback.preparation.PreparationRequest;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.adwriteback.testkit.AdSchemaVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table on the testkit: each case fails with its typed error ({@code W:} a {@link
 * WritebackException.Reason}, {@code P:} a {@link PreparationException.Reason}) and leaves every
 * descriptor and keyword of the forest as it was.
 */
class PreparationRefusesBadInputTest {

  private static TestkitLab kit;
  private static TestkitLab.Lab lab;
  private static String domain;
  private static String sid;

  /** One attempt that must fail. */
  @FunctionalInterface
  interface Attempt {
    void run() throws Exception;
  }

  @BeforeAll
  static void start() throws Exception {
    kit = new TestkitLab();
    lab = kit.lab();
    domain = kit.ad.domainDn();
    sid = kit.ad.domainSid();
    // two objects named "dup" (cn) in different OUs: a bare name matches both
    for (String ou : List.of(lab.users(), lab.groups())) {
      kit.admin.add(
          "CN=dup," + ou,
          new Attribute("objectClass", "user"),
          new Attribute("sAMAccountName", "dup" + ou.length()));
    }
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  static Stream<Arguments> cases() {
    String missing = "OU=Missing," + domain;
    return Stream.of(
        // account names
        resolve("empty account", "", "W:INVALID_INPUT"),
        resolve("blank account", "   ", "W:INVALID_INPUT"),
        resolve("NUL in account", "svc1\u0000", "W:INVALID_INPUT"),
        resolve("malformed SID", "S-1-5-21-x", "W:INVALID_INPUT"),
        resolve("truncated SID", "S-1-", "W:INVALID_INPUT"),
        resolve("malformed DN", "CN=svc,=bad", "W:INVALID_INPUT"),
        resolve("DN with unescaped comma", "CN=a,b,DC=contoso", "W:INVALID_INPUT"),
        resolve("domain without sam", "CONTOSO\\", "W:INVALID_INPUT"),
        resolve("sam without domain", "\\svc1", "W:INVALID_INPUT"),
        resolve("two backslashes", "CONTOSO\\a\\b", "W:INVALID_INPUT"),
        resolve("unknown domain", "FABRIKAM\\svc1", "W:ACCOUNT_NOT_FOUND"),
        resolve("unknown sam", "CONTOSO\\nobody", "W:ACCOUNT_NOT_FOUND"),
        resolve("unknown UPN", "nobody@contoso.test", "W:ACCOUNT_NOT_FOUND"),
        resolve("SID of no covered domain", "S-1-5-21-1-2-3-1000", "W:ACCOUNT_NOT_FOUND"),
        resolve("unknown RID", sid + "-99999", "W:ACCOUNT_NOT_FOUND"),
        resolve("unknown DN", "CN=nobody," + domain, "W:ACCOUNT_NOT_FOUND"),
        resolve("DN outside the forest", "CN=x,DC=fabrikam,DC=com", "W:ACCOUNT_NOT_FOUND"),
        resolve("object without objectSid", "CN=Users," + domain, "W:ACCOUNT_NOT_FOUND"),
        resolve("injection *", "*", "W:ACCOUNT_NOT_FOUND"),
        resolve("injection DOMAIN\\*", "CONTOSO\\*", "W:ACCOUNT_NOT_FOUND"),
        resolve("injection *@", "*@contoso.test", "W:ACCOUNT_NOT_FOUND"),
        resolve("injection )(", "*)(objectClass=*", "W:ACCOUNT_NOT_FOUND"),
        resolve("injection |", "svc1)(|(sAMAccountName=*", "W:ACCOUNT_NOT_FOUND"),
        resolve("injection backslash", "svc\\2a", "W:ACCOUNT_NOT_FOUND"),
        resolve("injection escaped DN", "CN=svc\\2a," + lab.ou(), "W:ACCOUNT_NOT_FOUND"),
        resolve("ambiguous bare name", "dup", "W:ACCOUNT_AMBIGUOUS"),
        // planning
        prepare(
            "group writeback without group OU",
            PreparationRequest.builder(lab.account()).features(WritebackFeature.GROUP),
            "P:INCOMPLETE_REQUEST"),
        prepare(
            "user writeback without user OU",
            PreparationRequest.builder(lab.account()).features(WritebackFeature.USER),
            "P:INCOMPLETE_REQUEST"),
        prepare(
            "hybrid join without tenant",
            PreparationRequest.builder(lab.account()).features(WritebackFeature.HYBRID_JOIN),
            "P:INCOMPLETE_REQUEST"),
        prepare(
            "scope outside the forest",
            kit.request(lab, WritebackFeature.PASSWORD)
                .scope(WritebackFeature.PASSWORD, List.of("OU=x,DC=fabrikam,DC=com")),
            "P:TARGET_OUTSIDE_FOREST"),
        prepare(
            "least-privilege Exchange hybrid without Exchange attributes",
            kit.request(lab, WritebackFeature.EXCHANGE_HYBRID).mode(PermissionMode.LEAST_PRIVILEGE),
            "P:PREREQUISITE_MISSING"),
        Arguments.of(
            "NGC keys on a 2012 R2 schema",
            (Attempt) PreparationRefusesBadInputTest::ngcKeysOnOldSchema,
            "P:PREREQUISITE_MISSING"),
        // applying
        prepare(
            "missing scope OU (the domain root grant is not written either)",
            kit.request(lab, WritebackFeature.PASSWORD)
                .scope(WritebackFeature.PASSWORD, List.of(missing)),
            "W:NO_SUCH_OBJECT"),
        prepare(
            "scope below a missing OU",
            kit.request(lab, WritebackFeature.CONSISTENCY_GUID)
                .scope(WritebackFeature.CONSISTENCY_GUID, List.of("OU=Deeper," + missing)),
            "W:NO_SUCH_OBJECT"),
        prepare(
            "missing group OU",
            kit.request(lab, WritebackFeature.GROUP)
                .scope(WritebackFeature.GROUP, List.of(lab.groups()))
                .groupOu(missing),
            "W:NO_SUCH_OBJECT"),
        prepare(
            "one missing scope among good ones",
            kit.request(lab, WritebackFeature.PASSWORD, WritebackFeature.CONSISTENCY_GUID)
                .scope(WritebackFeature.CONSISTENCY_GUID, List.of(lab.users(), missing)),
            "W:NO_SUCH_OBJECT"),
        Arguments.of(
            "dry run on a missing user OU",
            (Attempt)
                () ->
                    new DirectoryPreparer(kit.sessions, kit.forest)
                        .dryRun(
                            kit.plan(
                                kit.request(lab, WritebackFeature.USER).userOu(missing).build())),
            "W:NO_SUCH_OBJECT"),
        Arguments.of(
            "audit of a malformed scope", (Attempt) () -> audit("OU=,,bad"), "W:INVALID_INPUT"),
        Arguments.of(
            "audit of a missing scope", (Attempt) () -> audit(missing), "W:NO_SUCH_OBJECT"),
        // rights
        Arguments.of(
            "no right to write the DACL (bound as a plain user)",
            (Attempt) () -> asPlainUser(kit.request(lab, WritebackFeature.PASSWORD)),
            "W:INSUFFICIENT_RIGHTS"),
        Arguments.of(
            "no right to create the device objects (plain user, configuration partition)",
            (Attempt) () -> asPlainUser(kit.request(lab, WritebackFeature.DEVICE)),
            "W:INSUFFICIENT_RIGHTS"),
        Arguments.of(
            "no right to converge the hybrid-join keywords (plain user)",
            (Attempt)
                () ->
                    asPlainUser(
                        kit.request(lab, WritebackFeature.HYBRID_JOIN)
                            .tenant(UUID.randomUUID(), "contoso.example")),
            "W:INSUFFICIENT_RIGHTS"),
        // connecting
        connect(
            "connection refused",
            ConnectionSettings.forUrl("ldap://127.0.0.1:1")
                .bind(kit.ad.adminDn(), kit.ad.adminPassword())
                .build(),
            "W:CONNECTION_FAILED"),
        connect(
            "TLS: untrusted certificate",
            ConnectionSettings.forUrl(kit.ad.ldapsUrl())
                .bind(kit.ad.adminDn(), kit.ad.adminPassword())
                .build(),
            "W:TLS_FAILURE"),
        connect(
            "wrong password",
            ConnectionSettings.forUrl(kit.ad.ldapsUrl())
                .insecureTrustAll()
                .bind(kit.ad.adminDn(), "wrong".toCharArray())
                .build(),
            "W:BIND_FAILED"),
        connect(
            "unknown bind account",
            ConnectionSettings.forUrl(kit.ad.ldapsUrl())
                .insecureTrustAll()
                .bind("CN=ghost," + domain, "Kx#9mPq2wLz".toCharArray())
                .build(),
            "W:BIND_FAILED"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failsWithItsTypedErrorAndChangesNothing(String name, Attempt attempt, String expected)
      throws Exception {
    Map<String, String> before = snapshot();
    try {
      attempt.run();
      fail(name + ": no error");
    } catch (WritebackException e) {
      assertThat("W:" + e.reason()).as(e.getMessage()).isEqualTo(expected);
      assertThat(e.getMessage()).isNotBlank();
    } catch (PreparationException e) {
      assertThat("P:" + e.reason()).as(e.getMessage()).isEqualTo(expected);
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  private static Arguments resolve(String name, String account, String expected) {
    return Arguments.of(
        name, (Attempt) () -> AccountResolver.resolve(kit.sessions, kit.forest, account), expected);
  }

  private static Arguments prepare(
      String name, PreparationRequest.Builder request, String expected) {
    return Arguments.of(
        name,
        (Attempt)
            () -> new DirectoryPreparer(kit.sessions, kit.forest).apply(kit.plan(request.build())),
        expected);
  }

  private static Arguments connect(String name, ConnectionSettings settings, String expected) {
    return Arguments.of(name, (Attempt) () -> AdConnections.open(settings).close(), expected);
  }

  private static void asPlainUser(PreparationRequest.Builder request) throws Exception {
    try (var c = kit.ad.connectionAs(lab.account(), TestkitLab.PASSWORD)) {
      DomainSessions own = DomainSessions.single(LdapSession.of(c));
      Forest f = ForestDiscovery.discover(own, ForestDiscovery.Scope.HOME_DOMAIN);
      new DirectoryPreparer(own, f)
          .apply(
              PreparationPlanner.plan(
                  request.build(), f.facts(AccountResolver.resolve(own, f, lab.account()))));
    }
  }

  private static void audit(String scope) throws Exception {
    new DirectoryAuditor(kit.sessions, kit.forest)
        .audit(
            kit.plan(kit.request(lab, WritebackFeature.PASSWORD).build()),
            kit.account(lab),
            WritebackFeature.PASSWORD,
            scope,
            f -> {});
  }

  private static void ngcKeysOnOldSchema() throws Exception {
    try (AdDirectory old =
            AdDirectory.start(
                AdConfiguration.builder()
                    .dnsName("old.test")
                    .schemaVersion(AdSchemaVersion.WINDOWS_2012_R2)
                    .build());
        var c = old.connection()) {
      DomainSessions s = DomainSessions.single(LdapSession.of(c));
      Forest f = ForestDiscovery.discover(s, ForestDiscovery.Scope.HOME_DOMAIN);
      ResolvedAccount a = AccountResolver.resolve(s, f, old.adminDn());
      PreparationPlanner.plan(
          PreparationRequest.builder(old.adminDn())
              .features(WritebackFeature.NGC_KEYS)
              .scope(WritebackFeature.NGC_KEYS, List.of(old.domainDn()))
              .build(),
          f.facts(a));
    }
  }

  /** Every descriptor and keyword of the domain and configuration partitions. */
  private static Map<String, String> snapshot() throws LDAPException {
    Map<String, String> out = new TreeMap<>();
    for (String base : List.of(domain, kit.ad.configurationDn())) {
      SearchRequest r =
          new SearchRequest(
              base, SearchScope.SUB, "(objectClass=*)", "nTSecurityDescriptor", "keywords");
      for (SearchResultEntry e : kit.admin.search(r).getSearchEntries()) {
        out.put(
            e.getDN(),
            Arrays.toString(e.getAttributeValueBytes("nTSecurityDescriptor"))
                + Arrays.toString(e.getAttributeValues("keywords")));
      }
    }
    return out;
  }
}
