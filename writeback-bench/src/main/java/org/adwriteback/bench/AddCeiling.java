package org.adwriteback.bench;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;

/**
 * The ceiling of the bulk comparison on this machine (issue 9, "Performance"): how much faster than
 * {@code ldapadd} any Java client can add users to the same server, with none of {@code
 * BatchWriter}'s work. Per round, on a fresh server: {@code ldapadd} loads N users from LDIF over
 * one connection, and a bare UnboundID client adds N equivalent users over P pooled synchronous
 * connections from P threads (which of the two goes first alternates from round to round) (what
 * {@code BatchWriter} does at parallelism P, minus resolving, validating and reporting). Two
 * servers: the testkit's forest, and a plain UnboundID in-memory server without schema (nearly free
 * per add: what is left is the transport and the client). Prints each round and the median ratio
 * per server. {@code BulkWriteback}'s users ratio can approach this ratio but not pass it: the
 * server and the transport cost both clients alike.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -cp writeback-bench/target/benchmarks.jar
 * org.adwriteback.bench.AddCeiling [users] [parallelism] [rounds]}. {@code -Dpipeline=W} makes the
 * client asynchronous instead (P connections, W adds outstanding on each); {@code
 * -Dservers=testkit} (or {@code plain}) runs one server only; {@code -Dwarmups=N} sets the
 * unmeasured rounds (3).
 */
public final class AddCeiling {

  private AddCeiling() {}

  /**
   * Runs the comparison.
   *
   * @param args users (default 10,000), parallelism (4), rounds (5)
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int warmups = Integer.getInteger("warmups", 3);
    System.out.printf(
        Locale.ROOT,
        "# %d cores; %d users, UnboundID client x%d vs ldapadd, %d rounds after %d unmeasured%n",
        Runtime.getRuntime().availableProcessors(),
        users,
        parallelism,
        rounds,
        warmups);
    for (String server : System.getProperty("servers", "testkit,plain").split(",")) {
      double[] ratios = new double[rounds];
      for (int r = -warmups; r < rounds; r++) {
        double[] rates = round(server, users, parallelism, Math.floorMod(r, 2) == 1);
        if (r >= 0) {
          ratios[r] = rates[1] / rates[0];
          System.out.printf(
              Locale.ROOT,
              "%-7s round %d  ldapadd %8.1f users/s  client x%d %8.1f users/s  ratio %.2f%n",
              server,
              r + 1,
              rates[0],
              parallelism,
              rates[1],
              ratios[r]);
        }
      }
      Arrays.sort(ratios);
      System.out.printf(Locale.ROOT, "%-7s median ratio %.2f%n", server, ratios[ratios.length / 2]);
    }
  }

  /**
   * One round on a fresh server: users per second of ldapadd and of the Java client, ldapadd first
   * unless {@code clientFirst} (the rounds alternate, so that neither pays for running first or
   * second on the same server and JVM).
   */
  private static double[] round(String server, int users, int parallelism, boolean clientFirst)
      throws Exception {
    if (server.equals("testkit")) {
      try (AdDirectory ad = AdDirectory.start(AdConfiguration.forest("contoso.test"))) {
        String password = new String(ad.adminPassword());
        return measure(
            "127.0.0.1",
            ad.ldapPort(),
            ad.adminDn(),
            password,
            ad.addOu("ceiling-ldapadd"),
            ad.addOu("ceiling-client"),
            users,
            parallelism,
            clientFirst);
      }
    }
    InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig("DC=contoso,DC=test");
    cfg.setSchema(null);
    cfg.addAdditionalBindCredentials("CN=Administrator,DC=contoso,DC=test", "ceiling");
    cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
    InMemoryDirectoryServer plain = new InMemoryDirectoryServer(cfg);
    plain.startListening();
    try {
      plain.add("dn: DC=contoso,DC=test", "objectClass: domain", "dc: contoso");
      plain.add("dn: OU=ceiling-ldapadd,DC=contoso,DC=test", "objectClass: organizationalUnit");
      plain.add("dn: OU=ceiling-client,DC=contoso,DC=test", "objectClass: organizationalUnit");
      return measure(
          "127.0.0.1",
          plain.getListenPort(),
          "CN=Administrator,DC=contoso,DC=test",
          "ceiling",
          "OU=ceiling-ldapadd,DC=contoso,DC=test",
          "OU=ceiling-client,DC=contoso,DC=test",
          users,
          parallelism,
          clientFirst);
    } finally {
      plain.shutDown(true);
    }
  }

