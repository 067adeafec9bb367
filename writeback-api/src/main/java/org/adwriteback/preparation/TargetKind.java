package org.adwriteback.preparation;

/**
 * Where a feature's grant or object goes, before the directory facts turn it into a distinguished
 * name.
 *
 * <p>Microsoft's cmdlets grant on every domain root of the forest unless given one object ({@code
 * -ADobjectDN}, {@code shared/spec/permissions.md} §1.3–§1.4); the OUs and containers are
 * feature-specific.
 */
public enum TargetKind {
  /** The feature's scope: each domain root by default, or the DNs the request names. */
  SCOPE,
  /**
   * Each domain root ({@code DC=…}) of the request, whatever the scope (e.g. Unexpire Password).
   */
  DOMAIN_ROOT,
  /** The OU written-back groups are created in. */
  GROUP_OU,
  /** The OU written-back cloud users are created in. */
  USER_OU,
  /** {@code CN=RegisteredDevices,<domain>}, the msDS-DeviceContainer for written-back devices. */
  REGISTERED_DEVICES,
  /** {@code CN=Device Registration Configuration,CN=Services,<configuration NC>}. */
  DEVICE_REGISTRATION_CONFIGURATION,
  /** {@code CN=Device Registration Services} below the configuration container. */
  DEVICE_REGISTRATION_SERVICES,
  /** {@code CN=DeviceRegistrationService} below the services container. */
  DEVICE_REGISTRATION_SERVICE,
  /** The hybrid-join service connection point {@code CN=62a0ff2e-97b9-4513-943f-0d221bd30080,…}. */
  HYBRID_JOIN_SCP,
  /** The connector account's own object. */
  ACCOUNT
}
