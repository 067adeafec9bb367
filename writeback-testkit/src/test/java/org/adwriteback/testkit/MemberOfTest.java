package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * memberOf as a client sees it, over LDAP: the testkit keeps it in a link table (as AD does,
 * MS-ADTS 3.1.1.2.2.3) instead of in the member's object, so every way of reading it (attribute
 * lists, typesOnly, filters of every kind, compares, snapshots) must give what a stored memberOf
 * gave.
 */
class MemberOfTest {

  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.forest("contoso.test");

  private record Fixture(String ou, String a, String b, String u, String v, String w) {}

  private static Fixture fixture(AdDirectory ad, String name) throws Exception {
    String ou = ad.addOu(name);
    String u = ad.addUser(ou, name + "u");
    String v = ad.addUser(ou, name + "v");
    String w = ad.addUser(ou, name + "w");
    String a = ad.addGroup(ou, "A", u, v);
    String b = ad.addGroup(ou, "B", u);
    return new Fixture(ou, a, b, u, v, w);
  }

  private static List<DN> dns(String[] values) throws Exception {
    List<DN> out = new ArrayList<>();
    if (values != null) {
      for (String s : values) {
        out.add(new DN(s));
      }
    }
    return out;
  }

  private static List<DN> found(LDAPConnection c, String base, String filter) throws Exception {
    List<DN> out = new ArrayList<>();
    for (SearchResultEntry e : c.search(base, SearchScope.SUB, filter, "1.1").getSearchEntries()) {
      out.add(e.getParsedDN());
    }
    return out;
  }

  @Test
  void memberOfComesWithEveryAttributeListThatAsksForIt(AdDirectory ad) throws Exception {
    Fixture f = fixture(ad, "Lists");
    try (LDAPConnection c = ad.connection()) {
      assertThat(dns(c.getEntry(f.u()).getAttributeValues("memberOf")))
          .containsExactly(new DN(f.a()), new DN(f.b()));
      assertThat(dns(c.getEntry(f.u(), "*").getAttributeValues("memberOf"))).hasSize(2);
      assertThat(dns(c.getEntry(f.v(), "memberOf").getAttributeValues("memberOf")))
          .containsExactly(new DN(f.a()));
      assertThat(
              c.getEntry(f.u(), MemberOfValues.OID).getAttributes().stream()
                  .mapToInt(Attribute::size)
                  .sum())
          .isEqualTo(2);
      assertThat(c.getEntry(f.u(), "cn").hasAttribute("memberOf")).isFalse();
      assertThat(c.getEntry(f.w()).hasAttribute("memberOf")).isFalse();

      SearchRequest extended =
          new SearchRequest(f.v(), SearchScope.BASE, "(objectClass=*)", "memberOf");
      extended.addControl(new com.unboundid.ldap.sdk.Control(ExtendedDn.OID, false));
      assertThat(c.search(extended).getSearchEntries().get(0).getAttributeValues("memberOf"))
          .singleElement()
          .satisfies(v -> assertThat(v).startsWith("<GUID=").endsWith(";" + f.a()));

      SearchRequest typesOnly =
          new SearchRequest(f.u(), SearchScope.BASE, "(objectClass=*)", "memberOf");
      typesOnly.setTypesOnly(true);
      SearchResultEntry e = c.search(typesOnly).getSearchEntries().get(0);
      assertThat(e.hasAttribute("memberOf")).isTrue();
      assertThat(e.getAttribute("memberOf").hasValue()).isFalse();
    }
  }

  @Test
  void filtersOnMemberOfFollowTheGroupsMemberValues(AdDirectory ad) throws Exception {
    Fixture f = fixture(ad, "Filters");
    try (LDAPConnection c = ad.connection()) {
      String users = "(objectClass=user)";
      String a = f.a().toLowerCase(java.util.Locale.ROOT).replace(",", ", ");
      assertThat(found(c, f.ou(), "(memberOf=" + a + ")"))
          .containsExactlyInAnyOrder(new DN(f.u()), new DN(f.v()));
      assertThat(found(c, f.ou(), "(&" + users + "(!(memberOf=" + f.a() + ")))"))
          .containsExactly(new DN(f.w()));
      assertThat(found(c, f.ou(), "(memberOf=*)"))
          .containsExactlyInAnyOrder(new DN(f.u()), new DN(f.v()));
      assertThat(found(c, f.ou(), "(&" + users + "(!(memberOf=*)))"))
          .containsExactly(new DN(f.w()));
      assertThat(found(c, f.ou(), "(|(memberOf=" + f.b() + ")(sAMAccountName=Filtersw))"))
          .containsExactlyInAnyOrder(new DN(f.u()), new DN(f.w()));
      assertThat(found(c, f.ou(), "(memberOf=not a dn)")).isEmpty();

      c.modify(f.a(), new Modification(ModificationType.DELETE, "member", f.u()));
      assertThat(found(c, f.ou(), "(memberOf=" + f.a() + ")")).containsExactly(new DN(f.v()));
      assertThat(dns(c.getEntry(f.u(), "memberOf").getAttributeValues("memberOf")))
          .containsExactly(new DN(f.b()));
    }
  }

  @Test
  void filtersOnMemberOfWorkWithoutAdMatchingRules() throws Exception {
    try (AdDirectory ad =
        AdDirectory.start(
            AdConfiguration.forest("plain.test").toBuilder()
                .without(AdFeature.AD_MATCHING_RULES)
                .build())) {
      Fixture f = fixture(ad, "Plain");
      try (LDAPConnection c = ad.connection()) {
        assertThat(found(c, f.ou(), "(memberOf=" + f.b() + ")")).containsExactly(new DN(f.u()));
      }
    }
  }

  @Test
  void aCompareOnMemberOfAnswersFromTheGroups(AdDirectory ad) throws Exception {
    Fixture f = fixture(ad, "Compare");
    try (LDAPConnection c = ad.connection()) {
      var matched = c.compare(f.u(), "memberOf", f.b().toUpperCase(java.util.Locale.ROOT));
      assertThat(matched.compareMatched()).isTrue();
      // without text, as a DC answers and as the testkit answers other compares
      assertThat(matched.getDiagnosticMessage()).isNull();
      assertThat(c.compare(f.v(), "memberOf", f.b()).getDiagnosticMessage()).isNull();
      assertThat(c.compare(f.v(), "memberOf", f.b()).compareMatched()).isFalse();
      assertThat(c.compare(f.w(), "memberOf", f.a()).compareMatched()).isFalse();
      assertThat(c.compare(f.u(), "memberOf", "garbage").compareMatched()).isFalse();
    }
  }

  @Test
  void aMembershipAddedAfterASnapshotIsGoneAfterItsRestore(AdDirectory ad) throws Exception {
    Fixture f = fixture(ad, "Snap");
    AdSnapshot before = ad.snapshot();
    try (LDAPConnection c = ad.connection()) {
      c.modify(f.b(), new Modification(ModificationType.ADD, "member", f.w()));
      c.delete(f.a());
      assertThat(dns(c.getEntry(f.w(), "memberOf").getAttributeValues("memberOf")))
          .containsExactly(new DN(f.b()));
      ad.restore(before);
      assertThat(c.getEntry(f.w(), "memberOf").hasAttribute("memberOf")).isFalse();
      assertThat(dns(c.getEntry(f.v(), "memberOf").getAttributeValues("memberOf")))
          .containsExactly(new DN(f.a()));
    }
  }
}
