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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.ObjectKind;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.SamAccountNames;
import org.adwriteback.provisioning.SourceAnchor;
import org.adwriteback.provisioning.UserDelete;
import org.adwriteback.provisioning.UserUpsert;
import org.adwriteback.provisioning.WritebackResult;

/**
 * User writeback (seed article "Preparing for User Writeback"; permissions.md §3.5, §7): create in
 * the user OU, update, soft or hard delete, idempotent by source anchor.
 */
final class Users {

  /** userAccountControl NORMAL_ACCOUNT (0x200). */
  static final int NORMAL_ACCOUNT = 0x200;

  /** userAccountControl ACCOUNTDISABLE (0x2). */
  static final int ACCOUNTDISABLE = 0x2;

  private static final String[] READ = {
    "userPrincipalName",
    "displayName",
    "givenName",
    "sn",
    "mailNickname",
    "mS-DS-ConsistencyGuid",
    "msDS-ExternalDirectoryObjectId",
    "userAccountControl"
  };

  private Users() {}

  /**
   * Creates or updates a user. With a batch index, a user whose anchor is unknown and whose names
   * are free is created with one add; anything else, and an add refused as a collision, takes the
   * per-item path that looks everything up.
   */
  static WritebackResult upsert(
      LDAPConnection c,
      DirectoryInfo d,
      ProvisioningSettings s,
      UserUpsert u,
      boolean dryRun,
      BatchIndex index)
      throws LDAPException, ItemFailure {
    if (index != null) {
      Optional<WritebackResult> fast = createKnownNew(c, d, s, u, dryRun, index);
      if (fast.isPresent()) {
        return fast.get();
      }
    }
    SourceAnchor anchor = u.anchor();
    List<String> notes = new ArrayList<>();
    requireAnchorAttribute(c, d, s);
    if (!Lookups.exists(c, s.userContainerDn())) {
      throw new ItemFailure(
          FailureKind.NOT_FOUND,
          "the user container " + s.userContainerDn() + " does not exist; create it first");
    }
    Map<String, Object> desired = desired(c, d, s, u, anchor, notes);
    Optional<SearchResultEntry> existing =
        Lookups.unique(
            c,
            d.defaultNc(),
            SearchScope.SUB,
            Lookups.userAnchor(s, anchor),
            "user anchor " + anchor.text(),
            READ);
    checkUpnFree(c, d, u.userPrincipalName(), existing.map(SearchResultEntry::getDN));
    if (existing.isPresent()) {
      return Attributes.update(c, existing.get(), desired, notes, dryRun);
    }
    if (u.initialPassword().isPresent()) {
      Passwords.requireEncrypted(c, s);
    }
    String dn = Names.freeDn(c, s.userContainerDn(), u.displayName(), notes);
    String sam = Names.freeSamAccountName(c, d, samSeed(u), notes);
    return Failures.classified(
        () -> create(c, u, dn, sam, desired, notes, dryRun), "create the user " + dn);
  }

  /** The one-add path of a batch; empty when the per-item path must decide. */
  private static Optional<WritebackResult> createKnownNew(
      LDAPConnection c,
      DirectoryInfo d,
      ProvisioningSettings s,
      UserUpsert u,
      boolean dryRun,
      BatchIndex index)
      throws LDAPException, ItemFailure {
    SourceAnchor anchor = u.anchor();
    if (!index.userContainerExists() || index.knowsUser(anchor)) {
      return Optional.empty();
    }
    requireAnchorAttribute(c, d, s);
    String dn = Names.firstDn(s.userContainerDn(), u.displayName());
    String sam = SamAccountNames.derive(samSeed(u));
    if (sam.isEmpty() || !index.reserve(dn, sam, u.userPrincipalName())) {
      return Optional.empty();
    }
    if (u.initialPassword().isPresent()) {
      Passwords.requireEncrypted(c, s);
    }
    List<String> notes = new ArrayList<>();
    Map<String, Object> desired = desired(c, d, s, u, anchor, notes);
    return Failures.unlessCollision(
        () -> create(c, u, dn, sam, desired, notes, dryRun), "create the user " + dn);
  }

  private static void requireAnchorAttribute(
      LDAPConnection c, DirectoryInfo d, ProvisioningSettings s) throws LDAPException, ItemFailure {
    if (s.anchorMode().writesExternalDirectoryObjectId()
        && !d.hasAttribute(c, "msDS-ExternalDirectoryObjectId")) {
      throw new ItemFailure(
          FailureKind.PREREQUISITE_MISSING,
          "the schema has no msDS-ExternalDirectoryObjectId (Windows Server 2016 schema): use"
              + " anchor mode CONSISTENCY_GUID or extend the schema");
    }
  }

  private static String samSeed(UserUpsert u) {
    return u.mailNickname().orElse(u.userPrincipalName());
  }

