package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.adwriteback.provisioning.AccountRef;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.ObjectKind;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.SourceAnchor;

/** Finds the objects requests name: accounts by reference, written-back objects by anchor. */
final class Lookups {

  private Lookups() {}

  /** The filter that finds a written-back user by anchor, in the attribute the mode looks up. */
  static Filter userAnchor(ProvisioningSettings s, SourceAnchor a) {
    return s.anchorMode().writesConsistencyGuid()
        ? Filter.createEqualityFilter("mS-DS-ConsistencyGuid", a.consistencyGuid())
        : Filter.createEqualityFilter(
            "msDS-ExternalDirectoryObjectId", a.cloudAnchor(ObjectKind.USER));
  }

  /** The filter that finds a written-back group: adminDescription = Group_objectId. */
  static Filter groupAnchor(SourceAnchor a) {
    return Filter.createANDFilter(
        Filter.createEqualityFilter("objectClass", "group"),
        Filter.createEqualityFilter("adminDescription", a.cloudAnchor(ObjectKind.GROUP)));
  }

  /**
   * The user anchor an entry holds in the attribute the mode looks up, as {@link
   * SourceAnchor#text()}.
   */
  static Optional<String> userAnchorOf(ProvisioningSettings s, SearchResultEntry e) {
    if (s.anchorMode().writesConsistencyGuid()) {
      byte[] guid = e.getAttributeValueBytes("mS-DS-ConsistencyGuid");
      if (guid != null && guid.length == 16) {
        return Optional.of(
            org.adwriteback.security.GuidBytes.fromBytes(guid).toString().toLowerCase(Locale.ROOT));
      }
      return Optional.empty();
    }
    String ext = e.getAttributeValue("msDS-ExternalDirectoryObjectId");
    if (ext != null && ext.startsWith(ObjectKind.USER.prefix())) {
      return Optional.of(ext.substring(ObjectKind.USER.prefix().length()).toLowerCase(Locale.ROOT));
    }
    return Optional.empty();
  }

  /** Resolves an account reference to its entry; fails with NOT_FOUND or AMBIGUOUS. */
  static SearchResultEntry account(
      LDAPInterface c,
      DirectoryInfo d,
      ProvisioningSettings s,
      AccountRef ref,
      String... attributes)
      throws LDAPException, ItemFailure {
    Filter filter;
    if (ref instanceof AccountRef.ByDn byDn) {
      if (!DN.isValidDN(byDn.value())) {
        throw new ItemFailure(
            FailureKind.INVALID_INPUT, "'" + byDn.value() + "' is not a valid DN (RFC 4514)");
      }
      SearchResultEntry e = getEntry(c, byDn.value(), attributes);
      if (e == null) {
        throw new ItemFailure(FailureKind.NOT_FOUND, "no object " + byDn.value());
      }
      return e;
    } else if (ref instanceof AccountRef.BySamAccountName sam) {
      filter = Filter.createEqualityFilter("sAMAccountName", sam.value());
    } else if (ref instanceof AccountRef.ByUserPrincipalName upn) {
      filter = Filter.createEqualityFilter("userPrincipalName", upn.value());
    } else {
      String id = ref.value();
      SourceAnchor anchor =
          SourceAnchor.parse(id)
              .orElseThrow(
                  () ->
                      new ItemFailure(
                          FailureKind.INVALID_INPUT, "cloud object id '" + id + "' is not a GUID"));
      filter = Filter.createORFilter(userAnchor(s, anchor), groupAnchor(anchor));
    }
    return unique(c, d.defaultNc(), SearchScope.SUB, filter, describe(ref), attributes)
        .orElseThrow(
            () ->
                new ItemFailure(
                    FailureKind.NOT_FOUND,
                    "no account " + describe(ref) + " under " + d.defaultNc()));
  }

  /** Reads one entry, or null when it does not exist. */
  static SearchResultEntry getEntry(LDAPInterface c, String dn, String... attributes)
      throws LDAPException {
    try {
      return c.getEntry(dn, attributes);
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return null;
      }
      throw e;
    }
  }

  static boolean exists(LDAPInterface c, String dn) throws LDAPException {
    return getEntry(c, dn, "1.1") != null;
  }

  /** Searches for at most one entry; two or more fail with AMBIGUOUS. */
  static Optional<SearchResultEntry> unique(
      LDAPInterface c,
      String base,
      SearchScope scope,
      Filter filter,
      String what,
      String... attributes)
      throws LDAPException, ItemFailure {
    SearchRequest request =
        new SearchRequest(base, scope, DereferencePolicy.NEVER, 2, 0, false, filter, attributes);
    SearchResult result;
    try {
      result = c.search(request);
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
        throw new ItemFailure(
            FailureKind.AMBIGUOUS, what + " matches several objects under " + base);
      }
      throw e;
    }
    List<SearchResultEntry> entries = result.getSearchEntries();
    if (entries.size() > 1) {
      throw new ItemFailure(
          FailureKind.AMBIGUOUS,
          what
              + " matches several objects ("
              + entries.get(0).getDN()
              + ", "
              + entries.get(1).getDN()
              + "); make the anchor or name unique");
    }
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
  }

  private static String describe(AccountRef ref) {
    if (ref instanceof AccountRef.BySamAccountName) {
      return "sAMAccountName=" + ref.value();
    } else if (ref instanceof AccountRef.ByUserPrincipalName) {
      return "userPrincipalName=" + ref.value();
    } else if (ref instanceof AccountRef.ByCloudObjectId) {
      return "with cloud object id " + ref.value();
    }
    return ref.value();
  }
}
