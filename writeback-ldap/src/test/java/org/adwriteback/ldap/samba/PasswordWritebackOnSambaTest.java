package org.adwriteback.ldap.samba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.adwriteback.ldap.provisioning.Provisioner;
import org.adwriteback.provisioning.AccountRef;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.PasswordChange;
import org.adwriteback.provisioning.PasswordReset;
import org.adwriteback.provisioning.PolicyHintsMode;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.Secret;
import org.adwriteback.provisioning.WritebackResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Password reset and change against Samba: the unicodePwd encoding, unlock and must-change, the
 * typed answers (0000052D policy, 00000056 wrong old password, insufficient rights, not found) and
 * the refusal of unencrypted connections before anything is sent.
 */
@Tag("samba")
class PasswordWritebackOnSambaTest {

  private static final SambaDc DC = SambaDc.get();
  private static final String START = "Start#Passw0rd1";
  private static String ou;
  private static String other;
  private String user;
  private Provisioner provisioner;

  @BeforeAll
  static void createOu() throws LDAPException {
    ou = "OU=" + SambaDc.uniqueName("pwd") + "," + DC.baseDn();
    try (LDAPConnection admin = DC.admin()) {
      admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
      other = SambaDc.addUser(admin, ou, SambaDc.uniqueName("oth"), START);
    }
  }

