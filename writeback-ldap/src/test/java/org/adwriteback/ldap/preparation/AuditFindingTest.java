package org.adwriteback.ldap.preparation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A finding always says why, and prints on one line. */
class AuditFindingTest {

  @Test
  void aFindingNeedsAReason() {
    assertThatThrownBy(
            () ->
                new AuditFinding(
                    "CN=a,DC=x", "user", List.of(), List.of("Reset Password"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CN=a,DC=x");
  }

  @Test
  void theSummaryNamesTheObjectTheReasonsAndTheRefusedRights() {
    AuditFinding f =
        new AuditFinding(
            "CN=adm,OU=Users,DC=x",
            "user",
            List.of(AuditFinding.Reason.PROTECTED_DACL, AuditFinding.Reason.ADMIN_COUNT),
            List.of("Reset Password", "write pwdLastSet"),
            List.of());
    assertThat(f.summary())
        .isEqualTo(
            "CN=adm,OU=Users,DC=x (user): PROTECTED_DACL, ADMIN_COUNT; refused: Reset Password,"
                + " write pwdLastSet");
  }
}
