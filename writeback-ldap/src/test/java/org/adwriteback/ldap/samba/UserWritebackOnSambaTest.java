package org.adwriteback.ldap.samba;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.UUID;
import org.adwriteback.ldap.provisioning.Provisioner;
import org.adwriteback.provisioning.AnchorMode;
import org.adwriteback.provisioning.DeleteMode;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.Secret;
import org.adwriteback.provisioning.SourceAnchor;
import org.adwriteback.provisioning.UserDelete;
import org.adwriteback.provisioning.UserUpsert;
import org.adwriteback.provisioning.WritebackResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * User writeback against Samba: create disabled or must-change, idempotent by anchor, updates,
 * collisions of DN, sAMAccountName and UPN, soft and hard delete, dry run and bad input.
 */
@Tag("samba")
class UserWritebackOnSambaTest {

  private static final SambaDc DC = SambaDc.get();
  private static String ou;
  private static Provisioner provisioner;

  @BeforeAll
  static void createOu() throws LDAPException {
    ou = "OU=" + SambaDc.uniqueName("usr") + "," + DC.baseDn();
    try (LDAPConnection admin = DC.admin()) {
      admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
    }
    provisioner =
        new Provisioner(
            ProvisioningSettings.builder()
                .userContainer(ou)
                .groupContainer(ou)
                .anchorMode(AnchorMode.BOTH)
                .build());
  }

