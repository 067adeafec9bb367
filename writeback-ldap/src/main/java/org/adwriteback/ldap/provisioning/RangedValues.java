package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads all values of a multi-valued attribute with AD's range retrieval (MS-ADTS 3.1.1.3.1.3.3):
 * the server answers {@code member;range=0-1499} for large attributes and the client asks for the
 * next range until one ends with {@code *}. Servers that return the whole attribute are read in one
 * step.
 */
final class RangedValues {

  private RangedValues() {}

  static List<String> read(LDAPInterface c, String dn, String attribute) throws LDAPException {
    return read(c, dn, attribute, 0);
  }

  /**
   * Reads all values, asking for slices of {@code window} values ({@code attr;range=0-(window-1)},
   * then the next) when window is positive, or letting the server choose (plain request, then
   * {@code attr;range=<next>-*}) when it is 0.
   */
  static List<String> read(LDAPInterface c, String dn, String attribute, int window)
      throws LDAPException {
    List<String> values = new ArrayList<>();
    String request = window > 0 ? slice(attribute, 0, window) : attribute;
    int start = 0;
    while (true) {
      SearchResultEntry entry = c.getEntry(dn, request);
      if (entry == null) {
        throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "no object " + dn);
      }
      Attribute ranged = null;
      for (Attribute a : entry.getAttributes()) {
        String name = a.getName().toLowerCase(Locale.ROOT);
        if (name.equals(attribute.toLowerCase(Locale.ROOT))) {
          values.addAll(List.of(a.getValues()));
          return values;
        }
        if (name.startsWith(attribute.toLowerCase(Locale.ROOT) + ";range=")) {
          ranged = a;
        }
      }
      if (ranged == null) {
        return values;
      }
      values.addAll(List.of(ranged.getValues()));
      String range = ranged.getName().substring(ranged.getName().indexOf('=') + 1);
      String end = range.substring(range.indexOf('-') + 1);
      if (end.equals("*")) {
        return values;
      }
      int next = Integer.parseInt(end) + 1;
      if (next <= start) {
        throw new LDAPException(
            ResultCode.DECODING_ERROR,
            "the server returned a range that does not advance: " + range);
      }
      start = next;
      request = window > 0 ? slice(attribute, start, window) : attribute + ";range=" + start + "-*";
    }
  }

  private static String slice(String attribute, int start, int window) {
    return attribute + ";range=" + start + "-" + (start + window - 1);
  }
}
