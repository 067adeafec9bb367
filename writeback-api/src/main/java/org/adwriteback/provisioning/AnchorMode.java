package org.adwriteback.provisioning;

/**
 * Where the source anchor of a written-back user is stored (permissions.md §4, §7): {@code
 * mS-DS-ConsistencyGuid} (binary GUID), {@code msDS-ExternalDirectoryObjectId} ({@code
 * User_<objectId>}), or both. Lookups use the first attribute the mode names.
 */
public enum AnchorMode {
  /** Only {@code mS-DS-ConsistencyGuid}. */
  CONSISTENCY_GUID,
  /** Only {@code msDS-ExternalDirectoryObjectId} (needs the Windows Server 2016 schema). */
  EXTERNAL_DIRECTORY_OBJECT_ID,
  /** Both attributes; lookups use {@code mS-DS-ConsistencyGuid}. */
  BOTH;

  /**
   * Tells whether the mode writes {@code mS-DS-ConsistencyGuid}.
   *
   * @return true for {@link #CONSISTENCY_GUID} and {@link #BOTH}
   */
  public boolean writesConsistencyGuid() {
    return this != EXTERNAL_DIRECTORY_OBJECT_ID;
  }

  /**
   * Tells whether the mode writes {@code msDS-ExternalDirectoryObjectId}.
   *
   * @return true for {@link #EXTERNAL_DIRECTORY_OBJECT_ID} and {@link #BOTH}
   */
  public boolean writesExternalDirectoryObjectId() {
    return this != CONSISTENCY_GUID;
  }
}
