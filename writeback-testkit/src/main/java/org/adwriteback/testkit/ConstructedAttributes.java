package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.adwriteback.security.Sid;

/**
 * Constructed attributes that clients read from AD and the server does not store (MS-ADTS
 * 3.1.1.4.5): returned only when a search names them, computed from the stored entry at read time.
 *
 * <ul>
 *   <li>{@code createTimeStamp}, {@code modifyTimeStamp}: whenCreated and whenChanged (3.1.1.4.5.5
 *       and .6).
 *   <li>{@code canonicalName}: the domain's DNS name, then the RDN values from the top down, split
 *       by {@code /} ({@code contoso.test/Users/Administrator}, 3.1.1.4.5.1; a {@code /} in a value
 *       is escaped as {@code \/}).
 *   <li>{@code primaryGroupToken} of a group: the RID of its objectSid, what an account's
 *       primaryGroupID names (3.1.1.4.5.12).
 *   <li>{@code msDS-User-Account-Control-Computed} of an account (3.1.1.4.5.17): UF_LOCKOUT while
 *       lockoutTime is set and the domain's lockoutDuration has not run out, UF_PASSWORD_EXPIRED
 *       when pwdLastSet is 0 or older than maxPwdAge, neither for trust accounts, and the latter
 *       not with DONT_EXPIRE_PASSWD or SMARTCARD_REQUIRED.
 *   <li>{@code msDS-UserPasswordExpiryTimeComputed} of an account (3.1.1.4.5.33).
 * </ul>
 *
 * The values for the samples Samba 4.17 returns were compared with the directory contract.
 */
final class ConstructedAttributes {

  /** The names this class computes, lower-cased, each with its lDAPDisplayName. */
  static final Map<String, String> NAMES =
      Map.of(
          "createtimestamp", "createTimeStamp",
          "modifytimestamp", "modifyTimeStamp",
          "canonicalname", "canonicalName",
          "primarygrouptoken", "primaryGroupToken",
          "msds-user-account-control-computed", "msDS-User-Account-Control-Computed",
          "msds-userpasswordexpirytimecomputed", "msDS-UserPasswordExpiryTimeComputed");

  /** What the computation reads of the object. */
  static final String[] INPUTS = {
    "whenCreated",
    "whenChanged",
    "objectClass",
    "objectSid",
    "userAccountControl",
    "pwdLastSet",
    "lockoutTime"
  };

  private static final int UF_LOCKOUT = 0x10;
  private static final int UF_PASSWORD_EXPIRED = 0x800000;
  private static final int UF_SMARTCARD_REQUIRED = 0x40000;
  private static final int UF_INTERDOMAIN_TRUST_ACCOUNT = 0x800;
  private static final int TRUST_ACCOUNTS =
      UF_INTERDOMAIN_TRUST_ACCOUNT
          | AdEngine.UF_WORKSTATION_TRUST_ACCOUNT
          | AdEngine.UF_SERVER_TRUST_ACCOUNT;
  private static final long NEVER = Long.MAX_VALUE;

  private ConstructedAttributes() {}

