package org.adwriteback.bench;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import org.adwriteback.ldap.provisioning.BatchOptions;
import org.adwriteback.ldap.provisioning.BatchReport;
import org.adwriteback.ldap.provisioning.BatchWriter;
import org.adwriteback.ldap.provisioning.Provisioner;
import org.adwriteback.provisioning.GroupKind;
import org.adwriteback.provisioning.GroupUpsert;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.SourceAnchor;
import org.adwriteback.provisioning.UserUpsert;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;

/**
 * Bulk writeback throughput (issue 9, "Performance"): {@link BatchWriter} creates N users and then
 * M groups with K members each (members named by source anchor) in a fresh OU, and in the same run
 * OpenLDAP's {@code ldapadd} loads the equivalent LDIF (same attributes, members as DNs, which it
 * need not resolve) into another fresh OU: on the testkit each contestant gets a fresh forest, on
 * Samba a second DC when one is given (else the same DC, ldapadd first). Both use plain LDAP on the
 * loopback and the Administrator bind. Prints one line per phase with objects per second and the
 * ratio ours / ldapadd. Unmeasured warm-up rounds on throwaway testkit forests come first. On the
 * testkit the comparison runs {@code -Drounds=N} times (default 3) on fresh forests and ends with
 * each contestant's median time.
 *
 * <p>Run: {@code java -cp writeback-bench/target/benchmarks.jar org.adwriteback.bench.BulkWriteback
 * testkit|samba [users] [groups] [members] [parallelism] [ours.properties [peer.properties]]}, or
 * {@code writeback-bench/scripts/bulk-writeback.sh}.
 */
public final class BulkWriteback {

  private BulkWriteback() {}

  /** Where to write: host, port, base DN and Administrator credentials. */
  private record Target(
      String name, String host, int port, String baseDn, String admin, String pw) {}

  /**
   * Runs the comparison.
   *
   * @param args target ({@code testkit} or {@code samba}), users, groups, members per group,
   *     parallelism, and for samba the connection.properties file
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "testkit";
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int groups = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    int members = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int parallelism = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    warmUp(users, groups, members, parallelism);
    if (which.equals("testkit")) {
      // one fresh forest per contestant and round: the second must not pay for the first one's
      // entries; the median of the rounds, each contestant's own, is what counts
      int rounds = Integer.getInteger("rounds", 3);
      List<Times> all = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        System.out.println("round " + r + " of " + rounds);
        try (AdDirectory oursAd = testkit();
            AdDirectory peerAd = testkit()) {
          // odd rounds ldapadd first, even rounds ours first
          all.add(
              run(target(oursAd), target(peerAd), users, groups, members, parallelism, r % 2 == 0));
        }
        System.gc();
      }
      if (rounds > 1) {
        System.out.println("median of " + rounds + " rounds");
        report(
            "testkit",
            users,
            groups,
            new Times(
                median(all, Times::oursUsers),
                median(all, Times::oursGroups),
                median(all, Times::peerUsers),
                median(all, Times::peerGroups)),
            parallelism);
      }
    } else {
      // a DC's add cost grows with its size, so a shared DC favours whoever writes first:
      // with a second DC (same provisioning) each contestant starts from the same state
      Target ours = samba(Path.of(args[5]));
      Target peer = args.length > 6 ? samba(Path.of(args[6])) : ours;
      System.out.println(
          ours == peer
              ? "samba: one shared DC, ldapadd writes first (the order that favours it)"
              : "samba: one fresh DC per contestant");
      run(ours, peer, users, groups, members, parallelism, false);
    }
  }

  /**
   * Collects the heap before a measured phase, so that neither contestant pays for the garbage of
   * what ran before it (the forests' start, the other contestant's phase): both write to servers in
   * this JVM, and a collection or concurrent cycle left over from before lands in whichever phase
   * runs next.
   */
  private static void settle() {
    System.gc();
  }

