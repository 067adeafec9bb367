package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The names of existing objects the testkit remembers for its member checks ({@link KnownEntries}):
 * a name is forgotten when its object goes away, so a group never takes a member that was deleted,
 * renamed or restored away.
 */
class KnownEntriesTest {

  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.forest("contoso.test");

  @Test
  void aNameLearnedWhileObjectsWentAwayIsNotKept() throws Exception {
    KnownEntries known = new KnownEntries(10);
    DN a = new DN("CN=A,DC=contoso,DC=test");
    long before = known.generation();
    known.learned(a, before);
    assertThat(known.contains(new DN("cn=a,dc=CONTOSO,dc=test"))).isTrue();
    // any spelling finds the name as the object is stored
    assertThat(known.stored(new DN("cn=a,dc=CONTOSO,dc=test")))
        .isEqualTo("CN=A,DC=contoso,DC=test");
    assertThat(known.stored(new DN("CN=B,DC=contoso,DC=test"))).isNull();

    long stale = known.generation();
    known.removed();
    assertThat(known.contains(a)).isFalse();
    known.learned(a, stale); // looked before the removal began
    assertThat(known.contains(a)).isFalse();
    known.learned(a, known.generation());
    assertThat(known.contains(a)).isTrue();
  }

  @Test
  void pastTheLimitNothingMoreIsLearned() throws Exception {
    KnownEntries known = new KnownEntries(1);
    known.learned(new DN("CN=A,DC=x"), known.generation());
    known.learned(new DN("CN=B,DC=x"), known.generation());
    assertThat(known.contains(new DN("CN=A,DC=x"))).isTrue();
    assertThat(known.contains(new DN("CN=B,DC=x"))).isFalse();
  }

  @Test
  void aMemberThatWasDeletedRenamedOrRestoredAwayIsRefused(AdDirectory ad) throws Exception {
    String ou = ad.addOu("Known");
    try (LDAPConnection c = ad.connection()) {
      String deleted = "CN=gone," + ou;
      String renamed = "CN=old," + ou;
      c.add(deleted, new Attribute("objectClass", "user"), new Attribute("sAMAccountName", "gone"));
      c.add(renamed, new Attribute("objectClass", "user"), new Attribute("sAMAccountName", "old"));
      // both are known now: their adds succeeded
      assertThat(ad.engine().knownEntriesGeneration()).isNotNegative();
      group(c, ou, "before", deleted, renamed);

      c.delete(deleted);
      assertRefused(() -> group(c, ou, "afterDelete", deleted));
      c.modifyDN(renamed, "CN=new", true);
      assertRefused(() -> group(c, ou, "afterRename", renamed));
      group(c, ou, "renamed", "CN=new," + ou);

      AdSnapshot snapshot = ad.snapshot();
      String later = "CN=later," + ou;
      c.add(later, new Attribute("objectClass", "user"), new Attribute("sAMAccountName", "later"));
      group(c, ou, "withLater", later);
      ad.restore(snapshot);
      assertRefused(() -> group(c, ou, "afterRestore", later));
    }
  }

  private static void group(LDAPConnection c, String ou, String name, String... members)
      throws LDAPException {
    c.add(
        "CN=" + name + "," + ou,
        new Attribute("objectClass", "group"),
        new Attribute("sAMAccountName", "known-" + name),
        new Attribute("member", members));
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            LDAPException.class,
            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT));
  }
}
