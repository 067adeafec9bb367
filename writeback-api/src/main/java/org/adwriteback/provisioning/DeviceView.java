package org.adwriteback.provisioning;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.adwriteback.security.Sid;

/**
 * A written-back device as a person reads it: the owner and users as {@code DOMAIN\sam} names
 * instead of the binary SIDs that the seed article calls "not really readable".
 *
 * @param dn the device's DN
 * @param deviceId msDS-DeviceID
 * @param displayName the device name
 * @param enabled msDS-IsEnabled
 * @param osType msDS-DeviceOSType
 * @param osVersion msDS-DeviceOSVersion
 * @param owner msDS-RegisteredOwner, resolved
 * @param users msDS-RegisteredUsers, resolved
 */
public record DeviceView(
    String dn,
    String deviceId,
    String displayName,
    boolean enabled,
    Optional<String> osType,
    Optional<String> osVersion,
    Optional<Principal> owner,
    List<Principal> users) {

  /** Checks for nulls and copies the list. */
  public DeviceView {
    Objects.requireNonNull(dn, "dn");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(osType, "osType");
    Objects.requireNonNull(osVersion, "osVersion");
    Objects.requireNonNull(owner, "owner");
    users = List.copyOf(users);
  }

  /**
   * A SID with the account name it resolved to.
   *
   * @param sid the SID
   * @param accountName {@code DOMAIN\sam} when an object with the SID was found
   */
  public record Principal(Sid sid, Optional<String> accountName) {
    /** Checks for nulls. */
    public Principal {
      Objects.requireNonNull(sid, "sid");
      Objects.requireNonNull(accountName, "accountName");
    }

    /**
     * Returns the readable form.
     *
     * @return the account name, or the SID string when it did not resolve
     */
    public String display() {
      return accountName.orElse(sid.toString());
    }
  }
}
