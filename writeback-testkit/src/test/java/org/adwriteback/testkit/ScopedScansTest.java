package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The walks of the directory that {@link ScopedScans} narrows: the views yield exactly the DNs a
 * full walk would keep for the base and scope (minus the excluded subtrees), in the map's order;
 * only the request handler's announced method gets them; and over LDAP, searches, deletes and
 * renames among siblings whose names sort next to each other give what the whole directory holds.
 */
class ScopedScansTest {

  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.forest("contoso.test");

  /** Names that sort next to each other, escapes and multi-valued RDNs included. */
  private static final String[] NAMES = {
    "OU=a", "OU=a b", "OU=ab", "OU=A", "CN=a", "OU=a\\,b", "OU=a+CN=b", "OU=Ä", "OU=\\#a", "OU=a0"
  };

  /** Sibling names AD accepts over LDAP (single-valued RDNs, distinct under case folding). */
  private static final String[] LDAP_NAMES = {
    "OU=a", "OU=a b", "OU=ab", "CN=a", "OU=a\\,b", "OU=Ä", "OU=\\#a", "OU=a0"
  };

  @AfterEach
  void nothingLeftAnnounced() {
    ScopedScans.forget();
  }

  @Test
  void theViewsHoldWhatAFullWalkKeepsInTheSameOrder() throws Exception {
    Random random = new Random(3);
    for (int round = 0; round < 20; round++) {
      EntryMapOrder.EntryMap<String> map = new EntryMapOrder.EntryMap<>();
      List<DN> all = randomTree(random, 300);
      all.forEach(dn -> map.put(dn, dn.toString()));
      List<DN> ordered = new ArrayList<>(map.navigableKeySet());
      for (int probe = 0; probe < 15; probe++) {
        DN base = all.get(random.nextInt(all.size()));
        List<DN> excluded = new ArrayList<>();
        if (random.nextBoolean()) {
          for (DN dn : all) {
            if (dn.isDescendantOf(base, false) && random.nextInt(8) == 0) {
              excluded.add(dn);
            }
          }
        }
        for (SearchScope scope :
            List.of(SearchScope.ONE, SearchScope.SUB, SearchScope.SUBORDINATE_SUBTREE)) {
          ScopedScans.Scan scan =
              new ScopedScans.Scan(ScopedScans.Walker.SEARCH, base, scope, excluded);
          List<DN> expected =
              ordered.stream()
                  .filter(dn -> inScope(dn, base, scope))
                  .filter(dn -> excluded.stream().noneMatch(x -> dn.isDescendantOf(x, true)))
                  .toList();
          List<DN> keys =
              new ArrayList<>(ScopedScans.keys(map, scan))
                  .stream().filter(dn -> inScope(dn, base, scope)).toList();
          List<DN> entries =
              ScopedScans.entries(map, scan).stream()
                  .map(java.util.Map.Entry::getKey)
                  .filter(dn -> inScope(dn, base, scope))
                  .toList();
          assertThat(keys).as("%s %s without %s", base, scope, excluded).isEqualTo(expected);
          assertThat(entries).isEqualTo(expected);
          // nothing outside the base's subtree, nothing below an excluded root
          for (DN dn : ScopedScans.keys(map, scan)) {
            assertThat(dn.isDescendantOf(base, true)).isTrue();
            assertThat(excluded).noneMatch(x -> dn.isDescendantOf(x, true));
          }
        }
      }
    }
  }

  @Test
  void theSizeOfAViewIsItsLength() throws Exception {
    EntryMapOrder.EntryMap<String> map = new EntryMapOrder.EntryMap<>();
    for (String dn : List.of("OU=a,DC=t", "CN=x,OU=a,DC=t", "CN=y,OU=a,DC=t", "OU=ab,DC=t")) {
      map.put(new DN(dn), dn);
    }
    Set<DN> view =
        ScopedScans.keys(
            map,
            new ScopedScans.Scan(
                ScopedScans.Walker.DELETE, new DN("OU=a,DC=t"), SearchScope.SUB, List.of()));
    assertThat(view).hasSize(3);
    assertThat(new LinkedHashSet<>(view))
        .containsExactly(new DN("OU=a,DC=t"), new DN("CN=x,OU=a,DC=t"), new DN("CN=y,OU=a,DC=t"));
  }

