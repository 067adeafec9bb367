package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.adwriteback.security.Ace;
import org.adwriteback.security.ControlFlags;
import org.adwriteback.security.SddlContext;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Security descriptors and access checks of a running forest (AdSecurity through AdEngine and
 * AdInterceptor), observed over LDAP: inheritance on add, SD flags on reads and writes,
 * re-propagation, owners, memberOf, and refusals for a bound account.
 */
class AdSecurityTest {

  private static final String DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330";
  private static final char[] PASSWORD = "Corr3ct-Horse".toCharArray();
  private static final String USER_CLASS = "bf967aba-0de6-11d0-a285-00aa003049e2";
  private static final String DESCRIPTION = "bf967950-0de6-11d0-a285-00aa003049e2";

  static AdDirectory ad;

  @BeforeAll
  static void start() throws Exception {
    ad =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder().domainSid(DOMAIN_SID).build());
  }

  @AfterAll
  static void stop() {
    ad.close();
  }

  @AfterEach
  void reset() {
    ad.reset();
  }

  static Control sdFlags(int flags) {
    return new Control(
        AdInterceptor.SD_FLAGS_OID,
        true,
        new ASN1OctetString(new ASN1Sequence(new ASN1Integer(flags)).encode()));
  }

  static SecurityDescriptor read(LDAPConnection c, String dn, Control... controls)
      throws LDAPException {
    SearchRequest r =
        new SearchRequest(dn, SearchScope.BASE, "(objectClass=*)", "nTSecurityDescriptor");
    r.setControls(controls);
    SearchResultEntry e = c.searchForEntry(r);
    byte[] b = e.getAttributeValueBytes("nTSecurityDescriptor");
    return b == null ? null : SecurityDescriptor.fromBytes(b);
  }

  /** Adds explicit ACEs (SDDL) to the DACL, written with SD flags DACL only. */
  static void grant(LDAPConnection c, String dn, String aceSddl) throws LDAPException {
    SecurityDescriptor sd = read(c, dn, sdFlags(AdSecurity.DACL));
    List<Ace> aces = SecurityDescriptor.fromSddl("D:" + aceSddl, context()).dacl().get().aces();
    var dacl = sd.dacl().get();
    for (Ace a : aces) {
      dacl = dacl.add(0, a);
    }
    ModifyRequest m =
        new ModifyRequest(
            dn,
            new Modification(
                ModificationType.REPLACE, "nTSecurityDescriptor", sd.withDacl(dacl).toBytes()));
    m.addControl(sdFlags(AdSecurity.DACL));
    c.modify(m);
  }

  static SddlContext context() {
    return SddlContext.of(Sid.parse(DOMAIN_SID));
  }

  static String sidOf(LDAPConnection c, String dn) throws LDAPException {
    return Sid.fromBytes(c.getEntry(dn, "objectSid").getAttributeValueBytes("objectSid"))
        .toString();
  }

  static byte[] unicodePwd(String password) {
    return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
  }

  @Test
  void aNewObjectInheritsTheParentsInheritableAces() throws Exception {
    String ou = ad.addOu("Inherit");
    try (LDAPConnection admin = ad.connection()) {
      grant(admin, ou, "(OA;CI;WP;" + DESCRIPTION + ";" + USER_CLASS + ";S-1-5-32-548)");
      String user = ad.addUser(ou, "inh1");
      SecurityDescriptor sd = read(admin, user);
      assertThat(sd.toSddl(context()))
          .contains("(OA;CIID;WP;" + DESCRIPTION + ";" + USER_CLASS + ";AO)")
          .startsWith("O:DAG:DU");
      assertThat(sd.control().value() & ControlFlags.DACL_AUTO_INHERITED).isNotZero();
      String group = ad.addGroup(ou, "NotAUser");
      // not effective on a group: only the inherit-only copy that propagates further
      assertThat(read(admin, group).toSddl(context()))
          .doesNotContain("(OA;CIID;WP;" + DESCRIPTION)
          .contains("(OA;CIIOID;WP;" + DESCRIPTION + ";" + USER_CLASS + ";AO)");
    }
  }

  @Test
  void theDomainRootsInheritableAcesReachAnOu() throws Exception {
    String ou = ad.addOu("FromRoot");
    try (LDAPConnection admin = ad.connection()) {
      // (A;CI;...;;;EA) of domainDNS's defaultSecurityDescriptor
      assertThat(read(admin, ou).toSddl(context())).contains(";;;EA)").contains("(A;CIID;");
    }
  }

  @Test
  void sdFlagsSelectThePartsThatAreReturned() throws Exception {
    try (LDAPConnection admin = ad.connection()) {
      SecurityDescriptor all = read(admin, ad.domainDn());
      assertThat(all.owner()).isPresent();
      assertThat(all.sacl()).isPresent();
      SecurityDescriptor dacl = read(admin, ad.domainDn(), sdFlags(AdSecurity.DACL));
      assertThat(dacl.owner()).isEmpty();
      assertThat(dacl.group()).isEmpty();
      assertThat(dacl.sacl()).isEmpty();
      assertThat(dacl.dacl()).isEqualTo(all.dacl());
      assertThat(dacl.control().value()).isEqualTo(0x8404);
    }
  }

  @Test
  void aNonAdministratorReadsNoSacl() throws Exception {
    String ou = ad.addOu("Readers");
    ad.addUser(ou, "reader1", PASSWORD);
    try (LDAPConnection reader = ad.connectionAs("reader1@contoso.test", PASSWORD)) {
      SecurityDescriptor sd = read(reader, ad.domainDn());
      assertThat(sd.owner()).isPresent();
      assertThat(sd.dacl()).isPresent();
      assertThat(sd.sacl()).isEmpty();
    }
  }

  @Test
  void aDaclWriteChangesOnlyTheDaclAndPropagatesToExistingDescendants() throws Exception {
    String ou = ad.addOu("Prop");
    String inner = ad.addOu(ou, "Inner");
    String user = ad.addUser(inner, "prop1");
    try (LDAPConnection admin = ad.connection()) {
      SecurityDescriptor before = read(admin, ou);
      grant(admin, ou, "(A;CI;RP;;;S-1-5-32-550)");
      SecurityDescriptor after = read(admin, ou);
      assertThat(after.owner()).isEqualTo(before.owner());
      assertThat(after.sacl()).isEqualTo(before.sacl());
      assertThat(read(admin, inner).toSddl(context())).contains("(A;CIID;RP;;;PO)");
      assertThat(read(admin, user).toSddl(context())).contains("(A;CIID;RP;;;PO)");
    }
  }

  @Test
  void explicitAcesAreSortedOnWrite() throws Exception {
    String ou = ad.addOu("Sorted");
    try (LDAPConnection admin = ad.connection()) {
      grant(admin, ou, "(A;;RP;;;S-1-5-32-550)(D;;WP;;;S-1-5-32-550)");
      List<Ace> aces = read(admin, ou).dacl().get().explicitAces();
      assertThat(SecurityDescriptor.ofDacl(org.adwriteback.security.Acl.of(aces)).toSddl())
          .startsWith("D:(D;;WP;;;PO)");
    }
  }

  @Test
  void deletingTheDescriptorIsUnwillingToPerform() throws Exception {
    String ou = ad.addOu("NoDelete");
    try (LDAPConnection admin = ad.connection()) {
      assertThatThrownBy(
              () ->
                  admin.modify(
                      ou, new Modification(ModificationType.DELETE, "nTSecurityDescriptor")))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.UNWILLING_TO_PERFORM));
    }
  }

  @Test
  void theOwnerIsDomainAdminsForAnAdminAndTheCreatorOtherwise() throws Exception {
    String ou = ad.addOu("Owners");
    String creator = ad.addUser(ou, "creator1", PASSWORD);
    try (LDAPConnection admin = ad.connection()) {
      String sid = sidOf(admin, creator);
      grant(admin, ou, "(OA;;CC;" + USER_CLASS + ";;" + sid + ")");
      admin.add("CN=ByAdmin," + ou, new com.unboundid.ldap.sdk.Attribute("objectClass", "contact"));
      assertThat(read(admin, "CN=ByAdmin," + ou).owner()).contains(Sid.parse(DOMAIN_SID + "-512"));
      try (LDAPConnection c = ad.connectionAs("creator1@contoso.test", PASSWORD)) {
        c.add(
            "CN=ByCreator," + ou,
            new com.unboundid.ldap.sdk.Attribute("objectClass", "user"),
            new com.unboundid.ldap.sdk.Attribute("sAMAccountName", "bycreator"));
      }
      SecurityDescriptor sd = read(admin, "CN=ByCreator," + ou);
      assertThat(sd.owner()).contains(Sid.parse(sid));
      assertThat(sd.group()).contains(Sid.parse(DOMAIN_SID + "-513"));
    }
  }

  @Test
  void writesWithoutTheRightAreRefusedWithAdsDiagnostic() throws Exception {
    String ou = ad.addOu("Refused");
    String actor = ad.addUser(ou, "actor1", PASSWORD);
    String target = ad.addUser(ou, "target1");
    try (LDAPConnection c = ad.connectionAs("actor1@contoso.test", PASSWORD)) {
      assertThatThrownBy(
              () ->
                  c.modify(target, new Modification(ModificationType.REPLACE, "description", "x")))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS);
                assertThat(e.getDiagnosticMessage())
                    .isEqualTo(
                        "00002098: SecErr: DSID-03150E8B, problem 4003 (INSUFF_ACCESS_RIGHTS),"
                            + " data 0");
              });
      assertThatThrownBy(() -> c.delete(target))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
      assertThatThrownBy(
              () ->
                  c.add(
                      "OU=Sub," + ou,
                      new com.unboundid.ldap.sdk.Attribute("objectClass", "organizationalUnit")))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
      assertThatThrownBy(() -> grant(c, target, "(A;;RP;;;WD)"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
    }
    try (LDAPConnection admin = ad.connection()) {
      grant(admin, target, "(OA;;WP;" + DESCRIPTION + ";;" + sidOf(admin, actor) + ")");
    }
    try (LDAPConnection c = ad.connectionAs("actor1@contoso.test", PASSWORD)) {
      c.modify(target, new Modification(ModificationType.REPLACE, "description", "x"));
      assertThatThrownBy(
              () ->
                  c.modify(
                      target,
                      new Modification(ModificationType.REPLACE, "description", "y"),
                      new Modification(ModificationType.REPLACE, "displayName", "y")))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
    }
  }

  @Test
  void aGrantToAGroupReachesItsMembersThroughMemberOf() throws Exception {
    String ou = ad.addOu("Groups");
    String member = ad.addUser(ou, "member1", PASSWORD);
    String target = ad.addUser(ou, "target2", PASSWORD);
    String group = ad.addGroup(ou, "Resetters");
    String outer = ad.addGroup(ou, "Outer", group);
    try (LDAPConnection admin = ad.connection()) {
      admin.modify(group, new Modification(ModificationType.ADD, "member", member));
      assertThat(admin.getEntry(member, "memberOf").getAttributeValues("memberOf"))
          .containsExactly(group);
      grant(
          admin,
          target,
          "(OA;;CR;00299570-246d-11d0-a768-00aa006e0529;;" + sidOf(admin, outer) + ")");
    }
    try (LDAPConnection c = ad.connectionAs("member1@contoso.test", PASSWORD)) {
      c.modify(
          target,
          new Modification(ModificationType.REPLACE, "unicodePwd", unicodePwd("N3w-Pass!")));
    }
    try (LDAPConnection admin = ad.connection()) {
      admin.modify(group, new Modification(ModificationType.DELETE, "member", member));
      assertThat(admin.getEntry(member, "memberOf").hasAttribute("memberOf")).isFalse();
    }
    try (LDAPConnection c = ad.connectionAs("member1@contoso.test", PASSWORD)) {
      assertThatThrownBy(
              () ->
                  c.modify(
                      target,
                      new Modification(
                          ModificationType.REPLACE, "unicodePwd", unicodePwd("N3w-Pass!2"))))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
    }
  }

  @Test
  void anAccountChangesItsOwnPasswordButCannotResetIt() throws Exception {
    String ou = ad.addOu("Self");
    String self = ad.addUser(ou, "self1", PASSWORD);
    try (LDAPConnection c = ad.connectionAs("self1@contoso.test", PASSWORD)) {
      assertThatThrownBy(
              () ->
                  c.modify(
                      self,
                      new Modification(
                          ModificationType.REPLACE, "unicodePwd", unicodePwd("N3w-Pass!"))))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
      c.modify(
          self,
          new Modification(ModificationType.DELETE, "unicodePwd", unicodePwd(new String(PASSWORD))),
          new Modification(ModificationType.ADD, "unicodePwd", unicodePwd("N3w-Pass!")));
    }
    ad.connectionAs("self1@contoso.test", "N3w-Pass!".toCharArray()).close();
  }

  @Test
  void anAnonymousUpdateNeedsABind() throws Exception {
    String ou = ad.addOu("Anon");
    try (LDAPConnection c = ad.unboundConnection(true)) {
      assertThatThrownBy(
              () -> c.modify(ou, new Modification(ModificationType.REPLACE, "description", "x")))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.OPERATIONS_ERROR);
                assertThat(e.getDiagnosticMessage()).startsWith("000004DC");
              });
    }
  }

  @Test
  void withoutAclEnforcementAnyBoundAccountMayWrite() throws Exception {
    try (AdDirectory open =
        AdDirectory.start(
            AdConfiguration.forest("open.test").toBuilder()
                .without(AdFeature.ACL_ENFORCEMENT)
                .build())) {
      String ou = open.addOu("Open");
      open.addUser(ou, "anyone", PASSWORD);
      String target = open.addUser(ou, "target3");
      try (LDAPConnection c = open.connectionAs("anyone@open.test", PASSWORD)) {
        c.modify(target, new Modification(ModificationType.REPLACE, "description", "x"));
      }
      try (LDAPConnection admin = open.connection()) {
        assertThat(read(admin, target)).isNotNull();
      }
    }
  }
}
