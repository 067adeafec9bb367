package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.adwriteback.provisioning.ExchangeHybridUpdate;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.MailboxHash;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.ProxyAddresses;
import org.adwriteback.provisioning.WritebackResult;

/** Exchange hybrid writeback (permissions.md §4 attribute list, §7 flow rules). */
final class ExchangeHybrid {

  private ExchangeHybrid() {}

  static WritebackResult update(
      LDAPConnection c,
      DirectoryInfo d,
      ProvisioningSettings s,
      ExchangeHybridUpdate r,
      boolean dryRun)
      throws LDAPException, ItemFailure {
    List<String> notes = new ArrayList<>();
    Map<String, Object> desired = new LinkedHashMap<>();
    r.externalDirectoryObjectId().ifPresent(v -> desired.put("msDS-ExternalDirectoryObjectId", v));
    r.archiveStatus().ifPresent(v -> desired.put("msExchArchiveStatus", Integer.toString(v)));
    if (!r.ucVoiceMailSettings().isEmpty()) {
      desired.put("msExchUCVoiceMailSettings", r.ucVoiceMailSettings());
    }
    if (!r.userHoldPolicies().isEmpty()) {
      desired.put("msExchUserHoldPolicies", r.userHoldPolicies());
    }
    if (!r.publicDelegates().isEmpty()) {
      desired.put("publicDelegates", r.publicDelegates());
    }
    if (r.cloudMailboxAuthoritative()) {
      for (Map.Entry<MailboxHash, String> h : r.hashes().entrySet()) {
        desired.put(h.getKey().attribute(), Base64.getDecoder().decode(h.getValue()));
      }
    } else if (!r.hashes().isEmpty()) {
      notes.add(
          "the filter hashes were ignored: they are written only when the cloud mailbox is"
              + " authoritative");
    }
    List<String> needed = new ArrayList<>(desired.keySet());
    if (!r.x500Addresses().isEmpty()) {
      needed.add("proxyAddresses");
    }
    List<String> missing = new ArrayList<>();
    for (String a : needed) {
      if (!d.hasAttribute(c, a)) {
        missing.add(a);
      }
    }
    if (!missing.isEmpty()) {
      throw new ItemFailure(
          FailureKind.PREREQUISITE_MISSING,
          "the schema lacks "
              + String.join(", ", missing)
              + ": extend it with the Exchange (and Windows Server 2016) schema; nothing was"
              + " written");
    }
    List<String> read = new ArrayList<>(needed);
    read.add("objectClass");
    SearchResultEntry entry = Lookups.account(c, d, s, r.target(), read.toArray(String[]::new));
    if (!desired.isEmpty() && !isUser(entry)) {
      throw new ItemFailure(
          FailureKind.INVALID_INPUT,
          entry.getDN()
              + " is not a user: only proxyAddresses is written back to groups and contacts, but"
              + " the request also has "
              + String.join(", ", desired.keySet()));
    }
    List<Modification> mods = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    if (!r.x500Addresses().isEmpty()) {
      String[] current = entry.getAttributeValues("proxyAddresses");
      ProxyAddresses.Merge merge =
          ProxyAddresses.merge(
              current == null ? List.of() : List.of(current), r.x500ProxyAddresses());
      if (!merge.added().isEmpty()) {
        mods.add(
            new Modification(
                ModificationType.ADD, "proxyAddresses", merge.added().toArray(String[]::new)));
        changed.add("proxyAddresses");
      }
    }
    for (Map.Entry<String, Object> e : desired.entrySet()) {
      if (!Attributes.same(entry, e.getKey(), e.getValue())) {
        mods.add(Attributes.modification(e.getKey(), e.getValue()));
        changed.add(e.getKey());
      }
    }
    if (mods.isEmpty()) {
      return new WritebackResult.Unchanged(entry.getDN());
    }
    if (!dryRun) {
      try {
        c.modify(entry.getDN(), mods);
      } catch (LDAPException e) {
        if (Failures.isTransient(e)) {
          throw e;
        }
        throw Failures.classify(e, "write the Exchange hybrid attributes of " + entry.getDN());
      }
    }
    return new WritebackResult.Updated(entry.getDN(), Passwords.sorted(changed), notes);
  }

  private static boolean isUser(SearchResultEntry entry) {
    String[] classes = entry.getAttributeValues("objectClass");
    if (classes == null) {
      return false;
    }
    boolean user = false;
    for (String c : classes) {
      String lc = c.toLowerCase(Locale.ROOT);
      if (lc.equals("computer")) {
        return false;
      }
      if (lc.equals("user") || lc.equals("inetorgperson")) {
        user = true;
      }
    }
    return user;
  }
}