  @Test
  void onlyTheAnnouncedHandlerMethodGetsAPartialView() throws Exception {
    EntryMapOrder.EntryMap<String> map = new EntryMapOrder.EntryMap<>();
    for (int i = 0; i < 40; i++) {
      map.put(new DN("CN=u" + i + ",OU=o" + (i % 4) + ",DC=t"), "x");
    }
    ScopedScans.expect(
        new ScopedScans.Scan(
            ScopedScans.Walker.SEARCH, new DN("OU=o1,DC=t"), SearchScope.SUB, List.of()));
    // this test is not UnboundID's request handler: it walks everything, and the announcement
    // stays for the handler
    assertThat(walked(map.keySet())).isEqualTo(40);
    assertThat(walked(map.entrySet())).isEqualTo(40);
    assertThat(walked(map.navigableKeySet())).isEqualTo(40);
    assertThat(ScopedScans.take()).isNull();
    // while a search is announced the size is only a list capacity; afterwards it is the size
    assertThat(map.size()).isEqualTo(ScopedScans.SMALL_CAPACITY);
    ScopedScans.forget();
    assertThat(map.size()).isEqualTo(40);
    // a rename's handler copies the keys into a set, which is sized by them: the real size
    ScopedScans.expect(
        new ScopedScans.Scan(
            ScopedScans.Walker.RENAME, new DN("OU=o1,DC=t"), SearchScope.SUB, List.of()));
    assertThat(map.size()).isEqualTo(40);
  }

  @Test
  void searchesDeletesAndRenamesAmongSiblingsThatSortTogether(AdDirectory ad) throws Exception {
    String root = ad.addOu("Scans");
    List<String> made = new ArrayList<>();
    try (LDAPConnection c = ad.connection()) {
      for (String name : LDAP_NAMES) {
        String dn = name + "," + root;
        c.add(container(dn));
        made.add(dn);
        for (String child : List.of("CN=c1", "CN=c2", "CN=inner")) {
          c.add(container(child + "," + dn));
          made.add(child + "," + dn);
        }
        c.add(container("CN=deep,CN=inner," + dn));
        made.add("CN=deep,CN=inner," + dn);
      }
      for (String base : made) {
        for (SearchScope scope :
            List.of(
                SearchScope.BASE,
                SearchScope.ONE,
                SearchScope.SUB,
                SearchScope.SUBORDINATE_SUBTREE)) {
          DN b = new DN(base);
          Set<DN> expected = new LinkedHashSet<>();
          for (String dn : made) {
            if (new DN(dn).matchesBaseAndScope(b, scope)) {
              expected.add(new DN(dn));
            }
          }
          assertThat(dns(c, base, scope)).as("%s %s", base, scope).isEqualTo(expected);
        }
      }

      // a delete sees the children of its target, not those of the siblings next to it
      String a = "OU=a," + root;
      assertThatThrownBy(() -> c.delete(a))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.NOT_ALLOWED_ON_NONLEAF));
      c.delete("CN=deep,CN=inner," + a);
      c.delete("CN=inner," + a);
      c.delete("CN=c1," + a);
      c.delete("CN=c2," + a);
      c.delete(a);
      assertThat(dns(c, "OU=a b," + root, SearchScope.SUB)).hasSize(5);
      assertThat(dns(c, "OU=ab," + root, SearchScope.SUB)).hasSize(5);

