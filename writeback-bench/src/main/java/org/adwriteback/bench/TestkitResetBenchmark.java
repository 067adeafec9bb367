package org.adwriteback.bench;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.util.concurrent.TimeUnit;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.adwriteback.testkit.AdSnapshot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the JUnit extension pays between two tests of a class that shares one forest: a test's
 * writes and {@link AdDirectory#reset()}, which puts back only the objects the test wrote (the
 * change journal), against a full snapshot restore of the 1,921 objects of a new forest (what every
 * reset cost before, and what a reset costs after more than 64 objects were written).
 *
 * <p>Run: {@code java -jar writeback-bench/target/benchmarks.jar TestkitResetBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = "-Xmx1g")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class TestkitResetBenchmark {

  private AdDirectory ad;
  private AdSnapshot start;
  private LDAPConnection admin;
  private String guest;
  private int n;

  /**
   * Starts a forest and binds an administrator.
   *
   * @throws LDAPException if the forest cannot start
   */
  @Setup
  public void setUp() throws LDAPException {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
    admin = ad.connection();
    guest = "CN=Guest,CN=Users," + ad.domainDn();
    start = ad.snapshot();
  }

  /** Closes the connection and the forest. */
  @TearDown
  public void tearDown() {
    admin.close();
    ad.close();
  }

  /**
   * A test that modified two attributes of an existing object, then the reset.
   *
   * @throws LDAPException if the modify fails
   */
  @Benchmark
  public void modifyThenReset() throws LDAPException {
    admin.modify(
        guest,
        new Modification(ModificationType.REPLACE, "description", "run " + n++),
        new Modification(ModificationType.REPLACE, "displayName", "Guest " + n));
    ad.reset();
  }

  /**
   * A full restore: a snapshot is taken, then the older start snapshot restored (the journal counts
   * from the newer one, so everything is reloaded).
   */
  @Benchmark
  public void fullRestore() {
    ad.snapshot();
    ad.restore(start);
  }

  /**
   * A test that added a user, then the reset.
   *
   * @throws LDAPException if the add fails
   */
  @Benchmark
  public void addThenReset() throws LDAPException {
    ad.addUser(ad.domainDn(), "bench" + n++);
    ad.reset();
  }
}
