package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.adwriteback.testkit.AdSchemaVersion;

/**
 * Every operation of {@link Provisioner} on the in-memory AD testkit (schema 2016, Exchange schema
 * present) over real LDAP/LDAPS, bound as Administrator. The same scenarios run as a prepared
 * connector account in {@code ProvisionerAsConnectorAccountTest} and on Samba.
 */
class ProvisionerTest extends WritebackScenarios {

  final AdDirectory ad = start();

  static AdDirectory start() {
    try {
      return AdDirectory.start(
          AdConfiguration.forest("contoso.test").toBuilder()
              .schemaVersion(AdSchemaVersion.WINDOWS_2016)
              .exchangeSchema(true)
              .build());
    } catch (LDAPException e) {
      throw new IllegalStateException("the testkit did not start", e);
    }
  }

  @Override
  void closeDirectory() {
    ad.close();
  }

  @Override
  LDAPConnection admin() throws LDAPException {
    return ad.connection();
  }

  @Override
  LDAPConnection ldaps(String dn, String password) throws LDAPException {
    return ad.connectionAs(dn, password.toCharArray());
  }

  @Override
  LDAPConnection plain(String dn, String password) throws LDAPException {
    LDAPConnection c = ad.unboundConnection(false);
    c.bind(dn, password);
    return c;
  }

  @Override
  String baseDn() {
    return ad.domainDn();
  }

  @Override
  boolean serverAcceptsPlainPasswords() {
    return false;
  }

  @Override
  Account writerAccount(LDAPConnection admin) throws Exception {
    return new Account(ad.adminDn(), new String(ad.adminPassword()));
  }
}
