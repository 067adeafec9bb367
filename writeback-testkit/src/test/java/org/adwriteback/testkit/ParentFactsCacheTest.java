package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import org.adwriteback.security.SecurityDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A new object's descriptor and the create-child check use its parent's descriptor, which the
 * testkit caches per container (AdEngine.parentFacts): a change of the parent's DACL, or a new
 * object at the parent's DN, must be seen by the very next add.
 */
class ParentFactsCacheTest {

  private static final char[] PASSWORD = "Corr3ct-Horse".toCharArray();
  private static final String USER_CLASS = "bf967aba-0de6-11d0-a285-00aa003049e2";

  private AdDirectory ad;
  private String ou;

  @BeforeEach
  void start() throws Exception {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
    ou = ad.addOu("Parents");
  }

  @AfterEach
  void stop() {
    ad.close();
  }

  /** Replaces the explicit DACL of {@code dn} (SD flags: DACL only), as an administrator. */
  private void writeDacl(String dn, String sddl) throws LDAPException {
    try (LDAPConnection admin = ad.connection()) {
      Dacls.write(admin, dn, sddl);
    }
  }

  private String sddlOf(String dn) throws LDAPException {
    try (LDAPConnection admin = ad.connection()) {
      return SecurityDescriptor.fromBytes(
              admin
                  .getEntry(dn, "nTSecurityDescriptor")
                  .getAttributeValueBytes("nTSecurityDescriptor"))
          .toSddl();
    }
  }

  @Test
  void anInheritableAceAddedToTheParentReachesTheNextChild() throws Exception {
    String first = ad.addUser(ou, "first");
    assertThat(sddlOf(first)).doesNotContain(";S-1-5-21-1-2-3-4444)");
    writeDacl(ou, "D:(A;CI;RP;;;S-1-5-21-1-2-3-4444)");
    String second = ad.addUser(ou, "second");
    assertThat(sddlOf(second)).contains("(A;CIID;RP;;;S-1-5-21-1-2-3-4444)");
  }

  @Test
  void aCreateChildRightGrantedOnTheParentAllowsTheNextAdd() throws Exception {
    String bob = ad.addUser(ad.domainDn(), "bob", PASSWORD);
    String bobSid;
    try (LDAPConnection admin = ad.connection()) {
      bobSid =
          org.adwriteback.security.Sid.fromBytes(
                  admin.getEntry(bob, "objectSid").getAttributeValueBytes("objectSid"))
              .toString();
    }
    try (LDAPConnection c = ad.connectionAs(bob, PASSWORD)) {
      assertThatThrownBy(() -> addUser(c, "refused"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
      writeDacl(ou, "D:(OA;;CC;" + USER_CLASS + ";;" + bobSid + ")");
      addUser(c, "allowed");
      assertThat(c.getEntry("CN=allowed," + ou)).isNotNull();
    }
  }

  @Test
  void aContainerDeletedAndAddedAgainAtTheSameDnIsReadAgain() throws Exception {
    writeDacl(ou, "D:(A;CI;RP;;;S-1-5-21-1-2-3-5555)");
    assertThat(sddlOf(ad.addUser(ou, "first"))).contains(";S-1-5-21-1-2-3-5555)");
    try (LDAPConnection admin = ad.connection()) {
      admin.delete("CN=first," + ou);
      admin.delete(ou);
    }
    String again = ad.addOu("Parents"); // the default descriptor, without the ACE
    assertThat(again).isEqualTo(ou);
    assertThat(sddlOf(ad.addUser(again, "second"))).doesNotContain("5555");
  }

  private void addUser(LDAPConnection c, String name) throws Exception {
    c.add(
        "dn: CN=" + name + "," + ou,
        "objectClass: user",
        "sAMAccountName: " + name,
        "userPrincipalName: " + name + "@contoso.test");
  }
}
