package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The refusals of writes that the directory contract checks by result code on the testkit and Samba
 * carry AD's Win32 error here (the first 8 hex digits of the message, MS-ADTS 3.1.1.5): the name
 * exists (ERROR_DS_OBJ_STRING_NAME_EXISTS), children exist (ERROR_DS_CANT_ON_NON_LEAF), a
 * system-only attribute (ERROR_DS_CANT_MOD_SYSTEM_ONLY), the account type
 * (ERROR_DS_ATTRIBUTE_OWNED_BY_SAM), a name the schema does not have (ERROR_INVALID_PARAMETER).
 */
class UpdateAnswersTest {

  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.forest("contoso.test");

  @Test
  void eachRefusalNamesAdsWin32Error(AdDirectory ad) throws Exception {
    String ou = ad.addOu("Answers");
    String user = ad.addUser(ou, "answered");
    try (LDAPConnection c = ad.connection()) {
      c.add("CN=child," + ou, new Attribute("objectClass", "contact"));
      refused(
          () -> c.add(user, new Attribute("objectClass", "user")),
          ResultCode.ENTRY_ALREADY_EXISTS,
          "00002071: UpdErr:");
      refused(() -> c.delete(ou), ResultCode.NOT_ALLOWED_ON_NONLEAF, "00002015: UpdErr:");
      refused(
          () ->
              c.modify(
                  user,
                  new Modification(ModificationType.REPLACE, "whenCreated", "20200101000000.0Z")),
          ResultCode.CONSTRAINT_VIOLATION,
          "000020B1: AtrErr:");
      refused(
          () -> c.modify(user, new Modification(ModificationType.REPLACE, "sAMAccountType", "1")),
          ResultCode.UNWILLING_TO_PERFORM,
          "0000209A: SvcErr:");
      refused(
          () -> c.modify(user, new Modification(ModificationType.ADD, "notAnAttribute", "1")),
          ResultCode.UNDEFINED_ATTRIBUTE_TYPE,
          "00000057: LdapErr:");
      refused(
          () -> c.modifyDN(user, "CN=renamed", false),
          ResultCode.UNWILLING_TO_PERFORM,
          "00000057: SvcErr:");
      assertThatThrownBy(() -> c.modifyDN(user, "CN=renamed", false))
          .hasMessageContaining("deleteoldrdn TRUE; ldapmodrdn -r");
    }
  }

  private static void refused(ThrowingCallable call, ResultCode code, String prefix) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            LDAPException.class,
            e -> {
              assertThat(e.getResultCode()).isEqualTo(code);
              assertThat(e.getDiagnosticMessage()).startsWith(prefix);
            });
  }
}