  private static double median(List<Times> all, ToDoubleFunction<Times> f) {
    double[] v = all.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** While true (the warm-up), nothing is printed. */
  private static boolean quiet;

  /**
   * Runs both contestants {@code -Dwarmups=N} times (default 3), unmeasured and at full size, on
   * throwaway testkit forests, each order once. In a cold JVM the JIT compiles the server's and our
   * client's code while the first contestant runs: C2 alone took 12 s of CPU in a 20,000-user run
   * of 13 s on 2 cores, so a cold run measures the compiler as much as either contestant. One
   * warm-up round of 5,000 users was not enough: in the measured rounds after it our JVM's CPU per
   * user fell from 555 to 240 us over the first four rounds while ldapadd's stayed between 130 and
   * 240 us. ldapadd is native and needs no warm-up; the server it writes to does, and gets it here
   * too.
   */
  private static void warmUp(int users, int groups, int members, int parallelism) throws Exception {
    quiet = true;
    try {
      for (int i = 0; i < Integer.getInteger("warmups", 3); i++) {
        try (AdDirectory a = testkit();
            AdDirectory b = testkit()) {
          run(target(a), target(b), users, groups, members, parallelism, i % 2 == 1);
        }
        System.gc();
      }
    } finally {
      quiet = false;
    }
  }

  private static Target samba(Path properties) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(properties)) {
      p.load(in);
    }
    URI url = URI.create(p.getProperty("LDAP_URL"));
    return new Target(
        "samba",
        url.getHost(),
        url.getPort(),
        p.getProperty("BASE_DN"),
        p.getProperty("ADMIN_DN"),
        p.getProperty("ADMIN_PASSWORD"));
  }

  /**
   * Pooled connections in synchronous mode: a pool hands each connection to one thread at a time,
   * so the thread that sent a request reads its response itself instead of waking a reader thread
   * (UnboundID's advice for connections that are not shared).
   */
  private static LDAPConnectionOptions syncMode() {
    LDAPConnectionOptions o = new LDAPConnectionOptions();
    o.setUseSynchronousMode(true);
    return o;
  }

  private static AdDirectory testkit() throws Exception {
    return AdDirectory.start(
        AdConfiguration.forest("contoso.test").toBuilder().exchangeSchema(true).build());
  }

  private static Target target(AdDirectory ad) {
    return new Target(
        "testkit",
        "127.0.0.1",
        ad.ldapPort(),
        ad.domainDn(),
        ad.adminDn(),
        new String(ad.adminPassword()));
  }

  /** Seconds each contestant took for the users and for the groups of one round. */
  private record Times(double oursUsers, double oursGroups, double peerUsers, double peerGroups) {}

  /** Seconds and this JVM's CPU nanoseconds of one contestant's two phases. */
  private record Phases(double users, double groups, long usersCpuNanos, long groupsCpuNanos) {}

  /** ldapadd loads the users' LDIF, then the groups' (each after {@link #settle}). */
  private static Phases ldapaddPhases(Target peerT, Path userLdif, Path groupLdif)
      throws IOException, InterruptedException {
    settle();
    long cpu0 = jvmCpuNanos();
    double users = ldapadd(peerT, userLdif);
    long cpu1 = jvmCpuNanos();
    settle();
    long cpu2 = jvmCpuNanos();
    double groups = ldapadd(peerT, groupLdif);
    long cpu3 = jvmCpuNanos();
    return new Phases(users, groups, cpu1 - cpu0, cpu3 - cpu2);
  }

  /**
   * Runs both contestants: ldapadd first unless {@code oursFirst}. On a shared server (one Samba
   * DC) ldapadd always goes first, so that it pays nothing for our entries, the conservative order
   * for us; on the testkit each has its own forest and the order alternates between rounds.
   */
  private static Times run(
      Target oursT,
      Target peerT,
      int nUsers,
      int nGroups,
      int nMembers,
      int parallelism,
      boolean oursFirst)
      throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 6);
    String ours = "OU=bulk-ours-" + tag + "," + oursT.baseDn();
    String peer = "OU=bulk-ldapadd-" + tag + "," + peerT.baseDn();
    addContainers(oursT, ours);
    addContainers(peerT, peer);
    List<UserUpsert> users = new ArrayList<>();
    for (int i = 0; i < nUsers; i++) {
      String nick = "o" + tag + "u" + i;
      users.add(
          UserUpsert.of(UUID.randomUUID().toString(), nick + "@contoso.test", "Bulk " + nick)
              .withNames("Bulk", nick));
    }
    List<GroupUpsert> groups = new ArrayList<>();
    for (int g = 0; g < nGroups; g++) {
      List<String> m = new ArrayList<>();
      for (int k = 0; k < nMembers; k++) {
        m.add(users.get((g * 7 + k * 131) % nUsers).cloudObjectId());
      }
      String nick = "o" + tag + "g" + g;
      groups.add(
          new GroupUpsert(
              UUID.randomUUID().toString(),
              "Bulk " + nick,
              nick,
              Optional.empty(),
              GroupKind.SECURITY,
              m.stream().distinct().toList()));
    }

    // peer: the same objects as LDIF, through ldapadd
    Path dir = Files.createTempDirectory("bulk-ldif");
    Path userLdif = dir.resolve("users.ldif");
    Path groupLdif = dir.resolve("groups.ldif");
    List<String> userDns = new ArrayList<>();
    try (Writer out = Files.newBufferedWriter(userLdif, StandardCharsets.UTF_8)) {
      for (UserUpsert u : users) {
        String nick = "p" + u.userPrincipalName().substring(1, u.userPrincipalName().indexOf('@'));
        String dn = "CN=Bulk " + nick + ",OU=Users," + peer;
        userDns.add(dn);
        // its own anchors: on a shared server ours must not find (and update) the peer's objects
        String guid =
            Base64.getEncoder()
                .encodeToString(
                    SourceAnchor.parse(UUID.randomUUID().toString())
                        .orElseThrow()
                        .consistencyGuid());
        out.write(
            "dn: "
                + dn
                + "\nobjectClass: top\nobjectClass: person\n"
                + "objectClass: organizationalPerson\nobjectClass: user\n"
                + "sAMAccountName: "
                + nick
                + "\nuserPrincipalName: "
                + nick
                + "@contoso.test\n"
                + "displayName: Bulk "
                + nick
                + "\ngivenName: Bulk\nsn: "
                + nick
                + "\n"
                + "mS-DS-ConsistencyGuid:: "
                + guid
                + "\npwdLastSet: 0\nuserAccountControl: 514\n\n");
      }
    }
    try (Writer out = Files.newBufferedWriter(groupLdif, StandardCharsets.UTF_8)) {
      int g = 0;
      for (GroupUpsert group : groups) {
        String nick = "p" + group.mailNickname().substring(1);
        String peerId = UUID.randomUUID().toString();
        out.write(
            "dn: CN=Group_"
                + peerId
                + ",OU=Groups,"
                + peer
                + "\n"
                + "objectClass: top\nobjectClass: group\nsAMAccountName: "
                + nick
                + "\n"
                + "displayName: "
                + group.displayName()
                + "\ngroupType: -2147483640\n"
                + "adminDescription: Group_"
                + peerId
                + "\n");
        for (int k = 0; k < nMembers; k++) {
          int index = (g * 7 + k * 131) % nUsers;
          out.write("member: " + userDns.get(index) + "\n");
        }
        out.write("\n");
        g++;
      }
    }
    // the order alternates between rounds on the testkit (see main): neither contestant always
    // runs on a server and JVM the other has just worked
    Phases theirs = oursFirst ? null : ldapaddPhases(peerT, userLdif, groupLdif);

    // ours
    Provisioner p =
        new Provisioner(
            ProvisioningSettings.builder()
                .userContainer("OU=Users," + ours)
                .groupContainer("OU=Groups," + ours)
                .build());
    Phases mine;
    try (LDAPConnectionPool pool =
        new LDAPConnectionPool(
            new LDAPConnection(syncMode(), oursT.host(), oursT.port(), oursT.admin(), oursT.pw()),
            parallelism)) {
      // hold every pooled connection once, to read their operation counts afterwards
      List<LDAPConnection> connections = new ArrayList<>();
      for (int i = 0; i < parallelism; i++) {
        connections.add(pool.getConnection());
      }
      connections.forEach(pool::releaseConnection);
      BatchWriter w =
          new BatchWriter(p, pool, BatchOptions.defaults().withParallelism(parallelism));
      settle();
      long cpu0 = jvmCpuNanos();
      BatchReport u = w.run(users);
      long cpu1 = jvmCpuNanos();
      check(u, "users");
      String userOps = operations(connections);
      settle();
      long cpu2 = jvmCpuNanos();
      BatchReport g = w.run(groups);
      long cpu3 = jvmCpuNanos();
      check(g, "groups");
      if (!quiet) {
        System.out.println(
            oursT.name()
                + " operations sent by ours: users "
                + userOps
                + "; users+groups "
                + operations(connections)
                + "; items retried: users "
                + retried(u)
                + ", groups "
                + retried(g));
      }
      mine =
          new Phases(
              u.elapsed().toNanos() / 1e9, g.elapsed().toNanos() / 1e9, cpu1 - cpu0, cpu3 - cpu2);
    }
    if (oursFirst) {
      theirs = ldapaddPhases(peerT, userLdif, groupLdif);
    }
    if (oursT.name().equals("testkit") && !quiet) {
      // both contestants drive a server in this JVM: its CPU per object is the server's alone for
      // ldapadd (a separate process), the server's plus our client's for ours
      System.out.printf(
          Locale.ROOT,
          "testkit JVM CPU per user: during ldapadd %.0f us, during ours %.0f us (%s first)%n",
          theirs.usersCpuNanos() / 1e3 / nUsers,
          mine.usersCpuNanos() / 1e3 / nUsers,
          oursFirst ? "ours" : "ldapadd");
      System.out.printf(
          Locale.ROOT,
          "testkit JVM CPU per group: during ldapadd %.0f us, during ours %.0f us%n",
          theirs.groupsCpuNanos() / 1e3 / nGroups,
          mine.groupsCpuNanos() / 1e3 / nGroups);
    }
    double oursUsers = mine.users();
    double oursGroups = mine.groups();
    double peerUsers = theirs.users();
    double peerGroups = theirs.groups();

    Times t = new Times(oursUsers, oursGroups, peerUsers, peerGroups);
    report(oursT.name(), nUsers, nGroups, t, parallelism);
    return t;
  }

  private static void report(String server, int nUsers, int nGroups, Times t, int parallelism) {
    print(server, "users", nUsers, t.oursUsers(), t.peerUsers(), parallelism);
    print(server, "groups+members", nGroups, t.oursGroups(), t.peerGroups(), parallelism);
    print(
        server,
        "total",
        nUsers + nGroups,
        t.oursUsers() + t.oursGroups(),
        t.peerUsers() + t.peerGroups(),
        parallelism);
  }

  /** Items that took more than one attempt (a transient failure: busy, unavailable, dropped). */
  private static long retried(BatchReport r) {
    return r.items().stream().filter(i -> i.attempts() > 1).count();
  }

  private static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Adds, modifies and searches the connections sent (those the pool replaced are not seen). */
  private static String operations(List<LDAPConnection> connections) {
    long adds = 0;
    long modifies = 0;
    long searches = 0;
    for (LDAPConnection c : connections) {
      adds += c.getConnectionStatistics().getNumAddRequests();
      modifies += c.getConnectionStatistics().getNumModifyRequests();
      searches += c.getConnectionStatistics().getNumSearchRequests();
    }
    return adds + " adds, " + modifies + " modifies, " + searches + " searches";
  }

  private static void addContainers(Target target, String ou) throws Exception {
    try (LDAPConnection admin =
        new LDAPConnection(target.host(), target.port(), target.admin(), target.pw())) {
      admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
      admin.add("OU=Users," + ou, new Attribute("objectClass", "organizationalUnit"));
      admin.add("OU=Groups," + ou, new Attribute("objectClass", "organizationalUnit"));
    }
  }

  private static void check(BatchReport r, String what) {
    if (!r.allSucceeded()) {
      throw new IllegalStateException(
          what + ": " + r.failures().size() + " failed, first: " + r.failures().get(0));
    }
  }

  private static double ldapadd(Target t, Path ldif) throws IOException, InterruptedException {
    return ldapadd(t.host(), t.port(), t.admin(), t.pw(), ldif);
  }

  /**
   * Runs OpenLDAP's {@code ldapadd} with a simple bind on plain LDAP.
   *
   * @return the seconds it took, process start included
   */
  static double ldapadd(String host, int port, String bindDn, String password, Path ldif)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            "ldapadd",
            "-x",
            "-H",
            "ldap://" + host + ":" + port,
            "-D",
            bindDn,
            "-w",
            password,
            "-f",
            ldif.toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    long t0 = System.nanoTime();
    Process proc = pb.start();
    int rc = proc.waitFor();
    long t1 = System.nanoTime();
    if (rc != 0) {
      throw new IllegalStateException("ldapadd -f " + ldif + " exited with " + rc);
    }
    return (t1 - t0) / 1e9;
  }

  private static void print(
      String server, String what, int n, double oursS, double peerS, int parallelism) {
    if (quiet) {
      return;
    }
    double ours = n / oursS;
    double peer = n / peerS;
    System.out.printf(
        Locale.ROOT,
        "%s %-15s n=%6d  ours %8.1f obj/s (%.1f s, BatchWriter x%d)  ldapadd %8.1f obj/s (%.1f s)"
            + "  ratio %.2f%n",
        server,
        what,
        n,
        ours,
        oursS,
        parallelism,
        peer,
        peerS,
        ours / peer);
  }
}
