package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.adwriteback.provisioning.DeviceUpsert;
import org.adwriteback.provisioning.DeviceView;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.ObjectKind;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.SourceAnchor;
import org.adwriteback.provisioning.WritebackResult;
import org.adwriteback.security.GuidBytes;
import org.adwriteback.security.Sid;

/**
 * Device writeback (permissions.md §3.2, §7; MS-ADSC 2.136): {@code msDS-Device} objects under the
 * RegisteredDevices container, and the readable view of one.
 */
final class Devices {

  /** Schema objectVersion of Windows Server 2016, which added msDS-KeyCredentialLink. */
  static final int SCHEMA_2016 = 87;

  private static final String[] READ = {
    "msDS-DeviceID",
    "displayName",
    "msDS-IsEnabled",
    "msDS-DeviceOSType",
    "msDS-DeviceOSVersion",
    "msDS-RegisteredOwner",
    "msDS-RegisteredUsers",
    "altSecurityIdentities",
    "msDS-CloudAnchor",
    "msDS-KeyCredentialLink"
  };

  private Devices() {}

  static String container(DirectoryInfo d, ProvisioningSettings s) {
    return s.deviceContainerDn().orElse("CN=RegisteredDevices," + d.defaultNc());
  }

  static WritebackResult upsert(
      LDAPConnection c, DirectoryInfo d, ProvisioningSettings s, DeviceUpsert r, boolean dryRun)
      throws LDAPException, ItemFailure {
    String container = container(d, s);
    if (!Lookups.exists(c, container)) {
      throw new ItemFailure(
          FailureKind.PREREQUISITE_MISSING,
          "the device container "
              + container
              + " does not exist: prepare device writeback (RegisteredDevices) first");
    }
    List<String> notes = new ArrayList<>();
    SourceAnchor anchor = r.anchor();
    String cloudAnchor = anchor.cloudAnchor(ObjectKind.DEVICE);
    boolean keys =
        !r.keyCredentials().isEmpty()
            && (d.objectVersion().orElse(0) >= SCHEMA_2016
                || d.hasAttribute(c, "msDS-KeyCredentialLink"));
    if (!r.keyCredentials().isEmpty() && !keys) {
      notes.add(
          "msDS-KeyCredentialLink needs the Windows Server 2016 schema (objectVersion 87);"
              + " the key credentials were not written");
    }
    Optional<SearchResultEntry> existing =
        Lookups.unique(
            c,
            container,
            SearchScope.SUB,
            Filter.createEqualityFilter("msDS-CloudAnchor", cloudAnchor),
            "device anchor " + cloudAnchor,
            READ);
    String dn =
        existing.isPresent()
            ? existing.get().getDN()
            : Names.freeDn(c, container, r.deviceId().toLowerCase(Locale.ROOT), notes);
    Map<String, Object> desired = new LinkedHashMap<>();
    desired.put(
        "msDS-DeviceID",
        GuidBytes.toBytes(SourceAnchor.parse(r.deviceId()).orElseThrow().objectId()));
    desired.put("altSecurityIdentities", r.altSecurityIdentities());
    desired.put("displayName", r.displayName());
    desired.put("msDS-IsEnabled", r.enabled() ? "TRUE" : "FALSE");
    desired.put("msDS-DeviceOSType", r.osType());
    desired.put("msDS-DeviceOSVersion", r.osVersion());
    desired.put("msDS-CloudAnchor", cloudAnchor);
    r.registeredOwner().ifPresent(o -> desired.put("msDS-RegisteredOwner", o.toBytes()));
    if (!r.registeredUsers().isEmpty()) {
      desired.put(
          "msDS-RegisteredUsers",
          r.registeredUsers().stream().map(Sid::toBytes).toArray(byte[][]::new));
    }
    if (keys) {
      desired.put(
          "msDS-KeyCredentialLink", r.keyCredentials().stream().map(k -> dnBinary(k, dn)).toList());
    }
    if (existing.isPresent()) {
      return Attributes.update(c, existing.get(), desired, notes, dryRun);
    }
    List<Attribute> attributes = new ArrayList<>();
    attributes.add(new Attribute("objectClass", "top", "msDS-Device"));
    Object links = desired.remove("msDS-KeyCredentialLink");
    for (Map.Entry<String, Object> e : desired.entrySet()) {
      attributes.add(Attributes.attribute(e.getKey(), e.getValue()));
    }
    List<String> written = Attributes.names(attributes);
    if (links != null) {
      written.add("msDS-KeyCredentialLink");
    }
    if (!dryRun) {
      try {
        c.add(new AddRequest(dn, attributes));
        if (links != null) {
          // a linked DN-Binary value naming the device itself: written once the device exists
          c.modify(dn, Attributes.modification("msDS-KeyCredentialLink", links));
        }
      } catch (LDAPException e) {
        if (Failures.isTransient(e)) {
          throw e;
        }
        throw Failures.classify(e, "create the device " + dn);
      }
    }
    return new WritebackResult.Created(dn, Passwords.sorted(written), notes);
  }

