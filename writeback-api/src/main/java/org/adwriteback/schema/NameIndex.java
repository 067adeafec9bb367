package org.adwriteback.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A case-insensitive name → object index with a primary name (lDAPDisplayName or CN) that wins over
 * secondary names (CN or display name), and "did you mean" suggestions.
 */
final class NameIndex<T extends SchemaObject> {

  private static final int MAX_SUGGESTIONS = 5;

  private final Map<String, T> primary;
  private final Map<String, T> secondary;

  NameIndex(
      Collection<T> objects,
      Function<T, String> primaryName,
      Function<T, Collection<String>> secondaryNames) {
    Map<String, T> p = new HashMap<>();
    Map<String, T> s = new HashMap<>();
    for (T o : objects) {
      T clash = p.putIfAbsent(key(primaryName.apply(o)), o);
      if (clash != null) {
        throw new IllegalArgumentException(
            "two "
                + o.kind()
                + " entries are both named '"
                + primaryName.apply(o)
                + "' (names are case-insensitive)");
      }
      for (String n : secondaryNames.apply(o)) {
        s.putIfAbsent(key(n), o);
      }
    }
    this.primary = Map.copyOf(p);
    this.secondary = Map.copyOf(s);
  }

  static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  Optional<T> find(String name) {
    String k = key(name);
    T hit = primary.get(k);
    return Optional.ofNullable(hit != null ? hit : secondary.get(k));
  }

  /** Known names within a small edit distance of {@code name}, or containing it, best first. */
  List<String> suggestions(String name) {
    String k = key(name);
    int limit = Math.max(2, k.length() / 4);
    record Scored(String name, int score) {}
    List<Scored> scored = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Map<String, T> m : List.of(primary, secondary)) {
      for (Map.Entry<String, T> e : m.entrySet()) {
        int d = distance(k, e.getKey(), limit);
        boolean contains = k.length() >= 4 && e.getKey().contains(k);
        if ((d <= limit || contains) && seen.add(e.getKey())) {
          String display = displayName(e.getKey(), e.getValue());
          scored.add(new Scored(display, contains ? Math.min(d, limit) : d));
        }
      }
    }
    scored.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
    List<String> out = new ArrayList<>();
    for (Scored s : scored) {
      if (!out.contains(s.name())) {
        out.add(s.name());
      }
      if (out.size() == MAX_SUGGESTIONS) {
        break;
      }
    }
    return out;
  }

  /** The spelling of a key as the object itself writes it. */
  private static String displayName(String key, SchemaObject o) {
    if (key(o.name()).equals(key)) {
      return o.name();
    }
    if (key(o.cn()).equals(key)) {
      return o.cn();
    }
    if (o instanceof ControlAccessRight r && r.displayName().isPresent()) {
      return r.displayName().get();
    }
    return key;
  }

  /** Levenshtein distance, or {@code limit + 1} once it is certain to exceed {@code limit}. */
  static int distance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return limit + 1;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin > limit) {
        return limit + 1;
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
