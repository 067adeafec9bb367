package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DNs parsed once from their string form, with their normalized form computed once (the {@link DN}
 * keeps it). A group add names each member in several checks (value syntax, the member exists, the
 * memberOf links, the tokens to drop); parsing and normalizing the same strings there made up a
 * quarter of a group add's time in the testkit. Parsing is a pure function of the string, so the
 * memo is shared; it forgets everything past {@link #LIMIT} strings.
 */
final class ParsedDns {

  static final int LIMIT = 1 << 14;

  private static final ConcurrentHashMap<String, DN> BY_STRING = new ConcurrentHashMap<>();

  private ParsedDns() {}

  /**
   * The DN {@code value} names.
   *
   * @throws LDAPException if it is not a DN
   */
  static DN parse(String value) throws LDAPException {
    DN dn = BY_STRING.get(value);
    if (dn == null) {
      dn = new DN(value);
      dn.toNormalizedString();
      if (BY_STRING.size() >= LIMIT) {
        BY_STRING.clear();
      }
      BY_STRING.put(value, dn);
    }
    return dn;
  }
}
