package org.adwriteback.ldap.samba;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.ldap.provisioning.Provisioner;
import org.adwriteback.provisioning.DeviceUpsert;
import org.adwriteback.provisioning.DeviceView;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.WritebackResult;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Device writeback against Samba: an msDS-Device in RegisteredDevices with binary SIDs, the
 * altSecurityIdentities form and key credentials, convergence, and the readable view.
 */
@Tag("samba")
class DeviceWritebackOnSambaTest {

  private static final SambaDc DC = SambaDc.get();
  private static String ou;
  private static String owner;
  private static Provisioner provisioner;

  @BeforeAll
  static void createContainerAndOwner() throws LDAPException {
    ou = "OU=" + SambaDc.uniqueName("dev") + "," + DC.baseDn();
    try (LDAPConnection admin = DC.admin()) {
      admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
      owner = SambaDc.addUser(admin, ou, SambaDc.uniqueName("own"), "Own#Passw0rd1");
      String container = "CN=RegisteredDevices," + DC.baseDn();
      if (admin.getEntry(container) == null) {
        admin.add(container, new Attribute("objectClass", "msDS-DeviceContainer"));
      }
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
  void writesADeviceAndReadsItWithAccountNames() throws Exception {
    String deviceId = UUID.randomUUID().toString();
    String objectId = UUID.randomUUID().toString();
    byte[] thumb = new byte[20];
    thumb[0] = 7;
    String sam = owner.substring(3, owner.indexOf(','));
    try (LDAPConnection admin = DC.admin()) {
      Sid ownerSid = Sid.fromBytes(SambaDc.objectSid(admin, owner));
      Sid unknown = Sid.parse(DC.domainSid() + "-99999");
      DeviceUpsert d =
          new DeviceUpsert(
              deviceId,
              objectId,
              "LAPTOP-" + sam,
              true,
              "Windows",
              "10.0.19045",
              Optional.of(ownerSid),
              List.of(ownerSid, unknown),
              List.of(Base64.getEncoder().encodeToString(thumb)),
              List.of("0002000020000100"));
      WritebackResult r = provisioner.apply(admin, d);
      assertThat(r).isInstanceOf(WritebackResult.Created.class);
      String dn = ((WritebackResult.Created) r).dn();
      try {
        assertThat(dn).isEqualTo("CN=" + deviceId + ",CN=RegisteredDevices," + DC.baseDn());
        SearchResultEntry e =
            admin.getEntry(
                dn,
                "altSecurityIdentities",
                "msDS-CloudAnchor",
                "msDS-RegisteredOwner",
                "msDS-IsEnabled");
        assertThat(e.getAttributeValue("altSecurityIdentities"))
            .isEqualTo("X509:<SHA1-TP-PUBKEY>" + Base64.getEncoder().encodeToString(thumb));
        assertThat(e.getAttributeValue("msDS-CloudAnchor")).isEqualTo("Device_" + objectId);
        assertThat(e.getAttributeValueBytes("msDS-RegisteredOwner")).isEqualTo(ownerSid.toBytes());
        assertThat(provisioner.apply(admin, d)).isEqualTo(new WritebackResult.Unchanged(dn));

        DeviceView view = provisioner.readDevice(admin, deviceId).orElseThrow();
        assertThat(view.owner().orElseThrow().display()).isEqualTo(DC.fact("NETBIOS") + "\\" + sam);
        assertThat(view.users())
            .extracting(DeviceView.Principal::display)
            .containsExactlyInAnyOrder(DC.fact("NETBIOS") + "\\" + sam, unknown.toString());
        assertThat(view.enabled()).isTrue();
        assertThat(provisioner.readDevice(admin, UUID.randomUUID().toString())).isEmpty();
      } finally {
        admin.delete(dn);
      }
    }
  }
}
