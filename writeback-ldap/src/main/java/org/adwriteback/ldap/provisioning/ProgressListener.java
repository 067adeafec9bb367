package org.adwriteback.ldap.provisioning;

import org.adwriteback.provisioning.ItemResult;

/**
 * Hears about each finished item of a {@link BatchWriter} run. Called from the worker threads, one
 * call at a time (calls are serialised), in completion order.
 */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that does nothing. */
  ProgressListener NONE = (result, done, total) -> {};

  /**
   * Reports one finished item.
   *
   * @param result the item's result
   * @param done how many items are finished, this one included
   * @param total how many items the batch has
   */
  void itemDone(ItemResult result, int done, int total);
}
