package org.adwriteback.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import org.junit.jupiter.api.Test;

class WritebackExceptionTest {

  /** An exception as the SDK builds it from a server's LDAP result. */
  private static LDAPException serverAnswer(ResultCode rc, String diagnostic, String matchedDn) {
    return new LDAPException(
        new LDAPResult(1, rc, diagnostic, matchedDn, (String[]) null, (Control[]) null));
  }

  @Test
  void insufficientRightsIsClassifiedAndNamesTheObjectAndTheFix() {
    LDAPException ldap =
        serverAnswer(
            ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
            "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0",
            null);
    WritebackException e =
        WritebackException.from(
            ldap,
            "write the DACL of OU=Sync,DC=contoso,DC=test",
            "bind as an account with WRITE_DAC on that object");
    assertThat(e.reason()).isEqualTo(WritebackException.Reason.INSUFFICIENT_RIGHTS);
    assertThat(e.reason().exitCode()).isEqualTo(4);
    assertThat(e.getMessage())
        .contains("OU=Sync,DC=contoso,DC=test")
        .contains("problem 4003")
        .endsWith("bind as an account with WRITE_DAC on that object");
    assertThat(e.extendedError().orElseThrow().problem()).hasValue(4003);
  }

  @Test
  void passwordPolicyIsRecognisedFromTheExtendedErrorWhateverTheResultCode() {
    LDAPException ldap =
        serverAnswer(
            ResultCode.CONSTRAINT_VIOLATION,
            "0000052D: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0",
            null);
    assertThat(WritebackException.from(ldap, "reset a password", "").reason())
        .isEqualTo(WritebackException.Reason.PASSWORD_POLICY);
  }

  @Test
  void wrongOldPasswordIsItsOwnReason() {
    LDAPException ldap =
        serverAnswer(ResultCode.CONSTRAINT_VIOLATION, "00000056: Constraint violation", null);
    assertThat(WritebackException.from(ldap, "change a password", "").reason())
        .isEqualTo(WritebackException.Reason.WRONG_PASSWORD);
  }

  @Test
  void lostConnectionsAreConnectionFailures() {
    LDAPException ldap = serverAnswer(ResultCode.SERVER_DOWN, "connection closed", null);
    WritebackException e = WritebackException.from(ldap, "read the rootDSE of ldap://dc1", null);
    assertThat(e.reason()).isEqualTo(WritebackException.Reason.CONNECTION_FAILED);
    assertThat(e.reason().exitCode()).isEqualTo(3);
    assertThat(e.extendedError()).isEmpty();
  }

  @Test
  void missingObjectsKeepTheMatchedDn() {
    LDAPException ldap =
        serverAnswer(
            ResultCode.NO_SUCH_OBJECT,
            "0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0",
            "DC=contoso,DC=test");
    WritebackException e = WritebackException.from(ldap, "read OU=Missing,DC=contoso,DC=test", "");
    assertThat(e.reason()).isEqualTo(WritebackException.Reason.NO_SUCH_OBJECT);
    assertThat(e.matchedDn()).contains("DC=contoso,DC=test");
  }
}
