package org.adwriteback.bench;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.concurrent.TimeUnit;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A delete over LDAP in a testkit forest holding {@code users} users, with the add that puts the
 * object back (so every invocation sees the same directory): the delete keeps links (member,
 * memberOf, manager, managedBy) through the testkit's LinkIntegrity. The add alone is measured by
 * {@code add}, so the delete costs the difference.
 *
 * <p>Run: {@code java -jar writeback-bench/target/benchmarks.jar TestkitDeleteBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TestkitDeleteBenchmark {

  /** Users in the forest besides the one deleted and added back. */
  @Param({"2000", "20000"})
  public int users;

  private AdDirectory ad;
  private LDAPConnection admin;
  private String ou;
  private int n;

  /**
   * Starts a forest and loads the users.
   *
   * @throws LDAPException if the forest cannot start
   */
  @Setup
  public void setUp() throws LDAPException {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
    ou = ad.addOu("Load");
    for (int i = 0; i < users; i++) {
      ad.addUser(ou, "load" + i);
    }
    admin = ad.connection();
  }

  /** Closes the connection and the forest. */
  @TearDown
  public void tearDown() {
    admin.close();
    ad.close();
  }

  /**
   * Adds a user and deletes it again.
   *
   * @throws LDAPException if either fails
   */
  @Benchmark
  public void addThenDelete() throws LDAPException {
    admin.delete(ad.addUser(ou, "churn" + n++));
  }

  /**
   * Adds a user (the part of {@link #addThenDelete} that is not the delete).
   *
   * @return the new user's DN
   * @throws LDAPException if the add fails
   */
  @Benchmark
  public String add() throws LDAPException {
    return ad.addUser(ou, "only" + n++);
  }
}
