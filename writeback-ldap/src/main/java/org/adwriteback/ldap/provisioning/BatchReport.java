package org.adwriteback.ldap.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.adwriteback.provisioning.ItemResult;
import org.adwriteback.provisioning.WritebackResult;

/**
 * The outcome of a batch: one {@link ItemResult} per request, in request order, and the time it
 * took.
 *
 * @param items the per-item results, in request order
 * @param elapsed wall time of the run
 */
public record BatchReport(List<ItemResult> items, Duration elapsed) {

  /** Copies the list. */
  public BatchReport {
    items = List.copyOf(items);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /**
   * Tells whether every item succeeded.
   *
   * @return true when no item failed
   */
  public boolean allSucceeded() {
    return items.stream().allMatch(i -> i.result().succeeded());
  }

  /**
   * Returns the failed items.
   *
   * @return the items whose result is {@link WritebackResult.Failed}
   */
  public List<ItemResult> failures() {
    return items.stream().filter(i -> !i.result().succeeded()).toList();
  }

  /**
   * Counts the items by result type.
   *
   * @return e.g. {@code {Created=10, Failed=1}}
   */
  public Map<String, Integer> counts() {
    Map<String, Integer> counts = new TreeMap<>();
    for (ItemResult i : items) {
      counts.merge(i.result().getClass().getSimpleName(), 1, Integer::sum);
    }
    return counts;
  }
}
