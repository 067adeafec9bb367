package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens are cached per bound account (TokenCache) but must follow every change of the groups they
 * are built from: a right granted to a group is used by a member on its next operation once it
 * joins, and lost once it leaves, the group is deleted, or a snapshot from before is restored.
 */
class TokenCacheTest {

  private static final char[] PASSWORD = "Corr3ct-Horse".toCharArray();

  private AdDirectory ad;
  private String target;
  private String bob;
  private String writers;

  @BeforeEach
  void start() throws Exception {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
    String ou = ad.addOu("Cache");
    target = ad.addUser(ou, "target");
    bob = ad.addUser(ou, "bob", PASSWORD);
    writers = ad.addGroup(ou, "Writers");
    try (LDAPConnection admin = ad.connection()) {
      Sid group =
          Sid.fromBytes(admin.getEntry(writers, "objectSid").getAttributeValueBytes("objectSid"));
      // Writers may write every property of the target (WP without an object type)
      Dacls.write(admin, target, "D:(A;;WP;;;" + group + ")");
    }
  }

  @AfterEach
  void stop() {
    ad.close();
  }

  private void writeDescription(LDAPConnection c, String value) throws LDAPException {
    c.modify(target, new Modification(ModificationType.REPLACE, "description", value));
  }

  private void setMembership(ModificationType type) throws LDAPException {
    try (LDAPConnection admin = ad.connection()) {
      admin.modify(writers, new Modification(type, "member", bob));
    }
  }

  private void assertRefused(LDAPConnection c, String value) {
    assertThatThrownBy(
            () ->
                c.modify(target, new Modification(ModificationType.REPLACE, "description", value)))
        .isInstanceOfSatisfying(
            LDAPException.class,
            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
  }

  @Test
  void joiningAndLeavingTheGroupTakeEffectOnTheNextOperationOfTheSameConnection() throws Exception {
    try (LDAPConnection c = ad.connectionAs(bob, PASSWORD)) {
      assertRefused(c, "before joining");
      setMembership(ModificationType.ADD);
      writeDescription(c, "member now");
      writeDescription(c, "still a member"); // the cached token
      setMembership(ModificationType.DELETE);
      assertRefused(c, "after leaving");
    }
  }

  @Test
  void deletingTheGroupTakesTheRightAway() throws Exception {
    setMembership(ModificationType.ADD);
    try (LDAPConnection c = ad.connectionAs(bob, PASSWORD)) {
      writeDescription(c, "member");
      try (LDAPConnection admin = ad.connection()) {
        admin.delete(writers);
      }
      assertRefused(c, "group gone");
    }
  }

  @Test
  void restoringASnapshotFromBeforeTheJoinTakesTheRightAway() throws Exception {
    AdSnapshot before = ad.snapshot();
    setMembership(ModificationType.ADD);
    try (LDAPConnection c = ad.connectionAs(bob, PASSWORD)) {
      writeDescription(c, "member");
      ad.restore(before);
      assertRefused(c, "restored");
    }
  }

  @Test
  void aGroupAddedWithTheMemberGrantsAtOnce() throws Exception {
    try (LDAPConnection c = ad.connectionAs(bob, PASSWORD)) {
      assertRefused(c, "before");
      try (LDAPConnection admin = ad.connection()) {
        // nesting: a new group holding bob joins Writers
        admin.add(
            "dn: CN=Inner," + ad.domainDn(),
            "objectClass: group",
            "sAMAccountName: Inner",
            "member: " + bob);
        admin.modify(
            writers, new Modification(ModificationType.ADD, "member", "CN=Inner," + ad.domainDn()));
      }
      writeDescription(c, "member through Inner");
    }
  }

  /** Bob in Inner (a group that exists and is in his cached token), then Inner into Writers. */
  private String innerWithBob(LDAPConnection admin) throws Exception {
    String inner = "CN=Inner," + ad.domainDn();
    admin.add("dn: " + inner, "objectClass: group", "sAMAccountName: Inner", "member: " + bob);
    return inner;
  }

  @Test
  void nestingAGroupTheAccountIsAlreadyInGrantsAtOnce() throws Exception {
    try (LDAPConnection admin = ad.connection();
        LDAPConnection c = ad.connectionAs(bob, PASSWORD)) {
      String inner = innerWithBob(admin);
      assertRefused(c, "in Inner, Inner not in Writers"); // cached: built through Inner
      admin.modify(writers, new Modification(ModificationType.ADD, "member", inner));
      writeDescription(c, "member through Inner");
    }
  }

  @Test
  void takingTheIntermediateGroupOutTakesTheRightAway() throws Exception {
    try (LDAPConnection admin = ad.connection();
        LDAPConnection c = ad.connectionAs(bob, PASSWORD)) {
      String inner = innerWithBob(admin);
      admin.modify(writers, new Modification(ModificationType.ADD, "member", inner));
      writeDescription(c, "member through Inner");
      admin.modify(writers, new Modification(ModificationType.DELETE, "member", inner));
      assertRefused(c, "Inner left Writers");
    }
  }
}
