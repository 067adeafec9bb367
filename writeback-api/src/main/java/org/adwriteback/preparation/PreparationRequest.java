package org.adwriteback.preparation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What to prepare: the features, the connector account, the targets and the mode. Immutable; built
 * with {@link #builder(String)}, which validates each value as it is set.
 *
 * @param features the features to prepare
 * @param account the connector account as the caller named it ({@code DOMAIN\sam}, UPN, DN or SID
 *     string)
 * @param scopes per feature, the DNs to grant on instead of every domain root (Microsoft's {@code
 *     -ADobjectDN})
 * @param groupOu the OU written-back groups go to ({@link WritebackFeature#GROUP})
 * @param userOu the OU written-back users go to ({@link WritebackFeature#USER})
 * @param tenantId the Entra tenant ID ({@link WritebackFeature#HYBRID_JOIN})
 * @param tenantDomain the verified domain of the tenant ({@link WritebackFeature#HYBRID_JOIN})
 * @param mode Microsoft-exact or least-privilege
 * @param includeAdminSdHolder also grant on {@code CN=AdminSDHolder} (Microsoft's {@code
 *     -IncludeAdminSdHolders})
 * @param includeChangePassword also grant Change Password with password writeback
 */
public record PreparationRequest(
    Set<WritebackFeature> features,
    String account,
    Map<WritebackFeature, List<String>> scopes,
    Optional<String> groupOu,
    Optional<String> userOu,
    Optional<UUID> tenantId,
    Optional<String> tenantDomain,
    PermissionMode mode,
    boolean includeAdminSdHolder,
    boolean includeChangePassword) {

  /** Validates and copies the components. */
  public PreparationRequest {
    features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
    Objects.requireNonNull(account, "account");
    Map<WritebackFeature, List<String>> copy = new EnumMap<>(WritebackFeature.class);
    scopes.forEach((f, dns) -> copy.put(f, List.copyOf(dns)));
    scopes = Map.copyOf(copy);
    Objects.requireNonNull(groupOu, "groupOu");
    Objects.requireNonNull(userOu, "userOu");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(tenantDomain, "tenantDomain");
    Objects.requireNonNull(mode, "mode");
  }

  /**
   * Starts a request for a connector account.
   *
   * @param account {@code DOMAIN\sam}, UPN, DN or SID string
   * @return a builder
   */
  public static Builder builder(String account) {
    return new Builder(account);
  }

  /**
   * Returns the features in their declaration order, which is the order plans apply them in.
   *
   * @return the ordered features
   */
  public List<WritebackFeature> orderedFeatures() {
    return features.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(features));
  }

  /** Builds a {@link PreparationRequest}. */
  public static final class Builder {
    private final String account;
    private final Set<WritebackFeature> features = EnumSet.noneOf(WritebackFeature.class);
    private final Map<WritebackFeature, List<String>> scopes =
        new EnumMap<>(WritebackFeature.class);
    private String groupOu;
    private String userOu;
    private UUID tenantId;
    private String tenantDomain;
    private PermissionMode mode = PermissionMode.MICROSOFT_EXACT;
    private boolean includeAdminSdHolder;
    private boolean includeChangePassword;

    private Builder(String account) {
      Objects.requireNonNull(account, "account");
      if (account.isBlank()) {
        throw new IllegalArgumentException(
            "the connector account is empty; name it as DOMAIN\\sam, UPN, DN or SID");
      }
      this.account = account.trim();
    }

    /**
     * Adds features.
     *
     * @param more the features
     * @return this builder
     */
    public Builder features(Collection<WritebackFeature> more) {
      features.addAll(more);
      return this;
    }

    /**
     * Adds features.
     *
     * @param more the features
     * @return this builder
     */
    public Builder features(WritebackFeature... more) {
      return features(List.of(more));
    }

    /**
     * Limits a feature's grants to DNs instead of every domain root.
     *
     * @param feature the feature
     * @param dns the containers or OUs
     * @return this builder
     */
    public Builder scope(WritebackFeature feature, Collection<String> dns) {
      List<String> list = new ArrayList<>();
      for (String dn : dns) {
        list.add(checkDn(dn, "scope of " + feature.cliName()));
      }
      scopes.put(feature, List.copyOf(list));
      return this;
    }

    /**
     * Sets the group writeback OU.
     *
     * @param dn the OU
     * @return this builder
     */
    public Builder groupOu(String dn) {
      this.groupOu = checkDn(dn, "group OU");
      return this;
    }

    /**
     * Sets the user writeback OU.
     *
     * @param dn the OU
     * @return this builder
     */
    public Builder userOu(String dn) {
      this.userOu = checkDn(dn, "user OU");
      return this;
    }

    /**
     * Sets the tenant for hybrid join.
     *
     * @param tenantId the tenant ID
     * @param verifiedDomain a verified domain of the tenant, e.g. {@code contoso.com}
     * @return this builder
     */
    public Builder tenant(UUID tenantId, String verifiedDomain) {
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(verifiedDomain, "verifiedDomain");
      String d = verifiedDomain.trim();
      if (!d.matches("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
        throw new IllegalArgumentException(
            "'" + verifiedDomain + "' is not a DNS domain name such as contoso.com");
      }
      this.tenantId = tenantId;
      this.tenantDomain = d;
      return this;
    }

    /**
     * Sets the mode (default {@link PermissionMode#MICROSOFT_EXACT}).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(PermissionMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Also grants on {@code CN=AdminSDHolder} (off by default, as in Entra Connect 2.x).
     *
     * @param include whether to
     * @return this builder
     */
    public Builder includeAdminSdHolder(boolean include) {
      this.includeAdminSdHolder = include;
      return this;
    }

    /**
     * Also grants Change Password with password writeback.
     *
     * @param include whether to
     * @return this builder
     */
    public Builder includeChangePassword(boolean include) {
      this.includeChangePassword = include;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalStateException when no feature was named
     */
    public PreparationRequest build() {
      if (features.isEmpty()) {
        throw new IllegalStateException(
            "name at least one feature: " + WritebackFeature.cliNames());
      }
      return new PreparationRequest(
          features,
          account,
          scopes,
          Optional.ofNullable(groupOu),
          Optional.ofNullable(userOu),
          Optional.ofNullable(tenantId),
          Optional.ofNullable(tenantDomain),
          mode,
          includeAdminSdHolder,
          includeChangePassword);
    }

    private static String checkDn(String dn, String what) {
      Objects.requireNonNull(dn, what);
      String t = dn.trim();
      if (!t.matches(
          "(?i)^(?:[a-z][a-z0-9-]*|\\d+(\\.\\d+)*)=(?:[^,\\\\]|\\\\.)+(,\\s*(?:[a-z][a-z0-9-]*|\\d+(\\.\\d+)*)=(?:[^,\\\\]|\\\\.)+)*$")) {
        throw new IllegalArgumentException(
            "the "
                + what
                + " '"
                + dn
                + "' is not a distinguished name such as OU=Sync,DC=contoso,DC=com");
      }
      return t;
    }
  }
}
