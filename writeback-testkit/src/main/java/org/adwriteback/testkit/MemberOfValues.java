package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.List;

/**
 * Puts memberOf, which the testkit keeps in its {@link MemberOfTable} and not in the objects, into
 * what a client reads: search result entries (for {@code *}, an empty attribute list, or memberOf
 * named, with or without options such as {@code ;range=}) and compares. memberOf is an ordinary
 * (not operational) attribute of AD's schema (MS-ADA2 Attribute memberOf), so {@code *} returns it.
 */
final class MemberOfValues {

  /** attributeID of memberOf (MS-ADA2 2.351). */
  static final String OID = "1.2.840.113556.1.2.102";

  private MemberOfValues() {}

  /** Whether an attribute description names memberOf (by name or OID, options ignored). */
  static boolean isMemberOf(String description) {
    int options = description.indexOf(';');
    String type = options < 0 ? description : description.substring(0, options);
    return type.equalsIgnoreCase("memberOf") || type.equals(OID);
  }

  /** Whether a search's attribute list returns memberOf. */
  static boolean requested(List<String> attributes) {
    if (attributes.isEmpty()) {
      return true;
    }
    for (String a : attributes) {
      if (a.equals("*") || isMemberOf(a)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A copy of {@code e} with its memberOf values (only the attribute's name when {@code
   * typesOnly}), or null when it is a member of no group.
   */
  static Entry addTo(Entry e, MemberOfTable table, boolean typesOnly) {
    String[] values;
    try {
      values = table.values(e.getParsedDN());
    } catch (LDAPException unparsable) {
      return null;
    }
    if (values == null) {
      return null;
    }
    Entry copy = e.duplicate();
    copy.setAttribute(typesOnly ? new Attribute("memberOf") : new Attribute("memberOf", values));
    return copy;
  }

  /** Whether {@code group} is among {@code member}'s memberOf values (DN matching). */
  static boolean compare(MemberOfTable table, DN member, String group) {
    try {
      return table.groupsOf(member).contains(new DN(group));
    } catch (LDAPException notADn) {
      return false;
    }
  }
}
