package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.LDAPConnection;
import org.adwriteback.preparation.PermissionMode;

/**
 * Every writeback scenario on the testkit (with per-account ACL enforcement) bound as a connector
 * account prepared in {@link PermissionMode#LEAST_PRIVILEGE} mode by the product's own preparation:
 * proves the grants of {@code FeatureCatalog} are enough for each operation.
 */
class ProvisionerAsLeastPrivilegeConnectorTest extends ProvisionerTest {

  @Override
  Account writerAccount(LDAPConnection admin) throws Exception {
    return ConnectorAccounts.prepare(admin, root, users, groups, PermissionMode.LEAST_PRIVILEGE);
  }
}
