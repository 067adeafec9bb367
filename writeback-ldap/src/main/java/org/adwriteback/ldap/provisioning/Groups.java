package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.GroupDelete;
import org.adwriteback.provisioning.GroupKind;
import org.adwriteback.provisioning.GroupRdnStyle;
import org.adwriteback.provisioning.GroupUpsert;
import org.adwriteback.provisioning.ObjectKind;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.ProxyAddresses;
import org.adwriteback.provisioning.SamAccountNames;
import org.adwriteback.provisioning.SourceAnchor;
import org.adwriteback.provisioning.WritebackResult;

/**
 * Group writeback (permissions.md §7, §9.4): a Microsoft 365 group as a universal distribution or
 * security group, mail-enabled when it has a primary SMTP address, members by user anchors, written
 * in batches.
 *
 * <p>The Exchange recipient values written when the schema has the attributes are the
 * third-party-documented enumeration values of §9.4 [3P]: msExchRecipientDisplayType 1
 * (MailUniversalDistributionGroup) or 1073741833 (MailUniversalSecurityGroup),
 * msExchRecipientTypeDetails 256 (MailUniversalDistributionGroup) or 1024
 * (MailUniversalSecurityGroup).
 */
final class Groups {

  private static final int LOOKUP_CHUNK = 50;

  private static final String[] READ = {
    "displayName",
    "groupType",
    "adminDescription",
    "mailNickname",
    "mail",
    "proxyAddresses",
    "msExchRecipientDisplayType",
    "msExchRecipientTypeDetails"
  };

  private Groups() {}

  /**
   * Creates or updates a group. With a batch index, a group whose anchor is unknown, whose members
   * are all known and whose names are free is created with one add (plus one modify per further
   * batch of members); anything else, and an add refused as a collision, takes the per-item path.
   */
  static WritebackResult upsert(
      LDAPConnection c,
      DirectoryInfo d,
      ProvisioningSettings s,
      GroupUpsert g,
      boolean dryRun,
      BatchIndex index)
      throws LDAPException, ItemFailure {
    if (index != null) {
      Optional<WritebackResult> fast = createKnownNew(c, d, s, g, dryRun, index);
      if (fast.isPresent()) {
        return fast.get();
      }
    }
    SourceAnchor anchor = g.anchor();
    List<String> notes = new ArrayList<>();
    if (!Lookups.exists(c, s.groupContainerDn())) {
      throw new ItemFailure(
          FailureKind.NOT_FOUND,
          "the group container " + s.groupContainerDn() + " does not exist; create it first");
    }
    List<DN> members = resolveMembers(c, d, s, g.memberObjectIds());
    Optional<SearchResultEntry> existing =
        Lookups.unique(
            c,
            d.defaultNc(),
            SearchScope.SUB,
            Lookups.groupAnchor(anchor),
            "group anchor " + anchor.cloudAnchor(ObjectKind.GROUP),
            READ);
    Map<String, Object> desired = desired(c, d, g, anchor, existing, notes);
    if (existing.isPresent()) {
      return update(c, s, existing.get(), desired, members, notes, dryRun);
    }
    String dn = Names.freeDn(c, s.groupContainerDn(), rdn(s, g), notes);
    String sam = Names.freeSamAccountName(c, d, g.mailNickname(), notes);
    return Failures.classified(
        () -> create(c, s, dn, sam, desired, members, notes, dryRun), "create the group " + dn);
  }

  /** The one-add path of a batch; empty when the per-item path must decide. */
  private static Optional<WritebackResult> createKnownNew(
      LDAPConnection c,
      DirectoryInfo d,
      ProvisioningSettings s,
      GroupUpsert g,
      boolean dryRun,
      BatchIndex index)
      throws LDAPException, ItemFailure {
    SourceAnchor anchor = g.anchor();
    if (!index.groupContainerExists() || index.knowsGroup(anchor)) {
      return Optional.empty();
    }
    Optional<List<DN>> members =
        index.userDns(
            g.memberObjectIds().stream().map(i -> SourceAnchor.parse(i).orElseThrow()).toList());
    if (members.isEmpty()) {
      return Optional.empty();
    }
    String dn = Names.firstDn(s.groupContainerDn(), rdn(s, g));
    String sam = SamAccountNames.derive(g.mailNickname());
    if (sam.isEmpty() || !index.reserve(dn, sam, null)) {
      return Optional.empty();
    }
    List<String> notes = new ArrayList<>();
    Map<String, Object> desired = desired(c, d, g, anchor, Optional.empty(), notes);
    List<DN> memberDns = members.get();
    return Failures.unlessCollision(
        () -> create(c, s, dn, sam, desired, memberDns, notes, dryRun), "create the group " + dn);
  }

