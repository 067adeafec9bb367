package org.adwriteback.provisioning;

import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Exchange hybrid writeback to one existing user, group or contact: the attribute list of
 * permissions.md §4 with the flow rules of §7.
 *
 * <ul>
 *   <li>{@code proxyAddresses}: the cloud x500 addresses are merged case-insensitively into the
 *       existing values; nothing is removed ("only the x500 address from Exchange Online is
 *       inserted").
 *   <li>{@code msExchBlockedSendersHash}, {@code msExchSafeRecipientsHash}, {@code
 *       msExchSafeSendersHash}: written only when {@code cloudMailboxAuthoritative}
 *       (cloudSOAExchMailbox = True); ignored otherwise.
 *   <li>{@code msExchUserHoldPolicies}, {@code msExchUCVoiceMailSettings}, {@code publicDelegates}:
 *       replaced when the request has values; an empty list leaves the on-premises value alone (the
 *       cloud does "no longer clear" it).
 *   <li>{@code msExchArchiveStatus}, {@code msDS-ExternalDirectoryObjectId}: replaced when given.
 * </ul>
 *
 * Attributes other than proxyAddresses apply to users (and inetOrgPersons) only. An attribute
 * missing from the forest's schema fails the item before anything is written.
 *
 * @param target the object to update
 * @param x500Addresses cloud addresses, {@code x500:/o=…} or a bare legacyExchangeDN {@code /o=…}
 * @param externalDirectoryObjectId {@code User_<objectId>}
 * @param archiveStatus msExchArchiveStatus (0 none, 1 active)
 * @param ucVoiceMailSettings msExchUCVoiceMailSettings values
 * @param userHoldPolicies msExchUserHoldPolicies values
 * @param publicDelegates DNs of the SendOnBehalfTo delegates
 * @param hashes the filter hashes, base64
 * @param cloudMailboxAuthoritative true when the mailbox lives in Exchange Online
 */
public record ExchangeHybridUpdate(
    AccountRef target,
    List<String> x500Addresses,
    Optional<String> externalDirectoryObjectId,
    OptionalInt archiveStatus,
    List<String> ucVoiceMailSettings,
    List<String> userHoldPolicies,
    List<String> publicDelegates,
    Map<MailboxHash, String> hashes,
    boolean cloudMailboxAuthoritative)
    implements WritebackRequest {

  /** Checks for nulls and copies the collections. */
  public ExchangeHybridUpdate {
    Objects.requireNonNull(target, "target");
    x500Addresses = List.copyOf(x500Addresses);
    Objects.requireNonNull(externalDirectoryObjectId, "externalDirectoryObjectId");
    Objects.requireNonNull(archiveStatus, "archiveStatus");
    ucVoiceMailSettings = List.copyOf(ucVoiceMailSettings);
    userHoldPolicies = List.copyOf(userHoldPolicies);
    publicDelegates = List.copyOf(publicDelegates);
    hashes = Map.copyOf(hashes);
  }

  /**
   * Starts a builder.
   *
   * @param target the object to update
   * @return a builder with nothing to write
   */
  public static Builder builder(AccountRef target) {
    return new Builder(target);
  }

  /**
   * Returns the x500 addresses in {@code x500:} form.
   *
   * @return the addresses to merge into proxyAddresses
   */
  public List<String> x500ProxyAddresses() {
    return x500Addresses.stream()
        .map(String::strip)
        .map(a -> a.toLowerCase(Locale.ROOT).startsWith("x500:") ? a : "x500:" + a)
        .toList();
  }

  @Override
  public String key() {
    return "exchange hybrid " + target.value();
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (target.value().isBlank()) {
      problems.add("the target is empty");
    }
    for (String a : x500ProxyAddresses()) {
      if (!a.substring(5).startsWith("/")) {
        problems.add(
            "x500 address '"
                + InputChecks.printable(a)
                + "' is not a legacyExchangeDN (must start with /o= or /O=)");
      }
      InputChecks.text(problems, "an x500 address", a, 1123);
    }
    externalDirectoryObjectId.ifPresent(
        id -> {
          if (!id.startsWith(ObjectKind.USER.prefix())
              || SourceAnchor.parse(id.substring(ObjectKind.USER.prefix().length())).isEmpty()) {
            problems.add(
                "msDS-ExternalDirectoryObjectId '"
                    + InputChecks.printable(id)
                    + "' is not User_<GUID>");
          }
        });
    archiveStatus.ifPresent(
        s -> {
          if (s < 0) {
            problems.add("msExchArchiveStatus must not be negative, got " + s);
          }
        });
    for (Map.Entry<MailboxHash, String> e : hashes.entrySet()) {
      try {
        Base64.getDecoder().decode(e.getValue());
      } catch (IllegalArgumentException ex) {
        problems.add(e.getKey().attribute() + " is not base64");
      }
    }
    return problems;
  }

  /** Collects the values of an {@link ExchangeHybridUpdate}. */
  public static final class Builder {
    private final AccountRef target;
    private final List<String> x500 = new ArrayList<>();
    private Optional<String> externalId = Optional.empty();
    private OptionalInt archive = OptionalInt.empty();
    private List<String> voiceMail = List.of();
    private List<String> holds = List.of();
    private List<String> delegates = List.of();
    private final Map<MailboxHash, String> hashes = new EnumMap<>(MailboxHash.class);
    private boolean cloudAuthoritative;

    private Builder(AccountRef target) {
      this.target = Objects.requireNonNull(target, "target");
    }

    /**
     * Adds a cloud x500 address (or a bare legacyExchangeDN).
     *
     * @param address the address
     * @return this builder
     */
    public Builder x500(String address) {
      x500.add(Objects.requireNonNull(address, "address"));
      return this;
    }

    /**
     * Sets msDS-ExternalDirectoryObjectId.
     *
     * @param value {@code User_<objectId>}
     * @return this builder
     */
    public Builder externalDirectoryObjectId(String value) {
      externalId = Optional.of(value);
      return this;
    }

    /**
     * Sets msExchArchiveStatus.
     *
     * @param status 0 or 1
     * @return this builder
     */
    public Builder archiveStatus(int status) {
      archive = OptionalInt.of(status);
      return this;
    }

    /**
     * Sets msExchUCVoiceMailSettings.
     *
     * @param values the values
     * @return this builder
     */
    public Builder ucVoiceMailSettings(List<String> values) {
      voiceMail = List.copyOf(values);
      return this;
    }

    /**
     * Sets msExchUserHoldPolicies.
     *
     * @param values the values
     * @return this builder
     */
    public Builder userHoldPolicies(List<String> values) {
      holds = List.copyOf(values);
      return this;
    }

    /**
     * Sets publicDelegates.
     *
     * @param dns the delegates' DNs
     * @return this builder
     */
    public Builder publicDelegates(List<String> dns) {
      delegates = List.copyOf(dns);
      return this;
    }

    /**
     * Sets one filter hash.
     *
     * @param hash which
     * @param value the bytes
     * @return this builder
     */
    public Builder hash(MailboxHash hash, byte[] value) {
      hashes.put(hash, Base64.getEncoder().encodeToString(value));
      return this;
    }

    /**
     * Declares whether the cloud mailbox is authoritative (hashes are written only then).
     *
     * @param authoritative cloudSOAExchMailbox
     * @return this builder
     */
    public Builder cloudMailboxAuthoritative(boolean authoritative) {
      cloudAuthoritative = authoritative;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public ExchangeHybridUpdate build() {
      return new ExchangeHybridUpdate(
          target,
          x500,
          externalId,
          archive,
          voiceMail,
          holds,
          delegates,
          hashes,
          cloudAuthoritative);
    }
  }
}
