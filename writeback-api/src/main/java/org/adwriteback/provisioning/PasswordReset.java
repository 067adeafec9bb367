package org.adwriteback.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An administrative password reset, as Entra password writeback does it (permissions.md §7; MS-ADTS
 * 3.1.1.3.1.5.1): one {@code replace} of {@code unicodePwd}, needing the Reset-Password right.
 *
 * <p>{@code unlock} also writes {@code lockoutTime = 0} (which clears badPwdCount, MS-SAMR
 * 3.1.1.8.3); {@code mustChange} writes {@code pwdLastSet = 0} ("user must change password at next
 * logon"). The executor wipes its copies of the password; the caller wipes {@code newPassword}.
 *
 * @param account whose password
 * @param newPassword the new password
 * @param unlock also unlock the account
 * @param mustChange also require a change at next logon
 */
public record PasswordReset(
    AccountRef account, Secret newPassword, boolean unlock, boolean mustChange)
    implements WritebackRequest {

  /** Checks the components are not null. */
  public PasswordReset {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(newPassword, "newPassword");
  }

  @Override
  public String key() {
    return "password reset of " + account.value();
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (account.value().isBlank()) {
      problems.add("the account is empty");
    }
    if (newPassword.isWiped()) {
      problems.add("the new password was already wiped");
    } else if (newPassword.length() == 0) {
      problems.add("the new password is empty");
    }
    return problems;
  }
}
