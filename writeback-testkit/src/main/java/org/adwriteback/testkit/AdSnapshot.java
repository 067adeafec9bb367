package org.adwriteback.testkit;

import com.unboundid.ldap.listener.InMemoryDirectoryServerSnapshot;
import com.unboundid.ldap.sdk.DN;
import java.util.Map;

/**
 * The saved state of an {@link AdDirectory}: every object, the memberOf links and the directory's
 * counters (update sequence number, next RID), so that objects created after a {@link
 * AdDirectory#restore restore} get the same SIDs as after the snapshot. Opaque; restore it only
 * into the directory that made it.
 */
public final class AdSnapshot {

  private final AdDirectory owner;
  private final InMemoryDirectoryServerSnapshot entries;
  private final long[] counters;
  private final Map<DN, DN[]> memberOf;

  AdSnapshot(
      AdDirectory owner,
      InMemoryDirectoryServerSnapshot entries,
      long[] counters,
      Map<DN, DN[]> memberOf) {
    this.owner = owner;
    this.entries = entries;
    this.counters = counters.clone();
    this.memberOf = memberOf;
  }

  Map<DN, DN[]> memberOf() {
    return memberOf;
  }

  AdDirectory owner() {
    return owner;
  }

  InMemoryDirectoryServerSnapshot entries() {
    return entries;
  }

  long[] counters() {
    return counters.clone();
  }
}
