package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of writes (adds, modifies, memberships, deletes, subtree deletes, moves,
 * passwords, a manager link) between resets: after every reset, partial or full, the directory is
 * the start snapshot again byte for byte. Seeded, so a failure repeats.
 */
class PartialRestoreRandomTest {

  private AdDirectory ad;

  @BeforeEach
  void start() throws Exception {
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
  }

  @AfterEach
  void stop() {
    ad.close();
  }

  private Map<String, Map<String, List<String>>> now() {
    return PartialRestoreTest.dump(ad.server().createSnapshot().getEntryMap());
  }

  @Test
  void everyResetAfterRandomWritesGivesBackTheStartExactly() throws Exception {
    Map<String, Map<String, List<String>>> initial = now();
    Random random = new Random(20261202);
    int partial = 0;
    for (int round = 0; round < 25; round++) {
      List<String> users = new ArrayList<>(List.of("CN=Guest,CN=Users," + ad.domainDn()));
      List<String> groups =
          new ArrayList<>(
              List.of(
                  "CN=Domain Guests,CN=Users," + ad.domainDn(),
                  "CN=Print Operators,CN=Builtin," + ad.domainDn()));
      List<String> ous = new ArrayList<>(List.of(ad.addOu("R" + round)));
      try (LDAPConnection c = ad.connection()) {
        int steps = 1 + random.nextInt(10);
        for (int s = 0; s < steps; s++) {
          try {
            step(random, c, round + "-" + s, users, groups, ous);
          } catch (LDAPException refused) {
            // a member already there, a name taken: a refused write changes nothing either
          }
        }
      }
      ad.reset();
      if (ad.lastRestoreWasPartial()) {
        partial++;
      }
      assertThat(now()).as("after round %d", round).isEqualTo(initial);
    }
    assertThat(partial).as("resets that were partial").isGreaterThan(10);
  }

  private void step(
      Random r,
      LDAPConnection c,
      String tag,
      List<String> users,
      List<String> groups,
      List<String> ous)
      throws LDAPException {
    String ou = ous.get(r.nextInt(ous.size()));
    switch (r.nextInt(11)) {
      case 10 -> {
        if (users.size() > 1) {
          // a rename in place: same parent, new RDN
          String u = users.remove(1 + r.nextInt(users.size() - 1));
          c.modifyDN(u, "CN=n" + tag, true);
          users.add("CN=n" + tag + "," + new DN(u).getParentString());
        }
      }
      case 0 -> users.add(ad.addUser(ou, "u" + tag));
      case 1 -> {
        String u = "CN=l" + tag + "," + ou;
        c.add(u, new Attribute("objectClass", "user"), new Attribute("sAMAccountName", "l" + tag));
        users.add(u);
      }
      case 2 -> groups.add(ad.addGroup(ou, "g" + tag, users.get(r.nextInt(users.size()))));
      case 3 ->
          c.modify(
              groups.get(r.nextInt(groups.size())),
              new Modification(ModificationType.ADD, "member", users.get(r.nextInt(users.size()))));
      case 4 ->
          c.modify(
              users.get(r.nextInt(users.size())),
              new Modification(ModificationType.REPLACE, "description", "d" + tag));
      case 5 -> {
        if (users.size() > 1) {
          String gone = users.remove(1 + r.nextInt(users.size() - 1));
          c.delete(gone);
        }
      }
      case 6 -> {
        // into a new OU, or into CN=Users, which existed before
        String target = "CN=Users," + ad.domainDn();
        if (r.nextBoolean()) {
          target = ad.addOu(ou, "s" + tag);
          ous.add(target);
        }
        if (users.size() > 1) {
          String u = users.remove(1 + r.nextInt(users.size() - 1));
          c.modifyDN(u, "CN=m" + tag, true, target);
          users.add("CN=m" + tag + "," + target);
        }
      }
      case 7 -> {
        if (ous.size() > 1) {
          String doomed = ous.remove(ous.size() - 1);
          DeleteRequest tree = new DeleteRequest(doomed);
          tree.addControl(new SubtreeDeleteRequestControl());
          c.delete(tree);
          users.removeIf(u -> isBelow(u, doomed));
          groups.removeIf(g -> isBelow(g, doomed));
        }
      }
      case 8 -> ad.setPassword(users.get(0), ("Pw-" + tag + "-x9").toCharArray());
      default ->
          c.modify(
              users.get(r.nextInt(users.size())),
              new Modification(
                  ModificationType.REPLACE, "manager", users.get(r.nextInt(users.size()))));
    }
  }

  private static boolean isBelow(String dn, String root) {
    try {
      return new DN(dn).isDescendantOf(new DN(root), true);
    } catch (LDAPException e) {
      return false;
    }
  }
}
