package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.List;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.SamAccountNames;

/** Chooses free RDNs and sAMAccountNames, reporting every detour in the notes. */
final class Names {

  /** rangeUpper of cn. */
  static final int CN_MAX = 64;

  private static final int ATTEMPTS = 50;

  private Names() {}

  /**
   * Returns the DN of {@code CN=<value>,<parent>} with the value escaped (RFC 4514 section 2.4).
   * {@code =} is escaped too although RFC 4514 does not require it: Samba's DN parser refuses an
   * unescaped one (invalidDNSyntax, measured).
   */
  static String childDn(String parentDn, String cn) {
    StringBuilder sb = new StringBuilder("CN=");
    for (int i = 0; i < cn.length(); i++) {
      char c = cn.charAt(i);
      if (",+\"\\<>;=".indexOf(c) >= 0
          || (i == 0 && (c == '#' || c == ' '))
          || (i == cn.length() - 1 && c == ' ')) {
        sb.append('\\').append(c);
      } else if (c == 0) {
        sb.append("\\00");
      } else {
        sb.append(c);
      }
    }
    return sb.append(',').append(parentDn).toString();
  }

  static String cut(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }

  /** The DN a new object is given when it is free: {@code CN=<base cut to 64>,<parent>}. */
  static String firstDn(String parentDn, String base) {
    return childDn(parentDn, cut(base, CN_MAX));
  }

  /**
   * Returns a DN under the parent that no object holds: {@code CN=<base>}, else {@code CN=<base>
   * (2)}, {@code (3)}… A detour is added to the notes.
   */
  static String freeDn(LDAPInterface c, String parentDn, String base, List<String> notes)
      throws LDAPException, ItemFailure {
    String dn = firstDn(parentDn, base);
    if (!Lookups.exists(c, dn)) {
      return dn;
    }
    for (int n = 2; n < ATTEMPTS; n++) {
      String suffix = " (" + n + ")";
      String candidate = childDn(parentDn, cut(base, CN_MAX - suffix.length()) + suffix);
      if (!Lookups.exists(c, candidate)) {
        notes.add(
            dn
                + " is held by another object with a different anchor; created as "
                + candidate
                + " instead (the other object was not touched)");
        return candidate;
      }
    }
    throw new ItemFailure(
        FailureKind.REFUSED, "no free name for " + dn + " after " + ATTEMPTS + " attempts");
  }

  /** Returns a sAMAccountName no object in the domain holds, derived from the seed. */
  static String freeSamAccountName(
      LDAPInterface c, DirectoryInfo d, String seed, List<String> notes)
      throws LDAPException, ItemFailure {
    String base = SamAccountNames.derive(seed);
    if (base.isEmpty()) {
      throw new ItemFailure(
          FailureKind.INVALID_INPUT, "no sAMAccountName can be derived from '" + seed + "'");
    }
    if (!samTaken(c, d, base)) {
      return base;
    }
    for (int n = 1; n < ATTEMPTS; n++) {
      String candidate = SamAccountNames.withSuffix(base, n);
      if (!samTaken(c, d, candidate)) {
        notes.add("sAMAccountName " + base + " is taken; used " + candidate);
        return candidate;
      }
    }
    throw new ItemFailure(
        FailureKind.REFUSED,
        "no free sAMAccountName for " + base + " after " + ATTEMPTS + " tries");
  }

  private static boolean samTaken(LDAPInterface c, DirectoryInfo d, String sam)
      throws LDAPException {
    SearchRequest r =
        new SearchRequest(
            d.defaultNc(),
            SearchScope.SUB,
            Filter.createEqualityFilter("sAMAccountName", sam),
            "1.1");
    r.setSizeLimit(1);
    try {
      return c.search(r).getEntryCount() > 0;
    } catch (LDAPException e) {
      if (e.getResultCode() == com.unboundid.ldap.sdk.ResultCode.SIZE_LIMIT_EXCEEDED) {
        return true;
      }
      throw e;
    }
  }
}