  @AfterAll
  static void deleteOu() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      SambaDc.deleteTree(admin, ou);
    }
  }

  private static UserUpsert user(String nick) {
    String id = UUID.randomUUID().toString();
    return UserUpsert.of(id, nick + "@contoso.test", "User " + nick).withMailNickname(nick);
  }

  @Test
  void createsADisabledUserWithBothAnchorsAndConverges() throws LDAPException {
    String nick = SambaDc.uniqueName("ann");
    UserUpsert u = user(nick).withNames("Ann", "Example");
    try (LDAPConnection admin = DC.admin()) {
      WritebackResult created = provisioner.apply(admin, u);
      assertThat(created).isInstanceOf(WritebackResult.Created.class);
      String dn = ((WritebackResult.Created) created).dn();
      SearchResultEntry e =
          admin.getEntry(
              dn,
              "userAccountControl",
              "pwdLastSet",
              "sAMAccountName",
              "mS-DS-ConsistencyGuid",
              "msDS-ExternalDirectoryObjectId",
              "userPrincipalName");
      assertThat(e.getAttributeValueAsInteger("userAccountControl") & 0x2).isEqualTo(0x2);
      assertThat(e.getAttributeValue("pwdLastSet")).isEqualTo("0");
      assertThat(e.getAttributeValue("sAMAccountName")).isEqualTo(nick.substring(0, 12));
      assertThat(e.getAttributeValueBytes("mS-DS-ConsistencyGuid"))
          .isEqualTo(u.anchor().consistencyGuid());
      assertThat(e.getAttributeValue("msDS-ExternalDirectoryObjectId"))
          .isEqualTo("User_" + u.cloudObjectId());
      assertThat(provisioner.apply(admin, u)).isEqualTo(new WritebackResult.Unchanged(dn));
      WritebackResult renamed =
          provisioner.apply(
              admin,
              new UserUpsert(
                  u.cloudObjectId(),
                  u.userPrincipalName(),
                  "Ann Renamed",
                  u.mailNickname(),
                  u.givenName(),
                  u.surname(),
                  u.initialPassword()));
      assertThat(renamed).isInstanceOf(WritebackResult.Updated.class);
      assertThat(((WritebackResult.Updated) renamed).attributes()).containsExactly("displayName");
    }
  }

  @Test
  void anInitialPasswordGivesAnEnabledMustChangeUser() throws LDAPException {
    UserUpsert u =
        user(SambaDc.uniqueName("pw"))
            .withInitialPassword(Secret.of("Init#Passw0rd1".toCharArray()));
    try (LDAPConnection admin = DC.admin()) {
      WritebackResult r = provisioner.apply(admin, u);
      assertThat(r).isInstanceOf(WritebackResult.Created.class);
      SearchResultEntry e =
          admin.getEntry(((WritebackResult.Created) r).dn(), "userAccountControl", "pwdLastSet");
      assertThat(e.getAttributeValueAsInteger("userAccountControl") & 0x2).isZero();
      assertThat(e.getAttributeValue("pwdLastSet")).isEqualTo("0");
      assertThat(((WritebackResult.Created) r).attributes()).contains("unicodePwd");
    }
  }

  @Test
  void aDnHeldByAnotherObjectGetsAUniqueRdnAndIsNotTouched() throws LDAPException {
    String nick = SambaDc.uniqueName("col");
    // a UPN outside the domain's DNS name, so that the taken sAMAccountName does not imply it
    UserUpsert u =
        UserUpsert.of(UUID.randomUUID().toString(), nick + "@cloud.example", "User " + nick)
            .withMailNickname(nick);
    String taken = "CN=" + u.displayName() + "," + ou;
    try (LDAPConnection admin = DC.admin()) {
      admin.add(
          taken,
          new Attribute("objectClass", "user"),
          new Attribute("sAMAccountName", nick.substring(0, 12)),
          new Attribute("description", "pre-existing"));
      WritebackResult r = provisioner.apply(admin, u);
      assertThat(r)
          .isInstanceOfSatisfying(
              WritebackResult.Created.class,
              c -> {
                assertThat(c.dn()).isEqualTo("CN=" + u.displayName() + " (2)," + ou);
                assertThat(c.notes())
                    .anySatisfy(n -> assertThat(n).contains("different anchor"))
                    .anySatisfy(n -> assertThat(n).contains("sAMAccountName"));
              });
      SearchResultEntry original = admin.getEntry(taken, "description", "mS-DS-ConsistencyGuid");
      assertThat(original.getAttributeValue("description")).isEqualTo("pre-existing");
      assertThat(original.hasAttribute("mS-DS-ConsistencyGuid")).isFalse();
      assertThat(
              admin
                  .getEntry(((WritebackResult.Created) r).dn(), "sAMAccountName")
                  .getAttributeValue("sAMAccountName"))
          .isEqualTo(nick.substring(0, 12) + "1");
    }
  }

  @Test
  void aUpnHeldByAnotherObjectIsRefused() throws LDAPException {
    UserUpsert first = user(SambaDc.uniqueName("upn"));
    UserUpsert second =
        UserUpsert.of(UUID.randomUUID().toString(), first.userPrincipalName(), "Second");
    try (LDAPConnection admin = DC.admin()) {
      assertThat(provisioner.apply(admin, first)).isInstanceOf(WritebackResult.Created.class);
      assertThat(provisioner.apply(admin, second))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> {
                assertThat(f.kind()).isEqualTo(FailureKind.REFUSED);
                assertThat(f.message()).contains("already used");
              });
    }
  }

  @Test
  void aUpnImpliedByAnotherAccountsSamAccountNameIsRefused() throws LDAPException {
    String sam = SambaDc.uniqueName("imp");
    try (LDAPConnection admin = DC.admin()) {
      SambaDc.addUser(admin, ou, sam, "Imp#Passw0rd1");
      assertThat(
              provisioner.apply(
                  admin, UserUpsert.of(UUID.randomUUID().toString(), sam + "@contoso.test", "Imp")))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> {
                assertThat(f.kind()).isEqualTo(FailureKind.REFUSED);
                assertThat(f.message()).contains("implied");
              });
    }
  }

  @Test
  void softThenHardDelete() throws LDAPException {
    UserUpsert u =
        user(SambaDc.uniqueName("del"))
            .withInitialPassword(Secret.of("Del#Passw0rd1".toCharArray()));
    try (LDAPConnection admin = DC.admin()) {
      String dn = ((WritebackResult.Created) provisioner.apply(admin, u)).dn();
      assertThat(provisioner.apply(admin, new UserDelete(u.cloudObjectId(), DeleteMode.SOFT)))
          .isEqualTo(
              new WritebackResult.Updated(
                  dn, java.util.List.of("userAccountControl"), java.util.List.of()));
      assertThat(
              admin
                      .getEntry(dn, "userAccountControl")
                      .getAttributeValueAsInteger("userAccountControl")
                  & 2)
          .isEqualTo(2);
      assertThat(provisioner.apply(admin, new UserDelete(u.cloudObjectId(), DeleteMode.SOFT)))
          .isEqualTo(new WritebackResult.Unchanged(dn));
      assertThat(provisioner.apply(admin, new UserDelete(u.cloudObjectId(), DeleteMode.HARD)))
          .isEqualTo(new WritebackResult.Deleted(dn));
      assertThat(admin.getEntry(dn)).isNull();
      assertThat(provisioner.apply(admin, new UserDelete(u.cloudObjectId(), DeleteMode.HARD)))
          .isInstanceOf(WritebackResult.Unchanged.class);
    }
  }

  @Test
  void aDryRunReportsTheCreationAndWritesNothing() throws LDAPException {
    UserUpsert u = user(SambaDc.uniqueName("dry"));
    try (LDAPConnection admin = DC.admin()) {
      WritebackResult r = provisioner.plan(admin, u);
      assertThat(r).isInstanceOf(WritebackResult.Created.class);
      assertThat(admin.getEntry(((WritebackResult.Created) r).dn())).isNull();
    }
  }

  @Test
  void badInputAndAMissingOuFailTypedAndWriteNothing() throws LDAPException {
    try (LDAPConnection admin = DC.admin()) {
      assertThat(
              provisioner.apply(
                  admin, UserUpsert.of("not-a-guid", "x@contoso.test", "X,Y=Z+\"<>;")))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.INVALID_INPUT));
      Provisioner missing =
          new Provisioner(
              provisioner.settings().toBuilder().userContainer("OU=missing," + ou).build());
      UserUpsert u = user(SambaDc.uniqueName("mis"));
      assertThat(missing.apply(admin, u))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.NOT_FOUND));
      assertThat(
              admin
                  .search(
                      DC.baseDn(),
                      com.unboundid.ldap.sdk.SearchScope.SUB,
                      com.unboundid.ldap.sdk.Filter.createEqualityFilter(
                          "mS-DS-ConsistencyGuid",
                          SourceAnchor.parse(u.cloudObjectId()).orElseThrow().consistencyGuid()))
                  .getEntryCount())
          .isZero();
    }
  }

  @Test
  void dnSpecialCharactersInTheDisplayNameAreEscaped() throws LDAPException {
    String nick = SambaDc.uniqueName("esc");
    UserUpsert u =
        UserUpsert.of(
            UUID.randomUUID().toString(), nick + "@contoso.test", "Doe, John + \"Jr\" <x>;#");
    try (LDAPConnection admin = DC.admin()) {
      WritebackResult r = provisioner.apply(admin, u);
      assertThat(r).isInstanceOf(WritebackResult.Created.class);
      assertThat(
              admin
                  .getEntry(((WritebackResult.Created) r).dn(), "displayName")
                  .getAttributeValue("displayName"))
          .isEqualTo("Doe, John + \"Jr\" <x>;#");
      assertThat(provisioner.apply(admin, u)).isInstanceOf(WritebackResult.Unchanged.class);
    }
  }
}
