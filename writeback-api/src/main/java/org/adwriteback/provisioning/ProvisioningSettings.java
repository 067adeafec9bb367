package org.adwriteback.provisioning;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and how writeback operations write: the target containers, the anchor attributes, the group
 * RDN style, the password safety options and the member batch size. Immutable; built with {@link
 * #builder()}, which validates eagerly.
 *
 * <p>{@code allowUnencrypted} is off by default: a password operation on a connection that is
 * neither LDAPS nor StartTLS is refused before anything is sent (Windows refuses {@code unicodePwd}
 * over a plain connection anyway, MS-ADTS 3.1.1.3.1.5.1; Samba may accept it). Turn it on only for
 * a test server on the loopback interface.
 *
 * @param userContainerDn the OU new users are created in
 * @param groupContainerDn the OU new groups are created in
 * @param deviceContainerDn the RegisteredDevices container; empty means {@code
 *     CN=RegisteredDevices,<default naming context>}
 * @param anchorMode where user anchors are written and looked up
 * @param groupRdnStyle how group RDNs are formed
 * @param allowUnencrypted whether passwords may cross an unencrypted connection
 * @param policyHints whether resets carry the policy-hints control
 * @param memberBatchSize how many member values one modify adds or removes (1..5000)
 */
public record ProvisioningSettings(
    String userContainerDn,
    String groupContainerDn,
    Optional<String> deviceContainerDn,
    AnchorMode anchorMode,
    GroupRdnStyle groupRdnStyle,
    boolean allowUnencrypted,
    PolicyHintsMode policyHints,
    int memberBatchSize) {

  /**
   * The largest member batch: AD's MaxValRange default is 1500 values per read; writes of 5000
   * values per modify are the usual safe bound below the request-size limit.
   */
  public static final int MAX_MEMBER_BATCH = 5000;

  /** Validates the components. */
  public ProvisioningSettings {
    Objects.requireNonNull(userContainerDn, "userContainerDn");
    Objects.requireNonNull(groupContainerDn, "groupContainerDn");
    Objects.requireNonNull(deviceContainerDn, "deviceContainerDn");
    Objects.requireNonNull(anchorMode, "anchorMode");
    Objects.requireNonNull(groupRdnStyle, "groupRdnStyle");
    Objects.requireNonNull(policyHints, "policyHints");
    if (memberBatchSize < 1 || memberBatchSize > MAX_MEMBER_BATCH) {
      throw new IllegalArgumentException(
          "memberBatchSize must be 1.." + MAX_MEMBER_BATCH + ", got " + memberBatchSize);
    }
  }

  /**
   * Starts a builder with the defaults: anchors in mS-DS-ConsistencyGuid, {@code Group_<id>} RDNs,
   * encryption required, policy hints {@link PolicyHintsMode#AUTO}, member batches of 5000.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these settings.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.userContainerDn = userContainerDn;
    b.groupContainerDn = groupContainerDn;
    b.deviceContainerDn = deviceContainerDn.orElse(null);
    b.anchorMode = anchorMode;
    b.groupRdnStyle = groupRdnStyle;
    b.allowUnencrypted = allowUnencrypted;
    b.policyHints = policyHints;
    b.memberBatchSize = memberBatchSize;
    return b;
  }

  /** Builds {@link ProvisioningSettings}. */
  public static final class Builder {
    private String userContainerDn;
    private String groupContainerDn;
    private String deviceContainerDn;
    private AnchorMode anchorMode = AnchorMode.CONSISTENCY_GUID;
    private GroupRdnStyle groupRdnStyle = GroupRdnStyle.GROUP_OBJECT_ID;
    private boolean allowUnencrypted;
    private PolicyHintsMode policyHints = PolicyHintsMode.AUTO;
    private int memberBatchSize = MAX_MEMBER_BATCH;

    private Builder() {}

    /**
     * Sets the OU for new users.
     *
     * @param dn the OU's DN
     * @return this builder
     */
    public Builder userContainer(String dn) {
      this.userContainerDn = nonBlank(dn, "user container");
      return this;
    }

    /**
     * Sets the OU for new groups.
     *
     * @param dn the OU's DN
     * @return this builder
     */
    public Builder groupContainer(String dn) {
      this.groupContainerDn = nonBlank(dn, "group container");
      return this;
    }

    /**
     * Sets the device container (default {@code CN=RegisteredDevices,<domain>}).
     *
     * @param dn the container's DN
     * @return this builder
     */
    public Builder deviceContainer(String dn) {
      this.deviceContainerDn = nonBlank(dn, "device container");
      return this;
    }

    /**
     * Sets where user anchors are written.
     *
     * @param mode the anchor mode
     * @return this builder
     */
    public Builder anchorMode(AnchorMode mode) {
      this.anchorMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets the group RDN style.
     *
     * @param style the style
     * @return this builder
     */
    public Builder groupRdnStyle(GroupRdnStyle style) {
      this.groupRdnStyle = Objects.requireNonNull(style, "style");
      return this;
    }

    /**
     * Allows password operations over unencrypted connections. Only for loopback test servers.
     *
     * @param allow true to allow
     * @return this builder
     */
    public Builder allowUnencrypted(boolean allow) {
      this.allowUnencrypted = allow;
      return this;
    }

    /**
     * Sets the policy-hints mode of resets.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder policyHints(PolicyHintsMode mode) {
      this.policyHints = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets the number of member values per modify.
     *
     * @param size 1..5000
     * @return this builder
     */
    public Builder memberBatchSize(int size) {
      if (size < 1 || size > MAX_MEMBER_BATCH) {
        throw new IllegalArgumentException(
            "memberBatchSize must be 1.." + MAX_MEMBER_BATCH + ", got " + size);
      }
      this.memberBatchSize = size;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     * @throws IllegalStateException if the user or group container is not set
     */
    public ProvisioningSettings build() {
      if (userContainerDn == null || groupContainerDn == null) {
        throw new IllegalStateException(
            "set userContainer(...) and groupContainer(...): writeback needs target OUs");
      }
      return new ProvisioningSettings(
          userContainerDn,
          groupContainerDn,
          Optional.ofNullable(deviceContainerDn),
          anchorMode,
          groupRdnStyle,
          allowUnencrypted,
          policyHints,
          memberBatchSize);
    }

    private static String nonBlank(String dn, String what) {
      Objects.requireNonNull(dn, what);
      if (dn.isBlank()) {
        throw new IllegalArgumentException("the " + what + " DN is empty");
      }
      return dn.strip();
    }
  }
}
