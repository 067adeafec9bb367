package org.adwriteback.bench;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start of a testkit forest against a plain {@code InMemoryDirectoryServer} (no schema, no index)
 * loaded with the same entries through {@code addEntries}, in the same JVM (issue 5, "Performance":
 * goal ≤ 1.5×). Both start listening and shut down inside the measured call; the entries are those
 * of a started forest, read back over LDAP with their operational attributes, parents first.
 *
 * <p>Run: {@code java -jar writeback-bench/target/benchmarks.jar TestkitStartBenchmark}. The ratio
 * is {@code start} over {@code plainServer}. {@link TestkitStartAndLoad} gives the same comparison
 * after three warm-up starts only, and the 100,000-user load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgs = "-Xmx1g")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
public class TestkitStartBenchmark {

  private AdConfiguration config;
  private List<Entry> entries;
  private String[] bases;

  /**
   * Reads the entries of one started forest for the plain server.
   *
   * @throws LDAPException if the forest cannot be read
   */
  @Setup
  public void setUp() throws LDAPException {
    config = AdConfiguration.forest("contoso.test");
    entries = new ArrayList<>();
    try (AdDirectory d = AdDirectory.start(config);
        LDAPConnection c = d.connection()) {
      bases = new String[] {d.domainDn(), d.configurationDn(), d.schemaDn()};
      for (String base : bases) {
        c.search(new SearchRequest(base, SearchScope.SUB, "(objectClass=*)", "*", "+"))
            .getSearchEntries()
            .forEach(e -> entries.add(new Entry(e.getDN(), e.getAttributes())));
      }
    }
    entries.sort(Comparator.comparingInt(e -> e.getDN().split(",").length));
  }

  /**
   * Starts and closes a testkit forest with its LDAP and LDAPS listeners.
   *
   * @return the directory's admin DN, so the start cannot be elided
   * @throws LDAPException if the forest cannot start
   */
  @Benchmark
  public String start() throws LDAPException {
    try (AdDirectory d = AdDirectory.start(config)) {
      return d.adminDn();
    }
  }

  /**
   * Starts and shuts down a plain in-memory server loaded with the same entries.
   *
   * @return the number of entries, so the load cannot be elided
   * @throws LDAPException if the server cannot start
   */
  @Benchmark
  public int plainServer() throws LDAPException {
    InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(bases);
    cfg.setSchema(null);
    InMemoryDirectoryServer s = new InMemoryDirectoryServer(cfg);
    try {
      s.addEntries(entries);
      s.startListening();
      return s.countEntries();
    } finally {
      s.shutDown(true);
    }
  }
}
