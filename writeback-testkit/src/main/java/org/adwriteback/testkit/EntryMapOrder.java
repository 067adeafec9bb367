package org.adwriteback.testkit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.RDN;
import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives UnboundID's in-memory server an entry map ordered by the DNs' normalized RDNs, compared
 * from the root down, instead of by {@link DN#compareTo}.
 *
 * <p>Why: the server keeps its entries in a {@code TreeMap} keyed by DN and looks an add's DN up
 * three times (exists? parent exists? insert), under the one write lock of the whole directory.
 * {@code DN.compareTo} compares RDN values with the attribute's ordering matching rule, which
 * normalizes both values again on every comparison: in a 10,000-user OU a user add made about 500
 * such normalizations, half of its time under the lock (JFR). This comparator compares each RDN's
 * normalized string, which the RDN computes once and keeps, so a stored key is normalized once in
 * its life and a request's DN once per request.
 *
 * <p>It orders as {@code DN.compareTo} does where it matters: two DNs compare equal exactly when
 * {@link DN#equals} holds (both rest on the normalized RDNs), an entry comes before the entries
 * below it, and a subtree's entries are contiguous. Siblings are ordered by their normalized RDN
 * strings, which for the usual names (CN, OU, DC and a value) is the same order.
 *
 * <p>The map is a private field of UnboundID's request handler, reached by reflection, and must be
 * replaced before the server takes a connection (each connection's handler shares the map). When
 * the field is not there (another UnboundID version), nothing changes but speed.
 */
final class EntryMapOrder {

  private static final Logger LOG = LoggerFactory.getLogger(EntryMapOrder.class);

  /** By normalized RDN, from the root RDN down; an ancestor before its descendants. */
  static final Comparator<DN> BY_NORMALIZED_RDNS =
      (a, b) -> {
        RDN[] x = a.getRDNs();
        RDN[] y = b.getRDNs();
        for (int i = x.length - 1, j = y.length - 1; i >= 0 && j >= 0; i--, j--) {
          if (x[i] != y[j]) {
            int c = x[i].toNormalizedString().compareTo(y[j].toNormalizedString());
            if (c != 0) {
              return c;
            }
          }
        }
        return Integer.compare(x.length, y.length);
      };

  private EntryMapOrder() {}

  /**
   * Replaces the server's empty entry map with one ordered by {@link #BY_NORMALIZED_RDNS}.
   *
   * @param server the server, before it holds entries or takes connections
   * @return whether the map was replaced
   */
  static boolean useNormalizedRdnOrder(InMemoryDirectoryServer server) {
    try {
      Object handler = ServerSchemaChecks.handler(server);
      Field mapField = handler.getClass().getDeclaredField("entryMap");
      mapField.setAccessible(true);
      if (!(mapField.get(handler) instanceof TreeMap<?, ?> current) || !current.isEmpty()) {
        return false;
      }
      Map<DN, Object> ordered = new TreeMap<>(BY_NORMALIZED_RDNS);
      mapField.set(handler, ordered);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug(
          "UnboundID's in-memory server keeps its DN-ordered entry map"
              + " (not where this version keeps it): {}",
          e.toString());
      return false;
    }
  }

  /** Whether the server's entry map is ordered by {@link #BY_NORMALIZED_RDNS}. For tests. */
  static boolean inUse(InMemoryDirectoryServer server) {
    try {
      Object handler = ServerSchemaChecks.handler(server);
      Field mapField = handler.getClass().getDeclaredField("entryMap");
      mapField.setAccessible(true);
      return mapField.get(handler) instanceof TreeMap<?, ?> map
          && map.comparator() == BY_NORMALIZED_RDNS;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
