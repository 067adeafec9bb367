package org.adwriteback.provisioning;

/**
 * The kinds of object written back, each with the prefix Entra Connect puts before the cloud object
 * id in an anchor string ({@code User_<id>} in msDS-ExternalDirectoryObjectId, {@code Group_<id>}
 * in adminDescription and the group RDN, {@code Device_<id>} in msDS-CloudAnchor; permissions.md §4
 * and §7).
 */
public enum ObjectKind {
  /** A user (or inetOrgPerson). */
  USER("User_"),
  /** A group. */
  GROUP("Group_"),
  /** A registered device (msDS-Device). */
  DEVICE("Device_");

  private final String prefix;

  ObjectKind(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Returns the anchor prefix.
   *
   * @return {@code User_}, {@code Group_} or {@code Device_}
   */
  public String prefix() {
    return prefix;
  }
}
