package org.adwriteback.testkit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.matchingrules.CaseIgnoreStringMatchingRule;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.schema.Schema;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
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
 * in {@code RDN.compareTo}'s order, by those strings where that is provably the same order and by
 * {@code RDN.compareTo} otherwise ({@link LeafOrder}). Equal normalized strings mean equal RDNs for
 * {@code RDN.compareTo} too (same names, same values under the equality rule, and AD's naming
 * attributes order and match case-insensitively alike), so the order is {@code DN.compareTo}'s, and
 * the map says so ({@code comparator()} answers null, natural order): the server's snapshots copy
 * it in one linear pass as they did, instead of sorting every DN again with {@code DN.compareTo}.
 *
 * <p>The map is a private field of UnboundID's request handler, reached by reflection, and must be
 * replaced before the server holds entries or takes a connection (each connection's handler shares
 * the map). When the field is not there (another UnboundID version), nothing changes but speed.
 */
final class EntryMapOrder {

  private static final Logger LOG = LoggerFactory.getLogger(EntryMapOrder.class);

  /**
   * {@link DN#compareTo}'s order for DNs parsed without a schema (UnboundID's default rules, which
   * normalize and order every naming attribute case-insensitively).
   */
  static final Comparator<DN> NATURAL_ORDER_FAST = naturalOrder(null);

  /**
   * {@link DN#compareTo}'s order for the DNs of a server with {@code schema}: the RDNs two DNs
   * share are skipped by their cached normalized strings, and the first pair that differs is
   * compared by those strings too where that is provably the same as {@code RDN.compareTo} (see
   * {@link LeafOrder}), else by {@code RDN.compareTo}.
   *
   * @param schema the server's schema, or null for DNs parsed without one
   * @return the comparator
   */
  static Comparator<DN> naturalOrder(Schema schema) {
    LeafOrder leaf = new LeafOrder(schema);
    return (a, b) -> {
      RDN[] x = a.getRDNs();
      RDN[] y = b.getRDNs();
      for (int i = x.length - 1, j = y.length - 1; i >= 0 && j >= 0; i--, j--) {
        if (x[i] != y[j]) {
          String s = x[i].toNormalizedString();
          String t = y[j].toNormalizedString();
          if (!s.equals(t)) {
            int c = leaf.compare(x[i], s, y[j], t);
            if (c != 0) {
              return c;
            }
          }
        }
      }
      return Integer.compare(x.length, y.length);
    };
  }

  /**
   * Compares two RDNs whose normalized strings differ, in {@code RDN.compareTo}'s order.
   *
   * <p>{@code RDN.compareTo} compares the normalized attribute names, then the values with the
   * attribute's ordering matching rule, which looks the attribute up in the schema and normalizes
   * both values again on every call: most of a sibling comparison's cost, and an add into a
   * 10,000-entry container makes about 15 of them per DN lookup. An RDN's cached normalized string
   * is {@code name=value}, the value normalized by the attribute's equality rule, with every
   * character that is not printable ASCII and every special one escaped by a backslash. When both
   * RDNs have one name-value pair (no unescaped {@code +}), the same name, values without a
   * backslash (nothing escaped: printable ASCII exactly as normalized), and the attribute's
   * equality and ordering rules are the same case-insensitive string rule, comparing the two
   * strings is comparing the normalized values' bytes, which is what that rule's ordering does. In
   * any other case it asks {@code RDN.compareTo}.
   */
  static final class LeafOrder {

    private final Schema schema;

    /** Attribute names already classified; copied on write, read without a lock. */
    private volatile String[] plainNames = new String[0];

    private volatile String[] otherNames = new String[0];

    LeafOrder(Schema schema) {
      this.schema = schema;
    }

    int compare(RDN a, String s, RDN b, String t) {
      int eq = s.indexOf('=');
      if (eq > 0
          && eq == t.indexOf('=')
          && s.regionMatches(0, t, 0, eq)
          && plainValue(s, eq + 1)
          && plainValue(t, eq + 1)
          && ordersAsString(s, eq)) {
        return s.compareTo(t);
      }
      return a.compareTo(b);
    }

