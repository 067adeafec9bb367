package org.adwriteback.ldap.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.adwriteback.provisioning.AccountRef;
import org.adwriteback.provisioning.DeleteMode;
import org.adwriteback.provisioning.DeviceUpsert;
import org.adwriteback.provisioning.DeviceView;
import org.adwriteback.provisioning.ExchangeHybridUpdate;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.GroupDelete;
import org.adwriteback.provisioning.GroupKind;
import org.adwriteback.provisioning.GroupRdnStyle;
import org.adwriteback.provisioning.GroupUpsert;
import org.adwriteback.provisioning.MailboxHash;
import org.adwriteback.provisioning.PasswordChange;
import org.adwriteback.provisioning.PasswordReset;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.Secret;
import org.adwriteback.provisioning.SourceAnchor;
import org.adwriteback.provisioning.UserDelete;
import org.adwriteback.provisioning.UserUpsert;
import org.adwriteback.provisioning.WritebackRequest;
import org.adwriteback.provisioning.WritebackResult;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every writeback operation of {@link Provisioner}, run as one account against one directory: the
 * subclasses choose the directory (the in-memory testkit or a Samba DC) and the account
 * (Administrator, or a connector account prepared by {@code DirectoryPreparer} in Microsoft-exact
 * or least-privilege mode).
 *
 * <p>Each class gets a fresh OU {@code root} with {@code OU=Users} (the user container) and {@code
 * OU=Groups} (the group container); devices go to {@code CN=RegisteredDevices}. Objects the tests
 * seed (users with passwords, colliding names) are added as Administrator; everything the
 * provisioner does goes through {@link #writer()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WritebackScenarios {

  /** The password of the seeded users; meets AD's complexity rules. */
  static final String START = "Start#Passw0rd1";

  /** The account the provisioner binds as. */
  record Account(String dn, String password) {}

  String root;
  String users;
  String groups;
  String devices;
  Account writer;
  Provisioner provisioner;
  private String netbios;
  private String domainSid;

  /** Opens an LDAPS connection bound as Administrator. */
  abstract LDAPConnection admin() throws LDAPException;

  /** Opens an LDAPS connection bound as an account. */
  abstract LDAPConnection ldaps(String dn, String password) throws LDAPException;

  /** Opens a plain LDAP connection bound as an account. */
  abstract LDAPConnection plain(String dn, String password) throws LDAPException;

  /** The domain naming context. */
  abstract String baseDn();

  /** Tells whether the server accepts unicodePwd over plain LDAP (Samba with strong auth = no). */
  abstract boolean serverAcceptsPlainPasswords();

  /**
   * Returns the account the provisioner writes as; {@link #root}, {@link #users} and {@link
   * #groups} exist when this is called.
   */
  abstract Account writerAccount(LDAPConnection admin) throws Exception;

  @BeforeAll
  void createLab() throws Exception {
    root = "OU=" + uniqueName("wb") + "," + baseDn();
    users = "OU=Users," + root;
    groups = "OU=Groups," + root;
    devices = "CN=RegisteredDevices," + baseDn();
    try (LDAPConnection admin = admin()) {
      for (String ou : List.of(root, users, groups)) {
        admin.add(ou, new Attribute("objectClass", "organizationalUnit"));
      }
      writer = writerAccount(admin);
      if (admin.getEntry(devices, "1.1") == null) {
        admin.add(devices, new Attribute("objectClass", "msDS-DeviceContainer"));
      }
      DirectoryInfo d = DirectoryInfo.read(admin);
      netbios = d.netbiosName();
      domainSid =
          Sid.fromBytes(admin.getEntry(baseDn(), "objectSid").getAttributeValueBytes("objectSid"))
              .toString();
    }
    provisioner = new Provisioner(settings().build());
  }

  @AfterAll
  void deleteLab() throws Exception {
    try (LDAPConnection admin = admin()) {
      deleteTree(admin, root);
    } finally {
      closeDirectory();
    }
  }

  /** Releases what the subclass started, after the lab is deleted. */
  void closeDirectory() throws Exception {}

  ProvisioningSettings.Builder settings() {
    return ProvisioningSettings.builder()
        .userContainer(users)
        .groupContainer(groups)
        .memberBatchSize(3);
  }

  LDAPConnection writer() throws LDAPException {
    return ldaps(writer.dn(), writer.password());
  }

  static String uniqueName(String prefix) {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return prefix + "-" + HexFormat.of().formatHex(random);
  }

  static Secret secret(String s) {
    return Secret.of(s.toCharArray());
  }

  static void deleteTree(LDAPConnection c, String dn) throws LDAPException {
    DeleteRequest delete = new DeleteRequest(dn);
    delete.addControl(new SubtreeDeleteRequestControl(true));
    try {
      c.delete(delete);
    } catch (LDAPException e) {
      if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
        throw e;
      }
    }
  }

  /** Adds an enabled user with {@link #START} as its password, as Administrator. */
  String seedUser(String name) throws LDAPException {
    String dn = "CN=" + name + "," + users;
    try (LDAPConnection admin = admin()) {
      admin.add(
          dn,
          new Attribute("objectClass", "user"),
          new Attribute("sAMAccountName", name),
          new Attribute("userPrincipalName", name + "@contoso.test"),
          new Attribute("unicodePwd", ('"' + START + '"').getBytes(StandardCharsets.UTF_16LE)),
          new Attribute("userAccountControl", "512"));
    }
    return dn;
  }

  static String dnOf(WritebackResult r) {
    if (r instanceof WritebackResult.Created c) {
      return c.dn();
    }
    if (r instanceof WritebackResult.Updated u) {
      return u.dn();
    }
    throw new AssertionError("expected Created or Updated, got " + r);
  }

  /** What a bind changes on Samba and AD (logon bookkeeping), ignored when comparing states. */
  private static final List<String> VOLATILE =
      List.of(
          "lastLogon",
          "lastLogonTimestamp",
          "logonCount",
          "badPwdCount",
          "badPasswordTime",
          "whenChanged",
          "uSNChanged");

  /**
   * Every entry under the lab OU and the device container, with every attribute, as Administrator.
   */
  Map<String, String> state() throws LDAPException {
    Map<String, String> state = new TreeMap<>();
    try (LDAPConnection admin = admin()) {
      for (String base : List.of(root, devices)) {
        for (SearchResultEntry e :
            admin
                .search(base, SearchScope.SUB, Filter.createPresenceFilter("objectClass"), "*")
                .getSearchEntries()) {
          Entry kept = e.duplicate();
          VOLATILE.forEach(kept::removeAttribute);
          state.put(e.getParsedDN().toNormalizedString(), kept.toLDIFString());
        }
      }
    }
    return state;
  }

  // ------------------------------------------------------------------------------------ passwords

  @Test
  void aResetSetsThePasswordAndCanForceAChange() throws LDAPException {
    String user = seedUser(uniqueName("r"));
    try (LDAPConnection w = writer()) {
      WritebackResult r =
          provisioner.apply(
              w, new PasswordReset(AccountRef.dn(user), secret("New#Passw0rd2"), true, false));
      assertThat(r)
          .isInstanceOfSatisfying(
              WritebackResult.Updated.class,
              u -> assertThat(u.attributes()).containsExactly("lockoutTime", "unicodePwd"));
    }
    assertThatCode(() -> ldaps(user, "New#Passw0rd2").close()).doesNotThrowAnyException();
    assertThatThrownBy(() -> ldaps(user, START).close()).isInstanceOf(LDAPException.class);
    try (LDAPConnection w = writer()) {
      assertThat(
              provisioner.apply(
                  w, new PasswordReset(AccountRef.dn(user), secret("New#Passw0rd3"), false, true)))
          .isInstanceOf(WritebackResult.Updated.class);
    }
    try (LDAPConnection admin = admin()) {
      assertThat(admin.getEntry(user, "pwdLastSet").getAttributeValue("pwdLastSet")).isEqualTo("0");
    }
  }

  @Test
  void aPasswordThePolicyRefusesIsAPolicyViolationAndTheOldOneStays() throws LDAPException {
    String user = seedUser(uniqueName("p"));
    try (LDAPConnection w = writer()) {
      WritebackResult r =
          provisioner.apply(w, new PasswordReset(AccountRef.dn(user), secret("abc"), false, false));
      assertThat(r)
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> {
                assertThat(f.kind()).isEqualTo(FailureKind.POLICY_VIOLATION);
                assertThat(f.message()).contains("0000052D").doesNotContain("abc\"");
              });
    }
    assertThatCode(() -> ldaps(user, START).close()).doesNotThrowAnyException();
  }

  @Test
  void aChangeChecksTheOldPassword() throws LDAPException {
    String sam = uniqueName("c");
    String user = seedUser(sam);
    try (LDAPConnection self = ldaps(user, START)) {
      assertThat(
              provisioner.apply(
                  self,
                  new PasswordChange(
                      AccountRef.sam(sam), secret("Wrong#Passw0rd9"), secret("New#Passw0rd4"))))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.WRONG_OLD_PASSWORD));
      assertThat(
              provisioner.apply(
                  self, new PasswordChange(AccountRef.sam(sam), secret(START), secret("x"))))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.POLICY_VIOLATION));
      assertThat(
              provisioner.apply(
                  self,
                  new PasswordChange(AccountRef.sam(sam), secret(START), secret("New#Passw0rd4"))))
          .isInstanceOf(WritebackResult.Updated.class);
    }
    assertThatCode(() -> ldaps(user, "New#Passw0rd4").close()).doesNotThrowAnyException();
  }

  @Test
  void aPlainConnectionIsRefusedBeforeSendingUnlessExplicitlyAllowed() throws LDAPException {
    String user = seedUser(uniqueName("pl"));
    try (LDAPConnection plain = plain(writer.dn(), writer.password())) {
      assertThat(
              provisioner.apply(
                  plain,
                  new PasswordReset(AccountRef.dn(user), secret("Plain#Passw0rd3"), false, false)))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.UNENCRYPTED_CONNECTION));
      assertThatCode(() -> ldaps(user, START).close()).doesNotThrowAnyException();

      Provisioner allowing = new Provisioner(settings().allowUnencrypted(true).build());
      WritebackResult sent =
          allowing.apply(
              plain,
              new PasswordReset(AccountRef.dn(user), secret("Plain#Passw0rd3"), false, false));
      if (serverAcceptsPlainPasswords()) {
        assertThat(sent).isInstanceOf(WritebackResult.Updated.class);
        assertThatCode(() -> ldaps(user, "Plain#Passw0rd3").close()).doesNotThrowAnyException();
      } else {
        // sent: the server itself refuses it (0000001F), which proves the request left the client
        assertThat(sent)
            .isInstanceOfSatisfying(
                WritebackResult.Failed.class,
                f -> {
                  assertThat(f.kind()).isEqualTo(FailureKind.REFUSED);
                  assertThat(f.message())
                      .contains("0000001F")
                      .contains("only over an encrypted connection");
                });
      }
    }
  }

  @Test
  void anUnknownAccountIsNotFoundAndAFilterInANameMatchesNothing() throws LDAPException {
    seedUser(uniqueName("nf"));
    try (LDAPConnection w = writer()) {
      for (AccountRef ref :
          List.of(
              AccountRef.sam("*"),
              AccountRef.sam("x)(sAMAccountName=*"),
              AccountRef.upn("*@contoso.test"),
              AccountRef.dn("CN=nobody," + users),
              AccountRef.cloudObjectId(UUID.randomUUID().toString()))) {
        assertThat(
                provisioner.apply(w, new PasswordReset(ref, secret("New#Passw0rd5"), false, false)))
            .as(ref.toString())
            .isInstanceOfSatisfying(
                WritebackResult.Failed.class,
                f -> assertThat(f.kind()).isEqualTo(FailureKind.NOT_FOUND));
      }
    }
  }

  @Test
  void anAccountWithoutTheGrantsIsRefusedWithNoRightAndNothingIsWritten() throws LDAPException {
    String plainUser = seedUser(uniqueName("np"));
    String victim = seedUser(uniqueName("v"));
    Map<String, String> before = state();
    try (LDAPConnection unprepared = ldaps(plainUser, START)) {
      assertThat(
              provisioner.apply(
                  unprepared,
                  new PasswordReset(AccountRef.dn(victim), secret("New#Passw0rd6"), false, false)))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.NO_RIGHT));
      assertThat(
              provisioner.apply(
                  unprepared,
                  UserUpsert.of(
                      UUID.randomUUID().toString(), uniqueName("n") + "@contoso.test", "N")))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.NO_RIGHT));
    }
    assertThat(state()).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------- users

  @Test
  void aUserIsCreatedDisabledUpdatedSoftThenHardDeletedAndEveryStepIsIdempotent()
      throws LDAPException {
    String id = UUID.randomUUID().toString();
    String nick = uniqueName("cu");
    UserUpsert u =
        UserUpsert.of(id, nick + "@contoso.test", "Cloud " + nick).withNames("Cloud", nick);
    try (LDAPConnection w = writer();
        LDAPConnection admin = admin()) {
      WritebackResult created = provisioner.apply(w, u);
      assertThat(created).isInstanceOf(WritebackResult.Created.class);
      String dn = dnOf(created);
      assertThat(new DN(dn)).isEqualTo(new DN("CN=Cloud " + nick + "," + users));
      SearchResultEntry e =
          admin.getEntry(
              dn,
              "sAMAccountName",
              "userPrincipalName",
              "mS-DS-ConsistencyGuid",
              "userAccountControl");
      assertThat(e.getAttributeValue("userPrincipalName")).isEqualTo(nick + "@contoso.test");
      assertThat(e.getAttributeValue("sAMAccountName")).isEqualTo(nick);
      assertThat(e.getAttributeValueBytes("mS-DS-ConsistencyGuid"))
          .isEqualTo(SourceAnchor.parse(id).orElseThrow().consistencyGuid());
      assertThat(e.getAttributeValueAsInteger("userAccountControl") & Users.ACCOUNTDISABLE)
          .isNotZero();
      assertThat(provisioner.apply(w, u)).isEqualTo(new WritebackResult.Unchanged(dn));

      UserUpsert renamed = UserUpsert.of(id, nick + "@contoso.test", "Renamed " + nick);
      assertThat(provisioner.apply(w, renamed))
          .isInstanceOfSatisfying(
              WritebackResult.Updated.class,
              up -> {
                assertThat(up.dn()).isEqualTo(dn);
                assertThat(up.attributes()).containsExactly("displayName");
              });
      assertThat(admin.getEntry(dn, "displayName").getAttributeValue("displayName"))
          .isEqualTo("Renamed " + nick);

      // soft delete: disable; the account was created disabled, so enable it first as an admin
      admin.modify(
          dn,
          new com.unboundid.ldap.sdk.Modification(
              com.unboundid.ldap.sdk.ModificationType.REPLACE,
              "unicodePwd",
              ('"' + START + '"').getBytes(StandardCharsets.UTF_16LE)),
          new com.unboundid.ldap.sdk.Modification(
              com.unboundid.ldap.sdk.ModificationType.REPLACE, "userAccountControl", "512"));
      assertThat(provisioner.apply(w, new UserDelete(id, DeleteMode.SOFT)))
          .isEqualTo(new WritebackResult.Updated(dn, List.of("userAccountControl"), List.of()));
      assertThat(
              admin
                  .getEntry(dn, "userAccountControl")
                  .getAttributeValueAsInteger("userAccountControl"))
          .isEqualTo(514);
      assertThat(provisioner.apply(w, new UserDelete(id, DeleteMode.SOFT)))
          .isEqualTo(new WritebackResult.Unchanged(dn));
      assertThat(provisioner.apply(w, new UserDelete(id, DeleteMode.HARD)))
          .isEqualTo(new WritebackResult.Deleted(dn));
      assertThat(admin.getEntry(dn)).isNull();
      assertThat(provisioner.apply(w, new UserDelete(id, DeleteMode.HARD)))
          .isInstanceOf(WritebackResult.Unchanged.class);
    }
  }

  @Test
  void anInitialPasswordGivesAnEnabledUserThatMustChangeIt() throws LDAPException {
    String id = UUID.randomUUID().toString();
    String nick = uniqueName("ip");
    try (LDAPConnection w = writer();
        LDAPConnection admin = admin()) {
      String dn =
          dnOf(
              provisioner.apply(
                  w,
                  UserUpsert.of(id, nick + "@contoso.test", "Initial " + nick)
                      .withInitialPassword(secret("Init#Passw0rd1"))));
      SearchResultEntry e = admin.getEntry(dn, "userAccountControl", "pwdLastSet");
      assertThat(e.getAttributeValueAsInteger("userAccountControl")).isEqualTo(512);
      assertThat(e.getAttributeValue("pwdLastSet")).isEqualTo("0");
    }
  }

  @Test
  void aDnHeldByAnotherObjectGetsAUniqueRdnAndTheOtherIsNotTouched() throws LDAPException {
    String name = uniqueName("dup");
    String other = seedUser(name);
    Map<String, String> before;
    try (LDAPConnection admin = admin()) {
      before = Map.of(other, admin.getEntry(other, "*").toLDIFString());
    }
    String id = UUID.randomUUID().toString();
    try (LDAPConnection w = writer();
        LDAPConnection admin = admin()) {
      WritebackResult r =
          provisioner.apply(w, UserUpsert.of(id, "o" + name + "@contoso.test", name));
      assertThat(r)
          .isInstanceOfSatisfying(
              WritebackResult.Created.class,
              c -> {
                assertThat(dnUnchecked(c.dn()))
                    .isEqualTo(dnUnchecked("CN=" + name + " (2)," + users));
                assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("different anchor"));
              });
      assertThat(admin.getEntry(other, "*").toLDIFString()).isEqualTo(before.get(other));
      // the same request again finds its own object by anchor, not the colliding one
      assertThat(provisioner.apply(w, UserUpsert.of(id, "o" + name + "@contoso.test", name)))
          .isEqualTo(new WritebackResult.Unchanged(dnOf(r)));
    }
  }

  private static DN dnUnchecked(String dn) {
    try {
      return new DN(dn);
    } catch (LDAPException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aUpnHeldByAnotherAccountIsRefusedAndNothingIsWritten() throws LDAPException {
    String name = uniqueName("upn");
    seedUser(name);
    Map<String, String> before = state();
    try (LDAPConnection w = writer()) {
      assertThat(
              provisioner.apply(
                  w,
                  UserUpsert.of(UUID.randomUUID().toString(), name + "@contoso.test", "X " + name)))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> assertThat(f.kind()).isEqualTo(FailureKind.REFUSED));
    }
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void dnAndFilterSpecialCharactersInNamesAreEscaped() throws LDAPException {
    String tail = uniqueName("");
    String display = "Müller, Jo \"J\" <x>+#;\\=*()" + tail;
    String id = UUID.randomUUID().toString();
    try (LDAPConnection w = writer();
        LDAPConnection admin = admin()) {
      String dn =
          dnOf(provisioner.apply(w, UserUpsert.of(id, "mj" + tail + "@contoso.test", display)));
      RDN rdn = new DN(dn).getRDN();
      assertThat(rdn.getAttributeValues()).containsExactly(display);
      assertThat(admin.getEntry(dn, "displayName").getAttributeValue("displayName"))
          .isEqualTo(display);
      // the server may spell the same DN with other escapes (Samba: \3B for \;)
      assertThat(provisioner.apply(w, UserUpsert.of(id, "mj" + tail + "@contoso.test", display)))
          .isInstanceOfSatisfying(
              WritebackResult.Unchanged.class,
              u -> assertThat(dnUnchecked(u.dn())).isEqualTo(dnUnchecked(dn)));
    }
  }

  @Test
  void aLongDisplayNameIsKeptWhileTheRdnIsCutTo64() throws LDAPException {
    String display = uniqueName("long") + "-" + "x".repeat(120);
    try (LDAPConnection w = writer();
        LDAPConnection admin = admin()) {
      String dn =
          dnOf(
              provisioner.apply(
                  w,
                  UserUpsert.of(
                      UUID.randomUUID().toString(), uniqueName("l") + "@contoso.test", display)));
      assertThat(new DN(dn).getRDN().getAttributeValues()[0]).isEqualTo(display.substring(0, 64));
      assertThat(admin.getEntry(dn, "displayName").getAttributeValue("displayName"))
          .isEqualTo(display);
    }
  }

  @Test
  void aDryRunReportsTheCreationAndWritesNothing() throws LDAPException {
    Map<String, String> before = state();
    String nick = uniqueName("dry");
    try (LDAPConnection w = writer()) {
      assertThat(
              provisioner.plan(
                  w, UserUpsert.of(UUID.randomUUID().toString(), nick + "@contoso.test", nick)))
          .isInstanceOfSatisfying(
              WritebackResult.Created.class,
              c ->
                  assertThat(c.attributes())
                      .contains("mS-DS-ConsistencyGuid", "userPrincipalName"));
    }
    assertThat(state()).isEqualTo(before);
  }

  // --------------------------------------------------------------------------------------- groups

  /** Writes back {@code n} users and returns their ids and DNs. */
  Map<String, DN> cloudUsers(LDAPConnection w, int n) throws LDAPException {
    Map<String, DN> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      String nick = uniqueName("m");
      out.put(
          id, new DN(dnOf(provisioner.apply(w, UserUpsert.of(id, nick + "@contoso.test", nick)))));
    }
    return out;
  }

  List<DN> members(LDAPConnection c, String groupDn) throws Exception {
    List<DN> out = new ArrayList<>();
    for (String m : provisioner.readMembers(c, groupDn)) {
      out.add(new DN(m));
    }
    return out;
  }

  @Test
  void aMailEnabledGroupWithMembersInBatchesConvergesAndIsDeleted() throws Exception {
    try (LDAPConnection w = writer();
        LDAPConnection admin = admin()) {
      Map<String, DN> cloud = cloudUsers(w, 8);
      List<String> ids = List.copyOf(cloud.keySet());
      String id = UUID.randomUUID().toString();
      String nick = uniqueName("sales");
      GroupUpsert g =
          new GroupUpsert(
              id, "Sales", nick, Optional.of(nick + "@contoso.test"), GroupKind.DISTRIBUTION, ids);
      WritebackResult created = provisioner.apply(w, g);
      assertThat(created)
          .isInstanceOfSatisfying(
              WritebackResult.Created.class,
              c -> assertThat(c.notes()).contains("8 members written in batches of 3"));
      String dn = dnOf(created);
      assertThat(new DN(dn)).isEqualTo(new DN("CN=Group_" + id + "," + groups));
      SearchResultEntry e =
          admin.getEntry(dn, "groupType", "mail", "proxyAddresses", "adminDescription");
      assertThat(e.getAttributeValueAsInteger("groupType")).isEqualTo(8);
      assertThat(e.getAttributeValues("proxyAddresses"))
          .containsExactly("SMTP:" + nick + "@contoso.test");
      assertThat(e.getAttributeValue("adminDescription")).isEqualTo("Group_" + id);
      assertThat(members(w, dn)).containsExactlyInAnyOrderElementsOf(cloud.values());
      assertThat(provisioner.apply(w, g)).isEqualTo(new WritebackResult.Unchanged(dn));

      Map<String, DN> more = cloudUsers(w, 4);
      List<String> next = new ArrayList<>(ids.subList(0, 3));
      next.addAll(more.keySet());
      WritebackResult updated =
          provisioner.apply(
              w,
              new GroupUpsert(id, "Sales", nick, g.primarySmtpAddress(), GroupKind.SECURITY, next));
      assertThat(updated)
          .isInstanceOfSatisfying(
              WritebackResult.Updated.class,
              u -> {
                assertThat(u.attributes()).contains("groupType", "member");
                assertThat(u.notes()).contains("members: 4 added, 5 removed");
              });
      List<DN> expected = new ArrayList<>(more.values());
      ids.subList(0, 3).forEach(i -> expected.add(cloud.get(i)));
      assertThat(members(w, dn)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(provisioner.apply(w, new GroupDelete(id)))
          .isEqualTo(new WritebackResult.Deleted(dn));
      assertThat(admin.getEntry(dn)).isNull();
      assertThat(provisioner.apply(w, new GroupDelete(id)))
          .isInstanceOf(WritebackResult.Unchanged.class);
    }
  }

  @Test
  void theDisplayNameRdnStyleEndsWithTheLast12DigitsOfTheId() throws LDAPException {
    Provisioner named =
        new Provisioner(settings().groupRdnStyle(GroupRdnStyle.DISPLAY_NAME_SUFFIX).build());
    String id = UUID.randomUUID().toString();
    try (LDAPConnection w = writer()) {
      String dn =
          dnOf(
              named.apply(
                  w,
                  new GroupUpsert(
                      id,
                      "R&D, Lab",
                      uniqueName("rd"),
                      Optional.empty(),
                      GroupKind.SECURITY,
                      List.of())));
      assertThat(new DN(dn).getRDN().getAttributeValues())
          .containsExactly("R&D, Lab_" + id.substring(id.length() - 12));
    }
  }

  @Test
  void aMemberThatWasNeverWrittenBackFailsTheGroupAndWritesNothing() throws LDAPException {
    try (LDAPConnection w = writer()) {
      List<String> ids = new ArrayList<>(cloudUsers(w, 2).keySet());
      ids.add(UUID.randomUUID().toString());
      Map<String, String> before = state();
      assertThat(
              provisioner.apply(
                  w,
                  new GroupUpsert(
                      UUID.randomUUID().toString(),
                      "Half",
                      uniqueName("half"),
                      Optional.empty(),
                      GroupKind.SECURITY,
                      ids)))
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class,
              f -> {
                assertThat(f.kind()).isEqualTo(FailureKind.NOT_FOUND);
                assertThat(f.message()).contains(ids.get(2));
              });
      assertThat(state()).isEqualTo(before);
    }
  }

  // -------------------------------------------------------------------------------------- devices

  @Test
  void aDeviceWithKeyCredentialsIsWrittenAndReadWithAccountNames() throws Exception {
    String sam = uniqueName("own");
    String owner = seedUser(sam);
    String deviceId = UUID.randomUUID().toString();
    String objectId = UUID.randomUUID().toString();
    byte[] thumb = new byte[20];
    thumb[0] = 7;
    try (LDAPConnection w = writer();
        LDAPConnection admin = admin()) {
      Sid ownerSid =
          Sid.fromBytes(admin.getEntry(owner, "objectSid").getAttributeValueBytes("objectSid"));
      Sid unknown = Sid.parse(domainSid + "-99999");
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
      WritebackResult r = provisioner.apply(w, d);
      String dn = dnOf(r);
      try {
        assertThat(new DN(dn)).isEqualTo(new DN("CN=" + deviceId + "," + devices));
        SearchResultEntry e =
            admin.getEntry(
                dn,
                "altSecurityIdentities",
                "msDS-CloudAnchor",
                "msDS-RegisteredOwner",
                "msDS-KeyCredentialLink");
        assertThat(e.getAttributeValue("altSecurityIdentities"))
            .isEqualTo("X509:<SHA1-TP-PUBKEY>" + Base64.getEncoder().encodeToString(thumb));
        assertThat(e.getAttributeValue("msDS-CloudAnchor")).isEqualTo("Device_" + objectId);
        assertThat(e.getAttributeValueBytes("msDS-RegisteredOwner")).isEqualTo(ownerSid.toBytes());
        String link = e.getAttributeValue("msDS-KeyCredentialLink");
        assertThat(link).startsWith("B:16:0002000020000100:");
        assertThat(new DN(link.substring("B:16:0002000020000100:".length()))).isEqualTo(new DN(dn));
        assertThat(provisioner.apply(w, d)).isEqualTo(new WritebackResult.Unchanged(dn));

        DeviceView view = provisioner.readDevice(w, deviceId).orElseThrow();
        assertThat(view.owner().orElseThrow().display()).isEqualTo(netbios + "\\" + sam);
        assertThat(view.users())
            .extracting(DeviceView.Principal::display)
            .containsExactlyInAnyOrder(netbios + "\\" + sam, unknown.toString());
        assertThat(view.enabled()).isTrue();
        assertThat(provisioner.readDevice(w, UUID.randomUUID().toString())).isEmpty();
      } finally {
        admin.delete(dn);
      }
    }
  }

  // ------------------------------------------------------------------------------ exchange hybrid

  @Test
  void x500AddressesAreMergedAndHashesWrittenOnlyWhenTheCloudMailboxIsAuthoritative()
      throws LDAPException {
    String user = seedUser(uniqueName("mbx"));
    try (LDAPConnection admin = admin()) {
      admin.modify(
          user,
          new com.unboundid.ldap.sdk.Modification(
              com.unboundid.ldap.sdk.ModificationType.REPLACE,
              "proxyAddresses",
              "SMTP:mbx@contoso.test",
              "smtp:alias@contoso.test",
              "X500:/o=Old/cn=mbx"));
    }
    ExchangeHybridUpdate.Builder b =
        ExchangeHybridUpdate.builder(AccountRef.dn(user))
            .x500("/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=mbx1")
            .x500("x500:/O=OLD/CN=MBX")
            .archiveStatus(1)
            .userHoldPolicies(List.of("hold-1"))
            .hash(MailboxHash.SAFE_SENDERS, new byte[] {1, 2, 3, 4});
    try (LDAPConnection w = writer();
        LDAPConnection admin = admin()) {
      assertThat(provisioner.apply(w, b.build()))
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
              "smtp:alias@contoso.test",
              "X500:/o=Old/cn=mbx",
              "x500:/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=mbx1");
      assertThat(e.hasAttribute("msExchSafeSendersHash")).isFalse();

      assertThat(provisioner.apply(w, b.cloudMailboxAuthoritative(true).build()))
          .isInstanceOfSatisfying(
              WritebackResult.Updated.class,
              u -> assertThat(u.attributes()).containsExactly("msExchSafeSendersHash"));
      assertThat(
              admin
                  .getEntry(user, "msExchSafeSendersHash")
                  .getAttributeValueBytes("msExchSafeSendersHash"))
          .containsExactly(1, 2, 3, 4);
      assertThat(provisioner.apply(w, b.build())).isEqualTo(new WritebackResult.Unchanged(user));
    }
  }

  // ------------------------------------------------------------------------------------ bad input

  Stream<Arguments> badInput() {
    String good = UUID.randomUUID().toString();
    String thumb = Base64.getEncoder().encodeToString(new byte[20]);
    ProvisioningSettings normal = settings().build();
    return Stream.of(
        Arguments.of(
            "user: anchor not a GUID",
            normal,
            UserUpsert.of("not-a-guid", "a@contoso.test", "A"),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "user: anchor one digit short",
            normal,
            UserUpsert.of(good.substring(1), "a@contoso.test", "A"),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "user: UPN without @",
            normal,
            UserUpsert.of(good, "nobody", "A"),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "user: displayName over 256",
            normal,
            UserUpsert.of(good, "a@contoso.test", "d".repeat(257)),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "user: control character",
            normal,
            UserUpsert.of(good, "a@contoso.test", "A\u0000B"),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "user: mailNickname with a space",
            normal,
            UserUpsert.of(good, "a@contoso.test", "A").withMailNickname("a b"),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "user: mailNickname over 64",
            normal,
            UserUpsert.of(good, "a@contoso.test", "A").withMailNickname("n".repeat(65)),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "user: missing OU",
            settings().userContainer("OU=Missing," + root).build(),
            UserUpsert.of(good, uniqueName("mo") + "@contoso.test", "Missing OU"),
            FailureKind.NOT_FOUND),
        Arguments.of(
            "user delete: anchor not a GUID",
            normal,
            new UserDelete("{x}", DeleteMode.HARD),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "group: member not a GUID",
            normal,
            new GroupUpsert(good, "G", "g", Optional.empty(), GroupKind.SECURITY, List.of("bob")),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "group: member listed twice",
            normal,
            new GroupUpsert(
                good,
                "G",
                "g",
                Optional.empty(),
                GroupKind.SECURITY,
                List.of(good, good.toUpperCase(java.util.Locale.ROOT))),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "group: bad SMTP address",
            normal,
            new GroupUpsert(good, "G", "g", Optional.of("a@@b"), GroupKind.DISTRIBUTION, List.of()),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "group: missing OU",
            settings().groupContainer("OU=Missing," + root).build(),
            new GroupUpsert(
                good, "G", uniqueName("g"), Optional.empty(), GroupKind.SECURITY, List.of()),
            FailureKind.NOT_FOUND),
        Arguments.of(
            "group: member never written back",
            normal,
            new GroupUpsert(
                good,
                "G",
                uniqueName("g"),
                Optional.empty(),
                GroupKind.SECURITY,
                List.of(UUID.randomUUID().toString())),
            FailureKind.NOT_FOUND),
        Arguments.of(
            "device: thumbprint not base64",
            normal,
            device(good, List.of("%%%"), List.of()),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "device: key credential not hex",
            normal,
            device(good, List.of(thumb), List.of("zz")),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "device: missing container",
            settings().deviceContainer("CN=Missing," + root).build(),
            device(good, List.of(thumb), List.of()),
            FailureKind.PREREQUISITE_MISSING),
        Arguments.of(
            "password: empty",
            normal,
            new PasswordReset(AccountRef.sam("x"), secret(""), false, false),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "exchange: x500 without /o=",
            normal,
            ExchangeHybridUpdate.builder(AccountRef.sam("x")).x500("cn=x").build(),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "exchange: bad externalDirectoryObjectId",
            normal,
            ExchangeHybridUpdate.builder(AccountRef.sam("x"))
                .externalDirectoryObjectId("Group_" + good)
                .build(),
            FailureKind.INVALID_INPUT),
        Arguments.of(
            "exchange: unknown target",
            normal,
            ExchangeHybridUpdate.builder(AccountRef.sam(uniqueName("no")))
                .x500("/o=x/cn=y")
                .build(),
            FailureKind.NOT_FOUND));
  }

  private static DeviceUpsert device(String id, List<String> thumbs, List<String> keys) {
    return new DeviceUpsert(
        id, id, "DEV", true, "Windows", "10", Optional.empty(), List.of(), thumbs, keys);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputFailsTheItemTypedAndWritesNothing(
      String label, ProvisioningSettings s, WritebackRequest request, FailureKind kind)
      throws LDAPException {
    Map<String, String> before = state();
    try (LDAPConnection w = writer()) {
      assertThat(new Provisioner(s).apply(w, request))
          .as(label)
          .isInstanceOfSatisfying(
              WritebackResult.Failed.class, f -> assertThat(f.kind()).isEqualTo(kind));
    }
    assertThat(state()).isEqualTo(before);
  }
}