  /** Sends the add of a new user (nothing in a dry run); the password bytes are wiped after. */
  private static WritebackResult create(
      LDAPConnection c,
      UserUpsert u,
      String dn,
      String sam,
      Map<String, Object> desired,
      List<String> notes,
      boolean dryRun)
      throws LDAPException {
    List<Attribute> attributes = new ArrayList<>();
    attributes.add(new Attribute("objectClass", "top", "person", "organizationalPerson", "user"));
    attributes.add(new Attribute("sAMAccountName", sam));
    for (Map.Entry<String, Object> e : desired.entrySet()) {
      attributes.add(Attributes.attribute(e.getKey(), e.getValue()));
    }
    attributes.add(new Attribute("pwdLastSet", "0"));
    boolean enabled = u.initialPassword().isPresent();
    attributes.add(
        new Attribute(
            "userAccountControl",
            Integer.toString(enabled ? NORMAL_ACCOUNT : NORMAL_ACCOUNT | ACCOUNTDISABLE)));
    if (!enabled) {
      notes.add("created disabled: the password is not written back; reset it to enable the user");
    }
    List<String> written = Attributes.names(attributes);
    if (enabled) {
      written.add("unicodePwd");
    }
    if (dryRun) {
      return new WritebackResult.Created(dn, Passwords.sorted(written), notes);
    }
    byte[] password = enabled ? Passwords.unicodePwd(u.initialPassword().get()) : new byte[0];
    try {
      if (enabled) {
        attributes.add(new Attribute("unicodePwd", password));
      }
      c.add(new AddRequest(dn, attributes));
    } finally {
      Arrays.fill(password, (byte) 0);
    }
    return new WritebackResult.Created(dn, Passwords.sorted(written), notes);
  }

  static WritebackResult delete(
      LDAPConnection c, DirectoryInfo d, ProvisioningSettings s, UserDelete r, boolean dryRun)
      throws LDAPException, ItemFailure {
    SourceAnchor anchor = SourceAnchor.parse(r.cloudObjectId()).orElseThrow();
    Optional<SearchResultEntry> existing =
        Lookups.unique(
            c,
            d.defaultNc(),
            SearchScope.SUB,
            Lookups.userAnchor(s, anchor),
            "user anchor " + anchor.text(),
            "userAccountControl");
    if (existing.isEmpty()) {
      return new WritebackResult.Unchanged("no user with anchor " + anchor.text());
    }
    String dn = existing.get().getDN();
    try {
      switch (r.mode()) {
        case HARD -> {
          if (!dryRun) {
            c.delete(dn);
          }
          return new WritebackResult.Deleted(dn);
        }
        case SOFT -> {
          Integer uac = existing.get().getAttributeValueAsInteger("userAccountControl");
          int value = uac == null ? NORMAL_ACCOUNT : uac;
          if ((value & ACCOUNTDISABLE) != 0) {
            return new WritebackResult.Unchanged(dn);
          }
          if (!dryRun) {
            c.modify(
                dn,
                new Modification(
                    ModificationType.REPLACE,
                    "userAccountControl",
                    Integer.toString(value | ACCOUNTDISABLE)));
          }
          return new WritebackResult.Updated(dn, List.of("userAccountControl"), List.of());
        }
        default -> throw new IllegalStateException(r.mode().toString());
      }
    } catch (LDAPException e) {
      if (Failures.isTransient(e)) {
        throw e;
      }
      throw Failures.classify(e, "delete the user " + dn);
    }
  }

  private static Map<String, Object> desired(
      LDAPConnection c,
      DirectoryInfo d,
      ProvisioningSettings s,
      UserUpsert u,
      SourceAnchor anchor,
      List<String> notes)
      throws LDAPException {
    Map<String, Object> desired = new LinkedHashMap<>();
    desired.put("userPrincipalName", u.userPrincipalName());
    desired.put("displayName", u.displayName());
    u.givenName().ifPresent(v -> desired.put("givenName", v));
    u.surname().ifPresent(v -> desired.put("sn", v));
    if (u.mailNickname().isPresent()) {
      if (d.hasAttribute(c, "mailNickname")) {
        desired.put("mailNickname", u.mailNickname().get());
      } else {
        notes.add("the schema has no mailNickname (no Exchange schema); it was not written");
      }
    }
    if (s.anchorMode().writesConsistencyGuid()) {
      desired.put("mS-DS-ConsistencyGuid", anchor.consistencyGuid());
    }
    if (s.anchorMode().writesExternalDirectoryObjectId()) {
      desired.put("msDS-ExternalDirectoryObjectId", anchor.cloudAnchor(ObjectKind.USER));
    }
    return desired;
  }

  /**
   * Refuses a UPN another object holds, explicitly or implied ({@code sAMAccountName@<domain DNS
   * name>}, which AD and Samba also treat as taken).
   */
  private static void checkUpnFree(
      LDAPConnection c, DirectoryInfo d, String upn, Optional<String> self)
      throws LDAPException, ItemFailure {
    Filter filter = Filter.createEqualityFilter("userPrincipalName", upn);
    int at = upn.lastIndexOf('@');
    if (upn.substring(at + 1).equalsIgnoreCase(dnsName(d.defaultNc()))) {
      filter =
          Filter.createORFilter(
              filter, Filter.createEqualityFilter("sAMAccountName", upn.substring(0, at)));
    }
    List<SearchResultEntry> holders =
        c.search(d.defaultNc(), SearchScope.SUB, filter, "1.1").getSearchEntries();
    for (SearchResultEntry holder : holders) {
      if (self.isEmpty() || !holder.getParsedDN().equals(new DN(self.get()))) {
        throw new ItemFailure(
            FailureKind.REFUSED,
            "userPrincipalName "
                + upn
                + " is already used by "
                + holder.getDN()
                + " (explicitly, or implied by its sAMAccountName), an object with another"
                + " anchor; it was not touched. Rename one of them");
      }
    }
  }

  /** The DNS name of a domain from its naming context: DC=contoso,DC=test gives contoso.test. */
  static String dnsName(String namingContext) throws LDAPException {
    StringBuilder sb = new StringBuilder();
    for (com.unboundid.ldap.sdk.RDN rdn : new DN(namingContext).getRDNs()) {
      if (rdn.hasAttribute("dc")) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(rdn.getAttributeValues()[0]);
      }
    }
    return sb.toString();
  }
}
