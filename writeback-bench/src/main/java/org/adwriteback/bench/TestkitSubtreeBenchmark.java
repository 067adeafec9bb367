package org.adwriteback.bench;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl;
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
 * Operations on a small subtree of a testkit forest that holds {@code users} users elsewhere: what
 * they cost should not grow with the forest. A rename of an OU with five children (and back), a
 * one-level search of that OU, a DACL edit on it (the testkit re-inherits below it), and a tree
 * delete of a three-object subtree (with the adds that make it), and a change of a user's
 * userPrincipalName followed by the add of a user (which checks the new user's names against every
 * name in the forest). Each invocation but the last leaves the directory as it found it; the last
 * adds one user.
 *
 * <p>Run: {@code java -jar writeback-bench/target/benchmarks.jar TestkitSubtreeBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TestkitSubtreeBenchmark {

  /** Users in the forest, in another OU than the one the operations touch. */
  @Param({"2000", "20000"})
  public int users;

  private AdDirectory ad;
  private LDAPConnection admin;
  private String team;
  private String parent;
  private byte[][] descriptors;
  private int n;

  /**
   * Starts a forest, loads the users, and makes the small OU with its children.
   *
   * @throws LDAPException if the forest cannot start
   */
  @Setup
  public void setUp() throws LDAPException {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
    String load = ad.addOu("Load");
    for (int i = 0; i < users; i++) {
      ad.addUser(load, "load" + i);
    }
    parent = ad.addOu("Small");
    team = ad.addOu(parent, "Team");
    for (int i = 0; i < 5; i++) {
      ad.addUser(team, "member" + i);
    }
    admin = ad.connection();
    byte[] sd =
        admin.getEntry(team, "nTSecurityDescriptor").getAttributeValueBytes("nTSecurityDescriptor");
    descriptors = new byte[][] {sd, sd.clone()};
  }

  /** Closes the connection and the forest. */
  @TearDown
  public void tearDown() {
    admin.close();
    ad.close();
  }

  /**
   * Renames the OU and renames it back.
   *
   * @throws LDAPException if a rename fails
   */
  @Benchmark
  public void renameTwice() throws LDAPException {
    admin.modifyDN(team, "OU=Team2", true);
    admin.modifyDN("OU=Team2," + parent, "OU=Team", true);
  }

  /**
   * Searches the OU one level down.
   *
   * @return the entries found
   * @throws LDAPException if the search fails
   */
  @Benchmark
  public int oneLevelSearch() throws LDAPException {
    return admin
        .search(team, SearchScope.ONE, Filter.createPresenceFilter("objectClass"), "1.1")
        .getEntryCount();
  }

  /**
   * Writes the OU's security descriptor (the same bytes): the testkit re-inherits its subtree.
   *
   * @throws LDAPException if the modify fails
   */
  @Benchmark
  public void descriptorWrite() throws LDAPException {
    admin.modify(
        team,
        new Modification(ModificationType.REPLACE, "nTSecurityDescriptor", descriptors[n++ & 1]));
  }

  /**
   * Adds an OU with two users and deletes it with the tree-delete control.
   *
   * @throws LDAPException if an add or the delete fails
   */
  @Benchmark
  public void addAndTreeDelete() throws LDAPException {
    String ou = ad.addOu(parent, "Gone" + n++);
    ad.addUser(ou, "g" + n + "a");
    ad.addUser(ou, "g" + n + "b");
    com.unboundid.ldap.sdk.DeleteRequest delete = new com.unboundid.ldap.sdk.DeleteRequest(ou);
    delete.addControl(new SubtreeDeleteRequestControl());
    admin.delete(delete);
  }

  /**
   * Changes a user's userPrincipalName, then adds a user.
   *
   * @return the new user's DN
   * @throws LDAPException if the modify or the add fails
   */
  @Benchmark
  public String nameChangeThenAdd() throws LDAPException {
    admin.modify(
        "CN=member0," + team,
        new Modification(
            ModificationType.REPLACE,
            "userPrincipalName",
            "member0." + (n++ & 1) + "@contoso.test"));
    return ad.addUser(parent, "added" + n);
  }
}
