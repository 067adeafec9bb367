package org.adwriteback.provisioning;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Creates or updates a Microsoft 365 group as a universal group in the configured group OU (group
 * writeback, permissions.md §7 and §9.4).
 *
 * <p>The group is found by its anchor {@code adminDescription = Group_<objectId>}. Its RDN follows
 * the configured {@link GroupRdnStyle}. With a primary SMTP address it is mail-enabled: {@code
 * mail}, {@code mailNickname}, {@code proxyAddresses = SMTP:<mail>} ("only the primary SMTP address
 * is written back"), and the Exchange recipient attributes when the schema has them. Members are
 * named by the cloud object ids of users written back earlier (a BatchWriter batch writes its users
 * before its groups, so they may be in the same batch); the member list is made equal to the
 * request's, in batches. A member that is not found fails the item before anything is written.
 *
 * @param cloudObjectId the Entra object id
 * @param displayName the display name
 * @param mailNickname the mail alias
 * @param primarySmtpAddress the primary SMTP address, when the group is mail-enabled
 * @param kind distribution or security
 * @param memberObjectIds cloud object ids of member users
 */
public record GroupUpsert(
    String cloudObjectId,
    String displayName,
    String mailNickname,
    Optional<String> primarySmtpAddress,
    GroupKind kind,
    List<String> memberObjectIds)
    implements WritebackRequest {

  /** Checks for nulls and copies the member list. */
  public GroupUpsert {
    Objects.requireNonNull(cloudObjectId, "cloudObjectId");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(mailNickname, "mailNickname");
    Objects.requireNonNull(primarySmtpAddress, "primarySmtpAddress");
    Objects.requireNonNull(kind, "kind");
    memberObjectIds = List.copyOf(memberObjectIds);
  }

  /**
   * Returns the parsed anchor.
   *
   * @return the anchor
   * @throws IllegalStateException if the object id is not a GUID (see {@link #problems()})
   */
  public SourceAnchor anchor() {
    return SourceAnchor.parse(cloudObjectId)
        .orElseThrow(() -> new IllegalStateException(problems().toString()));
  }

  @Override
  public String key() {
    return "group " + cloudObjectId;
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    InputChecks.objectId(problems, "the cloud object id", cloudObjectId);
    InputChecks.text(problems, "displayName", displayName, InputChecks.DISPLAY_NAME_MAX);
    InputChecks.mailNickname(problems, mailNickname);
    primarySmtpAddress.ifPresent(a -> InputChecks.smtp(problems, "the primary SMTP address", a));
    Set<String> seen = new HashSet<>();
    for (String member : memberObjectIds) {
      if (SourceAnchor.parse(member).isEmpty()) {
        problems.add("member '" + InputChecks.printable(member) + "' is not a GUID");
      } else if (!seen.add(member.toLowerCase(Locale.ROOT))) {
        problems.add("member " + member + " is listed twice");
      }
    }
    return problems;
  }
}
