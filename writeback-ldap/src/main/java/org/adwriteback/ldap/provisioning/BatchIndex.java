package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.adwriteback.ldap.PagedSearch;
import org.adwriteback.provisioning.ObjectKind;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.SourceAnchor;

/**
 * What a batch needs to know about the domain before it creates objects, read once with paged
 * searches instead of once per item: the anchors of written-back users and groups (with their DNs),
 * the account names and UPNs in use, and the names taken in the target containers.
 *
 * <p>Why: AD does not index mS-DS-ConsistencyGuid or adminDescription (searchFlags 0, MS-ADA1/3),
 * so the per-item lookups of {@link Users#upsert} and {@link Groups#upsert} each cost a scan of the
 * domain plus four or five round trips. With the index an item whose anchor is unknown and whose
 * names are free is created with ONE add request (and a member write per extra batch of members).
 *
 * <p>The index is a hint, never the authority: the server still enforces DN, sAMAccountName and UPN
 * uniqueness. An item the index cannot decide (anchor already present, name taken, member unknown)
 * and an add the server refuses as a collision go through the full per-item path, which re-reads
 * the directory, so objects written by others after the index was read are handled exactly as
 * without it. Names are reserved atomically, so two items of one batch never race for the same
 * name. Thread-safe.
 */
final class BatchIndex {

  /** Simple paged results page size; AD's and Samba's MaxPageSize default is 1000. */
  static final int PAGE_SIZE = 1000;

  /** How many group anchors one search of {@link #refreshGroups} asks for. */
  static final int GROUP_ANCHORS_PER_SEARCH = 500;

  private final ProvisioningSettings settings;
  private final String domainDnsName;
  private final Map<String, String> userAnchors = new ConcurrentHashMap<>();
  private final Map<String, String> groupAnchors = new ConcurrentHashMap<>();
  private final Set<String> accountNames = new HashSet<>();
  private final Set<String> principalNames = new HashSet<>();
  private final Set<String> containerChildren = new HashSet<>();
  private final boolean userContainerExists;
  private final boolean groupContainerExists;
  private final Object lock = new Object();

  private BatchIndex(
      ProvisioningSettings settings,
      String domainDnsName,
      boolean userContainerExists,
      boolean groupContainerExists) {
    this.settings = settings;
    this.domainDnsName = domainDnsName;
    this.userContainerExists = userContainerExists;
    this.groupContainerExists = groupContainerExists;
  }

  /**
   * Reads the index: one paged subtree search of the domain for account names, UPNs and user
   * anchors, one paged one-level search per existing target container for the names taken there,
   * and whether the batch's groups exist ({@link #refreshGroups}).
   *
   * @param groupAnchors the anchors of the batch's groups
   */
  static BatchIndex load(
      LDAPConnection c,
      DirectoryInfo d,
      ProvisioningSettings s,
      Collection<SourceAnchor> groupAnchors)
      throws LDAPException {
    boolean users = Lookups.exists(c, s.userContainerDn());
    boolean groups = Lookups.exists(c, s.groupContainerDn());
    BatchIndex index = new BatchIndex(s, Users.dnsName(d.defaultNc()), users, groups);
    List<Filter> any = new ArrayList<>();
    any.add(Filter.createPresenceFilter("sAMAccountName"));
    any.add(Filter.createPresenceFilter("userPrincipalName"));
    any.add(Filter.createPresenceFilter("mS-DS-ConsistencyGuid"));
    List<String> attributes =
        new ArrayList<>(List.of("sAMAccountName", "userPrincipalName", "mS-DS-ConsistencyGuid"));
    if (d.hasAttribute(c, "msDS-ExternalDirectoryObjectId")) {
      any.add(Filter.createPresenceFilter("msDS-ExternalDirectoryObjectId"));
      attributes.add("msDS-ExternalDirectoryObjectId");
    }
    paged(
        c,
        new SearchRequest(
            d.defaultNc(),
            SearchScope.SUB,
            Filter.createORFilter(any),
            attributes.toArray(String[]::new)),
        index::addPrincipal);
    for (String container : containers(s, users, groups)) {
      paged(
          c,
          new SearchRequest(container, SearchScope.ONE, Filter.createPresenceFilter("objectClass")),
          e -> index.containerChildren.add(normalized(e.getDN())));
    }
    return index.refreshGroups(c, d, groupAnchors);
  }

  private static List<String> containers(ProvisioningSettings s, boolean users, boolean groups) {
    List<String> out = new ArrayList<>();
    if (users) {
      out.add(s.userContainerDn());
    }
    if (groups && !(users && sameDn(s.groupContainerDn(), s.userContainerDn()))) {
      out.add(s.groupContainerDn());
    }
    return out;
  }

  private interface EntryHandler {
    void accept(SearchResultEntry e) throws LDAPException;
  }

  private static void paged(LDAPConnection c, SearchRequest request, EntryHandler handler)
      throws LDAPException {
    PagedSearch.run(
        c,
        request,
        PAGE_SIZE,
        () -> {},
        e -> {
          handler.accept(e);
          return true;
        });
  }

  private void addPrincipal(SearchResultEntry e) throws LDAPException {
    String sam = e.getAttributeValue("sAMAccountName");
    if (sam != null) {
      accountNames.add(lower(sam));
    }
    String upn = e.getAttributeValue("userPrincipalName");
    if (upn != null) {
      principalNames.add(lower(upn));
    }
    Lookups.userAnchorOf(settings, e).ifPresent(a -> userAnchors.putIfAbsent(a, e.getDN()));
  }

