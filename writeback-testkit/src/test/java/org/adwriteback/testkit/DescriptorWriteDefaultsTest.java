package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import org.adwriteback.security.SddlContext;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Owner and group defaults when objects are created or their descriptor written (inheritance.md §3
 * test_209 and §4, from Samba's sec_descriptor tests): an administrator's new object is owned by
 * Domain Admins with group Domain Admins (domain functional level 2008 and later), and a descriptor
 * write whose SD flags name an owner the written descriptor leaves out defaults it from the writer,
 * which turns an inherited CREATOR OWNER ACE into Domain Admins.
 */
class DescriptorWriteDefaultsTest {

  private static AdDirectory ad;
  private static SddlContext context;

  @BeforeAll
  static void start() throws LDAPException {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
    context = SddlContext.of(Sid.parse(ad.domainSid()));
  }

  @AfterAll
  static void stop() {
    ad.close();
  }

  private static byte[] sd(String sddl) {
    return SecurityDescriptor.fromSddl(sddl, context).toBytes();
  }

  private static String sddl(LDAPConnection c, String dn) throws LDAPException {
    return AdSecurityTest.read(c, dn).toSddl(context);
  }

  @Test
  void anAdministratorsNewObjectIsOwnedByDomainAdmins() throws LDAPException {
    try (LDAPConnection admin = ad.connection()) {
      String ou = "OU=owned," + ad.domainDn();
      admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
      assertThat(sddl(admin, ou)).startsWith("O:DAG:DA");
    }
  }

  @Test
  void test209() throws LDAPException {
    try (LDAPConnection admin = ad.connection()) {
      String parent = "OU=t209," + ad.domainDn();
      admin.add(parent, new Attribute("objectClass", "organizationalUnit"));
      AdSecurityTest.grant(admin, parent, "(D;CI;WP;;;CO)");
      for (Control[] flags : new Control[][] {{}, {AdSecurityTest.sdFlags(0x4)}}) {
        String child = "OU=c" + flags.length + "," + parent;
        admin.add(
            new AddRequest(
                child,
                new Attribute("objectClass", "organizationalUnit"),
                new Attribute("nTSecurityDescriptor", sd("O:AUG:AUD:AI(A;;CC;;;AU)"))));
        assertThat(sddl(admin, child)).contains("(D;ID;WP;;;AU)", "(D;CIIOID;WP;;;CO)");

        ModifyRequest write =
            new ModifyRequest(
                child,
                new Modification(
                    ModificationType.REPLACE, "nTSecurityDescriptor", sd("D:(D;;CC;;;LG)")));
        write.setControls(flags);
        admin.modify(write);
        String after = sddl(admin, child);
        if (flags.length == 0) {
          // no SD flags control names all four parts: the owner the write leaves out is the
          // writer's default, so CREATOR OWNER now names Domain Admins
          assertThat(after).startsWith("O:DA").contains("(D;ID;WP;;;DA)", "(D;CIIOID;WP;;;CO)");
        } else {
          // DACL only: the owner stays, and so does what CREATOR OWNER became
          assertThat(after).startsWith("O:AU").contains("(D;ID;WP;;;AU)", "(D;CIIOID;WP;;;CO)");
        }
        assertThat(after).contains("(D;;CC;;;LG)");
      }
    }
  }
}
