package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.LDAPConnection;
import org.adwriteback.preparation.PermissionMode;

/**
 * Every writeback scenario on Samba bound as a connector account prepared in {@link
 * PermissionMode#LEAST_PRIVILEGE} mode by the product's own preparation.
 */
class ProvisionerAsLeastPrivilegeConnectorOnSambaTest extends WritebackScenariosOnSamba {

  @Override
  Account writerAccount(LDAPConnection admin) throws Exception {
    return ConnectorAccounts.prepare(admin, root, users, groups, PermissionMode.LEAST_PRIVILEGE);
  }
}
