package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restoring the snapshot last taken or restored puts back only the objects written since
 * (ChangeJournal). After every kind of write the testkit knows, the directory must then be the
 * snapshot again, byte for byte, exactly as after a full restore.
 */
class PartialRestoreTest {

  private static final char[] PASSWORD = "Corr3ct-Horse".toCharArray();

  private AdDirectory ad;

  @BeforeEach
  void start() throws Exception {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
  }

  @AfterEach
  void stop() {
    ad.close();
  }

  /** Every object as name → attribute (lower case) → value bytes, in order. */
  static Map<String, Map<String, List<String>>> dump(Map<DN, ReadOnlyEntry> entries) {
    Map<String, Map<String, List<String>>> out = new TreeMap<>();
    for (Map.Entry<DN, ReadOnlyEntry> e : entries.entrySet()) {
      Map<String, List<String>> attrs = new TreeMap<>();
      for (Attribute a : e.getValue().getAttributes()) {
        List<String> values = new ArrayList<>();
        for (byte[] v : a.getValueByteArrays()) {
          values.add(Arrays.toString(v));
        }
        attrs.put(a.getName().toLowerCase(Locale.ROOT), values);
      }
      out.put(e.getKey().toNormalizedString(), attrs);
    }
    return out;
  }

  private Map<String, Map<String, List<String>>> now() {
    return dump(ad.server().createSnapshot().getEntryMap());
  }

  /**
   * A test's worth of writes to existing objects, of every kind the journal must see: LDAP
   * modifies, memberOf back links, inherited-ACE propagation, a password set by the helper.
   */
  private void modifyExistingObjects() throws Exception {
    String users = "CN=Users," + ad.domainDn();
    String builtin = "CN=Builtin," + ad.domainDn();
    try (LDAPConnection c = ad.connection()) {
      // a case-only change and a multi-valued one
      c.modify(
          "CN=Guest," + users,
          new Modification(ModificationType.REPLACE, "description", "GUEST ACCOUNT"),
          new Modification(
              ModificationType.REPLACE, "proxyAddresses", "SMTP:guest@contoso.test", "x500:/o=G"));
      // an existing group joins another one: memberOf is the only change to it
      c.modify(
          "CN=Backup Operators," + builtin,
          new Modification(ModificationType.ADD, "member", "CN=Print Operators," + builtin));
      // an inheritable ACE on an existing container reaches its existing child (the DC account)
      Dacls.write(c, "OU=Domain Controllers," + ad.domainDn(), "D:(A;CI;RP;;;S-1-5-21-1-2-3-4444)");
    }
    // last: ad.connection() binds with the old password
    ad.setPassword(ad.adminDn(), "N3w-Admin-Pass".toCharArray());
  }

  /** Adds of every kind, then the modifies above. */
  private void addAndModify() throws Exception {
    String ou = ad.addOu("Partial");
    String alice = ad.addUser(ou, "alice", PASSWORD);
    String users = "CN=Users," + ad.domainDn();
    ad.addGroup(ou, "Team", alice, "CN=Domain Users," + users);
    try (LDAPConnection c = ad.connection()) {
      c.add(
          "dn: CN=carol," + users,
          "objectClass: user",
          "sAMAccountName: carol",
          "userPrincipalName: carol@contoso.test");
      c.modify(
          "CN=Domain Admins," + users,
          new Modification(ModificationType.ADD, "member", "CN=carol," + users));
    }
    modifyExistingObjects();
  }

  @Test
  void afterModifiesOfExistingObjectsOnlyThoseArePutBackExactly() throws Exception {
    Map<String, Map<String, List<String>>> before = now();
    AdSnapshot s = ad.snapshot();
    modifyExistingObjects();
    assertThat(now()).isNotEqualTo(before);
    ad.restore(s);
    assertThat(ad.lastRestoreWasPartial()).isTrue();
    assertThat(now()).isEqualTo(before);
    // the administrator's password is the old one again
    try (LDAPConnection c = ad.connectionAs(ad.adminDn(), ad.adminPassword())) {
      assertThat(c.getEntry(ad.domainDn())).isNotNull();
    }
    // and the same writes work again
    modifyExistingObjects();
  }

