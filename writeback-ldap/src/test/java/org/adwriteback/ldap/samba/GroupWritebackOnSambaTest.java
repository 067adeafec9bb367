package org.adwriteback.ldap.samba;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.ldap.provisioning.Provisioner;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.GroupDelete;
import org.adwriteback.provisioning.GroupKind;
import org.adwriteback.provisioning.GroupRdnStyle;
import org.adwriteback.provisioning.GroupUpsert;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.UserUpsert;
import org.adwriteback.provisioning.WritebackResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Group writeback against Samba: mail-enabled universal groups, RDN styles, members by user anchor
 * written in batches, membership convergence, a missing member failing the item, delete.
 */
@Tag("samba")
class GroupWritebackOnSambaTest {

  private static final SambaDc DC = SambaDc.get();
  private static String ou;
  private static Provisioner provisioner;
  private static final List<String> USERS = new ArrayList<>();
  private static final List<DN> USER_DNS = new ArrayList<>();

  @BeforeAll
  static void createOuAndUsers() throws LDAPException {
    ou = "OU=" + SambaDc.uniqueName("grp") + "," + DC.baseDn();
    provisioner =
        new Provisioner(
            ProvisioningSettings.builder()
                .userContainer(ou)
                .groupContainer(ou)
                .memberBatchSize(2)
                .build());
    try (LDAPConnection admin = DC.admin()) {
      admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
      for (int i = 0; i < 5; i++) {
        String id = UUID.randomUUID().toString();
        String nick = SambaDc.uniqueName("m" + i);
        WritebackResult r =
            provisioner.apply(admin, UserUpsert.of(id, nick + "@contoso.test", "Member " + nick));
        USERS.add(id);
        USER_DNS.add(new DN(((WritebackResult.Created) r).dn()));
      }
    }
  }

  @AfterAll
  static void deleteOu() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      SambaDc.deleteTree(admin, ou);
    }
  }

  private static List<DN> members(LDAPConnection c, String dn)
      throws WritebackException, LDAPException {
    List<DN> dns = new ArrayList<>();
    for (String m : provisioner.readMembers(c, dn)) {
      dns.add(new DN(m));
    }
    return dns;
  }

  @Test
  void aMailEnabledDistributionGroupWithMembersInBatchesConverges() throws Exception {
    String id = UUID.randomUUID().toString();
    String nick = SambaDc.uniqueName("sales");
    GroupUpsert g =
        new GroupUpsert(
            id, "Sales", nick, Optional.of(nick + "@contoso.test"), GroupKind.DISTRIBUTION, USERS);
    try (LDAPConnection admin = DC.admin()) {
      WritebackResult r = provisioner.apply(admin, g);
      assertThat(r).isInstanceOf(WritebackResult.Created.class);
      String dn = ((WritebackResult.Created) r).dn();
      assertThat(dn).isEqualTo("CN=Group_" + id + "," + ou);
      SearchResultEntry e =
          admin.getEntry(
              dn, "groupType", "mail", "proxyAddresses", "adminDescription", "mailNickname");
      assertThat(e.getAttributeValueAsInteger("groupType")).isEqualTo(8);
      assertThat(e.getAttributeValue("mail")).isEqualTo(nick + "@contoso.test");
      assertThat(e.getAttributeValues("proxyAddresses"))
          .containsExactly("SMTP:" + nick + "@contoso.test");
      assertThat(e.getAttributeValue("adminDescription")).isEqualTo("Group_" + id);
      assertThat(members(admin, dn)).containsExactlyInAnyOrderElementsOf(USER_DNS);
      assertThat(provisioner.apply(admin, g)).isEqualTo(new WritebackResult.Unchanged(dn));

      GroupUpsert fewer =
          new GroupUpsert(
              id, "Sales", nick, g.primarySmtpAddress(), GroupKind.SECURITY, USERS.subList(0, 2));
      WritebackResult u = provisioner.apply(admin, fewer);
      assertThat(u)
          .isInstanceOfSatisfying(
              WritebackResult.Updated.class,
              up -> assertThat(up.attributes()).contains("groupType", "member"));
      assertThat(members(admin, dn)).containsExactlyInAnyOrderElementsOf(USER_DNS.subList(0, 2));
      assertThat(admin.getEntry(dn, "groupType").getAttributeValueAsInteger("groupType"))
          .isEqualTo(0x80000008);
      assertThat(provisioner.apply(admin, new GroupDelete(id)))
          .isEqualTo(new WritebackResult.Deleted(dn));
      assertThat(provisioner.apply(admin, new GroupDelete(id)))
          .isInstanceOf(WritebackResult.Unchanged.class);
    }
  }

  @Test
  void theDisplayNameRdnStyleUsesTheLast12DigitsAndEscapes() throws LDAPException {
    String id = UUID.randomUUID().toString();
    Provisioner readable =
        new Provisioner(
            provisioner.settings().toBuilder()
                .groupRdnStyle(GroupRdnStyle.DISPLAY_NAME_SUFFIX)
                .build());
    try (LDAPConnection admin = DC.admin()) {
      WritebackResult r =
          readable.apply(
              admin,
              new GroupUpsert(
                  id,
                  "R&D, Lab #1",
                  SambaDc.uniqueName("rd"),
                  Optional.empty(),
                  GroupKind.SECURITY,
                  List.of()));
      assertThat(r).isInstanceOf(WritebackResult.Created.class);
      assertThat(new DN(((WritebackResult.Created) r).dn()).getRDN().getAttributeValues()[0])
          .isEqualTo("R&D, Lab #1_" + id.substring(id.length() - 12));
    }
  }

  @Test
  void aMemberThatWasNeverWrittenBackFailsTheGroupAndWritesNothing() throws LDAPException {
    String id = UUID.randomUUID().toString();
    List<String> members = new ArrayList<>(USERS.subList(0, 1));
    members.add(UUID.randomUUID().toString());
    try (LDAPConnection admin = DC.admin()) {
      WritebackResult r =
          provisioner.apply(
              admin,
              new GroupUpsert(
                  id,
                  "Broken",
                  SambaDc.uniqueName("br"),
                  Optional.empty(),
                  GroupKind.DISTRIBUTION,
                  members));
      assertThat(r)
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> {
                assertThat(f.kind()).isEqualTo(FailureKind.NOT_FOUND);
                assertThat(f.message()).contains(members.get(1));
              });
      assertThat(admin.getEntry("CN=Group_" + id + "," + ou)).isNull();
    }
  }
}
