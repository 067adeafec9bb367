package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.adwriteback.provisioning.WritebackResult;

/**
 * Desired attribute values and their comparison with an entry. A value is a {@code String}, a
 * {@code byte[]}, a {@code List<String>} (multi-valued, compared as a set) or a {@code byte[][]}
 * (multi-valued binary, compared as a set).
 */
final class Attributes {

  private Attributes() {}

  /** Replaces the attributes that differ from the desired values, in one modify. */
  static WritebackResult update(
      LDAPConnection c,
      SearchResultEntry entry,
      Map<String, Object> desired,
      List<String> notes,
      boolean dryRun)
      throws LDAPException, ItemFailure {
    List<Modification> mods = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, Object> e : desired.entrySet()) {
      if (!same(entry, e.getKey(), e.getValue())) {
        mods.add(modification(e.getKey(), e.getValue()));
        changed.add(e.getKey());
      }
    }
    if (mods.isEmpty()) {
      return new WritebackResult.Unchanged(entry.getDN());
    }
    if (!dryRun) {
      try {
        c.modify(entry.getDN(), mods);
      } catch (LDAPException e) {
        if (Failures.isTransient(e)) {
          throw e;
        }
        throw Failures.classify(e, "update " + entry.getDN());
      }
    }
    return new WritebackResult.Updated(entry.getDN(), Passwords.sorted(changed), notes);
  }

  static boolean same(SearchResultEntry entry, String name, Object value) {
    if (value instanceof byte[] bytes) {
      byte[] current = entry.getAttributeValueBytes(name);
      return current != null && Arrays.equals(current, bytes);
    }
    if (value instanceof byte[][] list) {
      byte[][] current = entry.getAttributeValueByteArrays(name);
      Set<String> want = new HashSet<>();
      for (byte[] b : list) {
        want.add(HexFormat.of().formatHex(b));
      }
      Set<String> have = new HashSet<>();
      for (byte[] b : current == null ? new byte[0][] : current) {
        have.add(HexFormat.of().formatHex(b));
      }
      return want.equals(have);
    }
    if (value instanceof List<?> list) {
      String[] current = entry.getAttributeValues(name);
      return current != null && Set.copyOf(Arrays.asList(current)).equals(Set.copyOf(list));
    }
    return value.equals(entry.getAttributeValue(name));
  }

  static Attribute attribute(String name, Object value) {
    if (value instanceof byte[] bytes) {
      return new Attribute(name, bytes);
    }
    if (value instanceof byte[][] list) {
      return new Attribute(name, list);
    }
    if (value instanceof List<?> list) {
      return new Attribute(name, list.stream().map(String::valueOf).toList());
    }
    return new Attribute(name, String.valueOf(value));
  }

  static Modification modification(String name, Object value) {
    if (value instanceof byte[] bytes) {
      return new Modification(ModificationType.REPLACE, name, bytes);
    }
    if (value instanceof byte[][] list) {
      return new Modification(ModificationType.REPLACE, name, list);
    }
    if (value instanceof List<?> list) {
      return new Modification(
          ModificationType.REPLACE,
          name,
          list.stream().map(String::valueOf).toArray(String[]::new));
    }
    return new Modification(ModificationType.REPLACE, name, String.valueOf(value));
  }

  static List<String> names(List<Attribute> attributes) {
    List<String> names = new ArrayList<>();
    for (Attribute a : attributes) {
      if (!a.getName().equalsIgnoreCase("objectClass")) {
        names.add(a.getName());
      }
    }
    return names;
  }
}
