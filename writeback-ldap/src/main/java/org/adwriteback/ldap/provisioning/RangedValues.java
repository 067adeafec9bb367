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
    List<String> values = new ArrayList<>();
    String request = attribute;
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
      request = attribute + ";range=" + start + "-*";
    }
  }
}
