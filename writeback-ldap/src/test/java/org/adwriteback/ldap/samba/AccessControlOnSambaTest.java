package org.adwriteback.ldap.samba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.UUID;
import org.adwriteback.ldap.SecurityDescriptorFlagsControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Samba enforces the DACL like a Windows DC: a plain account may not reset another user's password
 * until it holds the Reset Password extended right (User-Force-Change-Password, MS-ADTS 5.1.3.2.1),
 * granted here by a DACL edit over LDAP with the SD flags control, and inherited from the OU to the
 * user (MS-DTYP 2.5.3.4).
 */
@Tag("samba")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessControlOnSambaTest {

  private static final UUID RESET_PASSWORD =
      UUID.fromString("00299570-246d-11d0-a768-00aa006e0529");
  private static final UUID USER_CLASS = UUID.fromString("bf967aba-0de6-11d0-a285-00aa003049e2");
  private static final String ACCOUNT_PASSWORD = "Svc#Passw0rd1";

  private static final SambaDc DC = SambaDc.get();
  private static String ou;
  private static String account;
  private static String target;

  @BeforeAll
  static void createAccountAndTarget() throws LDAPException {
    ou = "OU=" + SambaDc.uniqueName("acl") + "," + DC.baseDn();
    try (LDAPConnection admin = DC.admin()) {
      admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
      account = SambaDc.addUser(admin, ou, SambaDc.uniqueName("svc"), ACCOUNT_PASSWORD);
      String targetOu = "OU=Target," + ou;
      admin.add(targetOu, new Attribute("objectClass", "organizationalUnit"));
      target = SambaDc.addUser(admin, targetOu, SambaDc.uniqueName("tgt"), "Tgt#Passw0rd1");
    }
  }

  @AfterAll
  static void deleteOu() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      SambaDc.deleteTree(admin, ou);
    }
  }

  private static Modification reset(String password) {
    return new Modification(ModificationType.REPLACE, "unicodePwd", SambaDc.unicodePwd(password));
  }

  private static byte[] dacl(LDAPConnection connection, String dn) throws LDAPException {
    SearchRequest read =
        new SearchRequest(dn, SearchScope.BASE, "(objectClass=*)", "nTSecurityDescriptor");
    read.addControl(SecurityDescriptorFlagsControl.daclOnly());
    return connection.searchForEntry(read).getAttributeValueBytes("nTSecurityDescriptor");
  }

  @Test
  @Order(1)
  void resetWithoutTheRightIsRefused() throws LDAPException {
    try (LDAPConnection svc = DC.ldaps(account, ACCOUNT_PASSWORD)) {
      assertThatThrownBy(() -> svc.modify(target, reset("Reset#Passw0rd1")))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
    }
  }

  @Test
  @Order(2)
  void resetSucceedsOnceTheRightIsGrantedOnTheOu() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      byte[] sid = SambaDc.objectSid(admin, account);
      byte[] ace =
          SdBytes.allowedObjectAce(
              SdBytes.CONTAINER_INHERIT, SdBytes.CONTROL_ACCESS, RESET_PASSWORD, USER_CLASS, sid);
      ModifyRequest grant =
          new ModifyRequest(
              ou,
              new Modification(
                  ModificationType.REPLACE,
                  "nTSecurityDescriptor",
                  SdBytes.withAceFirst(dacl(admin, ou), ace)));
      grant.addControl(SecurityDescriptorFlagsControl.daclOnly());
      admin.modify(grant);

      // the DC stored the explicit ACE first and computed an inherited copy on the user
      SdBytes.Ace explicit = SdBytes.daclAces(dacl(admin, ou)).get(0);
      assertThat(explicit.sid()).isEqualTo(sid);
      assertThat(explicit.objectType()).contains(RESET_PASSWORD);
      assertThat(SdBytes.daclAces(dacl(admin, target)))
          .anySatisfy(
              inherited -> {
                assertThat(inherited.sid()).isEqualTo(sid);
                assertThat(inherited.flags() & SdBytes.INHERITED).isNotZero();
                assertThat(inherited.mask()).isEqualTo(SdBytes.CONTROL_ACCESS);
              });
    }
    try (LDAPConnection svc = DC.ldaps(account, ACCOUNT_PASSWORD)) {
      assertThat(svc.modify(target, reset("Reset#Passw0rd2")).getResultCode())
          .isEqualTo(ResultCode.SUCCESS);
    }
    try (LDAPConnection asTarget = DC.ldaps(target, "Reset#Passw0rd2")) {
      assertThat(asTarget.isConnected()).isTrue();
    }
  }

  /**
   * Samba difference: with {@code ldap server require strong auth = no} Samba accepts a password
   * reset over unencrypted LDAP; Windows refuses it with unwillingToPerform (0000001F). With strong
   * auth on, the simple bind itself is refused (strongerAuthRequired).
   */
  @Test
  @Order(3)
  void plainLdapPasswordResetDependsOnStrongAuth() throws LDAPException {
    if (DC.plainLdapAllowed()) {
      try (LDAPConnection svc = DC.plainLdap(account, ACCOUNT_PASSWORD)) {
        assertThat(svc.modify(target, reset("Reset#Passw0rd3")).getResultCode())
            .isEqualTo(ResultCode.SUCCESS);
      }
    } else {
      assertThatThrownBy(() -> DC.plainLdap(account, ACCOUNT_PASSWORD).close())
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.STRONG_AUTH_REQUIRED));
    }
  }

  @Test
  @Order(4)
  void aPlainAccountCannotWriteTheDaclItself() throws LDAPException {
    try (LDAPConnection svc = DC.ldaps(account, ACCOUNT_PASSWORD)) {
      byte[] current = dacl(svc, ou);
      byte[] sid = SambaDc.objectSid(svc, account);
      ModifyRequest selfGrant =
          new ModifyRequest(
              ou,
              new Modification(
                  ModificationType.REPLACE,
                  "nTSecurityDescriptor",
                  SdBytes.withAceFirst(
                      current,
                      SdBytes.allowedObjectAce(
                          SdBytes.CONTAINER_INHERIT, 0x20, USER_CLASS, USER_CLASS, sid))));
      selfGrant.addControl(SecurityDescriptorFlagsControl.daclOnly());
      assertThatThrownBy(() -> svc.modify(selfGrant))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
    }
  }
}
