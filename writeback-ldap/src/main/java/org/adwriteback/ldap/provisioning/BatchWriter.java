package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.GroupUpsert;
import org.adwriteback.provisioning.ItemResult;
import org.adwriteback.provisioning.SourceAnchor;
import org.adwriteback.provisioning.UserUpsert;
import org.adwriteback.provisioning.WritebackRequest;
import org.adwriteback.provisioning.WritebackResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch of writeback requests over an UnboundID {@link LDAPConnectionPool} with bounded
 * parallelism, per-item results, a progress callback, and retries with exponential backoff and
 * jitter on transient failures.
 *
 * <p>Each item is independent: bad input fails that item only (nothing is sent for it), and a
 * transient failure retries that item on a fresh connection; connections that failed are returned
 * to the pool as defunct. Because every operation looks up by source anchor first, an item whose
 * write reached the server before the connection broke converges on retry instead of being written
 * twice. A password change is the exception: it is not repeatable, so a change interrupted by a
 * connection failure is reported UNAVAILABLE with "may or may not have been applied".
 *
 * <p>A batch with at least {@value #INDEX_THRESHOLD} user or group upserts first reads a {@link
 * BatchIndex} (one paged search of the domain, one per target container, one per 500 of its groups'
 * anchors) when {@link BatchOptions#directoryIndex()} is on: a new object then costs one add
 * instead of five or six operations, each with a scan of the unindexed anchor attribute. A batch
 * without users within {@link #INDEX_REUSE} of one with users reuses that batch's index and reads
 * only its own groups' anchors (see {@link BatchIndex#refreshGroups}). If the index cannot be read,
 * the batch runs without it.
 */
public final class BatchWriter {

  /** The fewest user/group upserts for which reading the index pays off. */
  static final int INDEX_THRESHOLD = 20;

  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  /** How long the index of a batch with users serves a following batch without users. */
  static final Duration INDEX_REUSE = Duration.ofMinutes(5);

  private BatchIndex lastIndex;
  private long lastIndexRead;

  private final Provisioner provisioner;
  private final LDAPConnectionPool pool;
  private final BatchOptions options;

  /**
   * Creates a batch writer.
   *
   * @param provisioner executes the items
   * @param pool the bound connections (LDAPS for password items)
   * @param options parallelism, retries, dry run, progress
   */
  public BatchWriter(Provisioner provisioner, LDAPConnectionPool pool, BatchOptions options) {
    this.provisioner = Objects.requireNonNull(provisioner, "provisioner");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Runs the batch and waits for every item.
   *
   * @param requests the items, run in parallel in no particular order, except that group upserts
   *     start once every other item has finished (so a group can name users of the same batch)
   * @return one result per item, in request order
   * @throws InterruptedException if the calling thread is interrupted; items not yet finished are
   *     cancelled
   */
  public BatchReport run(List<? extends WritebackRequest> requests) throws InterruptedException {
    long start = System.nanoTime();
    int total = requests.size();
    ItemResult[] results = new ItemResult[total];
    AtomicInteger done = new AtomicInteger();
    BatchIndex index = index(requests);
    Object progressLock = new Object();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            Math.min(options.parallelism(), Math.max(1, total)),
            r -> {
              Thread t = new Thread(r, "adwriteback-batch");
              t.setDaemon(true);
              return t;
            });
    try {
      // groups name their members by user anchor, so the other items (users among them) go first
      for (boolean groups : new boolean[] {false, true}) {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < total; i++) {
          if ((requests.get(i) instanceof GroupUpsert) != groups) {
            continue;
          }
          int at = i;
          futures.add(
              executor.submit(
                  () -> {
                    ItemResult result = runItem(at, requests.get(at), index);
                    results[at] = result;
                    synchronized (progressLock) {
                      options.listener().itemDone(result, done.incrementAndGet(), total);
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          try {
            f.get();
          } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a batch item failed unexpectedly", e.getCause());
          }
        }
      }
    } finally {
      executor.shutdownNow();
      executor.awaitTermination(30, TimeUnit.SECONDS);
    }
    return new BatchReport(List.of(results), Duration.ofNanos(System.nanoTime() - start));
  }

  private BatchIndex index(List<? extends WritebackRequest> requests) {
    if (!options.directoryIndex()) {
      return null;
    }
    long creations =
        requests.stream().filter(r -> r instanceof UserUpsert || r instanceof GroupUpsert).count();
    if (creations < INDEX_THRESHOLD) {
      return null;
    }
    LDAPConnection connection;
    try {
      connection = pool.getConnection();
    } catch (LDAPException e) {
      LOG.debug("no directory index for this batch: {}", e.getResultCode());
      return null;
    }
    try {
      boolean users = requests.stream().anyMatch(UserUpsert.class::isInstance);
      // invalid ids fail their own items; only the valid ones are looked up
      List<SourceAnchor> groupAnchors =
          requests.stream()
              .filter(GroupUpsert.class::isInstance)
              .flatMap(r -> SourceAnchor.parse(((GroupUpsert) r).cloudObjectId()).stream())
              .toList();
      BatchIndex index;
      synchronized (this) {
        long now = System.nanoTime();
        if (!users && lastIndex != null && now - lastIndexRead < INDEX_REUSE.toNanos()) {
          // a batch of groups after a batch of users: only its group anchors are read again
          index = provisioner.refreshIndex(connection, lastIndex, groupAnchors);
        } else {
          index = provisioner.loadIndex(connection, groupAnchors);
          lastIndex = index;
          lastIndexRead = now;
        }
      }
      pool.releaseConnection(connection);
      return index;
    } catch (LDAPException e) {
      pool.releaseDefunctConnection(connection);
      LOG.debug(
          "no directory index for this batch, items look themselves up: {}", e.getResultCode());
      return null;
    }
  }

  private ItemResult runItem(int index, WritebackRequest request, BatchIndex directoryIndex)
      throws InterruptedException {
    LDAPException last = null;
    for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
      if (attempt > 1) {
        Thread.sleep(backoff(attempt - 1));
      }
      LDAPConnection connection;
      try {
        connection = pool.getConnection();
      } catch (LDAPException e) {
        if (!Failures.isTransient(e)) {
          return item(index, request, Failures.classify(e, "get a connection").toResult(), attempt);
        }
        last = e;
        continue;
      }
      try {
        WritebackResult result =
            provisioner.execute(connection, request, options.dryRun(), directoryIndex);
        pool.releaseConnection(connection);
        return item(index, request, result, attempt);
      } catch (LDAPException e) {
        pool.releaseDefunctConnection(connection);
        last = e;
      } catch (RuntimeException e) {
        pool.releaseDefunctConnection(connection);
        throw e;
      }
    }
    return item(
        index,
        request,
        new WritebackResult.Failed(
            FailureKind.UNAVAILABLE,
            request.key()
                + " failed "
                + options.maxAttempts()
                + " times with transient errors, last: "
                + (last == null ? "none" : last.getResultCode().getName() + " " + last.getMessage())
                + ". Run the batch again: finished items are recognised by their anchors"),
        options.maxAttempts());
  }

  private ItemResult item(int index, WritebackRequest r, WritebackResult result, int attempts) {
    return new ItemResult(index, r.key(), result, options.dryRun(), attempts);
  }

  private long backoff(int failures) {
    long initial = options.initialBackoff().toMillis();
    long max = options.maxBackoff().toMillis();
    long wait = initial << Math.min(failures - 1, 20);
    wait = Math.min(max, Math.max(0, wait));
    // up to 25 % jitter so that parallel items do not retry in lockstep
    return wait == 0 ? 0 : wait - ThreadLocalRandom.current().nextLong(wait / 4 + 1);
  }
}