    /** No escaped character and no second name-value pair after {@code from}. */
    private static boolean plainValue(String s, int from) {
      for (int i = from; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' || c == '+') {
          return false;
        }
      }
      return true;
    }

    /**
     * Whether the attribute named by {@code s}'s first {@code len} characters orders as a string.
     */
    private boolean ordersAsString(String s, int len) {
      if (known(plainNames, s, len)) {
        return true;
      }
      if (known(otherNames, s, len)) {
        return false;
      }
      String name = s.substring(0, len);
      boolean plain = caseIgnoreBothWays(name);
      synchronized (this) {
        if (plain) {
          plainNames = append(plainNames, name);
        } else {
          otherNames = append(otherNames, name);
        }
      }
      return plain;
    }

    /**
     * The attribute's equality and ordering rules are both UnboundID's case-insensitive string
     * rule, under the schema and under none (a DN parsed without one uses the default rules).
     */
    private boolean caseIgnoreBothWays(String name) {
      MatchingRule caseIgnore = CaseIgnoreStringMatchingRule.getInstance();
      return MatchingRule.selectEqualityMatchingRule(name, schema) == caseIgnore
          && MatchingRule.selectOrderingMatchingRule(name, schema) == caseIgnore
          && MatchingRule.selectEqualityMatchingRule(name, null) == caseIgnore
          && MatchingRule.selectOrderingMatchingRule(name, null) == caseIgnore;
    }

    private static boolean known(String[] names, String s, int len) {
      for (String n : names) {
        if (n.length() == len && s.startsWith(n)) {
          return true;
        }
      }
      return false;
    }

    private static String[] append(String[] names, String name) {
      String[] more = Arrays.copyOf(names, names.length + 1);
      more[names.length] = name;
      return more;
    }
  }

  /**
   * A map ordered by {@link #naturalOrder}, which is the DNs' natural order: it reports no
   * comparator, so that a copy into a naturally ordered {@code TreeMap} takes its entries as they
   * come, already sorted.
   */
  static final class EntryMap<V> extends TreeMap<DN, V> {

    private static final long serialVersionUID = 1L;

    EntryMap() {
      this(null);
    }

    EntryMap(Schema schema) {
      super(naturalOrder(schema));
    }

    @Override
    public Comparator<? super DN> comparator() {
      return null;
    }

    /** All keys, or the part an operation the handler is walking concerns ({@link ScopedScans}). */
    @Override
    public Set<DN> keySet() {
      ScopedScans.Scan scan = ScopedScans.take();
      return scan == null ? super.keySet() : ScopedScans.keys(this, scan);
    }

    /** All entries, or the part an operation the handler is walking concerns. */
    @Override
    public Set<Map.Entry<DN, V>> entrySet() {
      ScopedScans.Scan scan = ScopedScans.take();
      return scan == null ? super.entrySet() : ScopedScans.entries(this, scan);
    }

    /** The size, except where the handler only sizes a list by it ({@link ScopedScans}). */
    @Override
    public int size() {
      return ScopedScans.capacityHint(super.size());
    }
  }

  private EntryMapOrder() {}

  /**
   * Replaces the server's empty entry map with an {@link EntryMap}.
   *
   * @param server the server, before it holds entries or takes connections
   * @param schema the schema it was configured with (null for none)
   * @return whether the map was replaced
   */
  static boolean useFastNaturalOrder(InMemoryDirectoryServer server, Schema schema) {
    try {
      Object handler = ServerSchemaChecks.handler(server);
      Field mapField = ServerSchemaChecks.handlerField(handler, "entryMap");
      if (!(mapField.get(handler) instanceof TreeMap<?, ?> current) || !current.isEmpty()) {
        return false;
      }
      mapField.set(handler, new EntryMap<Object>(schema));
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
      return ServerSchemaChecks.handlerField(handler, "entryMap").get(handler)
          instanceof EntryMap<?>;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
