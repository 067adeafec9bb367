package org.adwriteback.provisioning;

import java.util.Objects;

/**
 * The result of one item of a batch, with its position in the batch.
 *
 * @param index the position of the request in the batch, from 0
 * @param key the request's {@link WritebackRequest#key()}
 * @param result what happened; in a dry run, what would happen
 * @param dryRun true when nothing was written
 * @param attempts how many times the item was tried (more than 1 after transient failures)
 */
public record ItemResult(
    int index, String key, WritebackResult result, boolean dryRun, int attempts) {

  /** Checks the components. */
  public ItemResult {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(result, "result");
    if (index < 0 || attempts < 0) {
      throw new IllegalArgumentException(
          "index and attempts must not be negative, got " + index + " and " + attempts);
    }
  }
}
