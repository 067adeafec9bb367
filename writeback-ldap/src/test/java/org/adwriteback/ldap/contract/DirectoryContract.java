package org.adwriteback.ldap.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.AssertionRequestControl;
import com.unboundid.ldap.sdk.controls.PreReadRequestControl;
import com.unboundid.ldap.sdk.controls.PreReadResponseControl;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.adwriteback.ldap.SecurityDescriptorFlagsControl;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.Acl;
import org.adwriteback.security.KnownAce;
import org.adwriteback.security.ObjectAce;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The directory contract: scenarios that writeback and provisioning code relies on, run against the
 * in-memory testkit in the default build ({@code TestkitDirectoryContractTest}) and against a Samba
 * AD DC in the integration suite ({@code SambaDirectoryContractTest}), so that the fidelity table
 * of writeback-testkit/README.md is measured rather than claimed. Each scenario works in a fresh OU
 * under the domain root, made and removed by Administrator over LDAPS.
 *
 * <p>Where Samba and Windows differ (unicodePwd over plain LDAP with {@code ldap server require
 * strong auth = no}), the subclass says which behaviour its directory has.
 */
abstract class DirectoryContract {

  /** User-Force-Change-Password (Reset Password), MS-ADTS 5.1.3.2.1. */
  static final UUID RESET_PASSWORD = UUID.fromString("00299570-246d-11d0-a768-00aa006e0529");

  static final UUID USER_CLASS = UUID.fromString("bf967aba-0de6-11d0-a285-00aa003049e2");
  static final UUID DESCRIPTION = UUID.fromString("bf967950-0de6-11d0-a285-00aa003049e2");
  static final String PASSWORD = "Contr4ct#Pass";

  /** The domain naming context. */
  abstract String baseDn();

  /** An LDAPS connection bound as the domain Administrator. */
  abstract LDAPConnection admin() throws LDAPException;

  /** An LDAPS connection bound as the account (DN). */
  abstract LDAPConnection ldapsAs(String dn, String password) throws LDAPException;

  /** A plain LDAP connection bound as the domain Administrator. */
  abstract LDAPConnection plainAdmin() throws LDAPException;

  /** A plain LDAP connection that has not bound. */
  abstract LDAPConnection anonymous() throws LDAPException;

  /** Does the directory refuse unicodePwd writes over plain LDAP (Windows: yes)? */
  abstract boolean refusesPasswordWritesOverPlainLdap();

  /**
   * Does the directory evaluate {@code (X~=Y)} as {@code (X=Y)} (Windows: yes, MS-ADTS
   * 3.1.1.3.1.3.1; Samba 4.17: no, operationsError)?
   */
  abstract boolean approximateMatchIsEquality();

  /**
   * The result codes a directory answers where Windows and Samba 4.17 differ, each refusal the
   * contract checks.
   *
   * @param multipleValuesOfASingleValuedAttribute two values of a single-valued attribute (Windows:
   *     constraintViolation, MS-ADTS 3.1.1.5.1.1; Samba: attributeOrValueExists)
   * @param anAttributeTheSchemaDoesNotDefine (Windows: undefinedAttributeType with {@code 00000057
   *     ... Error in attribute conversion operation}; Samba: noSuchAttribute)
   * @param aValueOutsideItsRange outside rangeLower..rangeUpper (Windows: constraintViolation /
   *     ERROR_DS_RANGE_CONSTRAINT; Samba: invalidAttributeSyntax)
   * @param deletingABuiltInObject (Windows: unwillingToPerform / ERROR_DS_CANT_DELETE; Samba:
   *     other, from its samldb module)
   * @param anAddNamedByAnotherAttribute an RDN attribute that is not the class's rDNAttID (Windows
   *     and Samba: namingViolation, MS-ADTS 3.1.1.3.1.2.3)
   * @param aRenameToAnotherAttribute the same in a Modify DN (Windows: namingViolation; Samba:
   *     unwillingToPerform)
   */
  record Answers(
      ResultCode multipleValuesOfASingleValuedAttribute,
      ResultCode anAttributeTheSchemaDoesNotDefine,
      ResultCode aValueOutsideItsRange,
      ResultCode deletingABuiltInObject,
      ResultCode anAddNamedByAnotherAttribute,
      ResultCode aRenameToAnotherAttribute) {

    /** Windows AD as MS-ADTS describes it, and the testkit. */
    static final Answers WINDOWS =
        new Answers(
            ResultCode.CONSTRAINT_VIOLATION,
            ResultCode.UNDEFINED_ATTRIBUTE_TYPE,
            ResultCode.CONSTRAINT_VIOLATION,
            ResultCode.UNWILLING_TO_PERFORM,
            ResultCode.NAMING_VIOLATION,
            ResultCode.NAMING_VIOLATION);

    /** Samba 4.17, measured. */
    static final Answers SAMBA =
        new Answers(
            ResultCode.ATTRIBUTE_OR_VALUE_EXISTS,
            ResultCode.NO_SUCH_ATTRIBUTE,
            ResultCode.INVALID_ATTRIBUTE_SYNTAX,
            ResultCode.OTHER,
            ResultCode.NAMING_VIOLATION,
            ResultCode.UNWILLING_TO_PERFORM);
  }

  /** How this directory answers where Windows and Samba differ. */
  abstract Answers answers();

  /** Checks the diagnostic message of an insufficientAccessRights refusal. */
  abstract void assertInsufficientAccessDiagnostic(String diagnosticMessage);

  private String ou;

  @BeforeEach
  void makeOu() throws LDAPException {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    ou = "OU=contract-" + HexFormat.of().formatHex(random) + "," + baseDn();
    try (LDAPConnection admin = admin()) {
      admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
    }
  }

  @AfterEach
  void removeOu() throws LDAPException {
    try (LDAPConnection admin = admin()) {
      var delete = new com.unboundid.ldap.sdk.DeleteRequest(ou);
      delete.addControl(new com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl(true));
      admin.delete(delete);
    }
  }

  // ---------------------------------------------------------------- helpers

  static byte[] unicodePwd(String password) {
    return ('"' + password + '"').getBytes(StandardCharsets.UTF_16LE);
  }

  String addOu(LDAPConnection admin, String name) throws LDAPException {
    String dn = "OU=" + name + "," + ou;
    admin.add(dn, new Attribute("objectClass", "organizationalUnit"));
    return dn;
  }

  String addUser(LDAPConnection admin, String parent, String name) throws LDAPException {
    String dn = "CN=" + name + "," + parent;
    admin.add(
        dn,
        new Attribute("objectClass", "user"),
        new Attribute("sAMAccountName", name + "-" + ou.substring(12, 16)),
        new Attribute("unicodePwd", unicodePwd(PASSWORD)),
        new Attribute("userAccountControl", "512"));
    return dn;
  }

  static Sid sid(LDAPConnection c, String dn) throws LDAPException {
    return Sid.fromBytes(c.getEntry(dn, "objectSid").getAttributeValueBytes("objectSid"));
  }

  static SecurityDescriptor dacl(LDAPConnection c, String dn) throws LDAPException {
    SearchRequest r =
        new SearchRequest(dn, SearchScope.BASE, "(objectClass=*)", "nTSecurityDescriptor");
    r.addControl(SecurityDescriptorFlagsControl.daclOnly());
    return SecurityDescriptor.fromBytes(
        c.searchForEntry(r).getAttributeValueBytes("nTSecurityDescriptor"));
  }

  /** Adds an explicit ACE to the object's DACL, written with SD flags DACL only. */
  static void grant(LDAPConnection c, String dn, Ace ace) throws LDAPException {
    SecurityDescriptor sd = dacl(c, dn);
    Acl next = sd.dacl().orElse(Acl.empty()).add(0, ace);
    ModifyRequest m =
        new ModifyRequest(
            dn,
            new Modification(
                ModificationType.REPLACE, "nTSecurityDescriptor", sd.withDacl(next).toBytes()));
    m.addControl(SecurityDescriptorFlagsControl.daclOnly());
    c.modify(m);
  }

