package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AdAssertions answers from the directory's own access check, and fails with AssertionError. */
class AdAssertionsTest {

  private static final char[] PASSWORD = "Corr3ct-Horse".toCharArray();
  private static final String RESET = "00299570-246d-11d0-a768-00aa006e0529";
  private static final String DESCRIPTION = "bf967950-0de6-11d0-a285-00aa003049e2";

  static AdDirectory ad;
  static String ou;
  static String target;
  static String helpdesk;
  static String helpdeskSid;

  @BeforeAll
  static void start() throws Exception {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
    ou = ad.addOu("Assert");
    target = ad.addUser(ou, "target", PASSWORD);
    helpdesk = ad.addUser(ou, "helpdesk", PASSWORD);
    ad.addUser(ou, "nobody", PASSWORD);
    try (LDAPConnection admin = ad.connection()) {
      helpdeskSid = AdSecurityTest.sidOf(admin, helpdesk);
      AdSecurityTest.grant(
          admin,
          ou,
          "(OA;CI;CR;"
              + RESET
              + ";;"
              + helpdeskSid
              + ")(OA;CI;WP;"
              + DESCRIPTION
              + ";;"
              + helpdeskSid
              + ")");
    }
  }

  @AfterAll
  static void stop() {
    ad.close();
  }

  @Test
  void anInheritedAceIsFoundWithItsIdFlag() {
    assertThatCode(
            () ->
                AdAssertions.assertDescriptorContainsAce(
                    ad, target, "(OA;CIID;CR;" + RESET + ";;" + helpdeskSid + ")"))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                AdAssertions.assertDescriptorContainsAce(
                    ad, target, "(OA;CI;CR;" + RESET + ";;" + helpdeskSid + ")"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to contain");
    assertThatCode(
            () ->
                AdAssertions.assertDescriptorLacksAce(
                    ad, target, "(OA;CI;CR;" + RESET + ";;" + helpdeskSid + ")"))
        .doesNotThrowAnyException();
    assertThatCode(() -> AdAssertions.assertDescriptorContainsAce(ad, ou, "(A;CIID;LC;;;RU)"))
        .doesNotThrowAnyException();
  }

  @Test
  void writeAccessFollowsTheDacl() {
    assertThatCode(
            () ->
                AdAssertions.assertCanWriteAttribute(
                    ad, "helpdesk@contoso.test", target, "description"))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                AdAssertions.assertCanWriteAttribute(ad, "CONTOSO\\nobody", target, "description"))
        .isInstanceOf(AssertionError.class);
    assertThatCode(
            () ->
                AdAssertions.assertCannotWriteAttribute(
                    ad, "helpdesk@contoso.test", target, "displayName"))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> AdAssertions.assertCanWriteAttribute(ad, ad.adminDn(), target, "displayName"))
        .doesNotThrowAnyException();
  }

  @Test
  void passwordResetFollowsTheExtendedRight() {
    assertThatCode(() -> AdAssertions.assertCanResetPassword(ad, helpdesk, target))
        .doesNotThrowAnyException();
    assertThatCode(() -> AdAssertions.assertCannotResetPassword(ad, "CONTOSO\\nobody", target))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> AdAssertions.assertCannotResetPassword(ad, helpdesk, target))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not to hold Reset Password");
  }

  @Test
  void anUnknownAccountIsAnAssertionErrorThatSaysWhy() {
    assertThatThrownBy(() -> AdAssertions.assertCanResetPassword(ad, "CONTOSO\\ghost", target))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no account named CONTOSO\\ghost");
  }
}
