package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The server's own schema names an ORDERING rule for the attributes that have an equality rule
 * only, so that UnboundID need not look the rule up through the equality rules on every DN it
 * compares. The rule it then selects must be the one it selected without the ORDERING, for every
 * attribute of the largest catalog, so sorting, ≥ filters and the entry map's order do not change;
 * and AD's published subschema names no ORDERING at all.
 */
class LdapSchemaFactoryTest {

  private static final AdSchemaCatalog CATALOG =
      AdSchemaCatalog.load(AdSchemaVersion.WINDOWS_2019, true);

  @Test
  void theNamedOrderingRuleIsTheOneUnboundIdWouldHaveSelected() throws Exception {
    Schema server = LdapSchemaFactory.build(CATALOG);
    Schema withoutOrdering = stripOrdering(server);
    int named = 0;
    for (AttributeTypeDefinition a : server.getAttributeTypes()) {
      MatchingRule chosen = MatchingRule.selectOrderingMatchingRule(a.getNameOrOID(), server);
      MatchingRule before =
          MatchingRule.selectOrderingMatchingRule(a.getNameOrOID(), withoutOrdering);
      assertThat(chosen).as(a.getNameOrOID()).isSameAs(before);
      if (a.getOrderingMatchingRule() != null) {
        named++;
      }
    }
    assertThat(named).as("attributes with an ORDERING rule").isGreaterThan(1000);
  }

  @Test
  void everyClassAllowsTheSameAttributesAsPublished() throws Exception {
    Schema server = LdapSchemaFactory.build(CATALOG);
    Schema published = new Schema(LdapSchemaFactory.published(CATALOG));
    int fewer = 0;
    for (ObjectClassDefinition c : published.getObjectClasses()) {
      ObjectClassDefinition own = server.getObjectClass(c.getNameOrOID());
      assertThat(allowed(server, own)).as(c.getNameOrOID()).isEqualTo(allowed(published, c));
      assertThat(required(server, own)).as(c.getNameOrOID()).isEqualTo(required(published, c));
      if (own.getOptionalAttributes().length < c.getOptionalAttributes().length) {
        fewer++;
      }
    }
    // the classes that fold in an auxiliary class no longer repeat what top allows
    assertThat(fewer).isGreaterThan(40);
    for (String c : List.of("user", "group")) {
      assertThat(server.getObjectClass(c).getOptionalAttributes().length)
          .as(c)
          .isLessThan(published.getObjectClass(c).getOptionalAttributes().length - 100);
    }
  }

  private static Set<String> allowed(Schema s, ObjectClassDefinition c) {
    Set<String> names = new HashSet<>();
    for (AttributeTypeDefinition a : c.getOptionalAttributes(s, true)) {
      names.add(a.getOID());
    }
    names.addAll(required(s, c));
    return names;
  }

  private static Set<String> required(Schema s, ObjectClassDefinition c) {
    Set<String> names = new HashSet<>();
    for (AttributeTypeDefinition a : c.getRequiredAttributes(s, true)) {
      names.add(a.getOID());
    }
    return names;
  }

  @Test
  void thePublishedSubschemaNamesNoOrderingRule() {
    for (String type : LdapSchemaFactory.published(CATALOG).getAttributeValues("attributeTypes")) {
      assertThat(type).doesNotContain("ORDERING");
    }
  }

  private static Schema stripOrdering(Schema s) throws Exception {
    List<String> types = new ArrayList<>();
    for (AttributeTypeDefinition a : s.getAttributeTypes()) {
      types.add(a.toString().replaceAll(" ORDERING [A-Za-z0-9.]+", ""));
    }
    Entry e = s.getSchemaEntry().duplicate();
    e.setAttribute("attributeTypes", types);
    return new Schema(e);
  }
}
