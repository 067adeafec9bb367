package org.adwriteback.bench;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.Schema;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;

/**
 * Start time of the testkit forest against a plain {@code InMemoryDirectoryServer} loaded with the
 * same entries, and the time and heap to load 100,000 users into the testkit (issue 5,
 * "Performance").
 *
 * <p>Two peers, both built and loaded in the same loop as the testkit: a plain server without a
 * schema (the strict peer: no validation, no index), and a plain server with the testkit's own LDAP
 * schema (read from {@code CN=Aggregate} of the schema partition) and the same equality indexes,
 * which validates every entry as the testkit's server does for LDAP adds.
 *
 * <p>Run: {@code java -Xmx2g -cp writeback-bench/target/benchmarks.jar
 * org.adwriteback.bench.TestkitStartAndLoad [users]}. Prints medians of repeated starts after
 * warm-up; the load runs once on a fresh forest and reports the add rate of the first and the last
 * tenth (equal rates mean no per-add cost grows with the directory) and the heap used after GC.
 */
public final class TestkitStartAndLoad {

  private TestkitStartAndLoad() {}

  /**
   * Runs the measurements.
   *
   * @param args optional number of users to load (default 100000)
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    AdConfiguration config = AdConfiguration.forest("contoso.test");

    List<Entry> entries;
    String[] bases;
    Schema adSchema;
    try (AdDirectory d = AdDirectory.start(config);
        LDAPConnection c = d.connection()) {
      bases = new String[] {d.domainDn(), d.configurationDn(), d.schemaDn()};
      entries = new ArrayList<>();
      for (String base : bases) {
        SearchResult r =
            c.search(new SearchRequest(base, SearchScope.SUB, "(objectClass=*)", "*", "+"));
        r.getSearchEntries().forEach(e -> entries.add(new Entry(e.getDN(), e.getAttributes())));
      }
      // the same definitions under UnboundID's own subschema DN, outside the naming contexts
      adSchema =
          new Schema(
              new Entry(
                  "cn=schema",
                  c.getEntry("CN=Aggregate," + d.schemaDn(), "attributeTypes", "objectClasses")
                      .getAttributes()));
    }
    entries.sort((a, b) -> Integer.compare(depth(a.getDN()), depth(b.getDN())));

    int warmup = 3;
    int runs = 7;
    long[] ours = new long[runs];
    long[] plain = new long[runs];
    long[] schemed = new long[runs];
    for (int i = -warmup; i < runs; i++) {
      long t0 = System.nanoTime();
      AdDirectory started = AdDirectory.start(config);
      long t1 = System.nanoTime();
      started.close();
      if (i >= 0) {
        ours[i] = t1 - t0;
      }
      long t2 = System.nanoTime();
      InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(bases);
      cfg.setSchema(null);
      InMemoryDirectoryServer s = new InMemoryDirectoryServer(cfg);
      s.addEntries(entries);
      s.startListening();
      long t3 = System.nanoTime();
      s.shutDown(true);
      if (i >= 0) {
        plain[i] = t3 - t2;
      }
      long t4 = System.nanoTime();
      InMemoryDirectoryServerConfig withSchema = new InMemoryDirectoryServerConfig(bases);
      withSchema.setSchema(adSchema);
      withSchema.setEnforceSingleStructuralObjectClass(false);
      withSchema.setGenerateOperationalAttributes(false);
      withSchema.setEqualityIndexAttributes(INDEXED);
      InMemoryDirectoryServer s2 = new InMemoryDirectoryServer(withSchema);
      s2.addEntries(entries);
      s2.startListening();
      long t5 = System.nanoTime();
      s2.shutDown(true);
      if (i >= 0) {
        schemed[i] = t5 - t4;
      }
    }
    double oursMs = median(ours) / 1e6;
    double plainMs = median(plain) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "start: testkit forest %.1f ms, plain InMemoryDirectoryServer with the same %d entries %.1f ms,"
            + " ratio %.2f%n",
        oursMs,
        entries.size(),
        plainMs,
        oursMs / plainMs);
    double schemedMs = median(schemed) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "start: plain InMemoryDirectoryServer with the testkit's LDAP schema and equality indexes,"
            + " same entries %.1f ms, ratio %.2f%n",
        schemedMs,
        oursMs / schemedMs);

    try (AdDirectory d = AdDirectory.start(config)) {
      String ou = d.addOu("Load");
      gc();
      long before = usedHeap();
      long t0 = System.nanoTime();
      int tenth = Math.max(1, users / 10);
      long firstTenth = 0;
      long lastTenthStart = 0;
      for (int i = 0; i < users; i++) {
        if (i == tenth) {
          firstTenth = System.nanoTime() - t0;
        }
        if (i == users - tenth) {
          lastTenthStart = System.nanoTime();
        }
        d.addUser(ou, "load" + i);
      }
      long end = System.nanoTime();
      long elapsed = end - t0;
      gc();
      long after = usedHeap();
      System.out.printf(
          Locale.ROOT,
          "load: %d users in %.1f s (%.0f users/s; first tenth %.0f users/s, last tenth %.0f"
              + " users/s), heap used after GC %.0f MB (+%.0f MB for the users)%n",
          users,
          elapsed / 1e9,
          users / (elapsed / 1e9),
          tenth / (firstTenth / 1e9),
          tenth / ((end - lastTenthStart) / 1e9),
          after / 1048576.0,
          (after - before) / 1048576.0);
    }
  }

  /** The testkit's equality indexes, for the peer with a schema. */
  private static final List<String> INDEXED = AdDirectory.equalityIndexedAttributes();

  private static int depth(String dn) {
    return dn.split("(?<!\\\\),").length;
  }

  private static double median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static void gc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