  @Test
  void resetBetweenTestsIsPartialAndExactTwiceInARow() throws Exception {
    Map<String, Map<String, List<String>>> initial = now();
    for (int i = 0; i < 2; i++) {
      modifyExistingObjects();
      ad.reset();
      assertThat(ad.lastRestoreWasPartial()).isTrue();
      assertThat(now()).isEqualTo(initial);
    }
  }

  @Test
  void afterAddsTheAddedObjectsAreDeletedAndTheRestIsExact() throws Exception {
    Map<String, Map<String, List<String>>> initial = now();
    addAndModify();
    ad.reset();
    assertThat(ad.lastRestoreWasPartial()).isTrue();
    assertThat(now()).isEqualTo(initial);
    addAndModify(); // names, RIDs and counters are the snapshot's again
  }

  @Test
  void deletedAndMovedObjectsComeBackWithTheirLinks() throws Exception {
    // (the built-in Guest and Domain Guests that this used to delete and move are kept by the
    // directory, as AD keeps them: a client's own objects linked to BUILTIN\Guests stand in)
    AdSnapshot linked = linkedObjects();
    Map<String, Map<String, List<String>>> initial = now();
    String ou = "OU=Linked," + ad.domainDn();
    try (LDAPConnection c = ad.connection()) {
      // the user is a member of BUILTIN\Guests: its delete edits that group
      c.delete("CN=linked-user," + ou);
      // a moved group (in BUILTIN\Guests) goes to a new OU under a new name
      c.add("dn: OU=Moved," + ad.domainDn(), "objectClass: organizationalUnit");
      c.modifyDN("CN=linked group," + ou, "CN=Visitors", true, "OU=Moved," + ad.domainDn());
    }
    ad.restore(linked);
    assertThat(ad.lastRestoreWasPartial()).isTrue();
    assertThat(now()).isEqualTo(initial);
  }

  /**
   * OU=Linked with a user and a group, both members of BUILTIN\Guests, a second user the group
   * holds, and a snapshot of that state.
   */
  private AdSnapshot linkedObjects() throws Exception {
    String ou = ad.addOu("Linked");
    String user = ad.addUser(ou, "linked-user");
    String other = ad.addUser(ou, "linked-other");
    try (LDAPConnection c = ad.connection()) {
      String group = "CN=linked group," + ou;
      c.add(
          group,
          new Attribute("objectClass", "group"),
          new Attribute("sAMAccountName", "linked-group"),
          new Attribute("member", other));
      c.modify(
          "CN=Guests,CN=Builtin," + ad.domainDn(),
          new Modification(ModificationType.ADD, "member", user, group));
    }
    return ad.snapshot();
  }

  @Test
  void aSubtreeDeleteComesBackExactly() throws Exception {
    AdSnapshot linked = linkedObjects();
    Map<String, Map<String, List<String>>> initial = now();
    try (LDAPConnection c = ad.connection()) {
      // the OU and the accounts and group in it, linked to BUILTIN\Guests outside
      com.unboundid.ldap.sdk.DeleteRequest tree =
          new com.unboundid.ldap.sdk.DeleteRequest("OU=Linked," + ad.domainDn());
      tree.addControl(new com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl());
      c.delete(tree);
    }
    ad.restore(linked);
    assertThat(ad.lastRestoreWasPartial()).isTrue();
    assertThat(now()).isEqualTo(initial);
  }

  @Test
  void pastTheJournalLimitOrFromAnOlderSnapshotTheRestoreIsFullAndExact() throws Exception {
    Map<String, Map<String, List<String>>> initial = now();
    String ou = ad.addOu("Many");
    for (int i = 0; i < ChangeJournal.LIMIT + 1; i++) {
      ad.addUser(ou, "many" + i);
    }
    ad.reset();
    assertThat(ad.lastRestoreWasPartial()).isFalse();
    assertThat(now()).isEqualTo(initial);

    AdSnapshot middle = ad.snapshot();
    Map<String, Map<String, List<String>>> atMiddle = now();
    modifyExistingObjects();
    ad.reset(); // the initial snapshot is older than the last one taken: full
    assertThat(ad.lastRestoreWasPartial()).isFalse();
    assertThat(now()).isEqualTo(initial);
    ad.restore(middle);
    assertThat(now()).isEqualTo(atMiddle);
  }
}
