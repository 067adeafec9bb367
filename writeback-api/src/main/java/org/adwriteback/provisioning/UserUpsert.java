package org.adwriteback.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates or updates a cloud user in the configured user OU (user writeback; seed article
 * "Preparing for User Writeback", permissions.md §3.5 and §7).
 *
 * <p>The user is found by its source anchor first; when it exists, only the attributes that differ
 * are replaced and the account state is left alone. A new user gets a {@code sAMAccountName}
 * derived from the mailNickname or the UPN prefix ({@link SamAccountNames}), the anchor in the
 * attributes of the configured {@link AnchorMode}, and {@code pwdLastSet = 0}. Without an initial
 * password it is created disabled ({@code userAccountControl = 0x202}): "the users password is not
 * written back and so needs changing before the user can login on-premises". With one, it is
 * enabled and must change it at first logon.
 *
 * @param cloudObjectId the Entra object id
 * @param userPrincipalName the UPN
 * @param displayName the display name (also the RDN, cut to 64 characters)
 * @param mailNickname the mail alias, preferred seed of the sAMAccountName
 * @param givenName the first name
 * @param surname the last name
 * @param initialPassword a password for a new, enabled account; ignored for existing users
 */
public record UserUpsert(
    String cloudObjectId,
    String userPrincipalName,
    String displayName,
    Optional<String> mailNickname,
    Optional<String> givenName,
    Optional<String> surname,
    Optional<Secret> initialPassword)
    implements WritebackRequest {

  /** Checks the components are not null. */
  public UserUpsert {
    Objects.requireNonNull(cloudObjectId, "cloudObjectId");
    Objects.requireNonNull(userPrincipalName, "userPrincipalName");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(mailNickname, "mailNickname");
    Objects.requireNonNull(givenName, "givenName");
    Objects.requireNonNull(surname, "surname");
    Objects.requireNonNull(initialPassword, "initialPassword");
  }

  /**
   * Starts a request with the required values.
   *
   * @param cloudObjectId the Entra object id
   * @param userPrincipalName the UPN
   * @param displayName the display name
   * @return a request without the optional values
   */
  public static UserUpsert of(String cloudObjectId, String userPrincipalName, String displayName) {
    return new UserUpsert(
        cloudObjectId,
        userPrincipalName,
        displayName,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Returns a copy with the mail alias.
   *
   * @param nickname the mailNickname
   * @return the new request
   */
  public UserUpsert withMailNickname(String nickname) {
    return new UserUpsert(
        cloudObjectId,
        userPrincipalName,
        displayName,
        Optional.of(nickname),
        givenName,
        surname,
        initialPassword);
  }

  /**
   * Returns a copy with given name and surname.
   *
   * @param given the first name
   * @param sn the last name
   * @return the new request
   */
  public UserUpsert withNames(String given, String sn) {
    return new UserUpsert(
        cloudObjectId,
        userPrincipalName,
        displayName,
        mailNickname,
        Optional.of(given),
        Optional.of(sn),
        initialPassword);
  }

  /**
   * Returns a copy that creates an enabled account with this password (must change at logon).
   *
   * @param password the initial password
   * @return the new request
   */
  public UserUpsert withInitialPassword(Secret password) {
    return new UserUpsert(
        cloudObjectId,
        userPrincipalName,
        displayName,
        mailNickname,
        givenName,
        surname,
        Optional.of(password));
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
    return "user " + cloudObjectId;
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    InputChecks.objectId(problems, "the cloud object id", cloudObjectId);
    InputChecks.smtp(problems, "userPrincipalName", userPrincipalName);
    if (userPrincipalName.length() > InputChecks.UPN_MAX) {
      problems.add("userPrincipalName is longer than " + InputChecks.UPN_MAX + " characters");
    }
    InputChecks.text(problems, "displayName", displayName, InputChecks.DISPLAY_NAME_MAX);
    mailNickname.ifPresent(n -> InputChecks.mailNickname(problems, n));
    InputChecks.optionalText(problems, "givenName", givenName, 64);
    InputChecks.optionalText(problems, "surname", surname, 64);
    if (SamAccountNames.derive(mailNickname.orElse(userPrincipalName)).isEmpty()) {
      problems.add(
          "no sAMAccountName can be derived from '"
              + InputChecks.printable(mailNickname.orElse(userPrincipalName))
              + "': it has no character AD allows");
    }
    initialPassword.ifPresent(
        p -> {
          if (p.isWiped() || p.length() == 0) {
            problems.add("the initial password is empty or was already wiped");
          }
        });
    return problems;
  }
}
