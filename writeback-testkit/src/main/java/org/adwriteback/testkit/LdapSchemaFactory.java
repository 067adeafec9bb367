package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Predicate;

/**
 * Turns an {@link AdSchemaCatalog} into an LDAP schema (RFC 4512 attribute type and object class
 * descriptions) for UnboundID's in-memory server, mapping AD syntaxes (MS-ADTS 3.1.1.2.2.2) to LDAP
 * syntaxes and matching rules, and folding auxiliary classes into the classes that include them, as
 * AD allows their attributes without listing them in objectClass.
 */
final class LdapSchemaFactory {

  /** AD attributeSyntax → {LDAP syntax OID, equality matching rule}. */
  private static final Map<String, String[]> SYNTAXES =
      Map.ofEntries(
          Map.entry(
              "2.5.5.1", new String[] {"1.3.6.1.4.1.1466.115.121.1.12", "distinguishedNameMatch"}),
          Map.entry(
              "2.5.5.2", new String[] {"1.3.6.1.4.1.1466.115.121.1.38", "objectIdentifierMatch"}),
          Map.entry("2.5.5.3", new String[] {"1.3.6.1.4.1.1466.115.121.1.15", "caseExactMatch"}),
          Map.entry("2.5.5.4", new String[] {"1.3.6.1.4.1.1466.115.121.1.15", "caseIgnoreMatch"}),
          Map.entry(
              "2.5.5.5", new String[] {"1.3.6.1.4.1.1466.115.121.1.26", "caseIgnoreIA5Match"}),
          Map.entry(
              "2.5.5.6", new String[] {"1.3.6.1.4.1.1466.115.121.1.36", "numericStringMatch"}),
          // DN-Binary / OR-Name: AD's own syntax OID, compared as a string
          Map.entry("2.5.5.7", new String[] {"1.2.840.113556.1.4.903", "caseIgnoreMatch"}),
          Map.entry("2.5.5.8", new String[] {"1.3.6.1.4.1.1466.115.121.1.7", "booleanMatch"}),
          Map.entry("2.5.5.9", new String[] {"1.3.6.1.4.1.1466.115.121.1.27", "integerMatch"}),
          Map.entry("2.5.5.10", new String[] {"1.3.6.1.4.1.1466.115.121.1.40", "octetStringMatch"}),
          Map.entry(
              "2.5.5.11", new String[] {"1.3.6.1.4.1.1466.115.121.1.24", "generalizedTimeMatch"}),
          Map.entry("2.5.5.12", new String[] {"1.3.6.1.4.1.1466.115.121.1.15", "caseIgnoreMatch"}),
          Map.entry("2.5.5.13", new String[] {"1.3.6.1.4.1.1466.115.121.1.43", "caseIgnoreMatch"}),
          Map.entry("2.5.5.14", new String[] {"1.2.840.113556.1.4.904", "caseIgnoreMatch"}),
          Map.entry("2.5.5.15", new String[] {"1.2.840.113556.1.4.907", "octetStringMatch"}),
          Map.entry("2.5.5.16", new String[] {"1.2.840.113556.1.4.906", "integerMatch"}),
          Map.entry(
              "2.5.5.17", new String[] {"1.3.6.1.4.1.1466.115.121.1.40", "octetStringMatch"}));

  /**
   * The ordering rule UnboundID falls back to for an attribute with only an equality rule, named in
   * the server's own schema so that the fallback, a walk through every equality rule name, is not
   * taken for each RDN of each DN compared in the server's DN-ordered entry map. The same rule
   * instance is chosen either way, so ordering (and sorting, and ≥ filters) is unchanged.
   */
  private static final Map<String, String> ORDERING =
      Map.of(
          "caseExactMatch", "caseExactOrderingMatch",
          "caseIgnoreMatch", "caseIgnoreOrderingMatch",
          "caseIgnoreIA5Match", "caseIgnoreOrderingMatch",
          "numericStringMatch", "numericStringOrderingMatch",
          "integerMatch", "integerOrderingMatch",
          "octetStringMatch", "octetStringOrderingMatch",
          "generalizedTimeMatch", "generalizedTimeOrderingMatch");

  /**
   * Attributes AD requires on every object (class top) that the testkit does not produce yet: the
   * security descriptor comes with the access-check engine.
   */
  private static final Set<String> NOT_YET_REQUIRED = Set.of("ntsecuritydescriptor");

  private LdapSchemaFactory() {}

  /**
   * Returns the LDAP schema the in-memory server validates with, built once per catalog instance
   * (catalogs are immutable and cached per JVM, so every forest start after the first reuses the
   * parsed schema). Its object classes name their attributes in lower case: UnboundID's entry
   * validator looks every allowed attribute of every class up by name on each add, and a name
   * already in lower case is neither copied nor hashed again. Clients read the schema with AD's
   * names from {@link #published}.
   */
  static Schema build(AdSchemaCatalog catalog) throws LDAPException {
    synchronized (BUILT) {
      Schema s = BUILT.get(catalog);
      if (s == null) {
        s = new Schema(definitions(catalog, true));
        BUILT.put(catalog, s);
      }
      return s;
    }
  }

