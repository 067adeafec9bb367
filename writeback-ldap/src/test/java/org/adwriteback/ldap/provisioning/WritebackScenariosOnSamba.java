package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.adwriteback.ldap.samba.SambaDc;
import org.junit.jupiter.api.Tag;

/**
 * The writeback scenarios on the Samba AD DC of {@code scripts/samba-dc.sh} (tagged {@code samba});
 * subclasses choose the account.
 */
@Tag("samba")
abstract class WritebackScenariosOnSamba extends WritebackScenarios {

  static final SambaDc DC = SambaDc.get();

  @Override
  LDAPConnection admin() throws LDAPException {
    return DC.admin();
  }

  @Override
  LDAPConnection ldaps(String dn, String password) throws LDAPException {
    return DC.ldaps(dn, password);
  }

  @Override
  LDAPConnection plain(String dn, String password) throws LDAPException {
    return DC.plainLdap(dn, password);
  }

  @Override
  String baseDn() {
    return DC.baseDn();
  }

  @Override
  boolean serverAcceptsPlainPasswords() {
    return DC.plainLdapAllowed();
  }
}
