package org.adwriteback.provisioning;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.adwriteback.security.Sid;

/**
 * Creates or updates an {@code msDS-Device} under the RegisteredDevices container (device
 * writeback, permissions.md §3.2 and §7; classes and attributes MS-ADSC 2.136, MS-ADA2).
 *
 * <p>The device is found by {@code msDS-CloudAnchor = Device_<objectId>}; its RDN is the device id.
 * {@code altSecurityIdentities} get one {@code X509:<SHA1-TP-PUBKEY>…} value per public-key
 * thumbprint (the form Entra Connect writes), {@code msDS-RegisteredOwner} and {@code
 * msDS-RegisteredUsers} get binary SIDs, and {@code msDS-KeyCredentialLink} gets one DN-Binary
 * value per key credential blob when the schema has the attribute (Windows Server 2016 schema,
 * objectVersion 87).
 *
 * @param deviceId the device id (msDS-DeviceID, a GUID)
 * @param cloudObjectId the Entra object id of the device
 * @param displayName the device name
 * @param enabled msDS-IsEnabled
 * @param osType msDS-DeviceOSType, e.g. {@code Windows}
 * @param osVersion msDS-DeviceOSVersion, e.g. {@code 10.0.19045.3803}
 * @param registeredOwner the owner's SID
 * @param registeredUsers the users' SIDs
 * @param publicKeyThumbprints base64 SHA-1 thumbprints of the device's public keys (20 bytes each)
 * @param keyCredentials hex KEYCREDENTIALLINK_BLOB values (MS-ADTS 2.2.20) for
 *     msDS-KeyCredentialLink
 */
public record DeviceUpsert(
    String deviceId,
    String cloudObjectId,
    String displayName,
    boolean enabled,
    String osType,
    String osVersion,
    Optional<Sid> registeredOwner,
    List<Sid> registeredUsers,
    List<String> publicKeyThumbprints,
    List<String> keyCredentials)
    implements WritebackRequest {

  /** The prefix of an altSecurityIdentities value naming a public-key thumbprint. */
  public static final String ALT_SECURITY_IDENTITY_PREFIX = "X509:<SHA1-TP-PUBKEY>";

  /** Checks for nulls and copies the lists. */
  public DeviceUpsert {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(cloudObjectId, "cloudObjectId");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(osType, "osType");
    Objects.requireNonNull(osVersion, "osVersion");
    Objects.requireNonNull(registeredOwner, "registeredOwner");
    registeredUsers = List.copyOf(registeredUsers);
    publicKeyThumbprints = List.copyOf(publicKeyThumbprints);
    keyCredentials = List.copyOf(keyCredentials);
  }

  /**
   * Returns the altSecurityIdentities values.
   *
   * @return one {@code X509:<SHA1-TP-PUBKEY><base64>} per thumbprint
   */
  public List<String> altSecurityIdentities() {
    return publicKeyThumbprints.stream()
        .map(t -> ALT_SECURITY_IDENTITY_PREFIX + t.strip())
        .toList();
  }

  /**
   * Returns the parsed anchor.
   *
   * @return the anchor
   * @throws IllegalStateException if the object id is not a GUID (see {@link #problems()})
   */
  public SourceAnchor anchor() {
    return SourceAnchor.parse(cloudObjectId)
        .orElseThrow(() -> new IllegalStateException(problems().toString()));
  }

  @Override
  public String key() {
    return "device " + deviceId;
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    InputChecks.objectId(problems, "the device id", deviceId);
    InputChecks.objectId(problems, "the cloud object id", cloudObjectId);
    InputChecks.text(problems, "displayName", displayName, InputChecks.DISPLAY_NAME_MAX);
    InputChecks.text(problems, "osType", osType, 1024);
    InputChecks.text(problems, "osVersion", osVersion, 1024);
    if (publicKeyThumbprints.isEmpty()) {
      problems.add("altSecurityIdentities is mandatory for msDS-Device: give a key thumbprint");
    }
    for (String t : publicKeyThumbprints) {
      try {
        if (Base64.getDecoder().decode(t.strip()).length != 20) {
          problems.add("thumbprint '" + InputChecks.printable(t) + "' is not 20 bytes (SHA-1)");
        }
      } catch (IllegalArgumentException e) {
        problems.add("thumbprint '" + InputChecks.printable(t) + "' is not base64");
      }
    }
    for (String k : keyCredentials) {
      try {
        if (HexFormat.of().parseHex(k).length < 4) {
          problems.add("key credential '" + InputChecks.printable(k) + "' is too short");
        }
      } catch (IllegalArgumentException e) {
        problems.add("key credential '" + InputChecks.printable(k) + "' is not hex");
      }
    }
    return problems;
  }
}
