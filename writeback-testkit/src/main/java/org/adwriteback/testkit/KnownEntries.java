package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.DN;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Distinguished names known to name an object, each with the name as the object is stored (AD and
 * Samba store a DN value, member for one, as the name of the object it points to, whatever case the
 * client wrote), so that the check that each member of a group exists (AD refuses a member value
 * that names no object) is a set lookup instead of a read of the server, which waits for the
 * server's one read-write lock behind every queued write: a group add with ten members read the
 * directory ten times, and those reads made up most of the time of a bulk group load from parallel
 * connections (JFR: 1.5 ms parked per read).
 *
 * <p>A name is learned when an add of that object succeeds or a read finds it, and all are
 * forgotten when objects go away or change names (a delete, a rename or move, a restore). A name
 * learned while objects were going away is not kept: each learner gives the generation it read
 * before it looked, and a removal starts a new generation before it empties the set, so a name
 * stored after the removal began is taken out again. A name that is not here is simply read from
 * the server.
 */
final class KnownEntries {

  /** Normalized name → the name as stored. */
  private final Map<String, String> names = new ConcurrentHashMap<>();

  private final AtomicLong generation = new AtomicLong();
  private final int limit;

  /**
   * @param limit past this many names no more are learned (until the next removal empties the set)
   */
  KnownEntries(int limit) {
    this.limit = limit;
  }

  /** The generation to give {@link #learned} for what is read or written from now on. */
  long generation() {
    return generation.get();
  }

  /** Whether {@code dn} is known to name an object. */
  boolean contains(DN dn) {
    return names.containsKey(dn.toNormalizedString());
  }

  /** The name of the object {@code dn} names, as it is stored; null when not known. */
  String stored(DN dn) {
    return names.get(dn.toNormalizedString());
  }

  /**
   * {@code dn} names an object, stored under the name {@code dn.toString()} spells: an add of it
   * succeeded, or a read found it, after {@code generationBefore} was read.
   */
  void learned(DN dn, long generationBefore) {
    if (names.size() >= limit) {
      return;
    }
    String name = dn.toNormalizedString();
    names.put(name, dn.toString());
    // stored first, checked after: a removal that began before the store empties the set after
    // it, and one that began before the caller looked is seen here
    if (generation.get() != generationBefore) {
      names.remove(name);
    }
  }

  /** Objects went away or changed names: nothing is known any more. */
  void removed() {
    generation.incrementAndGet();
    names.clear();
  }
}
