package org.adwriteback.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A user password change (MS-ADTS 3.1.1.3.1.5.1): one modify that deletes the old {@code
 * unicodePwd} value and adds the new one, checked against the old password and the full policy
 * (history, age, complexity). Needs the Change-Password right, which SELF holds by default.
 *
 * @param account whose password
 * @param oldPassword the current password
 * @param newPassword the new password
 */
public record PasswordChange(AccountRef account, Secret oldPassword, Secret newPassword)
    implements WritebackRequest {

  /** Checks the components are not null. */
  public PasswordChange {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(oldPassword, "oldPassword");
    Objects.requireNonNull(newPassword, "newPassword");
  }

  @Override
  public String key() {
    return "password change of " + account.value();
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (account.value().isBlank()) {
      problems.add("the account is empty");
    }
    if (oldPassword.isWiped() || newPassword.isWiped()) {
      problems.add("a password was already wiped");
    } else if (newPassword.length() == 0) {
      problems.add("the new password is empty");
    }
    return problems;
  }
}
