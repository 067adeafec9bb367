package org.adwriteback.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code proxyAddresses} merge of Exchange hybrid writeback (permissions.md §7:
 * MergeCaseInsensitive): values are compared without regard to case, the existing values are kept
 * as they are (prefix case included, so {@code SMTP:} stays primary), and only missing values are
 * added.
 */
public final class ProxyAddresses {

  private ProxyAddresses() {}

  /**
   * The outcome of a merge.
   *
   * @param values the merged values: the existing ones in order, then the added ones
   * @param added the values that were not there yet
   */
  public record Merge(List<String> values, List<String> added) {
    /** Copies the lists. */
    public Merge {
      values = List.copyOf(values);
      added = List.copyOf(added);
    }
  }

  /**
   * Merges additions into existing values case-insensitively.
   *
   * @param existing the values on the object
   * @param additions the values from the cloud
   * @return the merged values and what was added
   */
  public static Merge merge(List<String> existing, List<String> additions) {
    Set<String> seen = new TreeSet<>();
    List<String> values = new ArrayList<>();
    for (String v : existing) {
      if (seen.add(v.toLowerCase(Locale.ROOT))) {
        values.add(v);
      }
    }
    List<String> added = new ArrayList<>();
    for (String v : additions) {
      if (seen.add(v.toLowerCase(Locale.ROOT))) {
        values.add(v);
        added.add(v);
      }
    }
    return new Merge(values, added);
  }

  /**
   * Returns the primary SMTP proxy address of a mail address.
   *
   * @param mail the address
   * @return {@code SMTP:<mail>}
   */
  public static String primarySmtp(String mail) {
    return "SMTP:" + mail;
  }
}