  /**
   * Reads (again) whether groups with these anchors exist, and keeps the rest: part of {@link
   * #load}, and alone for a batch of groups right after a batch of users by the same writer. Only
   * the batch's own anchors are asked for, {@value #GROUP_ANCHORS_PER_SEARCH} to a search, as an OR
   * of equality terms under objectClass=group: AD finds the candidates through its objectClass
   * index (adminDescription has none) and returns only the batch's groups instead of every
   * written-back group of the domain; a directory that indexes adminDescription (the testkit does)
   * answers from that index without a scan. Stale user anchors or names only send items down the
   * per-item path (a member not found, a name the server refuses); a stale group anchor could
   * create a second group with one anchor, which this refresh rules out.
   *
   * @param anchors the anchors of the batch's groups
   */
  BatchIndex refreshGroups(LDAPConnection c, DirectoryInfo d, Collection<SourceAnchor> anchors)
      throws LDAPException {
    List<String> wanted =
        anchors.stream().map(a -> lower(a.cloudAnchor(ObjectKind.GROUP))).distinct().toList();
    for (int from = 0; from < wanted.size(); from += GROUP_ANCHORS_PER_SEARCH) {
      List<String> chunk =
          wanted.subList(from, Math.min(wanted.size(), from + GROUP_ANCHORS_PER_SEARCH));
      Map<String, String> found = new HashMap<>();
      paged(
          c,
          new SearchRequest(
              d.defaultNc(),
              SearchScope.SUB,
              Filter.createANDFilter(
                  Filter.createEqualityFilter("objectClass", "group"),
                  Filter.createORFilter(
                      chunk.stream()
                          .map(a -> Filter.createEqualityFilter("adminDescription", a))
                          .toList())),
              "adminDescription"),
          e -> found.putIfAbsent(lower(e.getAttributeValue("adminDescription")), e.getDN()));
      for (String anchor : chunk) {
        String dn = found.get(anchor);
        if (dn == null) {
          groupAnchors.remove(anchor);
        } else {
          groupAnchors.put(anchor, dn);
        }
      }
    }
    return this;
  }

  /** Whether the user container existed when the index was read. */
  boolean userContainerExists() {
    return userContainerExists;
  }

  /** Whether the group container existed when the index was read. */
  boolean groupContainerExists() {
    return groupContainerExists;
  }

  /** Whether a user with this anchor was seen (or written by this batch). */
  boolean knowsUser(SourceAnchor anchor) {
    return userAnchors.containsKey(anchor.text());
  }

  /** Whether a group with this anchor was seen (or written by this batch). */
  boolean knowsGroup(SourceAnchor anchor) {
    return groupAnchors.containsKey(lower(anchor.cloudAnchor(ObjectKind.GROUP)));
  }

  /**
   * Returns the DNs of the users with these anchors, or empty when any of them is unknown (the
   * per-item path then says which).
   */
  Optional<List<DN>> userDns(List<SourceAnchor> anchors) throws LDAPException {
    List<DN> out = new ArrayList<>(anchors.size());
    for (SourceAnchor a : anchors) {
      String dn = userAnchors.get(a.text());
      if (dn == null) {
        return Optional.empty();
      }
      out.add(new DN(dn));
    }
    return Optional.of(out);
  }

  /**
   * Reserves a new object's DN, sAMAccountName and (for users) UPN when none of them is taken, so
   * that no other item of the batch takes them.
   *
   * @param upn the UPN, or null for a group
   * @return false when one of them is taken: the caller goes the per-item way
   */
  boolean reserve(String dn, String sam, String upn) throws LDAPException {
    String dnKey = normalized(dn);
    String samKey = lower(sam);
    synchronized (lock) {
      if (containerChildren.contains(dnKey) || accountNames.contains(samKey)) {
        return false;
      }
      if (upn != null && upnTaken(upn)) {
        return false;
      }
      containerChildren.add(dnKey);
      accountNames.add(samKey);
      if (upn != null) {
        principalNames.add(lower(upn));
      }
      return true;
    }
  }

  /** A UPN held explicitly, or implied by a sAMAccountName in this domain (MS-ADTS 5.1.1.1.1). */
  private boolean upnTaken(String upn) {
    if (principalNames.contains(lower(upn))) {
      return true;
    }
    int at = upn.lastIndexOf('@');
    return at > 0
        && upn.substring(at + 1).equalsIgnoreCase(domainDnsName)
        && accountNames.contains(lower(upn.substring(0, at)));
  }

  /** Records a user this batch wrote, so later items (groups) find it without a search. */
  void recordUser(SourceAnchor anchor, String dn) {
    userAnchors.put(anchor.text(), dn);
  }

  /** Records a group this batch wrote. */
  void recordGroup(SourceAnchor anchor, String dn) {
    groupAnchors.put(lower(anchor.cloudAnchor(ObjectKind.GROUP)), dn);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static String normalized(String dn) throws LDAPException {
    return new DN(dn).toNormalizedString();
  }

  private static boolean sameDn(String a, String b) {
    try {
      return new DN(a).equals(new DN(b));
    } catch (LDAPException e) {
      return false;
    }
  }
}
