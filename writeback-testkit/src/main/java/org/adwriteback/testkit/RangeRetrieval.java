package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Range retrieval of attribute values (MS-ADTS 3.1.1.3.1.3.3) and the MaxValRange limit
 * (3.1.1.3.4.6) as AD applies them to search results:
 *
 * <ul>
 *   <li>a requested {@code member;range=low-high} returns the values {@code low} to {@code high}
 *       ({@code *}: to the last), at most MaxValRange of them, named {@code member;range=low-high}
 *       or {@code member;range=low-*} when they reach the last value (then possibly none);
 *   <li>an attribute with more than MaxValRange values that is requested plainly (or through {@code
 *       *}) returns its first MaxValRange values as {@code member;range=0-(MaxValRange-1)}.
 * </ul>
 *
 * <p>The server is asked for the plain attribute ({@link #forServer}); {@link #apply} then cuts
 * each result entry. Values come in the order the server stores them.
 */
final class RangeRetrieval {

  /** One requested range: the attribute, the first index and the last one (-1 for {@code *}). */
  record Range(String attribute, int low, int high) {}

  /** What a search asked for: its ranges and the attributes it asked for plainly (lower case). */
  record Request(List<Range> ranges, Set<String> plain, boolean allUserAttributes) {

    /** Is the attribute also requested without a range (by name or through {@code *})? */
    boolean wantsWhole(String attribute) {
      return allUserAttributes || plain.contains(attribute.toLowerCase(Locale.ROOT));
    }
  }

  private RangeRetrieval() {}

  /**
   * Reads the range option of a requested attribute, as in {@code member;range=0-1499} or {@code
   * member;Range=1500-*}; empty for an attribute without one or with a malformed range.
   */
  static Optional<Range> parse(String requested) {
    String[] parts = requested.split(";");
    for (int i = 1; i < parts.length; i++) {
      String option = parts[i].trim();
      if (option.regionMatches(true, 0, "range=", 0, 6)) {
        String bounds = option.substring(6);
        int dash = bounds.indexOf('-');
        if (dash <= 0) {
          return Optional.empty();
        }
        try {
          int low = Integer.parseInt(bounds.substring(0, dash));
          String hi = bounds.substring(dash + 1);
          int high = hi.equals("*") ? -1 : Integer.parseInt(hi);
          if (low < 0 || (high >= 0 && high < low)) {
            return Optional.empty();
          }
          return Optional.of(new Range(parts[0].trim(), low, high));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** The ranges and plain names of a search's attribute list (an empty list means {@code *}). */
  static Request read(List<String> attributes) {
    List<Range> ranges = new ArrayList<>();
    Set<String> plain = new LinkedHashSet<>();
    boolean all = attributes.isEmpty();
    for (String a : attributes) {
      Optional<Range> r = parse(a);
      if (r.isPresent()) {
        ranges.add(r.get());
      } else if (a.equals("*")) {
        all = true;
      } else {
        plain.add(a.toLowerCase(Locale.ROOT));
      }
    }
    return new Request(ranges, plain, all);
  }

  /** The attribute list for the server: each ranged attribute asked for by its plain name. */
  static String[] forServer(List<String> attributes) {
    List<String> out = new ArrayList<>();
    for (String a : attributes) {
      out.add(parse(a).map(Range::attribute).orElse(a));
    }
    return out.toArray(new String[0]);
  }

  /**
   * The entry as AD returns it for {@code request}, or null when nothing changes.
   *
   * @param e the entry as the server returns it (plain attributes, all their values)
   * @param request what the search asked for
   * @param maxValRange the most values returned at once
   */
  static Entry apply(Entry e, Request request, int maxValRange) {
    Entry copy = null;
    for (Range r : request.ranges()) {
      Attribute whole = e.getAttribute(r.attribute());
      if (whole == null) {
        continue;
      }
      copy = copy != null ? copy : e.duplicate();
      byte[][] values = whole.getValueByteArrays();
      int from = Math.min(r.low(), values.length);
      int last = r.high() < 0 ? values.length - 1 : Math.min(r.high(), values.length - 1);
      last = Math.min(last, from + maxValRange - 1);
      boolean toTheEnd = last >= values.length - 1;
      byte[][] slice = Arrays.copyOfRange(values, from, Math.max(from, last + 1));
      copy.addAttribute(
          new Attribute(
              whole.getBaseName() + ";range=" + r.low() + "-" + (toTheEnd ? "*" : last), slice));
      if (!request.wantsWhole(r.attribute())) {
        copy.removeAttribute(whole.getName());
      }
    }
    List<Attribute> tooLong = new ArrayList<>();
    for (Attribute a : (copy != null ? copy : e).getAttributes()) {
      if (a.size() > maxValRange && !a.hasOptions()) {
        tooLong.add(a);
      }
    }
    for (Attribute a : tooLong) {
      copy = copy != null ? copy : e.duplicate();
      copy.removeAttribute(a.getName());
      copy.addAttribute(
          new Attribute(
              a.getName() + ";range=0-" + (maxValRange - 1),
              Arrays.copyOf(a.getValueByteArrays(), maxValRange)));
    }
    return copy;
  }
}