  /** The lDAPDisplayNames of the constructed attributes a search's attribute list names. */
  static List<String> requested(List<String> attributeList) {
    List<String> out = new ArrayList<>();
    for (String a : attributeList) {
      String name = NAMES.get(a.toLowerCase(Locale.ROOT));
      if (name != null && !out.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** Whether any of {@code requested} depends on the domain's {@link Policy}. */
  static boolean needPolicy(List<String> requested) {
    return requested.contains("msDS-User-Account-Control-Computed")
        || requested.contains("msDS-UserPasswordExpiryTimeComputed");
  }

  /**
   * The domain policy the account attributes depend on: maxPwdAge and lockoutDuration of the
   * account's domain (negative 100 ns intervals, as stored), and the time now as a FILETIME.
   */
  record Policy(long maxPwdAge, long lockoutDuration, long now) {}

  /**
   * Adds the {@code requested} constructed attributes of the object {@code stored} (read with
   * {@link #INPUTS}) to {@code entry}, a copy of the search result.
   *
   * @param policy the object's domain policy, or empty outside a domain NC
   */
  static void addTo(Entry entry, Entry stored, List<String> requested, Optional<Policy> policy)
      throws LDAPException {
    for (String name : requested) {
      switch (name) {
        case "createTimeStamp" -> copy(entry, stored, "whenCreated", name);
        case "modifyTimeStamp" -> copy(entry, stored, "whenChanged", name);
        case "canonicalName" -> entry.setAttribute(name, canonicalName(stored.getParsedDN()));
        case "primaryGroupToken" -> {
          if (stored.hasObjectClass("group") && stored.hasAttribute("objectSid")) {
            long rid = Sid.fromBytes(stored.getAttributeValueBytes("objectSid")).rid();
            entry.setAttribute(name, Long.toString(rid));
          }
        }
        case "msDS-User-Account-Control-Computed" -> {
          if (stored.hasObjectClass("user")) {
            entry.setAttribute(
                name, Integer.toString(policy.map(p -> computedFlags(stored, p)).orElse(0)));
          }
        }
        case "msDS-UserPasswordExpiryTimeComputed" -> {
          if (stored.hasObjectClass("user") && policy.isPresent()) {
            entry.setAttribute(name, Long.toString(passwordExpiry(stored, policy.get())));
          }
        }
        default -> {
          // not one of ours
        }
      }
    }
  }

  private static void copy(Entry entry, Entry stored, String from, String to) {
    String value = stored.getAttributeValue(from);
    if (value != null) {
      entry.setAttribute(to, value);
    }
  }

  /**
   * {@code contoso.test/Users/Administrator} for {@code
   * CN=Administrator,CN=Users,DC=contoso,DC=test}: the trailing DC values joined by dots, then the
   * other RDN values from the top down.
   */
  static String canonicalName(DN dn) {
    RDN[] rdns = dn.getRDNs();
    int end = rdns.length;
    while (end > 0 && rdns[end - 1].getAttributeNames()[0].equalsIgnoreCase("dc")) {
      end--;
    }
    StringBuilder out = new StringBuilder();
    for (int i = end; i < rdns.length; i++) {
      out.append(i > end ? "." : "").append(rdns[i].getAttributeValues()[0]);
    }
    out.append('/');
    for (int i = end - 1; i >= 0; i--) {
      out.append(rdns[i].getAttributeValues()[0].replace("/", "\\/"));
      if (i > 0) {
        out.append('/');
      }
    }
    return out.toString();
  }

  private static int computedFlags(Entry stored, Policy policy) {
    int uac = intValue(stored, "userAccountControl");
    int flags = 0;
    if ((uac & TRUST_ACCOUNTS) == 0) {
      long lockout = longValue(stored, "lockoutTime");
      if (lockout != 0
          && (policy.lockoutDuration() == Long.MIN_VALUE
              || policy.now() + policy.lockoutDuration() <= lockout)) {
        flags |= UF_LOCKOUT;
      }
      long expiry = passwordExpiry(stored, policy);
      if (expiry != NEVER && expiry <= policy.now()) {
        flags |= UF_PASSWORD_EXPIRED;
      }
    }
    return flags;
  }

  private static long passwordExpiry(Entry stored, Policy policy) {
    int uac = intValue(stored, "userAccountControl");
    if ((uac & (AdEngine.UF_DONT_EXPIRE_PASSWD | UF_SMARTCARD_REQUIRED | TRUST_ACCOUNTS)) != 0) {
      return NEVER;
    }
    long pwdLastSet = longValue(stored, "pwdLastSet");
    if (pwdLastSet == 0) {
      return 0;
    }
    if (policy.maxPwdAge() == Long.MIN_VALUE || policy.maxPwdAge() == 0) {
      return NEVER;
    }
    return pwdLastSet - policy.maxPwdAge(); // maxPwdAge is stored negative
  }

  private static int intValue(Entry e, String name) {
    return (int) longValue(e, name);
  }

  /** The value as a number, 0 when there is none or it is no number. */
  private static long longValue(Entry e, String name) {
    Long v = e.getAttributeValueAsLong(name);
    return v == null ? 0 : v;
  }
}
