package org.adwriteback.bench;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.adwriteback.ldap.SecurityDescriptorFlagsControl;
import org.adwriteback.ldap.preparation.AccountResolver;
import org.adwriteback.ldap.preparation.AuditSummary;
import org.adwriteback.ldap.preparation.DirectoryAuditor;
import org.adwriteback.ldap.preparation.DirectoryPreparer;
import org.adwriteback.ldap.preparation.DomainSessions;
import org.adwriteback.ldap.preparation.Forest;
import org.adwriteback.ldap.preparation.ForestDiscovery;
import org.adwriteback.ldap.preparation.LdapSession;
import org.adwriteback.ldap.preparation.ResolvedAccount;
import org.adwriteback.preparation.GrantAces;
import org.adwriteback.preparation.PlannedAce;
import org.adwriteback.preparation.PreparationPlan;
import org.adwriteback.preparation.PreparationPlanner;
import org.adwriteback.preparation.PreparationRequest;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;

/**
 * Throughput of {@link DirectoryAuditor} over the users of one OU of the testkit against a plain
 * paged search of the same base, filter, attributes, SD-flags control and page size over the same
 * connection (issue 7, "Performance": goal ≥ 0.8× the plain search).
 *
 * <p>The password writeback feature is prepared on the OU first, so the users created afterwards
 * inherit its ACEs and the audit finds nothing to report: it measures the scan, not the reporting.
 * Each round runs the plain search, then the audit; the best of the rounds after the first is
 * reported.
 *
 * <p>Run: {@code java -Xmx2g -cp writeback-bench/target/benchmarks.jar
 * org.adwriteback.bench.AuditThroughput [users] [rounds]} (defaults 100000 and 3).
 */
public final class AuditThroughput {

  private static final char[] ACCOUNT_PASSWORD = "Kx#9mPq2wLz".toCharArray();

  private AuditThroughput() {}

  /**
   * Runs the measurement.
   *
   * @param args optional number of users and rounds
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    try (AdDirectory ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
        LDAPConnection c = ad.connection()) {
      String ou = ad.addOu("Sync");
      String account = ad.addUser(ou, "svcsync", ACCOUNT_PASSWORD);
      String usersOu = ad.addOu(ou, "Users");
      DomainSessions sessions = DomainSessions.single(LdapSession.of(c));
      Forest forest = ForestDiscovery.discover(sessions, ForestDiscovery.Scope.HOME_DOMAIN);
      ResolvedAccount resolved = AccountResolver.resolve(sessions, forest, account);
      PreparationPlan plan =
          PreparationPlanner.plan(
              PreparationRequest.builder(account)
                  .features(WritebackFeature.PASSWORD)
                  .scope(WritebackFeature.PASSWORD, List.of(usersOu))
                  .build(),
              forest.facts(resolved));
      new DirectoryPreparer(sessions, forest).apply(plan);

      long t0 = System.nanoTime();
      for (int i = 0; i < users; i++) {
        ad.addUser(usersOu, "audit" + i);
      }
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "loaded %d users in %.1f s (%.0f users/s)%n",
          users,
          loadSeconds,
          users / loadSeconds);

      // the audit's filter: one equality per class the feature's inherit-only ACEs apply to
      Set<String> classes = new LinkedHashSet<>();
      for (GrantAces g : plan.grantSteps()) {
        for (PlannedAce p : g.aces()) {
          if (p.feature() == WritebackFeature.PASSWORD
              && p.ace().flags().isInheritOnly()
              && p.source().inheritedObjectType().isPresent()) {
            classes.add(p.source().inheritedObjectType().get().toLowerCase(Locale.ROOT));
          }
        }
      }
      List<Filter> any = new ArrayList<>();
      for (String cls : classes) {
        any.add(Filter.createEqualityFilter("objectClass", cls));
      }
      Filter filter = any.size() == 1 ? any.get(0) : Filter.createORFilter(any);

      DirectoryAuditor auditor = new DirectoryAuditor(sessions, forest);
      long bestPlain = Long.MAX_VALUE;
      long bestAudit = Long.MAX_VALUE;
      long plainCount = 0;
      long scanned = 0;
      for (int round = 0; round < rounds; round++) {
        long p0 = System.nanoTime();
        plainCount = plainPagedSearch(c, usersOu, filter);
        long p1 = System.nanoTime();
        AuditSummary s = auditor.audit(plan, resolved, WritebackFeature.PASSWORD, usersOu, f -> {});
        long p2 = System.nanoTime();
        scanned = s.scanned();
        System.out.printf(
            Locale.ROOT,
            "round %d: plain %d entries in %.2f s, audit %d scanned (%d flagged, %d LDAP ops) in"
                + " %.2f s%n",
            round,
            plainCount,
            (p1 - p0) / 1e9,
            s.scanned(),
            s.flagged(),
            s.ldapOperations(),
            (p2 - p1) / 1e9);
        if (round > 0 || rounds == 1) {
          bestPlain = Math.min(bestPlain, p1 - p0);
          bestAudit = Math.min(bestAudit, p2 - p1);
        }
      }
      double plainRate = plainCount / (bestPlain / 1e9);
      double auditRate = scanned / (bestAudit / 1e9);
      System.out.printf(
          Locale.ROOT,
          "audit of %d users (filter %s, page size %d): plain paged search %.0f objects/s, audit"
              + " %.0f objects/s, ratio %.2f (goal >= 0.8)%n",
          users,
          filter,
          DirectoryAuditor.PAGE_SIZE,
          plainRate,
          auditRate,
          auditRate / plainRate);
    }
  }

  /** A plain paged subtree search with the DACL-only SD flags, streaming; returns the count. */
  private static long plainPagedSearch(LDAPConnection c, String base, Filter filter)
      throws Exception {
    long[] count = {0};
    long[] bytes = {0};
    SearchResultListener listener =
        new SearchResultListener() {
          private static final long serialVersionUID = 1L;

          @Override
          public void searchEntryReturned(SearchResultEntry e) {
            count[0]++;
            byte[] sd = e.getAttributeValueBytes("nTSecurityDescriptor");
            bytes[0] += sd == null ? 0 : sd.length;
          }

          @Override
          public void searchReferenceReturned(SearchResultReference reference) {}
        };
    ASN1OctetString cookie = null;
    do {
      SearchRequest r =
          new SearchRequest(
              listener,
              base,
              SearchScope.SUB,
              filter,
              "nTSecurityDescriptor",
              "adminCount",
              "objectClass");
      r.addControl(SecurityDescriptorFlagsControl.daclOnly());
      r.addControl(new SimplePagedResultsControl(DirectoryAuditor.PAGE_SIZE, cookie, false));
      SearchResult result = c.search(r);
      SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
      cookie = response == null ? null : response.getCookie();
    } while (cookie != null && cookie.getValueLength() > 0);
    if (bytes[0] == 0 && count[0] > 0) {
      throw new IllegalStateException("the plain search returned no nTSecurityDescriptor");
    }
    return count[0];
  }
}
