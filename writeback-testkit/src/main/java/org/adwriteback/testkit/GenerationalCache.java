package org.adwriteback.testkit;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Values derived from the directory, each computed once per generation. The owner starts a new
 * generation ({@link #invalidate()}) after every write that can change what the values are derived
 * from; a value computed in an older generation is computed again on its next use. A computation
 * that overlaps such a write is tagged with the generation read before it started, so it is never
 * taken for a value of the newer generation. Empty results are not kept.
 *
 * <p>A write that changes the inputs of only some values can drop just those ({@link
 * #invalidate(Predicate)}); a computation that overlaps such a drop is not kept, whichever key it
 * was for, since the predicate cannot judge a value that is not stored yet.
 *
 * @param <K> the key
 * @param <V> the derived value
 */
final class GenerationalCache<K, V> {

  private record Cached<V>(long generation, V value) {}

  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong partialDrops = new AtomicLong();
  private final ConcurrentHashMap<K, Cached<V>> values = new ConcurrentHashMap<>();
  private final int limit;

  /**
   * @param limit past this many keys the cache starts over
   */
  GenerationalCache(int limit) {
    this.limit = limit;
  }

  /** The value of the current generation for {@code key}, computed if it has none. */
  Optional<V> get(K key, Function<K, Optional<V>> compute) {
    long current = generation.get();
    Cached<V> cached = values.get(key);
    if (cached != null && cached.generation() == current) {
      return Optional.of(cached.value());
    }
    long drops = partialDrops.get();
    Optional<V> value = compute.apply(key);
    if (value.isPresent()) {
      if (values.size() >= limit) {
        values.clear();
      }
      Cached<V> fresh = new Cached<>(current, value.get());
      values.put(key, fresh);
      // stored first, checked after: a drop that began before the store finds the value and
      // removes it, and one that began during the computation is seen here
      if (partialDrops.get() != drops) {
        values.remove(key, fresh);
      }
    }
    return value;
  }

  /**
   * Drops the values {@code affected} says a write changed, to be computed again on their next use;
   * the others stay. Called after the write is applied.
   */
  void invalidate(Predicate<V> affected) {
    partialDrops.incrementAndGet();
    values.values().removeIf(cached -> affected.test(cached.value()));
  }

  /** Starts a new generation: every value is computed again on its next use. */
  void invalidate() {
    generation.incrementAndGet();
  }
}
