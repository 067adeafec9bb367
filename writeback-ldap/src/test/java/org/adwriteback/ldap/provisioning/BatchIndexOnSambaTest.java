package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.adwriteback.ldap.samba.SambaDc;
import org.junit.jupiter.api.Tag;

/** The batch index scenarios on the Samba AD DC of {@code scripts/samba-dc.sh}. */
@Tag("samba")
class BatchIndexOnSambaTest extends BatchIndexScenarios {

  private static final SambaDc DC = SambaDc.get();

  @Override
  LDAPConnection admin() throws LDAPException {
    return DC.admin();
  }

  @Override
  String baseDn() {
    return DC.baseDn();
  }
}
