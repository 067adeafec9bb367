package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdDiagnosticsTest {

  @Test
  void insufficientRightsLooksLikeWindows() {
    assertThat(
            AdDiagnostics.securityError(
                AdDiagnostics.ERROR_DS_INSUFF_ACCESS_RIGHTS,
                0x03150F94,
                4003,
                "INSUFF_ACCESS_RIGHTS"))
        .isEqualTo("00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0");
  }

  @Test
  void unencryptedPasswordWriteLooksLikeWindows() {
    assertThat(
            AdDiagnostics.serviceError(
                AdDiagnostics.ERROR_GEN_FAILURE, 0x031A12D2, 5003, "WILL_NOT_PERFORM"))
        .isEqualTo("0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0");
  }

  @Test
  void bindFailureCarriesTheSubErrorInLowercaseHex() {
    assertThat(AdDiagnostics.bindError(AdDiagnostics.BIND_PASSWORD_MUST_CHANGE))
        .isEqualTo(
            "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 773,"
                + " v4563");
    assertThat(AdDiagnostics.bindError(AdDiagnostics.BIND_ACCOUNT_DISABLED)).contains("data 533,");
  }
}
