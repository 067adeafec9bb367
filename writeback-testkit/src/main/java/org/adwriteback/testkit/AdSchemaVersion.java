package org.adwriteback.testkit;

/**
 * The Active Directory schema version a test forest is built with: the {@code objectVersion} of the
 * schema container ({@code CN=Schema,CN=Configuration,...}) and the functional level the forest and
 * domain report in the rootDSE (MS-ADTS 6.1.1.2.1.1.1 "objectVersion", MS-ADTS 6.1.4.4
 * "msDS-Behavior-Version").
 *
 * <p>The attribute and class definitions come from Microsoft's published schema LDF files for the
 * matching Windows Server release, through writeback-api's {@code SchemaCatalog} (its {@code since}
 * column says which release added each definition).
 */
public enum AdSchemaVersion {
  /** Windows Server 2012 R2: schema 69, functional level 6. Samba 4.17's default schema. */
  WINDOWS_2012_R2(69, 6),
  /**
   * Windows Server 2016: schema 87, functional level 7. Adds msDS-KeyCredentialLink, the device
   * attributes of Windows Hello for Business and msDS-ExternalDirectoryObjectId.
   */
  WINDOWS_2016(87, 7),
  /**
   * Windows Server 2019 and later: schema 88, functional level 7. Adds msDS-preferredDataLocation
   * to user, group and contact.
   */
  WINDOWS_2019(88, 7);

  private final int objectVersion;
  private final int functionalLevel;

  AdSchemaVersion(int objectVersion, int functionalLevel) {
    this.objectVersion = objectVersion;
    this.functionalLevel = functionalLevel;
  }

  /**
   * Returns the schema container's {@code objectVersion}.
   *
   * @return 69, 87 or 88
   */
  public int objectVersion() {
    return objectVersion;
  }

  /**
   * Returns the domain and forest functional level reported for this version ({@code
   * domainFunctionality}, {@code forestFunctionality}, {@code msDS-Behavior-Version}).
   *
   * @return 6 (2012 R2) or 7 (2016)
   */
  public int functionalLevel() {
    return functionalLevel;
  }

  /**
   * Finds the version with the given schema {@code objectVersion}.
   *
   * @param objectVersion 69, 87 or 88
   * @return the version
   * @throws IllegalArgumentException if no version has that number
   */
  public static AdSchemaVersion ofObjectVersion(int objectVersion) {
    for (AdSchemaVersion v : values()) {
      if (v.objectVersion == objectVersion) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "schema objectVersion "
            + objectVersion
            + " is not supported; use 69 (2012 R2), 87 (2016) or 88 (2019)");
  }
}
