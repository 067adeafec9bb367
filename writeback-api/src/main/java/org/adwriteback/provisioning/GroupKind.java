package org.adwriteback.provisioning;

/**
 * The AD group a Microsoft 365 group is written back as (permissions.md §7: "All groups are written
 * back with a group scope of Universal"; groupType bits MS-ADTS 2.2.12).
 */
public enum GroupKind {
  /** Universal distribution group: groupType 0x8. */
  DISTRIBUTION(0x8),
  /** Universal security group: groupType 0x80000008 (GROUP_TYPE_SECURITY_ENABLED | UNIVERSAL). */
  SECURITY(0x80000008);

  private final int groupType;

  GroupKind(int groupType) {
    this.groupType = groupType;
  }

  /**
   * Returns the groupType value.
   *
   * @return the signed 32-bit groupType as AD stores it
   */
  public int groupType() {
    return groupType;
  }
}
