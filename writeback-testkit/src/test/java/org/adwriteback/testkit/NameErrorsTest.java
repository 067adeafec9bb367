package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every operation on an object that does not exist answers as AD words it (MS-ADTS 3.1.1.3.1.2):
 * noSuchObject with {@code 0000208D: NameErr: DSID-03100288, problem 2001 (NO_OBJECT), data 0, best
 * match of: '<nearest existing ancestor>'} and that ancestor as the matched DN, whichever part of
 * the server found the object missing.
 */
class NameErrorsTest {

  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.forest("contoso.test");

  @Test
  void searchModifyDeleteRenameCompareAndAddUnderAMissingParent(AdDirectory ad) throws Exception {
    String ou = ad.addOu("Names");
    String missing = "CN=nobody,OU=gone," + ou;
    try (LDAPConnection c = ad.connection()) {
      List<ThrowingCallable> calls =
          List.of(
              () -> c.search(missing, SearchScope.BASE, "(objectClass=*)"),
              () ->
                  c.modify(missing, new Modification(ModificationType.REPLACE, "description", "x")),
              () -> c.delete(missing),
              () -> c.modifyDN(missing, "CN=other", true),
              () -> c.compare(missing, "cn", "nobody"),
              () -> c.add(missing, new Attribute("objectClass", "user")));
      for (ThrowingCallable call : calls) {
        assertThatThrownBy(call)
            .isInstanceOfSatisfying(
                LDAPException.class,
                e -> {
                  assertThat(e.getResultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT);
                  assertThat(e.getDiagnosticMessage())
                      .startsWith("0000208D: NameErr: DSID-03100288, problem 2001 (NO_OBJECT)")
                      .contains("best match of:\n\t'" + ou + "'");
                  assertThat(e.getMatchedDN()).isEqualToIgnoringCase(ou);
                });
      }
    }
  }
}
