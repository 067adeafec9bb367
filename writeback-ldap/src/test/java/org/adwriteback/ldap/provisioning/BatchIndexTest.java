package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.junit.jupiter.api.AfterAll;

/** The batch index scenarios on the in-memory testkit forest. */
class BatchIndexTest extends BatchIndexScenarios {

  private final AdDirectory ad = start();

  private static AdDirectory start() {
    try {
      return AdDirectory.start(AdConfiguration.forest("contoso.test"));
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The whole forest goes; nothing to delete first. */
  @Override
  @AfterAll
  void deleteOu() {
    ad.close();
  }

  @Override
  LDAPConnection admin() throws LDAPException {
    return ad.connection();
  }

  @Override
  String baseDn() {
    return ad.domainDn();
  }
}
