package org.adwriteback.bench;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionInfo;
import com.unboundid.ldap.sdk.LDAPConnectionLogger;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.ReadOnlyAddRequest;
import com.unboundid.ldap.sdk.ReadOnlyDeleteRequest;
import com.unboundid.ldap.sdk.ReadOnlyModifyDNRequest;
import com.unboundid.ldap.sdk.ReadOnlyModifyRequest;
import com.unboundid.ldap.sdk.ReadOnlySearchRequest;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.adwriteback.ldap.preparation.AccountResolver;
import org.adwriteback.ldap.preparation.DirectoryPreparer;
import org.adwriteback.ldap.preparation.DomainSessions;
import org.adwriteback.ldap.preparation.Forest;
import org.adwriteback.ldap.preparation.ForestDiscovery;
import org.adwriteback.ldap.preparation.LdapSession;
import org.adwriteback.ldap.preparation.PreparationReport;
import org.adwriteback.ldap.preparation.ResolvedAccount;
import org.adwriteback.preparation.GrantAces;
import org.adwriteback.preparation.PreparationPlan;
import org.adwriteback.preparation.PreparationPlanner;
import org.adwriteback.preparation.PreparationRequest;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.adwriteback.testkit.AdSchemaVersion;

/**
 * Counts the LDAP operations of "prepare every writeback feature" on one domain of the testkit
 * (issue 7, "Performance"), against the seed's approach of one dsacls read and one write per ACE (2
 * × the number of ACEs in the plan). The goal is at most 2 operations per touched object plus a
 * constant for discovery.
 *
 * <p>Operations are counted twice: by the library's own counter ({@link DomainSessions#operations})
 * and independently by an UnboundID {@link LDAPConnectionLogger} on the connection, which sees
 * every request the client sends (search, modify, add, delete, modify DN; binds are not counted).
 *
 * <p>Run: {@code java -cp writeback-bench/target/benchmarks.jar
 * org.adwriteback.bench.PreparationOperationCount}.
 */
public final class PreparationOperationCount {

  private static final char[] ACCOUNT_PASSWORD = "Kx#9mPq2wLz".toCharArray();

  private PreparationOperationCount() {}

  /** Counts the requests a connection sends. */
  private static final class CountingLogger extends LDAPConnectionLogger {
    final AtomicLong requests = new AtomicLong();
    final Map<String, AtomicLong> byKind = new ConcurrentSkipListMap<>();

    void count(String kind) {
      requests.incrementAndGet();
      byKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    String breakdown() {
      String out = byKind.toString();
      byKind.clear();
      return out;
    }

    @Override
    public void logSearchRequest(LDAPConnectionInfo c, int id, ReadOnlySearchRequest r) {
      count("search");
    }

    @Override
    public void logModifyRequest(LDAPConnectionInfo c, int id, ReadOnlyModifyRequest r) {
      count("modify");
    }

    @Override
    public void logAddRequest(LDAPConnectionInfo c, int id, ReadOnlyAddRequest r) {
      count("add");
    }

    @Override
    public void logDeleteRequest(LDAPConnectionInfo c, int id, ReadOnlyDeleteRequest r) {
      count("delete");
    }

    @Override
    public void logModifyDNRequest(LDAPConnectionInfo c, int id, ReadOnlyModifyDNRequest r) {
      count("modifydn");
    }
  }

  private static Map<String, Integer> kinds(PreparationPlan plan) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    for (var step : plan.steps()) {
      out.merge(step.getClass().getSimpleName(), 1, Integer::sum);
    }
    return out;
  }