  /** A DN-Binary value (MS-ADTS 3.1.1.2.2.2.4): {@code B:<hex digits>:<hex>:<dn>}. */
  static String dnBinary(String hex, String dn) {
    String upper = hex.toUpperCase(Locale.ROOT);
    return "B:" + upper.length() + ":" + upper + ":" + dn;
  }

  static Optional<DeviceView> read(
      LDAPConnection c, DirectoryInfo d, ProvisioningSettings s, String deviceId)
      throws LDAPException, ItemFailure {
    SourceAnchor id =
        SourceAnchor.parse(deviceId)
            .orElseThrow(
                () ->
                    new ItemFailure(
                        FailureKind.INVALID_INPUT, "device id '" + deviceId + "' is not a GUID"));
    Optional<SearchResultEntry> found =
        Lookups.unique(
            c,
            container(d, s),
            SearchScope.SUB,
            Filter.createEqualityFilter("msDS-DeviceID", GuidBytes.toBytes(id.objectId())),
            "device id " + deviceId,
            READ);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SearchResultEntry e = found.get();
    Optional<DeviceView.Principal> owner = Optional.empty();
    byte[] ownerSid = e.getAttributeValueBytes("msDS-RegisteredOwner");
    if (ownerSid != null) {
      owner = Optional.of(principal(c, d, ownerSid));
    }
    List<DeviceView.Principal> users = new ArrayList<>();
    byte[][] userSids = e.getAttributeValueByteArrays("msDS-RegisteredUsers");
    if (userSids != null) {
      for (byte[] sid : userSids) {
        users.add(principal(c, d, sid));
      }
    }
    return Optional.of(
        new DeviceView(
            e.getDN(),
            id.text(),
            Optional.ofNullable(e.getAttributeValue("displayName")).orElse(""),
            "TRUE".equalsIgnoreCase(e.getAttributeValue("msDS-IsEnabled")),
            Optional.ofNullable(e.getAttributeValue("msDS-DeviceOSType")),
            Optional.ofNullable(e.getAttributeValue("msDS-DeviceOSVersion")),
            owner,
            users));
  }

  private static DeviceView.Principal principal(LDAPConnection c, DirectoryInfo d, byte[] sidBytes)
      throws LDAPException {
    Sid sid = Sid.fromBytes(sidBytes);
    List<SearchResultEntry> hits =
        c.search(
                d.defaultNc(),
                SearchScope.SUB,
                Filter.createEqualityFilter("objectSid", sidBytes),
                "sAMAccountName")
            .getSearchEntries();
    Optional<String> name =
        hits.isEmpty() || hits.get(0).getAttributeValue("sAMAccountName") == null
            ? Optional.empty()
            : Optional.of(d.netbiosName() + "\\" + hits.get(0).getAttributeValue("sAMAccountName"));
    return new DeviceView.Principal(sid, name);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
