package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each client connection keeps its own identity, whichever listener it came through: the LDAP and
 * LDAPS listeners number their connections independently, so the same number on both must not share
 * a bind (a plain connection bound as a user must not act as the Administrator bound on the LDAPS
 * connection with the same number, nor the other way round, nor an unbound one as either).
 */
class ConnectionIdentityTest {

  private static final char[] PASSWORD = "L0w-Privilege!".toCharArray();
  private static AdDirectory ad;
  private static String user;

  @BeforeAll
  static void start() throws LDAPException {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
    user = ad.addUser("CN=Users," + ad.domainDn(), "lowpriv", PASSWORD);
  }

  @AfterAll
  static void stop() {
    ad.close();
  }

  private static Modification description(String value) {
    return new Modification(ModificationType.REPLACE, "description", value);
  }

  @Test
  void connectionsWithTheSameNumberOnTheTwoListenersKeepTheirOwnBinds() throws Exception {
    List<LDAPConnection> admins = new ArrayList<>();
    List<LDAPConnection> users = new ArrayList<>();
    List<LDAPConnection> anonymous = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        admins.add(ad.connection()); // LDAPS
        LDAPConnection plain = ad.unboundConnection(false);
        plain.bind(user, new String(PASSWORD));
        users.add(plain);
        anonymous.add(ad.unboundConnection(false));
      }
      for (LDAPConnection admin : admins) {
        admin.modify(ad.domainDn(), description("written by the Administrator"));
      }
      for (LDAPConnection u : users) {
        assertThatThrownBy(() -> u.modify(ad.domainDn(), description("written by a user")))
            .isInstanceOfSatisfying(
                LDAPException.class,
                e ->
                    assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
      }
      for (LDAPConnection a : anonymous) {
        assertThatThrownBy(() -> a.search(ad.domainDn(), SearchScope.BASE, "(objectClass=*)"))
            .isInstanceOfSatisfying(
                LDAPException.class,
                e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.OPERATIONS_ERROR));
      }
    } finally {
      admins.forEach(LDAPConnection::close);
      users.forEach(LDAPConnection::close);
      anonymous.forEach(LDAPConnection::close);
    }
  }

  @Test
  void whoAmIAnswersWithTheDomainAndAccountNameAsWindowsDoes() throws Exception {
    try (LDAPConnection admin = ad.connection();
        LDAPConnection plain = ad.unboundConnection(false);
        LDAPConnection anonymous = ad.unboundConnection(false)) {
      plain.bind(user, new String(PASSWORD));
      assertThat(whoAmI(admin)).isEqualTo("u:CONTOSO\\Administrator");
      assertThat(whoAmI(plain)).isEqualTo("u:CONTOSO\\lowpriv");
      assertThat(whoAmI(anonymous)).isEmpty();
    }
  }

  private static String whoAmI(LDAPConnection c) throws LDAPException {
    WhoAmIExtendedResult r =
        (WhoAmIExtendedResult) c.processExtendedOperation(new WhoAmIExtendedRequest());
    assertThat(r.getResultCode()).isEqualTo(ResultCode.SUCCESS);
    return r.getAuthorizationID();
  }

  @Test
  void aRestartForgetsTheBindsOfTheConnectionsItClosed() throws Exception {
    try (AdDirectory fixed =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder()
                .ldapPort(freePort())
                .ldapsPort(freePort())
                .build())) {
      // the restarted listeners number their connections from 0 again, as before the restart
      List<LDAPConnection> before = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        LDAPConnection c = fixed.unboundConnection(false);
        c.bind(fixed.adminDn(), new String(fixed.adminPassword()));
        before.add(c);
      }
      fixed.restart(java.time.Duration.ofMillis(50));
      before.forEach(LDAPConnection::close);
      for (int i = 0; i < 3; i++) {
        try (LDAPConnection a = fixed.unboundConnection(false)) {
          assertThatThrownBy(() -> a.search(fixed.domainDn(), SearchScope.BASE, "(objectClass=*)"))
              .isInstanceOfSatisfying(
                  LDAPException.class,
                  e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.OPERATIONS_ERROR));
        }
      }
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