  /**
   * The attributeTypes and objectClasses of a catalog as AD publishes them in its subschema
   * subentry (CN=Aggregate), names as AD spells them.
   */
  static ReadOnlyEntry published(AdSchemaCatalog catalog) {
    synchronized (PUBLISHED) {
      return PUBLISHED.computeIfAbsent(catalog, c -> new ReadOnlyEntry(definitions(c, false)));
    }
  }

  private static final Map<AdSchemaCatalog, Schema> BUILT = new WeakHashMap<>();
  private static final Map<AdSchemaCatalog, ReadOnlyEntry> PUBLISHED = new WeakHashMap<>();

  private static Entry definitions(AdSchemaCatalog catalog, boolean forServer) {
    List<String> types = new ArrayList<>();
    for (AdSchemaCatalog.AttributeDef a : catalog.attributes()) {
      types.add(attributeType(a, forServer));
    }
    List<String> classes = new ArrayList<>();
    for (AdSchemaCatalog.ClassDef c : catalog.classes()) {
      classes.add(objectClass(catalog, c, forServer));
    }
    Entry e = new Entry("cn=schema");
    e.addAttribute("objectClass", "top", "subschema");
    e.addAttribute("attributeTypes", types);
    e.addAttribute("objectClasses", classes);
    return e;
  }

  private static String attributeType(AdSchemaCatalog.AttributeDef a, boolean forServer) {
    String[] syntax = SYNTAXES.getOrDefault(a.syntax(), SYNTAXES.get("2.5.5.10"));
    String ldapSyntax = syntax[0];
    String equality = syntax[1];
    if (a.syntax().equals("2.5.5.11") && a.omSyntax() == 23) {
      ldapSyntax = "1.3.6.1.4.1.1466.115.121.1.53";
    }
    StringBuilder sb = new StringBuilder("( ").append(a.oid()).append(" NAME '").append(a.name());
    sb.append("' EQUALITY ").append(equality);
    if (forServer && ORDERING.containsKey(equality)) {
      sb.append(" ORDERING ").append(ORDERING.get(equality));
    }
    sb.append(" SYNTAX ").append(ldapSyntax);
    if (a.singleValued()) {
      sb.append(" SINGLE-VALUE");
    }
    return sb.append(" )").toString();
  }

  /**
   * One object class. For the server, a class names only the attributes its superclasses do not
   * already allow: UnboundID's entry validator unites the MAY lists of an entry's classes and their
   * superclasses on every add and modify, and an auxiliary class folded into a class repeats the
   * attributes of {@code top}. The allowed set of every entry is the same either way.
   */
  private static String objectClass(
      AdSchemaCatalog catalog, AdSchemaCatalog.ClassDef c, boolean forServer) {
    Set<String> must = new LinkedHashSet<>();
    for (String m : c.must()) {
      if (catalog.attribute(m).isPresent() && !NOT_YET_REQUIRED.contains(AdSchemaCatalog.key(m))) {
        must.add(m);
      }
    }
    boolean hasSuperior =
        !c.name().equalsIgnoreCase(c.superior()) && catalog.klass(c.superior()).isPresent();
    Set<String> inherited = new HashSet<>();
    if (forServer && hasSuperior) {
      for (String m : catalog.allowedAttributes(c.superior())) {
        inherited.add(AdSchemaCatalog.key(m));
      }
    }
    // what the schema defines and a superclass does not already allow
    Predicate<String> listed =
        m -> catalog.attribute(m).isPresent() && !inherited.contains(AdSchemaCatalog.key(m));
    Set<String> may = new LinkedHashSet<>();
    for (String m : c.may()) {
      if (listed.test(m)) {
        may.add(m);
      }
    }
    // the musts left out of MUST above, and what the folded auxiliary classes allow
    List<String> more = new ArrayList<>(c.must());
    for (String aux : c.auxiliary()) {
      more.addAll(catalog.allowedAttributes(aux));
    }
    for (String m : more) {
      if (!must.contains(m) && listed.test(m)) {
        may.add(m);
      }
    }
    String kind =
        switch (c.category()) {
          case 2 -> "ABSTRACT";
          case 3 -> "AUXILIARY";
          default -> "STRUCTURAL";
        };
    StringBuilder sb = new StringBuilder("( ").append(c.oid()).append(" NAME '").append(c.name());
    sb.append('\'');
    if (hasSuperior) {
      sb.append(" SUP ").append(reference(c.superior(), forServer));
    }
    sb.append(' ').append(kind);
    appendList(sb, "MUST", must, forServer);
    appendList(sb, "MAY", may, forServer);
    return sb.append(" )").toString();
  }

  private static void appendList(
      StringBuilder sb, String keyword, Set<String> names, boolean lowerCase) {
    if (names.isEmpty()) {
      return;
    }
    List<String> out = new ArrayList<>(names.size());
    for (String n : names) {
      out.add(reference(n, lowerCase));
    }
    sb.append(' ').append(keyword).append(" ( ").append(String.join(" $ ", out)).append(" )");
  }

  private static String reference(String name, boolean lowerCase) {
    return lowerCase ? AdSchemaCatalog.key(name) : name;
  }
}
