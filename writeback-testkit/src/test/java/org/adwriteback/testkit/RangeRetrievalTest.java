package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MaxValRange (MS-ADTS 3.1.1.3.4.6) with range retrieval (3.1.1.3.1.3.3): with a limit of 3, a
 * group of 7 members read plainly or through {@code *} returns {@code member;range=0-2}, and the
 * rest comes in slices of at most 3. Samba returns every value to a plain request; the explicit
 * ranges are also a directory-contract scenario measured on Samba.
 */
class RangeRetrievalTest {

  private AdDirectory ad;
  private String group;
  private final List<String> members = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    ad =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder().maxValRange(3).build());
    String ou = ad.addOu("Ranges");
    for (int i = 0; i < 7; i++) {
      members.add(ad.addUser(ou, "m" + i));
    }
    group = ad.addGroup(ou, "Seven");
    try (LDAPConnection c = ad.connection()) {
      c.modify(
          group,
          new com.unboundid.ldap.sdk.Modification(
              com.unboundid.ldap.sdk.ModificationType.ADD,
              "member",
              members.toArray(new String[0])));
    }
  }

  @AfterEach
  void stop() {
    ad.close();
  }

  @Test
  void aPlainReadOfALargeAttributeReturnsTheFirstSliceNamedAsARange() throws Exception {
    try (LDAPConnection c = ad.connection()) {
      for (String[] attributes : List.of(new String[] {"member"}, new String[] {"*"})) {
        SearchResultEntry e = c.getEntry(group, attributes);
        assertThat(e.getAttribute("member")).as(attributes[0]).isNull();
        assertThat(e.getAttribute("member;range=0-2").size()).isEqualTo(3);
      }
      // small attributes are untouched
      assertThat(c.getEntry(members.get(0), "memberOf").getAttribute("memberOf").size())
          .isEqualTo(1);
    }
  }

  @Test
  void theSlicesTogetherHoldEveryValueOnce() throws Exception {
    List<String> read = new ArrayList<>();
    try (LDAPConnection c = ad.connection()) {
      int low = 0;
      while (true) {
        String prefix = "member;range=" + low + "-";
        SearchResultEntry e = c.getEntry(group, prefix + "*");
        Attribute slice =
            e.getAttributes().stream()
                .filter(a -> a.getName().startsWith(prefix))
                .findFirst()
                .orElseThrow();
        assertThat(slice.size()).isLessThanOrEqualTo(3);
        for (String v : slice.getValues()) {
          read.add(v);
        }
        if (slice.getName().endsWith("-*")) {
          break;
        }
        low += slice.size();
      }
    }
    assertThat(read).hasSize(7);
    List<String> expected = new ArrayList<>();
    for (String m : members) {
      expected.add(new com.unboundid.ldap.sdk.DN(m).toNormalizedString());
    }
    assertThat(read.stream().map(RangeRetrievalTest::norm).toList())
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  private static String norm(String dn) {
    try {
      return new com.unboundid.ldap.sdk.DN(dn).toNormalizedString();
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
