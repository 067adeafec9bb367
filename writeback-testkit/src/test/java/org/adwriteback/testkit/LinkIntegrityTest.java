package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Links (member, memberOf, manager, managedBy) after deletes and renames, over LDAP: the links of a
 * deleted object disappear, those of a renamed or moved object (and of everything below it) name
 * its new DN (MS-ADTS 3.1.1.5.4, 3.1.1.5.5).
 */
class LinkIntegrityTest {

  /** One forest for the class, reset to its start between tests. */
  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.forest("contoso.test");

  private static List<DN> values(LDAPConnection c, String dn, String attr) throws Exception {
    String[] v = c.getEntry(dn, attr).getAttributeValues(attr);
    List<DN> out = new ArrayList<>();
    if (v != null) {
      for (String s : v) {
        out.add(new DN(s));
      }
    }
    return out;
  }

  private static DN dn(String s) throws Exception {
    return new DN(s);
  }

  @Test
  void theLinksOfADeletedUserDisappear(AdDirectory ad) throws Exception {
    String ou = ad.addOu("Del");
    String boss = ad.addUser(ou, "boss");
    String worker = ad.addUser(ou, "worker");
    String other = ad.addUser(ou, "other");
    String a = ad.addGroup(ou, "A", boss, other);
    String b = ad.addGroup(ou, "B", boss);
    try (LDAPConnection c = ad.connection()) {
      c.modify(worker, new Modification(ModificationType.REPLACE, "manager", boss));
      c.modify(b, new Modification(ModificationType.REPLACE, "managedBy", boss));
      c.delete(boss);
      assertThat(values(c, a, "member")).containsExactly(dn(other));
      assertThat(values(c, b, "member")).isEmpty();
      assertThat(values(c, worker, "manager")).isEmpty();
      assertThat(values(c, b, "managedBy")).isEmpty();
      assertThat(values(c, other, "memberOf")).containsExactly(dn(a));
    }
  }

  @Test
  void theMembersOfADeletedGroupLoseItsMemberOf(AdDirectory ad) throws Exception {
    String ou = ad.addOu("DelGroup");
    String u = ad.addUser(ou, "u");
    String keep = ad.addGroup(ou, "Keep", u);
    String gone = ad.addGroup(ou, "Gone", u);
    try (LDAPConnection c = ad.connection()) {
      c.delete(gone);
      assertThat(values(c, u, "memberOf")).containsExactly(dn(keep));
    }
  }

  @Test
  void aRenamedUserIsNamedByItsNewDnInGroupsAndAsManager(AdDirectory ad) throws Exception {
    String ou = ad.addOu("Ren");
    String boss = ad.addUser(ou, "boss");
    String worker = ad.addUser(ou, "worker");
    String g = ad.addGroup(ou, "G", boss);
    try (LDAPConnection c = ad.connection()) {
      c.modify(worker, new Modification(ModificationType.REPLACE, "manager", boss));
      c.modifyDN(boss, "CN=chief", true);
      String chief = "CN=chief," + ou;
      assertThat(values(c, g, "member")).containsExactly(dn(chief));
      assertThat(values(c, worker, "manager")).containsExactly(dn(chief));
      assertThat(values(c, chief, "memberOf")).containsExactly(dn(g));
    }
  }

  @Test
  void aMovedSubtreeKeepsItsLinksInsideAndOutside(AdDirectory ad) throws Exception {
    String from = ad.addOu("From");
    String to = ad.addOu("To");
    String u = ad.addUser(from, "u");
    String inside = ad.addGroup(from, "Inside", u);
    String outside = ad.addGroup(to, "Outside", u, inside);
    try (LDAPConnection c = ad.connection()) {
      c.modifyDN(from, "OU=Moved", true, to);
      String moved = "OU=Moved," + to;
      String u2 = "CN=u," + moved;
      String inside2 = "CN=Inside," + moved;
      assertThat(values(c, inside2, "member")).containsExactly(dn(u2));
      assertThat(values(c, outside, "member")).containsExactlyInAnyOrder(dn(u2), dn(inside2));
      assertThat(values(c, u2, "memberOf")).containsExactlyInAnyOrder(dn(inside2), dn(outside));
      assertThat(values(c, inside2, "memberOf")).containsExactly(dn(outside));
    }
    assertThat(u).isNotNull();
  }

  @Test
  void aSubtreeDeleteRemovesTheLinksFromObjectsOutside(AdDirectory ad) throws Exception {
    String doomed = ad.addOu("Doomed");
    String keep = ad.addOu("Keep");
    String u = ad.addUser(doomed, "u");
    String v = ad.addUser(keep, "v");
    String outside = ad.addGroup(keep, "Outside", u, v);
    try (LDAPConnection c = ad.connection()) {
      DeleteRequest tree = new DeleteRequest(doomed);
      tree.addControl(new SubtreeDeleteRequestControl());
      c.delete(tree);
      assertThat(values(c, outside, "member")).containsExactly(dn(v));
    }
  }
}
