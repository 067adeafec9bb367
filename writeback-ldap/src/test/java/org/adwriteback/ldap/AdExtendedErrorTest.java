package org.adwriteback.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdExtendedErrorTest {

  @Test
  void parsesWindowsInsufficientRights() {
    AdExtendedError e =
        AdExtendedError.parse(
                "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0")
            .orElseThrow();
    assertThat(e.win32Error()).isEqualTo(AdExtendedError.INSUFF_ACCESS_RIGHTS);
    assertThat(e.category()).contains("SecErr");
    assertThat(e.dsid()).contains("03150F94");
    assertThat(e.problem()).hasValue(4003);
    assertThat(e.problemName()).contains("INSUFF_ACCESS_RIGHTS");
    assertThat(e.data()).contains("0");
  }

  @Test
  void parsesWindowsBindFailureWithTheHexSubError() {
    AdExtendedError e =
        AdExtendedError.parse(
                "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 773,"
                    + " v4563\u0000")
            .orElseThrow();
    assertThat(e.win32Error()).isEqualTo(AdExtendedError.BIND_FAILURE);
    assertThat(e.code()).isEqualTo("80090308");
    assertThat(e.data()).contains("773");
    assertThat(e.problem()).isEmpty();
  }

  @Test
  void parsesSambaMessagesWhichKeepOnlyTheCode() {
    // shared/samba/REPORT.md §5.6: what Samba 4.17 answers to a too-short password
    AdExtendedError e =
        AdExtendedError.parse(
                "0000052D: Constraint violation - check_password_restrictions: the password is too"
                    + " short. It should be equal or longer than 7 characters!")
            .orElseThrow();
    assertThat(e.win32Error()).isEqualTo(AdExtendedError.PASSWORD_RESTRICTION);
    assertThat(e.category()).isEmpty();
    assertThat(e.dsid()).isEmpty();
  }

  @Test
  void parsesSambaBindFailure() {
    AdExtendedError e =
        AdExtendedError.parse(
                "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e,"
                    + " v1db1")
            .orElseThrow();
    assertThat(e.data()).contains("52e");
    assertThat(e.dsid()).contains("0C0903A9");
  }

  @Test
  void messagesWithoutACodeAreNotAdErrors() {
    assertThat(AdExtendedError.parse("no such object")).isEmpty();
    assertThat(AdExtendedError.parse(null)).isEmpty();
    assertThat(AdExtendedError.parse("")).isEmpty();
  }
}
