package org.adwriteback.ldap.preparation;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.List;
import org.adwriteback.ldap.SecurityDescriptorFlagsControl;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.preparation.PreparationException;
import org.adwriteback.preparation.PreparationPlan;
import org.adwriteback.preparation.PreparationPlanner;
import org.adwriteback.preparation.PreparationRequest;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;

/**
 * One in-memory forest (the testkit) with a lab: a connector account, a user OU with a user, a
 * group OU. Shared by the default-build preparation tests; each test makes its own lab OU.
 */
final class TestkitLab implements AutoCloseable {

  static final char[] PASSWORD = "Kx#9mPq2wLz".toCharArray();

  final AdDirectory ad;
  final LDAPConnection admin;
  final DomainSessions sessions;
  final Forest forest;
  private int labs;

  TestkitLab() throws LDAPException, WritebackException {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
    admin = ad.connection();
    sessions = DomainSessions.single(LdapSession.of(admin));
    forest = ForestDiscovery.discover(sessions, ForestDiscovery.Scope.HOME_DOMAIN);
  }

  /** The DNs of one lab. */
  record Lab(String ou, String account, String users, String user, String groups) {}

  Lab lab() throws LDAPException {
    String name = "Lab" + (++labs);
    String ou = ad.addOu(name);
    String account = ad.addUser(ou, "svc" + labs, PASSWORD);
    String users = ad.addOu(ou, "Users");
    String user = ad.addUser(users, "alice" + labs, "Tr#4nGq8vBn".toCharArray());
    String groups = ad.addOu(ou, "Groups");
    return new Lab(ou, account, users, user, groups);
  }

  PreparationRequest.Builder request(Lab lab, WritebackFeature... features) {
    PreparationRequest.Builder b = PreparationRequest.builder(lab.account()).features(features);
    for (WritebackFeature f : features) {
      if (f != WritebackFeature.DEVICE
          && f != WritebackFeature.HYBRID_JOIN
          && f != WritebackFeature.RESTRICTED_ACCOUNT) {
        b.scope(f, List.of(f == WritebackFeature.GROUP ? lab.groups() : lab.users()));
      }
    }
    return b.groupOu(lab.groups()).userOu(lab.users());
  }

  ResolvedAccount account(Lab lab) throws WritebackException {
    return AccountResolver.resolve(sessions, forest, lab.account());
  }

  PreparationPlan plan(PreparationRequest request) throws WritebackException, PreparationException {
    ResolvedAccount account = AccountResolver.resolve(sessions, forest, request.account());
    return PreparationPlanner.plan(request, forest.facts(account));
  }

  /** The stored descriptor bytes (DACL-only read). */
  byte[] rawSd(String dn) throws LDAPException {
    SearchRequest r =
        new SearchRequest(dn, SearchScope.BASE, "(objectClass=*)", "nTSecurityDescriptor");
    r.addControl(SecurityDescriptorFlagsControl.daclOnly());
    return admin.searchForEntry(r).getAttributeValueBytes("nTSecurityDescriptor");
  }

  SecurityDescriptor sd(String dn) throws LDAPException {
    return SecurityDescriptor.fromBytes(rawSd(dn));
  }

  void writeSd(String dn, SecurityDescriptor sd) throws LDAPException {
    admin.modify(
        dn, new Modification(ModificationType.REPLACE, "nTSecurityDescriptor", sd.toBytes()));
  }

  @Override
  public void close() {
    admin.close();
    ad.close();
  }
}
