package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit's order of the server's entries ({@link EntryMapOrder}): in use, consistent with DN
 * equality, ancestors first, subtrees contiguous, exactly {@code DN.compareTo}'s order, and a copy
 * into a naturally ordered map (what a snapshot makes) finds every entry.
 */
class EntryMapOrderTest {

  @RegisterExtension
  static final AdDirectoryExtension FOREST = AdDirectoryExtension.forest("contoso.test");

  private static int sign(int c) {
    return Integer.signum(c);
  }

  @Test
  void theStartedServerUsesIt(AdDirectory ad) {
    assertThat(EntryMapOrder.inUse(ad.server())).isTrue();
  }

  @Test
  void dnsThatAreEqualCompareEqualAndOthersDoNot() throws Exception {
    DN a = new DN("CN=Jane  Doe,OU=Sales,DC=contoso,DC=test");
    DN b = new DN("cn=jane doe, ou=SALES, dc=Contoso, dc=TEST");
    DN c = new DN("CN=Jane Doe2,OU=Sales,DC=contoso,DC=test");
    assertThat(a).isEqualTo(b);
    assertThat(EntryMapOrder.NATURAL_ORDER_FAST.compare(a, b)).isZero();
    assertThat(EntryMapOrder.NATURAL_ORDER_FAST.compare(a, c)).isNotZero();
    assertThat(sign(EntryMapOrder.NATURAL_ORDER_FAST.compare(a, c)))
        .isEqualTo(-sign(EntryMapOrder.NATURAL_ORDER_FAST.compare(c, a)));
  }

  @Test
  void itOrdersLikeDnCompareToAndKeepsSubtreesTogether() throws Exception {
    ordersLikeDnCompareTo(EntryMapOrder.NATURAL_ORDER_FAST, null);
  }

  @Test
  void withTheServersSchemaItOrdersLikeDnCompareTo(AdDirectory ad) throws Exception {
    Schema schema = ad.server().getSchema();
    assertThat(schema).isNotNull();
    ordersLikeDnCompareTo(EntryMapOrder.naturalOrder(schema), schema);
  }

  @Test
  void anAttributeThatDoesNotOrderAsItNormalizesIsComparedByItsRule() throws Exception {
    // under this schema ou's values match case-insensitively but order case-sensitively:
    // the strings the RDNs cache ("ou=b" and "ou=a") do not give that order, the rule does
    Schema schema =
        new Schema(
            new com.unboundid.ldap.sdk.Entry(
                "cn=schema",
                new com.unboundid.ldap.sdk.Attribute("objectClass", "subschema"),
                new com.unboundid.ldap.sdk.Attribute(
                    "attributeTypes",
                    "( 2.5.4.11 NAME 'ou' EQUALITY caseIgnoreMatch"
                        + " ORDERING caseExactOrderingMatch"
                        + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )")));
    DN upper = new DN("OU=B,DC=test", schema);
    DN lower = new DN("OU=a,DC=test", schema);
    assertThat(upper.compareTo(lower)).isNegative();
    assertThat(EntryMapOrder.naturalOrder(schema).compare(upper, lower)).isNegative();
    assertThat(
            sign(
                EntryMapOrder.NATURAL_ORDER_FAST.compare(
                    new DN("OU=B,DC=test"), new DN("OU=a,DC=test"))))
        .isPositive();
  }

  private static void ordersLikeDnCompareTo(Comparator<DN> order, Schema schema) throws Exception {
    Random random = new Random(7);
    List<DN> dns = new ArrayList<>();
    String[] ous = {"Sales", "sales2", "IT", "Users", "Z", "a b", "a\\,b", "x+CN=y", "Ä-1", "\\#x"};
    for (int i = 0; i < 400; i++) {
      String ou = ous[random.nextInt(ous.length)];
      String sub = random.nextBoolean() ? "" : "OU=" + ous[random.nextInt(ous.length)] + ",";
      String[] types = {"CN", "OU", "L", "C2", "C-x"};
      String leaf =
          random.nextInt(5) == 0
              ? ""
              : types[random.nextInt(types.length)] + "=User " + random.nextInt(50) + ",";
      dns.add(new DN(leaf + sub + "OU=" + ou + ",DC=contoso,DC=test", schema));
    }
    for (DN x : dns) {
      for (DN y : dns) {
        assertThat(sign(order.compare(x, y))).as("%s vs %s", x, y).isEqualTo(sign(x.compareTo(y)));
      }
    }
    List<DN> sorted = new ArrayList<>(dns);
    sorted.sort(order);
    for (DN root : dns) {
      int first = -1;
      int last = -1;
      for (int i = 0; i < sorted.size(); i++) {
        if (sorted.get(i).isDescendantOf(root, true)) {
          first = first < 0 ? i : first;
          last = i;
        }
      }
      for (int i = first; i <= last; i++) {
        assertThat(sorted.get(i).isDescendantOf(root, true)).as("inside %s", root).isTrue();
      }
    }
  }

  @Test
  void aCopyIntoANaturallyOrderedMapFindsEveryEntry() throws Exception {
    EntryMapOrder.EntryMap<String> map = new EntryMapOrder.EntryMap<>();
    Random random = new Random(11);
    for (int i = 0; i < 2000; i++) {
      String dn = "CN=u" + random.nextInt(100000) + ",OU=o" + random.nextInt(20) + ",DC=test";
      map.put(new DN(dn), dn);
    }
    java.util.TreeMap<DN, String> copy = new java.util.TreeMap<>(map);
    for (String dn : map.values()) {
      assertThat(copy.get(new DN(dn.toLowerCase(java.util.Locale.ROOT)))).isEqualTo(dn);
    }
  }

  @Test
  void aSubtreeSearchReturnsParentsBeforeChildrenAndFindsAnyCase(AdDirectory ad) throws Exception {
    String ou = ad.addOu("Order");
    String inner = ad.addOu(ou, "Inner");
    String user = ad.addUser(inner, "orderuser");
    try (LDAPConnection c = ad.connection()) {
      List<DN> seen = new ArrayList<>();
      for (SearchResultEntry e :
          c.search(ou, SearchScope.SUB, "(objectClass=*)", "1.1").getSearchEntries()) {
        seen.add(e.getParsedDN());
      }
      assertThat(seen).containsExactly(new DN(ou), new DN(inner), new DN(user));
      assertThat(c.getEntry(user.toLowerCase(java.util.Locale.ROOT).replace(",", " , ")))
          .isNotNull();
    }
  }
}