  @AfterAll
  static void deleteOu() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      SambaDc.deleteTree(admin, ou);
    }
  }

  @BeforeEach
  void createUser() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      user = SambaDc.addUser(admin, ou, SambaDc.uniqueName("u"), START);
    }
    provisioner = new Provisioner(settings(PolicyHintsMode.AUTO, false));
  }

  private static ProvisioningSettings settings(PolicyHintsMode hints, boolean plain) {
    return ProvisioningSettings.builder()
        .userContainer(ou)
        .groupContainer(ou)
        .policyHints(hints)
        .allowUnencrypted(plain)
        .build();
  }

  private static Secret secret(String s) {
    return Secret.of(s.toCharArray());
  }

  @Test
  void resetSetsThePasswordUnlocksAndForcesAChange() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      WritebackResult r =
          provisioner.apply(
              admin, new PasswordReset(AccountRef.dn(user), secret("New#Passw0rd2"), true, false));
      assertThat(r).isInstanceOf(WritebackResult.Updated.class);
      assertThat(((WritebackResult.Updated) r).attributes())
          .containsExactly("lockoutTime", "unicodePwd");
      assertThat(((WritebackResult.Updated) r).notes())
          .singleElement()
          .asString()
          .contains("policy hints");
    }
    assertThatCode(() -> DC.ldaps(user, "New#Passw0rd2").close()).doesNotThrowAnyException();
    try (LDAPConnection admin = DC.admin()) {
      assertThat(
              provisioner.apply(
                  admin,
                  new PasswordReset(AccountRef.dn(user), secret("New#Passw0rd3"), false, true)))
          .isInstanceOf(WritebackResult.Updated.class);
      assertThat(admin.getEntry(user, "pwdLastSet").getAttributeValue("pwdLastSet")).isEqualTo("0");
    }
  }

  @Test
  void aPasswordTheDomainRefusesIsAPolicyViolation() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      WritebackResult r =
          provisioner.apply(
              admin, new PasswordReset(AccountRef.dn(user), secret("abc"), false, false));
      assertThat(r)
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> {
                assertThat(f.kind()).isEqualTo(FailureKind.POLICY_VIOLATION);
                assertThat(f.message()).contains("0000052D").doesNotContain("\"abc\"");
              });
    }
  }

  @Test
  void changeChecksTheOldPassword() throws LDAPException {
    String sam = user.substring(3, user.indexOf(','));
    try (LDAPConnection self = DC.ldaps(user, START)) {
      WritebackResult wrong =
          provisioner.apply(
              self,
              new PasswordChange(
                  AccountRef.sam(sam), secret("Wrong#Passw0rd9"), secret("New#Passw0rd4")));
      assertThat(wrong)
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.WRONG_OLD_PASSWORD));
      WritebackResult right =
          provisioner.apply(
              self,
              new PasswordChange(AccountRef.sam(sam), secret(START), secret("New#Passw0rd4")));
      assertThat(right).isInstanceOf(WritebackResult.Updated.class);
    }
    assertThatCode(() -> DC.ldaps(user, "New#Passw0rd4").close()).doesNotThrowAnyException();
  }

  @Test
  void resettingAnotherUsersPasswordWithoutTheRightIsNoRight() throws LDAPException {
    try (LDAPConnection self = DC.ldaps(other, START)) {
      WritebackResult r =
          provisioner.apply(
              self, new PasswordReset(AccountRef.dn(user), secret("New#Passw0rd5"), false, false));
      assertThat(r)
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.NO_RIGHT));
    }
  }

  @Test
  void anUnknownAccountIsNotFound() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      assertThat(
              provisioner.apply(
                  admin,
                  new PasswordReset(
                      AccountRef.sam("nobody-here"), secret("New#Passw0rd6"), false, false)))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.NOT_FOUND));
      assertThat(
              provisioner.apply(
                  admin,
                  new PasswordReset(
                      AccountRef.dn("CN=nobody," + ou), secret("New#Passw0rd6"), false, false)))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.NOT_FOUND));
    }
  }

  @Test
  void aPlainConnectionIsRefusedBeforeAnythingIsSent() throws LDAPException {
    try (LDAPConnection plain = DC.plainLdap(DC.fact("ADMIN_DN"), DC.fact("ADMIN_PASSWORD"))) {
      WritebackResult r =
          provisioner.apply(
              plain,
              new PasswordReset(AccountRef.dn(user), secret("Plain#Passw0rd7"), false, false));
      assertThat(r)
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.UNENCRYPTED_CONNECTION));
    }
    // the old password still works: nothing was sent
    assertThatCode(() -> DC.ldaps(user, START).close()).doesNotThrowAnyException();
    assertThatThrownBy(() -> DC.ldaps(user, "Plain#Passw0rd7").close())
        .isInstanceOf(LDAPException.class);
  }

  @Test
  void explicitlyAllowedPlainConnectionsWork() throws LDAPException {
    if (!DC.plainLdapAllowed()) {
      return;
    }
    try (LDAPConnection plain = DC.plainLdap(DC.fact("ADMIN_DN"), DC.fact("ADMIN_PASSWORD"))) {
      assertThat(
              new Provisioner(settings(PolicyHintsMode.AUTO, true))
                  .apply(
                      plain,
                      new PasswordReset(
                          AccountRef.dn(user), secret("Plain#Passw0rd8"), false, false)))
          .isInstanceOf(WritebackResult.Updated.class);
    }
  }

  @Test
  void requiredPolicyHintsFailOnSambaWithoutSending() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      WritebackResult r =
          new Provisioner(settings(PolicyHintsMode.REQUIRED, false))
              .apply(
                  admin,
                  new PasswordReset(AccountRef.dn(user), secret("Hint#Passw0rd9"), false, false));
      assertThat(r)
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.PREREQUISITE_MISSING));
      assertThat(
              new Provisioner(settings(PolicyHintsMode.NON_CRITICAL, false))
                  .apply(
                      admin,
                      new PasswordReset(
                          AccountRef.dn(user), secret("Hint#Passw0rd9"), false, false)))
          .isInstanceOf(WritebackResult.Updated.class);
    }
  }

  @Test
  void aDryRunChangesNothing() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      assertThat(
              provisioner.plan(
                  admin,
                  new PasswordReset(AccountRef.dn(user), secret("Dry#Passw0rd1"), false, false)))
          .isInstanceOf(WritebackResult.Updated.class);
    }
    assertThatCode(() -> DC.ldaps(user, START).close()).doesNotThrowAnyException();
  }
}
