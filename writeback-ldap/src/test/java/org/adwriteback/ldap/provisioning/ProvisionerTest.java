package org.adwriteback.ldap.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.adwriteback.provisioning.AccountRef;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.PasswordReset;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.Secret;
import org.adwriteback.provisioning.UserUpsert;
import org.adwriteback.provisioning.WritebackRequest;
import org.adwriteback.provisioning.WritebackResult;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provisioner and the batch writer against the in-memory AD testkit over real LDAP: password
 * reset over LDAPS, refusal of plain connections before sending, idempotent user writeback.
 */
class ProvisionerTest {

  private static AdDirectory ad;
  private static String ou;
  private static Provisioner provisioner;

  @BeforeAll
  static void start() throws LDAPException {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
    ou = ad.addOu("Cloud");
    provisioner =
        new Provisioner(
            ProvisioningSettings.builder().userContainer(ou).groupContainer(ou).build());
  }

  @AfterAll
  static void stop() {
    ad.close();
  }

  @Test
  void resetsOverLdapsAndRefusesPlainConnectionsBeforeSending() throws LDAPException {
    String user = ad.addUser(ou, "reset1", "Start#Passw0rd1".toCharArray());
    try (LDAPConnection admin = ad.connection()) {
      assertThat(
              provisioner.apply(
                  admin,
                  new PasswordReset(
                      AccountRef.dn(user), Secret.of("New#Passw0rd2".toCharArray()), true, false)))
          .isInstanceOf(WritebackResult.Updated.class);
    }
    assertThatCode(() -> ad.connectionAs(user, "New#Passw0rd2".toCharArray()).close())
        .doesNotThrowAnyException();
    try (LDAPConnection plain = ad.unboundConnection(false)) {
      plain.bind(ad.adminDn(), new String(ad.adminPassword()));
      assertThat(
              provisioner.apply(
                  plain,
                  new PasswordReset(
                      AccountRef.dn(user),
                      Secret.of("Plain#Passw0rd3".toCharArray()),
                      false,
                      false)))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.UNENCRYPTED_CONNECTION));
    }
    assertThatCode(() -> ad.connectionAs(user, "New#Passw0rd2".toCharArray()).close())
        .doesNotThrowAnyException();
  }

  @Test
  void aBatchOfUsersIsCreatedOnceAndConverges() throws Exception {
    List<WritebackRequest> requests = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      requests.add(
          UserUpsert.of(UUID.randomUUID().toString(), "tk" + i + "@contoso.test", "Tk " + i));
    }
    try (LDAPConnectionPool pool = new LDAPConnectionPool(ad.connection(), 3)) {
      BatchWriter writer =
          new BatchWriter(provisioner, pool, BatchOptions.defaults().withParallelism(3));
      assertThat(writer.run(requests).counts()).containsEntry("Created", 20);
      assertThat(writer.run(requests).counts()).containsEntry("Unchanged", 20);
    }
  }
}
