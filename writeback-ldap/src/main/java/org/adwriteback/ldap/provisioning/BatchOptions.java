package org.adwriteback.ldap.provisioning;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link BatchWriter} runs: parallelism, retries of transient failures (SERVER_DOWN,
 * CONNECT_ERROR, BUSY, UNAVAILABLE, TIMEOUT) with exponential backoff, dry run, progress.
 *
 * @param parallelism how many items run at once (1..64); keep it at or below the pool size
 * @param maxAttempts how many times an item is tried before it is reported UNAVAILABLE (1..100)
 * @param initialBackoff the wait after the first transient failure, doubled after each further one
 * @param maxBackoff the longest wait
 * @param dryRun read and report, write nothing
 * @param listener hears about each finished item
 * @param directoryIndex read the domain's anchors and names once per batch so that new users and
 *     groups cost one add each (see {@link BatchWriter}); off: every item looks itself up
 */
public record BatchOptions(
    int parallelism,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    boolean dryRun,
    ProgressListener listener,
    boolean directoryIndex) {

  /** Validates the components. */
  public BatchOptions {
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException("parallelism must be 1..64, got " + parallelism);
    }
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("maxAttempts must be 1..100, got " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= initial <= max, got " + initialBackoff + " and " + maxBackoff);
    }
    Objects.requireNonNull(listener, "listener");
  }

  /**
   * Returns the defaults: 4 in parallel, 6 attempts, backoff 200 ms doubling up to 10 s, writing,
   * no listener, directory index on.
   *
   * @return the defaults
   */
  public static BatchOptions defaults() {
    return new BatchOptions(
        4, 6, Duration.ofMillis(200), Duration.ofSeconds(10), false, ProgressListener.NONE, true);
  }

  /**
   * Returns a copy with another parallelism.
   *
   * @param n 1..64
   * @return the copy
   */
  public BatchOptions withParallelism(int n) {
    return new BatchOptions(
        n, maxAttempts, initialBackoff, maxBackoff, dryRun, listener, directoryIndex);
  }

  /**
   * Returns a copy with other retry settings.
   *
   * @param attempts 1..100
   * @param initial first wait
   * @param max longest wait
   * @return the copy
   */
  public BatchOptions withRetries(int attempts, Duration initial, Duration max) {
    return new BatchOptions(parallelism, attempts, initial, max, dryRun, listener, directoryIndex);
  }

  /**
   * Returns a copy that writes nothing.
   *
   * @param dry true for a dry run
   * @return the copy
   */
  public BatchOptions withDryRun(boolean dry) {
    return new BatchOptions(
        parallelism, maxAttempts, initialBackoff, maxBackoff, dry, listener, directoryIndex);
  }

  /**
   * Returns a copy with a progress listener.
   *
   * @param l the listener
   * @return the copy
   */
  public BatchOptions withListener(ProgressListener l) {
    return new BatchOptions(
        parallelism, maxAttempts, initialBackoff, maxBackoff, dryRun, l, directoryIndex);
  }

  /**
   * Returns a copy with the directory index on or off.
   *
   * @param on true to read the domain's anchors and names once per batch
   * @return the copy
   */
  public BatchOptions withDirectoryIndex(boolean on) {
    return new BatchOptions(
        parallelism, maxAttempts, initialBackoff, maxBackoff, dryRun, listener, on);
  }
}