  private static String rdn(ProvisioningSettings s, GroupUpsert g) {
    SourceAnchor anchor = g.anchor();
    return s.groupRdnStyle() == GroupRdnStyle.GROUP_OBJECT_ID
        ? anchor.cloudAnchor(ObjectKind.GROUP)
        : Names.cut(g.displayName(), Names.CN_MAX - 13) + "_" + anchor.last12();
  }

  /** Sends the add of a new group with its first batch of members, then the other batches. */
  private static WritebackResult create(
      LDAPConnection c,
      ProvisioningSettings s,
      String dn,
      String sam,
      Map<String, Object> desired,
      List<DN> members,
      List<String> notes,
      boolean dryRun)
      throws LDAPException, ItemFailure {
    List<Attribute> attributes = new ArrayList<>();
    attributes.add(new Attribute("objectClass", "top", "group"));
    attributes.add(new Attribute("sAMAccountName", sam));
    for (Map.Entry<String, Object> e : desired.entrySet()) {
      attributes.add(Attributes.attribute(e.getKey(), e.getValue()));
    }
    int first = Math.min(members.size(), s.memberBatchSize());
    if (first > 0) {
      attributes.add(
          new Attribute("member", members.subList(0, first).stream().map(DN::toString).toList()));
    }
    List<String> written = Attributes.names(attributes);
    if (dryRun) {
      return new WritebackResult.Created(dn, Passwords.sorted(written), notes);
    }
    c.add(new AddRequest(dn, attributes));
    Failures.classified(
        () -> {
          addMembers(c, dn, members.subList(first, members.size()), s.memberBatchSize());
          return null;
        },
        "add the members of the new group " + dn);
    if (members.size() > first) {
      notes.add(members.size() + " members written in batches of " + s.memberBatchSize());
    }
    return new WritebackResult.Created(dn, Passwords.sorted(written), notes);
  }

  static WritebackResult delete(LDAPConnection c, DirectoryInfo d, GroupDelete r, boolean dryRun)
      throws LDAPException, ItemFailure {
    SourceAnchor anchor = SourceAnchor.parse(r.cloudObjectId()).orElseThrow();
    Optional<SearchResultEntry> existing =
        Lookups.unique(
            c,
            d.defaultNc(),
            SearchScope.SUB,
            Lookups.groupAnchor(anchor),
            "group anchor " + anchor.cloudAnchor(ObjectKind.GROUP),
            "1.1");
    if (existing.isEmpty()) {
      return new WritebackResult.Unchanged(
          "no group with anchor " + anchor.cloudAnchor(ObjectKind.GROUP));
    }
    if (!dryRun) {
      try {
        c.delete(existing.get().getDN());
      } catch (LDAPException e) {
        if (Failures.isTransient(e)) {
          throw e;
        }
        throw Failures.classify(e, "delete the group " + existing.get().getDN());
      }
    }
    return new WritebackResult.Deleted(existing.get().getDN());
  }

  private static Map<String, Object> desired(
      LDAPConnection c,
      DirectoryInfo d,
      GroupUpsert g,
      SourceAnchor anchor,
      Optional<SearchResultEntry> existing,
      List<String> notes)
      throws LDAPException {
    Map<String, Object> desired = new LinkedHashMap<>();
    desired.put("displayName", g.displayName());
    desired.put("groupType", Integer.toString(g.kind().groupType()));
    desired.put("adminDescription", anchor.cloudAnchor(ObjectKind.GROUP));
    if (d.hasAttribute(c, "mailNickname")) {
      desired.put("mailNickname", g.mailNickname());
    } else {
      notes.add("the schema has no mailNickname (no Exchange schema); mail attributes not written");
    }
    if (g.primarySmtpAddress().isPresent()) {
      String mail = g.primarySmtpAddress().get();
      desired.put("mail", mail);
      List<String> current =
          existing.map(e -> e.getAttributeValues("proxyAddresses")).map(List::of).orElse(List.of());
      desired.put("proxyAddresses", withPrimary(current, mail));
      boolean security = g.kind() == GroupKind.SECURITY;
      if (d.hasAttribute(c, "msExchRecipientDisplayType")) {
        desired.put("msExchRecipientDisplayType", security ? "1073741833" : "1");
      }
      if (d.hasAttribute(c, "msExchRecipientTypeDetails")) {
        desired.put("msExchRecipientTypeDetails", security ? "1024" : "256");
      }
    }
    return desired;
  }

