package org.adwriteback.ldap.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.adwriteback.ldap.samba.SambaDc;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Range retrieval (MS-ADTS 3.1.1.3.1.3.3) against Samba with a group of 1,600 members, above
 * Windows' MaxValRange of 1,500. Measured on Samba 4.17: a plain request returns all values (Samba
 * does not cut at MaxValRange as Windows does), and an explicit {@code member;range=a-b} request is
 * answered slice by slice, the last one named {@code member;range=a-*}. Both ways read every member
 * exactly once.
 */
@Tag("samba")
class RangedValuesOnSambaTest {

  private static final SambaDc DC = SambaDc.get();
  private static final int MEMBERS = 1600;
  private static String ou;
  private static String group;
  private static final Set<DN> EXPECTED = new HashSet<>();

  @BeforeAll
  static void createGroup() throws LDAPException {
    ou = "OU=" + SambaDc.uniqueName("rng") + "," + DC.baseDn();
    group = "CN=big," + ou;
    try (LDAPConnection admin = DC.admin()) {
      admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
      List<String> batch = new ArrayList<>();
      admin.add(group, new Attribute("objectClass", "group"));
      for (int i = 0; i < MEMBERS; i++) {
        String dn = "CN=c" + i + "," + ou;
        admin.add(dn, new Attribute("objectClass", "contact"));
        EXPECTED.add(new DN(dn));
        batch.add(dn);
        if (batch.size() == 500 || i == MEMBERS - 1) {
          admin.modify(
              group,
              new Modification(ModificationType.ADD, "member", batch.toArray(String[]::new)));
          batch.clear();
        }
      }
    }
  }

  @AfterAll
  static void deleteOu() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      // one delete per object: a tree delete of 1,600 entries outlasts the client timeout
      admin.delete(group);
      for (DN member : EXPECTED) {
        admin.delete(member.toString());
      }
      admin.delete(ou);
    }
  }

  private static Set<DN> dns(List<String> values) throws LDAPException {
    Set<DN> out = new HashSet<>();
    for (String v : values) {
      out.add(new DN(v));
    }
    assertThat(out).as("no value twice").hasSize(values.size());
    return out;
  }

  @Test
  void theProvisionerReadsEveryMemberOfALargeGroup() throws Exception {
    Provisioner p =
        new Provisioner(
            ProvisioningSettings.builder().userContainer(ou).groupContainer(ou).build());
    try (LDAPConnection c = DC.admin()) {
      assertThat(dns(p.readMembers(c, group))).isEqualTo(EXPECTED);
    }
  }

  @Test
  void slicesRequestedExplicitlyAreFollowedToTheLastOne() throws Exception {
    try (LDAPConnection c = DC.admin()) {
      for (int window : new int[] {1, 499, 500, 1500, 1599, 1600, 5000}) {
        if (window == 1) {
          // a single-value slice: the first value only, to show Samba honours the bounds
          assertThat(c.getEntry(group, "member;range=0-0").getAttributes())
              .singleElement()
              .satisfies(a -> assertThat(a.getValues()).hasSize(1));
          continue;
        }
        assertThat(dns(RangedValues.read(c, group, "member", window)))
            .as("window " + window)
            .isEqualTo(EXPECTED);
      }
    }
  }
}