      // a rename moves the whole subtree of its target and nothing of its neighbours
      c.modifyDN("OU=a b," + root, "OU=a c", true);
      assertThat(dns(c, "OU=a c," + root, SearchScope.SUB))
          .containsExactlyInAnyOrder(
              new DN("OU=a c," + root),
              new DN("CN=c1,OU=a c," + root),
              new DN("CN=c2,OU=a c," + root),
              new DN("CN=inner,OU=a c," + root),
              new DN("CN=deep,CN=inner,OU=a c," + root));
      assertThat(ad.server().getEntry("CN=deep,CN=inner,OU=a c," + root)).isNotNull();
      assertThat(dns(c, "OU=ab," + root, SearchScope.SUB)).hasSize(5);
      assertThat(dns(c, root, SearchScope.ONE)).hasSize(LDAP_NAMES.length - 1);
    }
  }

  @Test
  void aOneLevelSearchOfTheDomainHoldsItsChildrenAndNoOtherNamingContext(AdDirectory ad)
      throws Exception {
    try (LDAPConnection c = ad.connection()) {
      Set<DN> children = dns(c, ad.domainDn(), SearchScope.ONE);
      assertThat(children).contains(new DN("CN=Users," + ad.domainDn()));
      assertThat(children).doesNotContain(new DN("CN=Configuration," + ad.domainDn()));
      // the same children the whole directory holds: every entry one level below the domain,
      // read in-process without any narrowing, minus the configuration naming context
      Set<DN> inProcess = new LinkedHashSet<>();
      for (SearchResultEntry e :
          ad.server()
              .search(ad.domainDn(), SearchScope.ONE, Filter.createPresenceFilter("objectClass"))
              .getSearchEntries()) {
        inProcess.add(e.getParsedDN());
      }
      inProcess.remove(new DN("CN=Configuration," + ad.domainDn()));
      assertThat(children).isEqualTo(inProcess);
      Set<DN> subtree = dns(c, "CN=Configuration," + ad.domainDn(), SearchScope.ONE);
      assertThat(subtree).contains(new DN("CN=Sites,CN=Configuration," + ad.domainDn()));
      assertThat(subtree).doesNotContain(new DN("CN=Schema,CN=Configuration," + ad.domainDn()));
    }
  }

  /** Counts by walking (a set's size() would ask the map's). */
  private static int walked(Iterable<?> items) {
    int n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }

  private static boolean inScope(DN dn, DN base, SearchScope scope) {
    try {
      return dn.matchesBaseAndScope(base, scope);
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Entry container(String dn) throws LDAPException {
    DN parsed = new DN(dn);
    String type = parsed.getRDN().getAttributeNames()[0];
    return type.equalsIgnoreCase("OU")
        ? new Entry(dn, new com.unboundid.ldap.sdk.Attribute("objectClass", "organizationalUnit"))
        : new Entry(dn, new com.unboundid.ldap.sdk.Attribute("objectClass", "container"));
  }

  private static Set<DN> dns(LDAPConnection c, String base, SearchScope scope)
      throws LDAPException {
    Set<DN> out = new LinkedHashSet<>();
    for (SearchResultEntry e :
        c.search(base, scope, Filter.createPresenceFilter("objectClass"), "1.1")
            .getSearchEntries()) {
      out.add(e.getParsedDN());
    }
    return out;
  }

  /** A random tree of DNs below DC=contoso,DC=test, named from {@link #NAMES}. */
  private static List<DN> randomTree(Random random, int size) throws LDAPException {
    List<DN> all = new ArrayList<>();
    all.add(new DN("DC=contoso,DC=test"));
    Set<DN> seen = new LinkedHashSet<>(all);
    while (all.size() < size) {
      DN parent = all.get(random.nextInt(all.size()));
      String name = NAMES[random.nextInt(NAMES.length)];
      DN child = new DN(name + (random.nextInt(3) == 0 ? "" : random.nextInt(5)) + "," + parent);
      if (seen.add(child)) {
        all.add(child);
      }
    }
    return all;
  }
}
