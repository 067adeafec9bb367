package org.adwriteback.ldap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The directory contract against the in-memory testkit (writeback-testkit), default build. */
class TestkitDirectoryContractTest extends DirectoryContract {

  private static AdDirectory ad;

  @BeforeAll
  static void start() throws LDAPException {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
  }

  @AfterAll
  static void stop() {
    ad.close();
  }

  @Override
  String baseDn() {
    return ad.domainDn();
  }

  @Override
  LDAPConnection admin() throws LDAPException {
    return ad.connection();
  }

  @Override
  LDAPConnection ldapsAs(String dn, String password) throws LDAPException {
    return ad.connectionAs(dn, password.toCharArray());
  }

  @Override
  LDAPConnection plainAdmin() throws LDAPException {
    LDAPConnection c = ad.unboundConnection(false);
    c.bind(ad.adminDn(), new String(ad.adminPassword()));
    return c;
  }

  @Override
  LDAPConnection anonymous() throws LDAPException {
    return ad.unboundConnection(false);
  }

  @Override
  Answers answers() {
    return Answers.WINDOWS;
  }

  @Override
  boolean approximateMatchIsEquality() {
    return true;
  }

  @Override
  boolean refusesPasswordWritesOverPlainLdap() {
    return true;
  }

  @Override
  void assertInsufficientAccessDiagnostic(String diagnosticMessage) {
    assertThat(diagnosticMessage)
        .isEqualTo("00002098: SecErr: DSID-03150E8B, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0");
  }
}