  static Ace ace(String sddl) {
    return SecurityDescriptor.fromSddl("D:" + sddl).dacl().get().get(0);
  }

  static List<Ace> inheritedFor(SecurityDescriptor sd, Sid trustee) {
    return sd.dacl().get().aces().stream()
        .filter(a -> a.isInherited() && a instanceof KnownAce k && k.sid().equals(trustee))
        .toList();
  }

  void assertInsufficientAccess(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            LDAPException.class,
            e -> {
              assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS);
              assertInsufficientAccessDiagnostic(e.getDiagnosticMessage());
            });
  }

  // ---------------------------------------------------------------- scenarios

  @Test
  void aDelegatedPasswordResetIsAllowed() throws Exception {
    String target;
    String svc;
    try (LDAPConnection admin = admin()) {
      String people = addOu(admin, "People");
      target = addUser(admin, people, "target");
      svc = addUser(admin, ou, "svc");
      grant(
          admin,
          people,
          ace("(OA;CI;CR;" + RESET_PASSWORD + ";" + USER_CLASS + ";" + sid(admin, svc) + ")"));
    }
    try (LDAPConnection c = ldapsAs(svc, PASSWORD)) {
      c.modify(
          target,
          new Modification(ModificationType.REPLACE, "unicodePwd", unicodePwd("R3set#Pw1")));
    }
    ldapsAs(target, "R3set#Pw1").close();
  }

  @Test
  void aPasswordResetWithoutDelegationIsRefused() throws Exception {
    String target;
    String svc;
    try (LDAPConnection admin = admin()) {
      target = addUser(admin, addOu(admin, "People"), "target");
      svc = addUser(admin, ou, "svc");
    }
    try (LDAPConnection c = ldapsAs(svc, PASSWORD)) {
      assertInsufficientAccess(
          () ->
              c.modify(
                  target,
                  new Modification(
                      ModificationType.REPLACE, "unicodePwd", unicodePwd("R3set#Pw1"))));
    }
  }

  @Test
  void anInheritableAceAppearsOnANewChild() throws Exception {
    try (LDAPConnection admin = admin()) {
      String people = addOu(admin, "People");
      Sid svc = sid(admin, addUser(admin, ou, "svc"));
      grant(admin, people, ace("(OA;CI;WP;" + DESCRIPTION + ";" + USER_CLASS + ";" + svc + ")"));
      String child = addUser(admin, people, "child");
      List<Ace> inherited = inheritedFor(dacl(admin, child), svc);
      assertThat(inherited).hasSize(1);
      ObjectAce o = (ObjectAce) inherited.get(0);
      assertThat(o.objectType()).contains(DESCRIPTION);
      assertThat(o.mask().containsAll(AccessMask.WRITE_PROPERTY)).isTrue();
    }
  }

  @Test
  void aDaclChangePropagatesToAnExistingChild() throws Exception {
    try (LDAPConnection admin = admin()) {
      String people = addOu(admin, "People");
      String inner = addOu(admin, "Inner,OU=People");
      String child = addUser(admin, inner, "child");
      Sid svc = sid(admin, addUser(admin, ou, "svc"));
      assertThat(inheritedFor(dacl(admin, child), svc)).isEmpty();
      grant(admin, people, ace("(A;CI;RP;;;" + svc + ")"));
      assertThat(inheritedFor(dacl(admin, inner), svc)).hasSize(1);
      assertThat(inheritedFor(dacl(admin, child), svc)).hasSize(1);
    }
  }

  @Test
  void aWriteWithoutTheRightIsRefusedAndAllowedOnceGranted() throws Exception {
    String target;
    String svc;
    try (LDAPConnection admin = admin()) {
      target = addUser(admin, ou, "target");
      svc = addUser(admin, ou, "svc");
    }
    try (LDAPConnection c = ldapsAs(svc, PASSWORD)) {
      assertInsufficientAccess(
          () ->
              c.modify(
                  target, new Modification(ModificationType.REPLACE, "description", "contract")));
    }
    try (LDAPConnection admin = admin()) {
      grant(admin, target, ace("(OA;;WP;" + DESCRIPTION + ";;" + sid(admin, svc) + ")"));
    }
    try (LDAPConnection c = ldapsAs(svc, PASSWORD)) {
      c.modify(target, new Modification(ModificationType.REPLACE, "description", "contract"));
      assertThat(c.getEntry(target, "description").getAttributeValue("description"))
          .isEqualTo("contract");
    }
  }

  @Test
  void unicodePwdOverPlainLdap() throws Exception {
    String target;
    try (LDAPConnection admin = admin()) {
      target = addUser(admin, ou, "target");
    }
    Modification reset =
        new Modification(ModificationType.REPLACE, "unicodePwd", unicodePwd("Pl4in#Pw1x"));
    try (LDAPConnection plain = plainAdmin()) {
      if (refusesPasswordWritesOverPlainLdap()) {
        assertThatThrownBy(() -> plain.modify(target, reset))
            .isInstanceOfSatisfying(
                LDAPException.class,
                e -> {
                  assertThat(e.getResultCode()).isEqualTo(ResultCode.UNWILLING_TO_PERFORM);
                  assertThat(e.getDiagnosticMessage()).startsWith("0000001F");
                });
      } else {
        plain.modify(target, reset);
        ldapsAs(target, "Pl4in#Pw1x").close();
      }
    }
  }

  @Test
  void anAnonymousConnectionReadsTheRootDseAndNothingElse() throws Exception {
    try (LDAPConnection anonymous = anonymous()) {
      assertThat(anonymous.getRootDSE().getAttributeValue("defaultNamingContext"))
          .isEqualToIgnoringCase(baseDn());
      assertThatThrownBy(() -> anonymous.search(baseDn(), SearchScope.BASE, "(objectClass=*)"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.OPERATIONS_ERROR));
      assertThatThrownBy(
              () -> anonymous.search(baseDn(), SearchScope.SUB, "(sAMAccountName=Administrator)"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.OPERATIONS_ERROR));
    }
  }

  // ---------------------------------------------------------------- links

  static List<String> normalized(LDAPConnection c, String dn, String attr) throws LDAPException {
    String[] v = c.getEntry(dn, attr).getAttributeValues(attr);
    List<String> out = new ArrayList<>();
    if (v != null) {
      for (String s : v) {
        out.add(new DN(s).toNormalizedString());
      }
    }
    return out;
  }

  static String norm(String dn) throws LDAPException {
    return new DN(dn).toNormalizedString();
  }

  /** Adds a global security group named {@code team} under the scenario OU. */
  String addTeam(LDAPConnection admin, Attribute... attributes) throws LDAPException {
    return addGroup(admin, "team", attributes);
  }

  /** Adds a global security group named {@code name} under the scenario OU. */
  String addGroup(LDAPConnection admin, String name, Attribute... attributes) throws LDAPException {
    String dn = "CN=" + name + "," + ou;
    List<Attribute> all = new ArrayList<>();
    all.add(new Attribute("objectClass", "group"));
    all.add(new Attribute("sAMAccountName", name + "-" + ou.substring(12, 16)));
    all.addAll(List.of(attributes));
    admin.add(dn, all);
    return dn;
  }

  @Test
  void theLinksToADeletedObjectDisappear() throws Exception {
    try (LDAPConnection admin = admin()) {
      String boss = addUser(admin, ou, "boss");
      String worker = addUser(admin, ou, "worker");
      String other = addUser(admin, ou, "other");
      String group =
          addTeam(admin, new Attribute("member", boss, other), new Attribute("managedBy", boss));
      admin.modify(worker, new Modification(ModificationType.REPLACE, "manager", boss));
      admin.delete(boss);
      assertThat(normalized(admin, group, "member")).containsExactly(norm(other));
      assertThat(normalized(admin, group, "managedBy")).isEmpty();
      assertThat(normalized(admin, worker, "manager")).isEmpty();
      assertThat(normalized(admin, other, "memberOf")).containsExactly(norm(group));
    }
  }

  @Test
  void memberOfIsReadFilteredAndComparedAndAMembershipLeavesTheMemberUnchanged() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "mu");
      String v = addUser(admin, ou, "mv");
      String w = addUser(admin, ou, "mw");
      String usnBefore = admin.getEntry(v, "uSNChanged").getAttributeValue("uSNChanged");
      String team = addTeam(admin, new Attribute("member", u, v));
      String other = addGroup(admin, "other", new Attribute("member", u));
      // the member's object is not written: memberOf is a back link (MS-ADTS 3.1.1.2.2.3)
      assertThat(admin.getEntry(v, "uSNChanged").getAttributeValue("uSNChanged"))
          .isEqualTo(usnBefore);
      assertThat(admin.getEntry(u).getAttributeValues("memberOf"))
          .extracting(DirectoryContract::norm)
          .containsExactlyInAnyOrder(norm(team), norm(other));
      assertThat(dns(admin, "(memberOf=" + team.toLowerCase(Locale.ROOT) + ")"))
          .containsExactlyInAnyOrder(norm(u), norm(v));
      assertThat(dns(admin, "(&(objectClass=user)(!(memberOf=" + team + ")))"))
          .containsExactly(norm(w));
      assertThat(dns(admin, "(&(objectClass=user)(memberOf=*))"))
          .containsExactlyInAnyOrder(norm(u), norm(v));
      assertThat(admin.compare(u, "memberOf", other).compareMatched()).isTrue();
      assertThat(admin.compare(v, "memberOf", other).compareMatched()).isFalse();
    }
  }

  @Test
  void theLinksOfAMovedObjectNameItsNewDn() throws Exception {
    try (LDAPConnection admin = admin()) {
      String from = addOu(admin, "from");
      String to = addOu(admin, "to");
      String u = addUser(admin, from, "mover");
      String worker = addUser(admin, ou, "worker");
      String group = addTeam(admin, new Attribute("member", u));
      admin.modify(worker, new Modification(ModificationType.REPLACE, "manager", u));
      admin.modifyDN(u, "CN=moved", true, to);
      String moved = "CN=moved," + to;
      assertThat(normalized(admin, group, "member")).containsExactly(norm(moved));
      assertThat(normalized(admin, worker, "manager")).containsExactly(norm(moved));
      assertThat(normalized(admin, moved, "memberOf")).containsExactly(norm(group));
    }
  }

  @Test
  void aRenameThatKeepsTheOldRdnIsRefusedAndChangesNothing() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "keeper");
      // MS-ADTS 3.1.1.5.4.1.2: deleteOldRdn must be TRUE (ldapmodrdn without -r sends FALSE)
      assertThatThrownBy(() -> admin.modifyDN(u, "CN=kept", false))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.UNWILLING_TO_PERFORM));
      assertThat(admin.getEntry(u, "cn").getAttributeValues("cn")).containsExactly("keeper");
      assertThat(admin.getEntry("CN=kept," + ou)).isNull();
      admin.modifyDN(u, "CN=kept", true);
      assertThat(admin.getEntry("CN=kept," + ou, "cn").getAttributeValues("cn"))
          .containsExactly("kept");
    }
  }

  @Test
  void anExtendedOperationTheDirectoryDoesNotSupportIsAProtocolError() throws Exception {
    try (LDAPConnection admin = admin()) {
      // Password Modify (RFC 3062), which OpenLDAP's ldappasswd sends: AD has no such operation
      ResultCode code;
      try {
        code =
            admin
                .processExtendedOperation(
                    new com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest(
                        "New-Passw0rd!x"))
                .getResultCode();
      } catch (LDAPException e) {
        code = e.getResultCode();
      }
      assertThat(code).isEqualTo(ResultCode.PROTOCOL_ERROR);
    }
  }

  private static void assertRefusedWith(
      ResultCode code, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            LDAPException.class, e -> assertThat(e.getResultCode()).isEqualTo(code));
  }

  @Test
  void anObjectCategoryGivenAsAClassNameStandsForItsDefaultCategory() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "categorized");
      String group = addTeam(admin);
      // MS-ADTS 3.1.1.3.1.3.5: user's and person's defaultObjectCategory is Person
      for (String name : List.of("person", "user", "PERSON")) {
        assertThat(dns(admin, "(objectCategory=" + name + ")")).as(name).containsExactly(norm(u));
      }
      assertThat(dns(admin, "(&(objectCategory=person)(objectClass=user))"))
          .containsExactly(norm(u));
      assertThat(dns(admin, "(objectCategory=group)")).containsExactly(norm(group));
      assertThat(dns(admin, "(objectCategory=noSuchClassName)")).isEmpty();
    }
  }

  private List<String> dns(LDAPConnection c, String filter) throws LDAPException {
    List<String> out = new ArrayList<>();
    for (var e : c.search(ou, SearchScope.SUB, filter, "1.1").getSearchEntries()) {
      out.add(norm(e.getDN()));
    }
    return out;
  }

  @Test
  void anObjectGoesOnlyUnderAPossibleSuperior() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "parent");
      String group = addTeam(admin);
      // a user is no possible superior of a user, nor a group of an OU (structure rules)
      assertRefusedWith(
          ResultCode.NAMING_VIOLATION,
          () ->
              admin.add(
                  "CN=child," + u,
                  new Attribute("objectClass", "user"),
                  new Attribute("sAMAccountName", "child-" + ou.substring(12, 16))));
      assertRefusedWith(
          ResultCode.NAMING_VIOLATION,
          () -> admin.add("OU=inner," + group, new Attribute("objectClass", "organizationalUnit")));
      assertRefusedWith(
          ResultCode.NAMING_VIOLATION, () -> admin.modifyDN(group, "CN=moved", true, u));
      assertThat(admin.getEntry(group)).isNotNull();
      // and where they may go, they do: a contact and a group in an OU, an OU in an OU
      String inner = addOu(admin, "inner");
      admin.add("CN=c1," + inner, new Attribute("objectClass", "contact"));
      admin.modifyDN(group, "CN=moved", true, inner);
      assertThat(admin.getEntry("CN=moved," + inner)).isNotNull();
    }
  }

  @Test
  void theNameAndTheBackLinksAreNotWrittenDirectly() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "named");
      String group = addTeam(admin, new Attribute("member", u));
      assertRefusedWith(
          ResultCode.NOT_ALLOWED_ON_RDN,
          () -> admin.modify(u, new Modification(ModificationType.REPLACE, "name", "other")));
      assertRefusedWith(
          ResultCode.UNWILLING_TO_PERFORM,
          () -> admin.modify(u, new Modification(ModificationType.DELETE, "memberOf")));
      assertRefusedWith(
          ResultCode.UNWILLING_TO_PERFORM,
          () -> admin.modify(u, new Modification(ModificationType.ADD, "memberOf", group)));
      assertThat(admin.getEntry(u, "name").getAttributeValue("name")).isEqualTo("named");
      assertThat(normalized(admin, u, "memberOf")).containsExactly(norm(group));
    }
  }

  @Test
  void addingAMemberTwiceOrRemovingANonMemberIsRefused() throws Exception {
    try (LDAPConnection admin = admin()) {
      String in = addUser(admin, ou, "in");
      String out = addUser(admin, ou, "out");
      String group = addTeam(admin, new Attribute("member", in));
      assertRefusedWith(
          ResultCode.ENTRY_ALREADY_EXISTS,
          () -> admin.modify(group, new Modification(ModificationType.ADD, "member", in)));
      assertRefusedWith(
          ResultCode.UNWILLING_TO_PERFORM,
          () -> admin.modify(group, new Modification(ModificationType.DELETE, "member", out)));
      // nothing of a refused modify is applied, a valid one is
      assertRefusedWith(
          ResultCode.ENTRY_ALREADY_EXISTS,
          () -> admin.modify(group, new Modification(ModificationType.ADD, "member", out, in)));
      assertThat(normalized(admin, group, "member")).containsExactly(norm(in));
      admin.modify(group, new Modification(ModificationType.ADD, "member", out));
      admin.modify(group, new Modification(ModificationType.DELETE, "member", in));
      assertThat(normalized(admin, group, "member")).containsExactly(norm(out));
    }
  }

  @Test
  void aSearchBelowTheRootDseFindsNoObject() throws Exception {
    try (LDAPConnection admin = admin()) {
      for (SearchScope scope : List.of(SearchScope.ONE, SearchScope.SUB)) {
        assertThatThrownBy(() -> admin.search("", scope, "(objectClass=*)", "1.1"))
            .as(scope.getName())
            .isInstanceOfSatisfying(
                LDAPException.class,
                e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT));
      }
      assertThat(admin.getEntry("", "defaultNamingContext")).isNotNull();
    }
  }

  @Test
  void anObjectIsNamedByItsGuidOrSidInsteadOfItsDn() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "aliased");
      var e = admin.getEntry(u, "objectGUID", "objectSid");
      byte[] guid = e.getAttributeValueBytes("objectGUID");
      String hexGuid = HexFormat.of().formatHex(guid);
      String dashedGuid = org.adwriteback.security.GuidBytes.fromBytes(guid).toString();
      String sid = Sid.fromBytes(e.getAttributeValueBytes("objectSid")).toString();
      // MS-ADTS 3.1.1.3.1.2.4: <GUID=...> (hex in stored order or dashed), <SID=...>, <WKGUID=...>
      for (String alias :
          List.of("<GUID=" + hexGuid + ">", "<GUID=" + dashedGuid + ">", "<SID=" + sid + ">")) {
        assertThat(norm(admin.getEntry(alias, "1.1").getDN())).as(alias).isEqualTo(norm(u));
      }
      admin.modify(
          "<SID=" + sid + ">",
          new Modification(ModificationType.REPLACE, "description", "written via its SID"));
      assertThat(admin.getEntry(u, "description").getAttributeValue("description"))
          .isEqualTo("written via its SID");
      // the well-known GUID of the Users container (MS-ADTS 6.1.1.4)
      assertThat(
              norm(
                  admin
                      .getEntry("<WKGUID=a9d1ca15768811d1aded00c04fd8d5cd," + baseDn() + ">", "1.1")
                      .getDN()))
          .isEqualTo(norm("CN=Users," + baseDn()));
      admin.delete("<GUID=" + hexGuid + ">");
      assertThat(admin.getEntry(u)).isNull();
      assertThatThrownBy(
              () -> admin.search("<GUID=" + hexGuid + ">", SearchScope.BASE, "(objectClass=*)"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              ex -> assertThat(ex.getResultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT));
    }
  }

  @Test
  void approximateMatchIsEqualityAndASidFilterTakesTheStringForm() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "approximate");
      String sid = sid(admin, u).toString();
      assertThat(dns(admin, "(objectSid=" + sid + ")")).containsExactly(norm(u));
      if (approximateMatchIsEquality()) {
        // MS-ADTS 3.1.1.3.1.3.1: (X~=Y) is (X=Y), no approximation
        assertThat(dns(admin, "(cn~=APPROXIMATE)")).containsExactly(norm(u));
        assertThat(dns(admin, "(cn~=approx)")).isEmpty();
      } else {
        assertThatThrownBy(() -> dns(admin, "(cn~=APPROXIMATE)")).isInstanceOf(LDAPException.class);
      }
    }
  }

  @Test
  void theIncrementModificationIsNotSupported() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "counted");
      assertRefusedWith(
          ResultCode.PROTOCOL_ERROR,
          () -> admin.modify(u, new Modification(ModificationType.INCREMENT, "logonCount", "1")));
    }
  }

  @Test
  void valuesMustHaveTheAttributesSyntaxAndSingleValuedAttributesOneValue() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "constrained");
      assertRefusedWith(
          ResultCode.INVALID_ATTRIBUTE_SYNTAX,
          () -> admin.modify(u, new Modification(ModificationType.REPLACE, "countryCode", "abc")));
      assertRefusedWith(
          ResultCode.INVALID_ATTRIBUTE_SYNTAX,
          () ->
              admin.add(
                  "CN=syntax," + ou,
                  new Attribute("objectClass", "user"),
                  new Attribute("sAMAccountName", "syntax-" + ou.substring(12, 16)),
                  new Attribute("countryCode", "twelve")));
      assertRefusedWith(
          answers().multipleValuesOfASingleValuedAttribute(),
          () ->
              admin.modify(
                  u, new Modification(ModificationType.REPLACE, "displayName", "one", "two")));
      assertThat(admin.getEntry("CN=syntax," + ou)).isNull();
      assertThat(admin.getEntry(u, "displayName").hasAttribute("displayName")).isFalse();
      admin.modify(u, new Modification(ModificationType.REPLACE, "displayName", "one"));
      assertThat(admin.getEntry(u, "displayName").getAttributeValue("displayName"))
          .isEqualTo("one");
    }
  }

  @Test
  void aDnValueMustBeADnAndAnAttributeMustBeAllowedByTheClasses() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "contentrules");
      // value syntax: a DN attribute takes a DN
      assertRefusedWith(
          ResultCode.INVALID_DN_SYNTAX,
          () -> admin.modify(u, new Modification(ModificationType.REPLACE, "manager", "garbage")));
      // content rules: gPLink belongs to containers (organizationalUnit, domainDNS), not users
      assertRefusedWith(
          ResultCode.OBJECT_CLASS_VIOLATION,
          () -> admin.modify(u, new Modification(ModificationType.REPLACE, "gPLink", "[x;0]")));
      assertThat(admin.getEntry(u, "manager", "gPLink").getAttributes())
          .extracting(a -> a.getBaseName().toLowerCase(java.util.Locale.ROOT))
          .doesNotContain("manager", "gplink");
    }
  }

  @Test
  void aRequestedRangeOfValuesIsNamedByWhatItHolds() throws Exception {
    try (LDAPConnection admin = admin()) {
      List<String> members = new ArrayList<>();
      for (String name : List.of("r0", "r1", "r2")) {
        members.add(norm(addUser(admin, ou, name)));
      }
      String group = addTeam(admin, new Attribute("member", members));
      // MS-ADTS 3.1.1.3.1.3.3: member;range=low-high, named low-* when it reaches the last value
      var first = admin.getEntry(group, "member;range=0-1").getAttribute("member;range=0-1");
      var rest = admin.getEntry(group, "member;range=2-*").getAttribute("member;range=2-*");
      assertThat(first.getValues()).hasSize(2);
      assertThat(rest.getValues()).hasSize(1);
      List<String> all = new ArrayList<>();
      for (String v : first.getValues()) {
        all.add(norm(v));
      }
      all.add(norm(rest.getValue()));
      assertThat(all).containsExactlyInAnyOrderElementsOf(members);
      assertThat(admin.getEntry(group, "member;range=1-7").getAttribute("member;range=1-*").size())
          .isEqualTo(2);
      var past = admin.getEntry(group, "member;range=5-*");
      assertThat(past.getAttribute("member")).isNull();
      assertThat(past.getAttribute("member;range=5-*").size()).isZero();
    }
  }

  @Test
  void theExtendedDnControlNamesObjectsByGuidSidAndDn() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "extended");
      String group = addTeam(admin, new Attribute("member", u));
      var e = admin.getEntry(u, "objectGUID", "objectSid");
      byte[] guid = e.getAttributeValueBytes("objectGUID");
      byte[] sid = e.getAttributeValueBytes("objectSid");
      // MS-ADTS 3.1.1.3.4.1.5: flag 1 = string forms, no value (or 0) = hex digits
      SearchRequest strings =
          new SearchRequest(group, SearchScope.BASE, "(objectClass=*)", "member");
      strings.addControl(
          new com.unboundid.ldap.sdk.Control(
              "1.2.840.113556.1.4.529",
              false,
              new com.unboundid.asn1.ASN1OctetString(
                  new com.unboundid.asn1.ASN1Sequence(new com.unboundid.asn1.ASN1Integer(1))
                      .encode())));
      var g = admin.searchForEntry(strings);
      assertThat(g.getDN()).startsWith("<GUID=").contains(">;<SID=S-1-5-21-");
      String member = g.getAttributeValue("member");
      String prefix =
          "<GUID="
              + org.adwriteback.security.GuidBytes.fromBytes(guid)
              + ">;<SID="
              + Sid.fromBytes(sid)
              + ">;";
      assertThat(member).startsWith(prefix);
      assertThat(norm(member.substring(prefix.length()))).isEqualTo(norm(u));
      SearchRequest hex = new SearchRequest(u, SearchScope.BASE, "(objectClass=*)", "1.1");
      hex.addControl(new com.unboundid.ldap.sdk.Control("1.2.840.113556.1.4.529", false));
      String dn = admin.searchForEntry(hex).getDN();
      assertThat(dn)
          .isEqualToIgnoringCase(
              "<GUID="
                  + HexFormat.of().formatHex(guid)
                  + ">;<SID="
                  + HexFormat.of().formatHex(sid)
                  + ">;"
                  + dn.substring(dn.lastIndexOf(">;") + 2));
      assertThat(norm(dn.substring(dn.lastIndexOf(">;") + 2))).isEqualTo(norm(u));
    }
  }

  @Test
  void ambiguousNameResolutionFindsAUserByAnyOfItsNames() throws Exception {
    try (LDAPConnection admin = admin()) {
      String dn = "CN=anr," + ou;
      admin.add(
          dn,
          new Attribute("objectClass", "user"),
          new Attribute("sAMAccountName", "anrsam-" + ou.substring(12, 16)),
          new Attribute("givenName", "Annabel"),
          new Attribute("sn", "Quist"),
          new Attribute("displayName", "Annabel Quist"));
      // MS-ADTS 3.1.1.3.1.3.4
      for (String f :
          List.of(
              "(anr=Annab)",
              "(anr=quis)",
              "(anr=Annabel Quist)",
              "(anr=Quist Annabel)",
              "(anr==Annabel)",
              "(anr=anrsam-)",
              "(&(objectClass=user)(anr=Annabel Q))")) {
        assertThat(dns(admin, f)).as(f).containsExactly(norm(dn));
      }
      for (String f : List.of("(anr=zzzz)", "(anr==Annab)", "(anr=*)")) {
        assertThat(dns(admin, f)).as(f).isEmpty();
      }
    }
  }

  @Test
  void accountAndGroupAttributesFollowTheSecurityAccountManagersRules() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "sam");
      // a sAMAccountName without " / \ [ ] : ; | = , + * ? < >, never removed
      assertRefusedWith(
          ResultCode.CONSTRAINT_VIOLATION,
          () ->
              admin.add(
                  "CN=slash," + ou,
                  new Attribute("objectClass", "user"),
                  new Attribute("sAMAccountName", "a/b-" + ou.substring(12, 16))));
      assertRefusedWith(
          ResultCode.UNWILLING_TO_PERFORM,
          () -> admin.modify(u, new Modification(ModificationType.DELETE, "sAMAccountName")));
      // one description on a user, computer or group
      assertRefusedWith(
          answers().multipleValuesOfASingleValuedAttribute(),
          () ->
              admin.modify(
                  u, new Modification(ModificationType.REPLACE, "description", "one", "two")));
      // a groupType names one scope
      assertRefusedWith(
          ResultCode.UNWILLING_TO_PERFORM,
          () ->
              admin.add(
                  "CN=scopeless," + ou,
                  new Attribute("objectClass", "group"),
                  new Attribute("sAMAccountName", "scopeless-" + ou.substring(12, 16)),
                  new Attribute("groupType", "1")));
      assertThat(admin.getEntry("CN=slash," + ou)).isNull();
      assertThat(admin.getEntry("CN=scopeless," + ou)).isNull();
      // what the rules allow goes through
      admin.modify(u, new Modification(ModificationType.REPLACE, "description", "one"));
      addTeam(admin, new Attribute("description", "a team"));
    }
  }

  @Test
  void namesAreStoredAsTheSchemaAndTheNamedObjectsSpellThem() throws Exception {
    // AD and Samba store an attribute under its lDAPDisplayName, a new object's name with the
    // naming attribute in upper case under its parent's stored name, and a DN value as the name of
    // the object it points to, whatever case the client wrote
    try (LDAPConnection admin = admin()) {
      String sub = addOu(admin, "Sub");
      String lower = ou.toLowerCase(Locale.ROOT);
      String tag = ou.substring(12, 16);
      admin.add(
          "cn=Case Probe," + lower,
          new Attribute("OBJECTCLASS", "user"),
          new Attribute("SAMACCOUNTNAME", "caseprobe-" + tag),
          new Attribute("DisplayName", "Case Probe"),
          new Attribute("GIVENNAME", "Case"));
      String user = "CN=Case Probe," + ou;
      admin.modify(
          "cn=case probe," + lower,
          new Modification(ModificationType.ADD, "DESCRIPTION", "probe"),
          new Modification(ModificationType.REPLACE, "SN", "Probe"));
      admin.add(
          "cn=Case Group," + lower,
          new Attribute("objectClass", "group"),
          new Attribute("sAMAccountName", "casegroup-" + tag),
          new Attribute("MEMBER", "cn=case probe," + lower),
          new Attribute("managedby", "CN=CASE PROBE," + lower));
      String group = "CN=Case Group," + ou;

      var read = admin.getEntry(user, "*", "memberOf");
      assertThat(read.getDN()).isEqualTo(user);
      assertThat(read.getAttributes().stream().map(Attribute::getName).toList())
          .contains(
              "objectClass",
              "sAMAccountName",
              "displayName",
              "givenName",
              "description",
              "sn",
              "cn")
          .doesNotContain("OBJECTCLASS", "SAMACCOUNTNAME", "DisplayName", "DESCRIPTION", "SN");
      assertThat(read.getAttributeValue("distinguishedName")).isEqualTo(user);
      assertThat(read.getAttributeValue("memberOf")).isEqualTo(group);
      var g = admin.getEntry(group, "member", "managedBy");
      assertThat(g.getDN()).isEqualTo(group);
      assertThat(g.getAttributeValues("member")).containsExactly(user);
      assertThat(g.getAttributeValue("managedBy")).isEqualTo(user);

      admin.modifyDN(user, "cn=Case Moved", true, sub.toLowerCase(Locale.ROOT));
      String moved = "CN=Case Moved," + sub;
      assertThat(admin.getEntry(moved, "1.1").getDN()).isEqualTo(moved);
      assertThat(admin.getEntry(moved, "cn").getAttributes().stream().map(Attribute::getName))
          .containsExactly("cn");
      assertThat(admin.getEntry(group, "member").getAttributeValues("member"))
          .containsExactly(moved);
    }
  }

  @Test
  void theSecurityDescriptorIsReturnedOnlyWhenNamed() throws Exception {
    // nTSecurityDescriptor is operational (FLAG_ATTR_IS_OPERATIONAL, MS-ADA3 2.37): all user
    // attributes leave it out
    try (LDAPConnection admin = admin()) {
      String user = addUser(admin, ou, "sd");
      assertThat(admin.getEntry(user).hasAttribute("nTSecurityDescriptor")).isFalse();
      assertThat(admin.getEntry(user, "*").hasAttribute("nTSecurityDescriptor")).isFalse();
      var named = admin.getEntry(user, "ntsecuritydescriptor");
      assertThat(named.hasAttribute("nTSecurityDescriptor")).isTrue();
      assertThat(named.hasAttribute("sAMAccountName")).isFalse();
      var both = admin.getEntry(user, "*", "nTSecurityDescriptor");
      assertThat(both.hasAttribute("nTSecurityDescriptor")).isTrue();
      assertThat(both.hasAttribute("sAMAccountName")).isTrue();
    }
  }

  @Test
  void systemOnlyAttributesAndTheAccountTypeAreNotWritten() throws Exception {
    // MS-ADTS 3.1.1.2.5: constraintViolation / ERROR_DS_CANT_MOD_SYSTEM_ONLY; the account type
    // follows userAccountControl and groupType
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "owned");
      var before = admin.getEntry(u, "whenCreated", "objectGUID", "sAMAccountType");
      assertRefusedWith(
          ResultCode.CONSTRAINT_VIOLATION,
          () ->
              admin.modify(
                  u,
                  new Modification(ModificationType.REPLACE, "whenCreated", "20200101000000.0Z")));
      assertRefusedWith(
          ResultCode.CONSTRAINT_VIOLATION,
          () ->
              admin.modify(
                  u, new Modification(ModificationType.REPLACE, "objectGUID", new byte[16])));
      assertRefusedWith(
          ResultCode.UNWILLING_TO_PERFORM,
          () ->
              admin.modify(
                  u, new Modification(ModificationType.REPLACE, "sAMAccountType", "805306369")));
      var after = admin.getEntry(u, "whenCreated", "objectGUID", "sAMAccountType");
      for (String a : List.of("whenCreated", "objectGUID", "sAMAccountType")) {
        assertThat(after.getAttributeValueBytes(a))
            .as(a)
            .isEqualTo(before.getAttributeValueBytes(a));
      }
    }
  }

  @Test
  void anUndefinedAttributeAnExistingNameAndANonLeafDeleteAreRefused() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "present");
      assertRefusedWith(
          answers().anAttributeTheSchemaDoesNotDefine(),
          () ->
              admin.add(
                  "CN=undefined," + ou,
                  new Attribute("objectClass", "user"),
                  new Attribute("fooBarUndefined", "x")));
      assertRefusedWith(
          answers().anAttributeTheSchemaDoesNotDefine(),
          () ->
              admin.modify(u, new Modification(ModificationType.REPLACE, "fooBarUndefined", "x")));
      assertRefusedWith(
          ResultCode.ENTRY_ALREADY_EXISTS,
          () -> admin.add(u, new Attribute("objectClass", "user")));
      String sub = addOu(admin, "parent");
      addUser(admin, sub, "child");
      assertThatThrownBy(() -> admin.delete(sub))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.NOT_ALLOWED_ON_NONLEAF);
                // ERROR_DS_CANT_ON_NON_LEAF
                assertThat(e.getDiagnosticMessage()).startsWith("00002015:");
              });
      assertThat(admin.getEntry("CN=undefined," + ou)).isNull();
      assertThat(admin.getEntry(sub)).isNotNull();
    }
  }

  @Test
  void aValueOutsideItsAttributesRangeIsRefused() throws Exception {
    // displayName: String(Unicode), rangeUpper 256 characters (MS-ADA1)
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "ranged");
      String longest = "\u00e9".repeat(256);
      admin.modify(u, new Modification(ModificationType.REPLACE, "displayName", longest));
      assertRefusedWith(
          answers().aValueOutsideItsRange(),
          () ->
              admin.modify(
                  u, new Modification(ModificationType.REPLACE, "displayName", longest + "x")));
      assertRefusedWith(
          answers().aValueOutsideItsRange(),
          () ->
              admin.add(
                  "CN=too long," + ou,
                  new Attribute("objectClass", "user"),
                  new Attribute("displayName", longest + "x")));
      assertThat(admin.getEntry(u, "displayName").getAttributeValue("displayName"))
          .isEqualTo(longest);
      assertThat(admin.getEntry("CN=too long," + ou)).isNull();
    }
  }

  @Test
  void thePrimaryGroupIsAGroupTheAccountIsAMemberOf() throws Exception {
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "primary");
      String team = addTeam(admin, new Attribute("member", u));
      String other = addGroup(admin, "other");
      String teamRid = rid(sid(admin, team));
      assertRefusedWith(
          ResultCode.UNWILLING_TO_PERFORM,
          () ->
              admin.modify(
                  u,
                  new Modification(
                      ModificationType.REPLACE, "primaryGroupID", rid(sid(admin, other)))));
      // unchanged, then a group it is a member of: MS-SAMR 3.1.1.8.2, the account leaves the new
      // primary group's member values and joins the old one's
      String domainUsers = "CN=Domain Users,CN=Users," + baseDn();
      admin.modify(u, new Modification(ModificationType.REPLACE, "primaryGroupID", "513"));
      admin.modify(u, new Modification(ModificationType.REPLACE, "primaryGroupID", teamRid));
      assertThat(admin.getEntry(u, "primaryGroupID").getAttributeValue("primaryGroupID"))
          .isEqualTo(teamRid);
      assertThat(normalized(admin, team, "member")).doesNotContain(norm(u));
      assertThat(normalized(admin, domainUsers, "member")).contains(norm(u));
      // and back
      admin.modify(u, new Modification(ModificationType.REPLACE, "primaryGroupID", "513"));
      assertThat(normalized(admin, team, "member")).contains(norm(u));
      assertThat(normalized(admin, domainUsers, "member")).doesNotContain(norm(u));
    }
  }

  private static String rid(Sid sid) {
    return Long.toString(sid.rid());
  }

  @Test
  void anObjectIsNamedByOneValueOfItsClasssNamingAttribute() throws Exception {
    // MS-ADTS 3.1.1.3.1.2: a user is named by cn, an organizational unit by ou; one value per RDN
    try (LDAPConnection admin = admin()) {
      assertRefusedWith(
          answers().anAddNamedByAnotherAttribute(),
          () -> admin.add("OU=named wrong," + ou, new Attribute("objectClass", "user")));
      assertRefusedWith(
          ResultCode.INVALID_DN_SYNTAX,
          () -> admin.add("CN=a+sn=b," + ou, new Attribute("objectClass", "user")));
      String u = addUser(admin, ou, "named");
      assertRefusedWith(
          answers().aRenameToAnotherAttribute(), () -> admin.modifyDN(u, "OU=named", true));
      assertThat(admin.getEntry("OU=named wrong," + ou)).isNull();
      assertThat(admin.getEntry(u)).isNotNull();
    }
  }

  @Test
  void aGroupChangesScopeByWayOfUniversal() throws Exception {
    // MS-SAMR 3.1.1.8.9: global <-> universal <-> domain local; sAMAccountType follows
    try (LDAPConnection admin = admin()) {
      String g = addTeam(admin); // global security
      assertRefusedWith(
          ResultCode.UNWILLING_TO_PERFORM,
          () ->
              admin.modify(
                  g, new Modification(ModificationType.REPLACE, "groupType", "-2147483644")));
      admin.modify(g, new Modification(ModificationType.REPLACE, "groupType", "-2147483640"));
      assertThat(admin.getEntry(g, "sAMAccountType").getAttributeValue("sAMAccountType"))
          .isEqualTo("268435456");
      admin.modify(g, new Modification(ModificationType.REPLACE, "groupType", "-2147483644"));
      assertThat(admin.getEntry(g, "sAMAccountType").getAttributeValue("sAMAccountType"))
          .isEqualTo("536870912");
      assertRefusedWith(
          ResultCode.UNWILLING_TO_PERFORM,
          () -> admin.modify(g, new Modification(ModificationType.REPLACE, "groupType", "2")));
      admin.modify(g, new Modification(ModificationType.REPLACE, "groupType", "4"));
      assertThat(
              admin.getEntry(g, "groupType", "sAMAccountType").getAttributeValue("sAMAccountType"))
          .isEqualTo("536870913");
    }
  }

  @Test
  void constructedAttributesAreComputedWhenNamed() throws Exception {
    // MS-ADTS 3.1.1.4.5: createTimeStamp, modifyTimeStamp, canonicalName, primaryGroupToken,
    // msDS-User-Account-Control-Computed
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "constructed");
      String g = addTeam(admin);
      var e =
          admin.getEntry(
              u,
              "createTimeStamp",
              "modifyTimeStamp",
              "canonicalName",
              "whenCreated",
              "whenChanged",
              "msDS-User-Account-Control-Computed");
      assertThat(e.getAttributeValue("createTimeStamp"))
          .isEqualTo(e.getAttributeValue("whenCreated"));
      assertThat(e.getAttributeValue("modifyTimeStamp"))
          .isEqualTo(e.getAttributeValue("whenChanged"));
      String dns =
          String.join(
              ".",
              java.util.Arrays.stream(new DN(baseDn()).getRDNs())
                  .map(r -> r.getAttributeValues()[0])
                  .toList());
      String ouName = new DN(ou).getRDN().getAttributeValues()[0];
      assertThat(e.getAttributeValue("canonicalName"))
          .isEqualTo(dns + "/" + ouName + "/constructed");
      assertThat(e.getAttributeValue("msDS-User-Account-Control-Computed")).isEqualTo("0");
      admin.modify(u, new Modification(ModificationType.REPLACE, "pwdLastSet", "0"));
      assertThat(
              admin
                  .getEntry(u, "msDS-User-Account-Control-Computed")
                  .getAttributeValue("msDS-User-Account-Control-Computed"))
          .isEqualTo(Integer.toString(0x800000)); // UF_PASSWORD_EXPIRED
      assertThat(admin.getEntry(g, "primaryGroupToken").getAttributeValue("primaryGroupToken"))
          .isEqualTo(rid(sid(admin, g)));
      assertThat(admin.getEntry(u).hasAttribute("canonicalName")).isFalse();
      assertThat(admin.getEntry(u, "*").hasAttribute("createTimeStamp")).isFalse();
    }
  }

  @Test
  void builtInAccountsGroupsAndNamingContextsAreNotDeleted() throws Exception {
    try (LDAPConnection admin = admin()) {
      for (String builtIn :
          List.of(
              "CN=Domain Guests,CN=Users," + baseDn(),
              "CN=krbtgt,CN=Users," + baseDn(),
              "CN=Guest,CN=Users," + baseDn())) {
        assertRefusedWith(answers().deletingABuiltInObject(), () -> admin.delete(builtIn));
        assertThat(admin.getEntry(builtIn, "1.1")).as(builtIn).isNotNull();
      }
      // an account a client made goes
      String u = addUser(admin, ou, "deletable");
      admin.delete(u);
      assertThat(admin.getEntry(u)).isNull();
    }
  }

  @Test
  void aDnValueNamesAnExistingObject() throws Exception {
    // a reference to nothing: constraintViolation / ERROR_DS_NAME_REFERENCE_INVALID (000020B5)
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "referring");
      String nobody = "CN=nobody," + ou;
      for (String attribute : List.of("manager", "seeAlso")) {
        assertThatThrownBy(
                () ->
                    admin.modify(u, new Modification(ModificationType.REPLACE, attribute, nobody)))
            .as(attribute)
            .isInstanceOfSatisfying(
                LDAPException.class,
                e -> {
                  assertThat(e.getResultCode()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
                  assertThat(e.getDiagnosticMessage()).startsWith("000020B5");
                });
      }
      assertRefusedWith(
          ResultCode.CONSTRAINT_VIOLATION,
          () ->
              admin.add(
                  "CN=referring too," + ou,
                  new Attribute("objectClass", "user"),
                  new Attribute("manager", nobody)));
      assertThat(admin.getEntry(u, "manager", "seeAlso").hasAttribute("manager")).isFalse();
      assertThat(admin.getEntry("CN=referring too," + ou)).isNull();
    }
  }

  @Test
  void integerValuesAreStoredInTheirCanonicalForm() throws Exception {
    // AD keeps integers in binary: a sign or leading zeros do not survive (Samba 4.17 reads a
    // leading zero as octal, so the contract uses a plus sign and a space only)
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "integers");
      admin.modify(
          u,
          new Modification(ModificationType.REPLACE, "logonCount", "+5"),
          new Modification(ModificationType.REPLACE, "countryCode", " 7"),
          new Modification(ModificationType.REPLACE, "showInAdvancedViewOnly", "TRUE"));
      var e = admin.getEntry(u, "logonCount", "countryCode", "showInAdvancedViewOnly");
      assertThat(e.getAttributeValue("logonCount")).isEqualTo("5");
      assertThat(e.getAttributeValue("countryCode")).isEqualTo("7");
      assertThat(e.getAttributeValue("showInAdvancedViewOnly")).isEqualTo("TRUE");
    }
  }

  @Test
  void sdRightsEffectiveNamesThePartsTheReaderMayWrite() throws Exception {
    // MS-ADTS 3.1.1.4.5.11: owner and group with WRITE_OWNER, DACL with WRITE_DAC, SACL with
    // SeSecurityPrivilege
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "rights");
      String reader = addUser(admin, ou, "reader");
      assertThat(admin.getEntry(u, "sDRightsEffective").getAttributeValue("sDRightsEffective"))
          .isEqualTo("15");
      try (LDAPConnection plain = ldapsAs(reader, PASSWORD)) {
        assertThat(plain.getEntry(u, "sDRightsEffective").getAttributeValue("sDRightsEffective"))
            .isEqualTo("0");
      }
    }
  }

  @Test
  void aControlTheDirectoryDoesNotSupportIsRefusedWhenCriticalAndIgnoredOtherwise()
      throws Exception {
    // RFC 4511 4.1.11: an unrecognized critical control fails the operation with
    // unavailableCriticalExtension, a non-critical one is ignored. AD knows neither the LDAP
    // assertion control (RFC 4528) nor pre-read (RFC 4527); UnboundID's server acts on both. (A
    // critical one on a search: Samba 4.17 answers with an extended response, which UnboundID's
    // client cannot read; the testkit's own tests cover searches.)
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "controlled");
      ModifyRequest critical =
          new ModifyRequest(
              u, new Modification(ModificationType.REPLACE, "description", "critical"));
      critical.addControl(new AssertionRequestControl("(description=nothing)", true));
      assertRefusedWith(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION, () -> admin.modify(critical));
      assertThat(admin.getEntry(u, "description").hasAttribute("description")).isFalse();

      // not critical: ignored, so the modify is made although the assertion is false
      ModifyRequest ignored =
          new ModifyRequest(
              u, new Modification(ModificationType.REPLACE, "description", "ignored"));
      ignored.addControl(new AssertionRequestControl("(description=nothing)", false));
      ignored.addControl(new PreReadRequestControl(false, "description"));
      LDAPResult done = admin.modify(ignored);
      assertThat(done.getResponseControl(PreReadResponseControl.PRE_READ_RESPONSE_OID)).isNull();
      assertThat(admin.getEntry(u, "description").getAttributeValue("description"))
          .isEqualTo("ignored");
    }
  }

  @Test
  void aSearchFromTheDomainRootIsReferredToTheConfigurationPartition() throws Exception {
    // MS-ADTS 3.1.1.4.7: a continuation reference per naming context below the base's own
    // (Windows also refers to its DNS application partitions where they exist); the scheme is the
    // connection's (ldaps:// here, as Samba answers)
    String configuration = "CN=Configuration," + baseDn();
    try (LDAPConnection admin = admin()) {
      SearchResult subtree =
          admin.search(baseDn(), SearchScope.SUB, "(objectClass=builtinDomain)", "1.1");
      assertThat(subtree.getEntryCount()).isEqualTo(1);
      assertThat(referenceUrls(subtree))
          .anySatisfy(url -> assertThat(url).matches("(?i)ldaps?://[^/]+/" + configuration))
          .noneSatisfy(url -> assertThat(url).containsIgnoringCase("CN=Schema"));

      SearchResult oneLevel =
          admin.search(baseDn(), SearchScope.ONE, "(objectClass=builtinDomain)", "1.1");
      assertThat(referenceUrls(oneLevel))
          .anySatisfy(
              url -> assertThat(url).matches("(?i)ldaps?://[^/]+/" + configuration + "\\?\\?base"));

      SearchResult schema = admin.search(configuration, SearchScope.SUB, "(cn=Schema)", "1.1");
      assertThat(referenceUrls(schema))
          .anySatisfy(
              url -> assertThat(url).matches("(?i)ldaps?://[^/]+/CN=Schema," + configuration));

      // the domain-scope control (LDAP_SERVER_DOMAIN_SCOPE_OID) asks for no references
      SearchRequest scoped =
          new SearchRequest(baseDn(), SearchScope.SUB, "(objectClass=builtinDomain)", "1.1");
      scoped.addControl(new Control("1.2.840.113556.1.4.1339", true));
      SearchResult none = admin.search(scoped);
      assertThat(none.getEntryCount()).isEqualTo(1);
      assertThat(none.getReferenceCount()).isZero();

      assertThat(admin.search(ou, SearchScope.SUB, "(objectClass=*)", "1.1").getReferenceCount())
          .isZero();
      assertThat(
              admin
                  .search(baseDn(), SearchScope.BASE, "(objectClass=*)", "1.1")
                  .getReferenceCount())
          .isZero();
    }
  }

  private static List<String> referenceUrls(SearchResult result) {
    List<String> urls = new ArrayList<>();
    for (var reference : result.getSearchReferences()) {
      urls.addAll(List.of(reference.getReferralURLs()));
    }
    return urls;
  }

  @Test
  void tokenGroupsAreReadInABaseSearchOnly() throws Exception {
    // MS-ADTS 3.1.1.4.5.19: the token's group SIDs, transitively, with the primary group; the
    // GlobalAndUniversal variant without domain-local groups. Any other scope: operationsError
    // (Windows 00002120 DIR_ERROR, Samba 00002020) once an entry would be returned.
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "tokened");
      String global = addGroup(admin, "global-team", new Attribute("member", u));
      String local =
          addGroup(
              admin,
              "local-team",
              new Attribute("groupType", Integer.toString(0x80000004)),
              new Attribute("member", global));
      Sid domainUsers = Sid.parse(domainSid(admin) + "-513");
      var e =
          admin.getEntry(
              u, "tokenGroups", "tokenGroupsNoGCAcceptable", "tokenGroupsGlobalAndUniversal");
      assertThat(sids(e.getAttributeValueByteArrays("tokenGroups")))
          .contains(domainUsers, sid(admin, global), sid(admin, local))
          .containsExactlyInAnyOrderElementsOf(
              sids(e.getAttributeValueByteArrays("tokenGroupsNoGCAcceptable")));
      assertThat(sids(e.getAttributeValueByteArrays("tokenGroupsGlobalAndUniversal")))
          .contains(domainUsers, sid(admin, global))
          .doesNotContain(sid(admin, local));

      assertRefusedWith(
          ResultCode.OPERATIONS_ERROR,
          () -> admin.search(ou, SearchScope.SUB, "(cn=tokened)", "tokenGroups"));
      assertRefusedWith(
          ResultCode.OPERATIONS_ERROR,
          () -> admin.search(ou, SearchScope.ONE, "(cn=tokened)", "tokenGroupsGlobalAndUniversal"));
      assertThat(
              admin
                  .search(ou, SearchScope.SUB, "(cn=nobody-is-named-so)", "tokenGroups")
                  .getResultCode())
          .isEqualTo(ResultCode.SUCCESS);
    }
  }

  private static List<Sid> sids(byte[][] values) {
    List<Sid> out = new ArrayList<>();
    for (byte[] v : values == null ? new byte[0][] : values) {
      out.add(Sid.fromBytes(v));
    }
    return out;
  }

  private String domainSid(LDAPConnection admin) throws LDAPException {
    return sid(admin, baseDn()).toString();
  }

  @Test
  void anAttributeScopedQuerySearchesTheObjectsAnAttributeNames() throws Exception {
    // MS-ADTS 3.1.1.3.4.1.18: a base search with LDAP_SERVER_ASQ_OID runs against the objects the
    // named DN attribute holds; the response control says success (0), invalidAttributeSyntax (21)
    // or, for another scope, unwillingToPerform (53)
    try (LDAPConnection admin = admin()) {
      String u = addUser(admin, ou, "asq-user");
      String v = addUser(admin, ou, "asq-other");
      String team = addTeam(admin, new Attribute("member", u, v));
      SearchResult members = asq(admin, team, SearchScope.BASE, "member", "(cn=asq-user)");
      assertThat(members.getSearchEntries()).extracting(e -> e.getDN()).containsExactly(u);
      assertThat(asqResult(members)).isZero();
      SearchResult groups = asq(admin, v, SearchScope.BASE, "memberOf", "(objectClass=group)");
      assertThat(groups.getSearchEntries()).extracting(e -> e.getDN()).containsExactly(team);
      SearchResult subtree = asq(admin, team, SearchScope.SUB, "member", "(objectClass=*)");
      assertThat(subtree.getEntryCount()).isZero();
      assertThat(asqResult(subtree)).isEqualTo(53);
      SearchResult notDn = asq(admin, team, SearchScope.BASE, "cn", "(objectClass=*)");
      assertThat(notDn.getEntryCount()).isZero();
      assertThat(asqResult(notDn)).isEqualTo(21);
    }
  }

  private static SearchResult asq(
      LDAPConnection c, String base, SearchScope scope, String attribute, String filter)
      throws LDAPException {
    SearchRequest r = new SearchRequest(base, scope, filter, "cn");
    r.addControl(
        new Control(
            "1.2.840.113556.1.4.1504",
            true,
            new com.unboundid.asn1.ASN1OctetString(
                new com.unboundid.asn1.ASN1Sequence(
                        new com.unboundid.asn1.ASN1OctetString(attribute))
                    .encode())));
    return c.search(r);
  }

  private static int asqResult(SearchResult r) throws Exception {
    Control c = r.getResponseControl("1.2.840.113556.1.4.1504");
    assertThat(c).as("the ASQ response control").isNotNull();
    var sequence =
        com.unboundid.asn1.ASN1Sequence.decodeAsSequence(c.getValue().getValue()).elements();
    return com.unboundid.asn1.ASN1Enumerated.decodeAsEnumerated(sequence[0]).intValue();
  }
}
