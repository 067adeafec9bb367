package org.adwriteback.testkit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.RDN;
import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives UnboundID's in-memory server an entry map in exactly the order it uses ({@link
 * DN#compareTo}), at a fraction of the cost.
 *
 * <p>Why: the server keeps its entries in a {@code TreeMap} keyed by DN and looks an add's DN up
 * three times (exists? parent exists? insert), under the one write lock of the whole directory.
 * {@code DN.compareTo} compares the two DNs' RDNs from the root down with each attribute's ordering
 * matching rule, which normalizes both values again on every comparison, shared parent RDNs
 * included: in a 10,000-user OU a user add made about 500 such normalizations, half of its time
 * under the lock (JFR). This comparator first compares each pair of RDNs by their normalized
 * strings, which an RDN computes once and keeps; only the first pair that differs there is compared
 * with {@code RDN.compareTo}. Equal normalized strings mean equal RDNs for {@code RDN.compareTo}
 * too (same names, same values under the equality rule, and AD's naming attributes order and match
 * case-insensitively alike), so the order is {@code DN.compareTo}'s, and the map says so ({@code
 * comparator()} answers null, natural order): the server's snapshots copy it in one linear pass as
 * they did, instead of sorting every DN again with {@code DN.compareTo}.
 *
 * <p>The map is a private field of UnboundID's request handler, reached by reflection, and must be
 * replaced before the server holds entries or takes a connection (each connection's handler shares
 * the map). When the field is not there (another UnboundID version), nothing changes but speed.
 */
final class EntryMapOrder {

  private static final Logger LOG = LoggerFactory.getLogger(EntryMapOrder.class);

  /** {@link DN#compareTo}'s order, with the RDNs the two DNs share compared by cached strings. */
  static final Comparator<DN> NATURAL_ORDER_FAST =
      (a, b) -> {
        RDN[] x = a.getRDNs();
        RDN[] y = b.getRDNs();
        for (int i = x.length - 1, j = y.length - 1; i >= 0 && j >= 0; i--, j--) {
          if (x[i] != y[j] && !x[i].toNormalizedString().equals(y[j].toNormalizedString())) {
            int c = x[i].compareTo(y[j]);
            if (c != 0) {
              return c;
            }
          }
        }
        return Integer.compare(x.length, y.length);
      };

  /**
   * A map ordered by {@link #NATURAL_ORDER_FAST}, which is the DNs' natural order: it reports no
   * comparator, so that a copy into a naturally ordered {@code TreeMap} takes its entries as they
   * come, already sorted.
   */
  static final class EntryMap<V> extends TreeMap<DN, V> {

    private static final long serialVersionUID = 1L;

    EntryMap() {
      super(NATURAL_ORDER_FAST);
    }

    @Override
    public Comparator<? super DN> comparator() {
      return null;
    }
  }

  private EntryMapOrder() {}

  /**
   * Replaces the server's empty entry map with an {@link EntryMap}.
   *
   * @param server the server, before it holds entries or takes connections
   * @return whether the map was replaced
   */
  static boolean useFastNaturalOrder(InMemoryDirectoryServer server) {
    try {
      Object handler = ServerSchemaChecks.handler(server);
      Field mapField = entryMapField(handler);
      if (!(mapField.get(handler) instanceof TreeMap<?, ?> current) || !current.isEmpty()) {
        return false;
      }
      mapField.set(handler, new EntryMap<Object>());
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug(
          "UnboundID's in-memory server keeps its DN-ordered entry map"
              + " (not where this version keeps it): {}",
          e.toString());
      return false;
    }
  }

  /** Whether the server's entry map is an {@link EntryMap}. For tests. */
  static boolean inUse(InMemoryDirectoryServer server) {
    try {
      Object handler = ServerSchemaChecks.handler(server);
      return entryMapField(handler).get(handler) instanceof EntryMap<?>;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** The request handler's private entry map field, made accessible. */
  private static Field entryMapField(Object handler) throws NoSuchFieldException {
    Field mapField = handler.getClass().getDeclaredField("entryMap");
    mapField.setAccessible(true);
    return mapField;
  }
}
