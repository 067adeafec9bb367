package org.adwriteback.ldap.samba;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.UUID;
import org.adwriteback.security.GuidBytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The schema extension that scripts/samba-dc.sh applies on the first start: the Windows Server 2016
 * and Exchange attributes exist with their real identifiers and can be written where the writeback
 * writes them.
 */
@Tag("samba")
class SchemaExtensionOnSambaTest {

  private static final SambaDc DC = SambaDc.get();
  private static String ou;

  @BeforeAll
  static void createOu() throws LDAPException {
    ou = "OU=" + SambaDc.uniqueName("schema") + "," + DC.baseDn();
    try (LDAPConnection admin = DC.admin()) {
      admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
    }
  }

  @AfterAll
  static void deleteOu() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      SambaDc.deleteTree(admin, ou);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "msDS-KeyCredentialLink, 1.2.840.113556.1.4.2328, 5b47d60f-6090-40b2-9f37-2a4de88f3063",
    "msDS-ExternalDirectoryObjectId, 1.2.840.113556.1.4.2310, bd29bf90-66ad-40e1-887b-10df070419a6",
    "mailNickname, 1.2.840.113556.1.2.447, bf9679b3-0de6-11d0-a285-00aa003049e2",
    "targetAddress, 1.2.840.113556.1.2.352, f0f8ff9f-1191-11d0-a060-00aa006c33ed",
    "publicDelegates, 1.2.840.113556.1.2.238, f0f8ff9a-1191-11d0-a060-00aa006c33ed",
    "msExchSafeSendersHash, 1.2.840.113556.1.4.7000.102.50765, 7cb4c7d3-8787-42b0-b438-3c5d479ad31e",
    "msExchRecipientTypeDetails, 1.2.840.113556.1.4.7000.102.50855,"
        + " 069ba1f8-540a-42a9-bf26-a7dd35475346",
  })
  void addedAttributesCarryTheirRealIdentifiers(String name, String oid, String guid)
      throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      SearchResultEntry attribute =
          admin.searchForEntry(
              DC.fact("SCHEMA_DN"),
              SearchScope.ONE,
              Filter.createEqualityFilter("lDAPDisplayName", name),
              "attributeID",
              "schemaIDGUID");
      assertThat(attribute).as("attributeSchema of %s", name).isNotNull();
      assertThat(attribute.getAttributeValue("attributeID")).isEqualTo(oid);
      assertThat(GuidBytes.fromBytes(attribute.getAttributeValueBytes("schemaIDGUID")))
          .isEqualTo(UUID.fromString(guid));
    }
  }

  @Test
  void keyCredentialLinkIsWrittenWithItsBackLinkMaintained() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      String user = SambaDc.addUser(admin, ou, SambaDc.uniqueName("ngc"), "Ngc#Passw0rd1");
      admin.modify(
          user,
          new Modification(
              ModificationType.REPLACE, "msDS-KeyCredentialLink", "B:8:00020000:" + user));
      SearchResultEntry entry =
          admin.getEntry(user, "msDS-KeyCredentialLink", "msDS-KeyCredentialLink-BL");
      assertThat(entry.getAttributeValue("msDS-KeyCredentialLink"))
          .isEqualToIgnoringCase("B:8:00020000:" + user);
      assertThat(entry.getAttributeValue("msDS-KeyCredentialLink-BL")).isEqualToIgnoringCase(user);
    }
  }

  @Test
  void mailEnabledUniversalDistributionGroupTakesTheExchangeAttributes() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      String name = SambaDc.uniqueName("dl");
      String group = "CN=" + name + "," + ou;
      admin.add(
          group,
          new Attribute("objectClass", "group"),
          new Attribute("sAMAccountName", name),
          new Attribute("groupType", "8"),
          new Attribute("mail", name + "@contoso.test"),
          new Attribute("mailNickname", name),
          new Attribute("proxyAddresses", "SMTP:" + name + "@contoso.test"),
          new Attribute("msExchRecipientTypeDetails", "256"),
          new Attribute("msExchRecipientDisplayType", "1"),
          new Attribute("msExchRequireAuthToSendTo", "TRUE"),
          new Attribute("msDS-ExternalDirectoryObjectId", "Group_" + UUID.randomUUID()));
      SearchResultEntry entry =
          admin.getEntry(group, "mailNickname", "msExchRecipientTypeDetails", "groupType");
      assertThat(entry.getAttributeValue("mailNickname")).isEqualTo(name);
      assertThat(entry.getAttributeValueAsLong("msExchRecipientTypeDetails")).isEqualTo(256L);
      assertThat(entry.getAttributeValueAsInteger("groupType")).isEqualTo(8);
    }
  }

  @Test
  void exchangeHybridAttributesAreWritableOnUsersAndContacts() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      String user = SambaDc.addUser(admin, ou, SambaDc.uniqueName("mbx"), "Mbx#Passw0rd1");
      String delegate = SambaDc.addUser(admin, ou, SambaDc.uniqueName("dlg"), "Dlg#Passw0rd1");
      admin.modify(
          user,
          new Modification(ModificationType.REPLACE, "msExchUCVoiceMailSettings", "CsHybrid:1"),
          new Modification(ModificationType.REPLACE, "msExchArchiveStatus", "1"),
          new Modification(ModificationType.REPLACE, "msExchUserHoldPolicies", "policy-1"),
          new Modification(ModificationType.REPLACE, "msExchSafeSendersHash", new byte[] {1, 2}),
          new Modification(ModificationType.REPLACE, "publicDelegates", delegate),
          new Modification(
              ModificationType.ADD, "proxyAddresses", "x500:/o=ExchangeLabs/cn=Recipients/cn=a"));
      assertThat(
              admin.getEntry(delegate, "publicDelegatesBL").getAttributeValue("publicDelegatesBL"))
          .isEqualToIgnoringCase(user);
      String contact = "CN=" + SambaDc.uniqueName("contact") + "," + ou;
      admin.add(
          contact,
          new Attribute("objectClass", "contact"),
          new Attribute("targetAddress", "SMTP:someone@example.org"),
          new Attribute("proxyAddresses", "SMTP:someone@example.org"));
      assertThat(admin.getEntry(contact, "targetAddress").getAttributeValue("targetAddress"))
          .isEqualTo("SMTP:someone@example.org");
    }
  }
}
