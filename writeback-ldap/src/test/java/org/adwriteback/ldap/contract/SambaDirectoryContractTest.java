package org.adwriteback.ldap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.adwriteback.ldap.samba.SambaDc;
import org.junit.jupiter.api.Tag;

/**
 * The directory contract against the Samba AD DC of {@code scripts/samba-dc.sh} (integration suite,
 * {@code -Psamba}). With the script's default {@code ldap server require strong auth = no} Samba
 * accepts unicodePwd over plain LDAP, unlike Windows; this class asserts what the DC is configured
 * to do.
 */
@Tag("samba")
class SambaDirectoryContractTest extends DirectoryContract {

  private static final SambaDc DC = SambaDc.get();

  @Override
  String baseDn() {
    return DC.baseDn();
  }

  @Override
  LDAPConnection admin() throws LDAPException {
    return DC.admin();
  }

  @Override
  LDAPConnection ldapsAs(String dn, String password) throws LDAPException {
    return DC.ldaps(dn, password);
  }

  @Override
  LDAPConnection plainAdmin() throws LDAPException {
    return DC.plainLdap(DC.fact("ADMIN_DN"), DC.fact("ADMIN_PASSWORD"));
  }

  @Override
  LDAPConnection anonymous() throws LDAPException {
    java.net.URI url = java.net.URI.create(DC.fact("LDAP_URL"));
    return new LDAPConnection(url.getHost(), url.getPort());
  }

  @Override
  Answers answers() {
    return Answers.SAMBA;
  }

  @Override
  boolean approximateMatchIsEquality() {
    return false;
  }

  @Override
  boolean refusesPasswordWritesOverPlainLdap() {
    return !DC.plainLdapAllowed();
  }

  @Override
  void assertInsufficientAccessDiagnostic(String diagnosticMessage) {
    // Samba's texts differ from Windows': measured on 4.17, a refused attribute write says
    // "00002098: Object <dn> has no write property access" and a refused password reset
    // "error in module acl: insufficient access rights during LDB_MODIFY (50)"
    assertThat(diagnosticMessage)
        .satisfiesAnyOf(
            m -> assertThat(m).startsWith("00002098: "),
            m -> assertThat(m).contains("insufficient access rights"));
  }
}