  private static double[] measure(
      String host,
      int port,
      String bindDn,
      String password,
      String peerOu,
      String clientOu,
      int users,
      int parallelism,
      boolean clientFirst)
      throws Exception {
    Path ldif = Files.createTempFile("ceiling", ".ldif");
    try {
      try (Writer out = Files.newBufferedWriter(ldif, StandardCharsets.UTF_8)) {
        for (int i = 0; i < users; i++) {
          out.write(user(peerOu, "p" + i).toLDIFString());
          out.write("\n");
        }
      }
      double peerSeconds = clientFirst ? 0 : ldapadd(host, port, bindDn, password, ldif);
      int window = Integer.getInteger("pipeline", 0);
      if (window > 0) {
        double s = pipelined(host, port, bindDn, password, clientOu, users, parallelism, window);
        if (clientFirst) {
          peerSeconds = ldapadd(host, port, bindDn, password, ldif);
        }
        return new double[] {users / peerSeconds, users / s};
      }
      LDAPConnectionOptions options = new LDAPConnectionOptions();
      options.setUseSynchronousMode(true);
      ExecutorService threads = Executors.newFixedThreadPool(parallelism);
      try (LDAPConnectionPool pool =
          new LDAPConnectionPool(
              new LDAPConnection(options, host, port, bindDn, password), parallelism)) {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        System.gc();
        long t0 = System.nanoTime();
        for (int t = 0; t < parallelism; t++) {
          done.add(
              threads.submit(
                  () -> {
                    for (int i = next.getAndIncrement(); i < users; i = next.getAndIncrement()) {
                      pool.add(user(clientOu, "c" + i));
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
        double clientSeconds = (System.nanoTime() - t0) / 1e9;
        if (clientFirst) {
          peerSeconds = ldapadd(host, port, bindDn, password, ldif);
        }
        return new double[] {users / peerSeconds, users / clientSeconds};
      } finally {
        threads.shutdown();
      }
    } finally {
      Files.deleteIfExists(ldif);
    }
  }

  /**
   * Seconds for the client to add {@code users} users asynchronously (pipelined): over {@code
   * connections} connections in turn, at most {@code window} adds outstanding on each, one thread
   * sending and UnboundID's reader threads taking the results. No waiting for each answer: what a
   * client gains on this machine by not paying a round trip per add.
   */
  private static double pipelined(
      String host,
      int port,
      String bindDn,
      String password,
      String ou,
      int users,
      int connections,
      int window)
      throws Exception {
    List<LDAPConnection> cs = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      cs.add(new LDAPConnection(host, port, bindDn, password));
    }
    try {
      Semaphore[] permits = new Semaphore[connections];
      CountDownLatch all = new CountDownLatch(users);
      AtomicInteger failed = new AtomicInteger();
      for (int i = 0; i < connections; i++) {
        permits[i] = new Semaphore(window);
      }
      System.gc();
      long t0 = System.nanoTime();
      for (int i = 0; i < users; i++) {
        int c = i % connections;
        permits[c].acquire();
        cs.get(c)
            .asyncAdd(
                new AddRequest(user(ou, "c" + i)),
                (id, result) -> {
                  if (result.getResultCode() != ResultCode.SUCCESS) {
                    failed.incrementAndGet();
                  }
                  permits[c].release();
                  all.countDown();
                });
      }
      all.await();
      if (failed.get() > 0) {
        throw new IllegalStateException(failed.get() + " adds failed");
      }
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      cs.forEach(LDAPConnection::close);
    }
  }

  private static double ldapadd(String host, int port, String bindDn, String password, Path ldif)
      throws Exception {
    System.gc();
    return BulkWriteback.ldapadd(host, port, bindDn, password, ldif);
  }

  /** The attributes {@code BulkWriteback}'s ldapadd LDIF gives a user, anchor aside. */
  private static Entry user(String ou, String nick) throws LDAPException {
    return new Entry(
        "CN=Bulk " + nick + "," + ou,
        new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
        new Attribute("sAMAccountName", nick),
        new Attribute("userPrincipalName", nick + "@contoso.test"),
        new Attribute("displayName", "Bulk " + nick),
        new Attribute("givenName", "Bulk"),
        new Attribute("sn", nick),
        new Attribute("pwdLastSet", "0"),
        new Attribute("userAccountControl", "514"));
  }
}