  /**
   * Makes {@code SMTP:<mail>} the only primary address; other values stay, old primaries demoted.
   */
  static List<String> withPrimary(List<String> current, String mail) {
    String primary = ProxyAddresses.primarySmtp(mail);
    Set<String> values = new LinkedHashSet<>();
    values.add(primary);
    for (String v : current) {
      if (v.equalsIgnoreCase(primary)) {
        continue;
      }
      values.add(v.startsWith("SMTP:") ? "smtp:" + v.substring(5) : v);
    }
    return List.copyOf(values);
  }

  private static WritebackResult update(
      LDAPConnection c,
      ProvisioningSettings s,
      SearchResultEntry entry,
      Map<String, Object> desired,
      List<DN> members,
      List<String> notes,
      boolean dryRun)
      throws LDAPException, ItemFailure {
    WritebackResult attributes = Attributes.update(c, entry, desired, notes, dryRun);
    Set<DN> want = new LinkedHashSet<>(members);
    Set<DN> have = new LinkedHashSet<>();
    for (String m : RangedValues.read(c, entry.getDN(), "member")) {
      have.add(new DN(m));
    }
    List<DN> add = want.stream().filter(m -> !have.contains(m)).toList();
    List<DN> remove = have.stream().filter(m -> !want.contains(m)).toList();
    if (add.isEmpty() && remove.isEmpty()) {
      return attributes;
    }
    if (!dryRun) {
      try {
        addMembers(c, entry.getDN(), add, s.memberBatchSize());
        for (int i = 0; i < remove.size(); i += s.memberBatchSize()) {
          List<DN> batch = remove.subList(i, Math.min(remove.size(), i + s.memberBatchSize()));
          c.modify(
              entry.getDN(),
              new Modification(
                  ModificationType.DELETE,
                  "member",
                  batch.stream().map(DN::toString).toArray(String[]::new)));
        }
      } catch (LDAPException e) {
        if (Failures.isTransient(e)) {
          throw e;
        }
        throw Failures.classify(e, "update the members of " + entry.getDN());
      }
    }
    List<String> changed = new ArrayList<>();
    List<String> allNotes = new ArrayList<>(notes);
    if (attributes instanceof WritebackResult.Updated u) {
      changed.addAll(u.attributes());
    }
    changed.add("member");
    allNotes.add("members: " + add.size() + " added, " + remove.size() + " removed");
    return new WritebackResult.Updated(entry.getDN(), Passwords.sorted(changed), allNotes);
  }

  private static void addMembers(LDAPConnection c, String dn, List<DN> members, int batchSize)
      throws LDAPException {
    for (int i = 0; i < members.size(); i += batchSize) {
      List<DN> batch = members.subList(i, Math.min(members.size(), i + batchSize));
      c.modify(
          dn,
          new Modification(
              ModificationType.ADD,
              "member",
              batch.stream().map(DN::toString).toArray(String[]::new)));
    }
  }

  /** Finds the DNs of the member users by anchor; any missing member fails the whole item. */
  private static List<DN> resolveMembers(
      LDAPConnection c, DirectoryInfo d, ProvisioningSettings s, List<String> ids)
      throws LDAPException, ItemFailure {
    Map<String, DN> found = new LinkedHashMap<>();
    List<SourceAnchor> anchors =
        ids.stream().map(i -> SourceAnchor.parse(i).orElseThrow()).toList();
    for (int i = 0; i < anchors.size(); i += LOOKUP_CHUNK) {
      List<SourceAnchor> chunk = anchors.subList(i, Math.min(anchors.size(), i + LOOKUP_CHUNK));
      Filter filter =
          Filter.createORFilter(chunk.stream().map(a -> Lookups.userAnchor(s, a)).toList());
      for (SearchResultEntry e :
          c.search(
                  d.defaultNc(),
                  SearchScope.SUB,
                  filter,
                  "mS-DS-ConsistencyGuid",
                  "msDS-ExternalDirectoryObjectId")
              .getSearchEntries()) {
        Optional<String> a = Lookups.userAnchorOf(s, e);
        if (a.isPresent()) {
          found.put(a.get(), e.getParsedDN());
        }
      }
    }
    List<String> missing = new ArrayList<>();
    List<DN> dns = new ArrayList<>();
    for (SourceAnchor a : anchors) {
      DN dn = found.get(a.text());
      if (dn == null) {
        missing.add(a.text());
      } else {
        dns.add(dn);
      }
    }
    if (!missing.isEmpty()) {
      throw new ItemFailure(
          FailureKind.NOT_FOUND,
          missing.size()
              + " member(s) have no written-back user: "
              + String.join(", ", missing.subList(0, Math.min(10, missing.size())))
              + (missing.size() > 10 ? ", …" : "")
              + ". Write the users back first; the group was not written");
    }
    return dns;
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
