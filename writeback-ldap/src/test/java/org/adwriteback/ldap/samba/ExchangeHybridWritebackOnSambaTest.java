package org.adwriteback.ldap.samba;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.List;
import org.adwriteback.ldap.provisioning.Provisioner;
import org.adwriteback.provisioning.AccountRef;
import org.adwriteback.provisioning.ExchangeHybridUpdate;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.MailboxHash;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.WritebackResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Exchange hybrid writeback against Samba's Exchange-extended schema (permissions.md §4, §7). */
@Tag("samba")
class ExchangeHybridWritebackOnSambaTest {

  private static final SambaDc DC = SambaDc.get();
  private static String ou;
  private static String user;
  private static Provisioner provisioner;

  @BeforeAll
  static void createUser() throws LDAPException {
    ou = "OU=" + SambaDc.uniqueName("exh") + "," + DC.baseDn();
    try (LDAPConnection admin = DC.admin()) {
      admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
      user = SambaDc.addUser(admin, ou, SambaDc.uniqueName("mbx"), "Mbx#Passw0rd1");
      admin.modify(
          user,
          new Modification(
              ModificationType.REPLACE,
              "proxyAddresses",
              "SMTP:mbx@contoso.test",
              "x500:/o=Old/cn=mbx"));
    }
    provisioner =
        new Provisioner(
            ProvisioningSettings.builder().userContainer(ou).groupContainer(ou).build());
  }

  @AfterAll
  static void deleteOu() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      SambaDc.deleteTree(admin, ou);
    }
  }

  @Test
  void mergesX500AddressesAndWritesHashesOnlyWhenTheCloudMailboxIsAuthoritative()
      throws LDAPException {
    ExchangeHybridUpdate.Builder b =
        ExchangeHybridUpdate.builder(AccountRef.dn(user))
            .x500("/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=mbx1")
            .x500("X500:/O=OLD/CN=MBX")
            .archiveStatus(1)
            .userHoldPolicies(List.of("hold-1"))
            .hash(MailboxHash.SAFE_SENDERS, new byte[] {1, 2, 3, 4});
    try (LDAPConnection admin = DC.admin()) {
      WritebackResult r = provisioner.apply(admin, b.build());
      assertThat(r)
          .isInstanceOfSatisfying(
              WritebackResult.Updated.class,
              u -> {
                assertThat(u.attributes())
                    .containsExactly(
                        "msExchArchiveStatus", "msExchUserHoldPolicies", "proxyAddresses");
                assertThat(u.notes()).singleElement().asString().contains("hashes were ignored");
              });
      SearchResultEntry e = admin.getEntry(user, "proxyAddresses", "msExchSafeSendersHash");
      assertThat(e.getAttributeValues("proxyAddresses"))
          .containsExactlyInAnyOrder(
              "SMTP:mbx@contoso.test",
              "x500:/o=Old/cn=mbx",
              "x500:/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=mbx1");
      assertThat(e.hasAttribute("msExchSafeSendersHash")).isFalse();

      WritebackResult authoritative =
          provisioner.apply(admin, b.cloudMailboxAuthoritative(true).build());
      assertThat(authoritative)
          .isInstanceOfSatisfying(
              WritebackResult.Updated.class,
              u -> assertThat(u.attributes()).containsExactly("msExchSafeSendersHash"));
      assertThat(
              admin
                  .getEntry(user, "msExchSafeSendersHash")
                  .getAttributeValueBytes("msExchSafeSendersHash"))
          .containsExactly(1, 2, 3, 4);
      assertThat(provisioner.apply(admin, b.build()))
          .isEqualTo(new WritebackResult.Unchanged(user));
    }
  }

  @Test
  void userOnlyAttributesOnAGroupAreBadInput() throws LDAPException {
    String group = "CN=" + SambaDc.uniqueName("dl") + "," + ou;
    try (LDAPConnection admin = DC.admin()) {
      admin.add(group, new Attribute("objectClass", "group"));
      WritebackResult r =
          provisioner.apply(
              admin,
              ExchangeHybridUpdate.builder(AccountRef.dn(group))
                  .x500("/o=A/cn=dl")
                  .archiveStatus(1)
                  .build());
      assertThat(r)
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.INVALID_INPUT));
      assertThat(
              provisioner.apply(
                  admin,
                  ExchangeHybridUpdate.builder(AccountRef.dn(group)).x500("/o=A/cn=dl").build()))
          .isInstanceOf(WritebackResult.Updated.class);
    }
  }
}