  /**
   * Runs the count and prints one line per phase.
   *
   * @param args unused
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    AdConfiguration config =
        AdConfiguration.forest("contoso.test").toBuilder()
            .schemaVersion(AdSchemaVersion.values()[AdSchemaVersion.values().length - 1])
            .exchangeSchema(true)
            .build();
    try (AdDirectory ad = AdDirectory.start(config)) {
      String ou = ad.addOu("Sync");
      String account = ad.addUser(ou, "svcsync", ACCOUNT_PASSWORD);
      String users = ad.addOu(ou, "Users");
      String groups = ad.addOu(ou, "Groups");
      for (int i = 0; i < 10; i++) {
        ad.addUser(users, "user" + i);
      }
      CountingLogger wire = new CountingLogger();
      LDAPConnectionOptions options = new LDAPConnectionOptions();
      options.setConnectionLogger(wire);
      char[] adminPassword = ad.adminPassword();
      try (LDAPConnection c =
          new LDAPConnection(
              ad.clientSslContext().getSocketFactory(),
              options,
              InetAddress.getLoopbackAddress().getHostAddress(),
              ad.ldapsPort())) {
        c.bind(
            new SimpleBindRequest(
                ad.adminDn(), new String(adminPassword).getBytes(StandardCharsets.UTF_8)));
        java.util.Arrays.fill(adminPassword, '\0');
        DomainSessions sessions = DomainSessions.single(LdapSession.of(c));

        long w0 = wire.requests.get();
        long s0 = sessions.operations();
        Forest forest = ForestDiscovery.discover(sessions, ForestDiscovery.Scope.HOME_DOMAIN);
        ResolvedAccount resolved = AccountResolver.resolve(sessions, forest, account);
        long discoveryWire = wire.requests.get() - w0;
        String discoveryKinds = wire.breakdown();
        long discovery = sessions.operations() - s0;

        Set<WritebackFeature> features = EnumSet.allOf(WritebackFeature.class);
        PreparationRequest request =
            PreparationRequest.builder(account)
                .features(features)
                .scope(WritebackFeature.GROUP, java.util.List.of(groups))
                .scope(WritebackFeature.USER, java.util.List.of(users))
                .groupOu(groups)
                .userOu(users)
                .tenant(UUID.fromString("8c1d5f8e-3a0b-4c39-9d1e-6f1b2a3c4d5e"), "contoso.test")
                .build();
        PreparationPlan plan = PreparationPlanner.plan(request, forest.facts(resolved));
        int aces = 0;
        Set<String> grantTargets = new HashSet<>();
        for (GrantAces g : plan.grantSteps()) {
          aces += g.aces().size();
          grantTargets.add(g.dn().toLowerCase(Locale.ROOT));
        }

        DirectoryPreparer preparer = new DirectoryPreparer(sessions, forest);
        long w1 = wire.requests.get();
        long s1 = sessions.operations();
        PreparationReport first = preparer.apply(plan);
        long applyWire = wire.requests.get() - w1;
        String applyKinds = wire.breakdown();
        long apply = sessions.operations() - s1;
        int touched = first.changedSteps().size();

        long w2 = wire.requests.get();
        PreparationReport again = preparer.apply(plan);
        long rerunWire = wire.requests.get() - w2;
        String rerunKinds = wire.breakdown();

        System.out.printf(
            Locale.ROOT,
            "features: %d (%s)%nplan: %d steps (%s), %d grant steps on %d distinct objects, %d"
                + " ACEs%n",
            features.size(),
            features,
            plan.steps().size(),
            kinds(plan),
            plan.grantSteps().size(),
            grantTargets.size(),
            aces);
        System.out.printf(
            Locale.ROOT,
            "discovery (forest + account): %d operations (wire %d: %s)%n",
            discovery,
            discoveryWire,
            discoveryKinds);
        System.out.printf(
            Locale.ROOT,
            "apply: %d operations (wire %d: %s, report %d) for %d touched objects = %.2f per"
                + " touched object; goal <= 2 per touched object + constant%n",
            apply,
            applyWire,
            applyKinds,
            first.ldapOperations(),
            touched,
            (double) apply / Math.max(1, touched));
        System.out.printf(
            Locale.ROOT,
            "re-run (nothing to change): %d operations (wire: %s), %d changed steps%n",
            rerunWire,
            rerunKinds,
            again.changedSteps().size());
        System.out.printf(
            Locale.ROOT,
            "seed (dsacls, one read + one write per ACE): %d operations; ours incl. discovery %d"
                + " = %.1fx fewer%n",
            2L * aces,
            apply + discovery,
            2.0 * aces / (apply + discovery));
      }
    }
  }
}
