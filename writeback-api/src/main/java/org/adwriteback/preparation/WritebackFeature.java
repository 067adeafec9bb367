package org.adwriteback.preparation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A writeback (or sync) capability whose Active Directory preparation this product performs: the
 * features of the deprecated {@code AdSyncPrep.psm1} and of its successor {@code
 * AdSyncConfig.psm1}.
 *
 * <p>Each feature names the PowerShell cmdlet it replaces, the schema version it needs ({@code
 * objectVersion} of the schema container: 69 = Windows Server 2012 R2, 87 = 2016) and whether it
 * needs the Exchange schema. What each one grants and creates is in {@link FeatureCatalog}; the
 * reference is {@code shared/spec/permissions.md} §2–§3.
 */
public enum WritebackFeature {
  /** Device writeback: RegisteredDevices and the Device Registration Service objects (§3.2). */
  DEVICE("device", "Initialize-ADSyncDeviceWriteback", 69, false, false),
  /** Microsoft 365 group writeback into a group OU (§2.3, §3.4). */
  GROUP("group", "Set-ADSyncUnifiedGroupWritebackPermissions", 0, false, true),
  /** Self-service password reset writeback (§2.2). */
  PASSWORD("password", "Set-ADSyncPasswordWritebackPermissions", 0, false, true),
  /** Exchange hybrid writeback of the attributes of §4 (§2.5). */
  EXCHANGE_HYBRID("exchange-hybrid", "Set-ADSyncExchangeHybridPermissions", 0, false, true),
  /** Writeback of cloud users into a user OU (§3.5; no Microsoft cmdlet exists). */
  USER("user", "(none: user writeback preview had no preparation cmdlet)", 0, false, false),
  /** Windows 10 hybrid join: the service connection point and its container (§3.1). */
  HYBRID_JOIN("hybrid-join", "Initialize-ADSyncDomainJoinedComputerSync", 0, false, false),
  /** Windows Hello for Business keys: msDS-KeyCredentialLink on users and devices (§3.3). */
  NGC_KEYS("ngc-keys", "Initialize-ADSyncNGCKeysWriteBack", 87, false, true),
  /** Password hash synchronization: the two replication rights on each domain root (§2.1). */
  PASSWORD_HASH_SYNC(
      "password-hash-sync", "Set-ADSyncPasswordHashSyncPermissions", 0, false, false),
  /** Read/write of mS-DS-ConsistencyGuid, the source anchor (§2.4). */
  CONSISTENCY_GUID("consistency-guid", "Set-ADSyncMsDsConsistencyGuidPermissions", 0, false, true),
  /** Read of the synchronized object classes (§2.7). */
  BASIC_READ("basic-read", "Set-ADSyncBasicReadPermissions", 0, false, true),
  /** Read of mail-enabled public folders (§2.6); needs the Exchange schema. */
  EXCHANGE_PUBLIC_FOLDER(
      "exchange-public-folder", "Set-ADSyncExchangeMailPublicFolderPermissions", 0, true, true),
  /** Hardening of the connector account's own DACL (§2.8). */
  RESTRICTED_ACCOUNT("restricted-account", "Set-ADSyncRestrictedPermissions", 0, false, false);

  private final String cliName;
  private final String replacedCmdlet;
  private final int minimumSchemaVersion;
  private final boolean requiresExchangeSchema;
  private final boolean adminSdHolderApplicable;

  WritebackFeature(
      String cliName,
      String replacedCmdlet,
      int minimumSchemaVersion,
      boolean requiresExchangeSchema,
      boolean adminSdHolderApplicable) {
    this.cliName = cliName;
    this.replacedCmdlet = replacedCmdlet;
    this.minimumSchemaVersion = minimumSchemaVersion;
    this.requiresExchangeSchema = requiresExchangeSchema;
    this.adminSdHolderApplicable = adminSdHolderApplicable;
  }

  /**
   * Returns the name used on the command line and in reports ({@code password-hash-sync}).
   *
   * @return the kebab-case name
   */
  public String cliName() {
    return cliName;
  }

  /**
   * Returns the PowerShell cmdlet this feature's preparation replaces.
   *
   * @return the cmdlet name
   */
  public String replacedCmdlet() {
    return replacedCmdlet;
  }

  /**
   * Returns the lowest schema {@code objectVersion} the feature works with, 0 when any.
   *
   * @return the minimum schema version
   */
  public int minimumSchemaVersion() {
    return minimumSchemaVersion;
  }

  /**
   * Returns whether the feature cannot be prepared without the Exchange schema extension.
   *
   * @return true for Exchange-only features
   */
  public boolean requiresExchangeSchema() {
    return requiresExchangeSchema;
  }

  /**
   * Returns whether Microsoft's cmdlet also grants the feature's ACEs on {@code CN=AdminSDHolder}
   * when asked to ({@code -IncludeAdminSdHolders}).
   *
   * @return true when the AdminSDHolder option applies
   */
  public boolean adminSdHolderApplicable() {
    return adminSdHolderApplicable;
  }

  /**
   * Finds a feature by its command-line name, case-insensitively.
   *
   * @param name a name such as {@code exchange-hybrid}
   * @return the feature, or empty when no feature has that name
   */
  public static Optional<WritebackFeature> fromCliName(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> f.cliName.equals(wanted)).findFirst();
  }

  /**
   * Lists the command-line names of every feature, for usage and error messages.
   *
   * @return the names separated by spaces
   */
  public static String cliNames() {
    return Arrays.stream(values()).map(WritebackFeature::cliName).collect(Collectors.joining(" "));
  }
}
