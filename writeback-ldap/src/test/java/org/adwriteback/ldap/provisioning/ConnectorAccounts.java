package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.adwriteback.ldap.preparation.AccountResolver;
import org.adwriteback.ldap.preparation.DirectoryPreparer;
import org.adwriteback.ldap.preparation.DomainSessions;
import org.adwriteback.ldap.preparation.Forest;
import org.adwriteback.ldap.preparation.ForestDiscovery;
import org.adwriteback.ldap.preparation.LdapSession;
import org.adwriteback.ldap.preparation.PreparationReport;
import org.adwriteback.ldap.preparation.ResolvedAccount;
import org.adwriteback.preparation.PermissionMode;
import org.adwriteback.preparation.PreparationPlan;
import org.adwriteback.preparation.PreparationPlanner;
import org.adwriteback.preparation.PreparationRequest;
import org.adwriteback.preparation.WritebackFeature;

/**
 * Creates a connector account and prepares the directory for it with the product's own preparation
 * ({@link PreparationPlanner} and {@link DirectoryPreparer}), as an administrator would before the
 * first writeback.
 */
final class ConnectorAccounts {

  /** The password of the connector accounts. */
  static final String PASSWORD = "Svc#Passw0rd1";

  /** The features the writeback scenarios need. */
  static final List<WritebackFeature> FEATURES =
      List.of(
          WritebackFeature.PASSWORD,
          WritebackFeature.CONSISTENCY_GUID,
          WritebackFeature.EXCHANGE_HYBRID,
          WritebackFeature.USER,
          WritebackFeature.GROUP,
          WritebackFeature.DEVICE);

  private ConnectorAccounts() {}

  /**
   * Adds {@code CN=<name>,<root>} and grants it the writeback features in {@code mode}: password,
   * consistency-guid and Exchange hybrid scoped to {@code root}, user writeback to {@code users},
   * group writeback to {@code groups}, device writeback domain-wide.
   *
   * @return the account
   */
  static WritebackScenarios.Account prepare(
      LDAPConnection admin, String root, String users, String groups, PermissionMode mode)
      throws Exception {
    String name = WritebackScenarios.uniqueName("svc");
    String dn = "CN=" + name + "," + root;
    admin.add(
        dn,
        new Attribute("objectClass", "user"),
        new Attribute("sAMAccountName", name),
        new Attribute("unicodePwd", ('"' + PASSWORD + '"').getBytes(StandardCharsets.UTF_16LE)),
        new Attribute("userAccountControl", "512"));
    DomainSessions sessions = DomainSessions.single(LdapSession.of(admin));
    Forest forest = ForestDiscovery.discover(sessions, ForestDiscovery.Scope.HOME_DOMAIN);
    PreparationRequest.Builder b =
        PreparationRequest.builder(dn).features(FEATURES).mode(mode).userOu(users).groupOu(groups);
    for (WritebackFeature f :
        List.of(
            WritebackFeature.PASSWORD,
            WritebackFeature.CONSISTENCY_GUID,
            WritebackFeature.EXCHANGE_HYBRID)) {
      b.scope(f, List.of(root));
    }
    PreparationRequest request = b.build();
    ResolvedAccount account = AccountResolver.resolve(sessions, forest, request.account());
    PreparationPlan plan = PreparationPlanner.plan(request, forest.facts(account));
    PreparationReport report = new DirectoryPreparer(sessions, forest).apply(plan);
    if (report.changedSteps().isEmpty()) {
      throw new IllegalStateException("the preparation changed nothing: " + report);
    }
    return new WritebackScenarios.Account(dn, PASSWORD);
  }
}
