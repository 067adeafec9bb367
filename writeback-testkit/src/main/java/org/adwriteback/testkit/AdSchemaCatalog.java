package org.adwriteback.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.adwriteback.schema.AttributeDefinition;
import org.adwriteback.schema.ClassDefinition;
import org.adwriteback.schema.ControlAccessRight;
import org.adwriteback.schema.ObjectClassCategory;
import org.adwriteback.schema.SchemaCatalog;

/**
 * The testkit's view of the AD schema for one schema version: the attributes, classes and control
 * access rights of {@link SchemaCatalog#standard()} (writeback-api's catalog generated from
 * Microsoft's schema LDFs, the one source of truth) whose {@code since} is at most the version's
 * {@code objectVersion}, with class attribute and superior lists cut to what that version has, and,
 * with the Exchange extension, the subset of the Exchange schema in {@code ad-schema-exchange.tsv}
 * (shared/spec/permissions.md section 9.4) added through {@link SchemaCatalog#of}. The records
 * below are the shapes the testkit's engine, LDAP schema and schema partition read.
 */
final class AdSchemaCatalog {

  /** An attributeSchema object (MS-ADTS 3.1.1.2.3). */
  record AttributeDef(
      String name,
      String cn,
      String oid,
      String syntax,
      boolean singleValued,
      UUID schemaIdGuid,
      Optional<UUID> attributeSecurityGuid,
      Optional<Integer> linkId,
      boolean systemOnly,
      int searchFlags,
      int omSyntax,
      OptionalLong rangeLower,
      OptionalLong rangeUpper) {}

  /**
   * A classSchema object (MS-ADTS 3.1.1.2.4); must/may/possSuperiors/aux merge system* values;
   * {@code defaultObjectCategory} is the CN of the category class.
   */
  record ClassDef(
      String name,
      String cn,
      String oid,
      int category,
      String superior,
      List<String> must,
      List<String> may,
      List<String> possSuperiors,
      List<String> auxiliary,
      UUID schemaIdGuid,
      Optional<String> defaultSecurityDescriptor,
      String defaultObjectCategory,
      String rdnAttribute) {}

  /** A controlAccessRight object (MS-ADTS 5.1.3.2). */
  record RightDef(
      String name, String displayName, UUID rightsGuid, int validAccesses, List<UUID> appliesTo) {}

  private static final String EXCHANGE = "ad-schema-exchange.tsv";

  private final AdSchemaVersion version;
  private final SchemaCatalog schema;
  private final Map<String, AttributeDef> attributes;

  /** The attributes by attributeID: AD takes an attribute's OID wherever it takes its name. */
  private final Map<String, AttributeDef> byOid;

  private final Map<String, ClassDef> classes;
  private final List<RightDef> rights;

  private AdSchemaCatalog(
      AdSchemaVersion version,
      SchemaCatalog schema,
      Map<String, AttributeDef> attributes,
      Map<String, ClassDef> classes,
      List<RightDef> rights) {
    this.version = version;
    this.schema = schema;
    this.attributes = attributes;
    Map<String, AttributeDef> oids = new HashMap<>();
    for (AttributeDef a : attributes.values()) {
      oids.put(a.oid(), a);
    }
    this.byOid = oids;
    this.classes = classes;
    this.rights = rights;
  }

  /** Loads the catalog of a schema version, with or without the Exchange extension. */
  static AdSchemaCatalog load(AdSchemaVersion version, boolean exchange) {
    SchemaCatalog source =
        exchange ? withExchange(SchemaCatalog.standard()) : SchemaCatalog.standard();
    int level = version.objectVersion();
    Map<String, AttributeDef> attributes = new LinkedHashMap<>();
    for (AttributeDefinition a : source.attributes()) {
      if (a.sinceSchemaVersion() <= level) {
        attributes.put(key(a.ldapDisplayName()), attribute(a));
      }
    }
    Set<String> classNames = new HashSet<>();
    for (ClassDefinition c : source.classes()) {
      if (c.sinceSchemaVersion() <= level) {
        classNames.add(key(c.ldapDisplayName()));
      }
    }
    Map<String, ClassDef> classes = new LinkedHashMap<>();
    for (ClassDefinition c : source.classes()) {
      if (classNames.contains(key(c.ldapDisplayName()))) {
        classes.put(key(c.ldapDisplayName()), klass(source, c, attributes.keySet(), classNames));
      }
    }
    List<RightDef> rights = new ArrayList<>();
    for (ControlAccessRight r : source.controlAccessRights()) {
      rights.add(
          new RightDef(
              r.name(),
              r.displayName().orElse(r.name()),
              r.rightsGuid(),
              r.validAccesses(),
              r.appliesTo().stream().sorted().toList()));
    }
    return new AdSchemaCatalog(
        version,
        source,
        Collections.unmodifiableMap(attributes),
        Collections.unmodifiableMap(classes),
        List.copyOf(rights));
  }

  /** The writeback-api catalog this view was cut from (with the Exchange extension if on). */
  SchemaCatalog schema() {
    return schema;
  }

  AdSchemaVersion version() {
    return version;
  }

  Collection<AttributeDef> attributes() {
    return attributes.values();
  }

  Collection<ClassDef> classes() {
    return classes.values();
  }

  List<RightDef> rights() {
    return rights;
  }

  Optional<AttributeDef> attribute(String name) {
    return Optional.ofNullable(lookUp(name));
  }

  private AttributeDef lookUp(String name) {
    AttributeDef def = attributes.get(key(name));
    return def != null || name.isEmpty() || !Character.isDigit(name.charAt(0))
        ? def
        : byOid.get(name);
  }

  /**
   * {@code name} spelled as the schema spells it (its lDAPDisplayName: "sAMAccountName" for
   * "SAMACCOUNTNAME"), options kept as given ("userCertificate;binary"); {@code name} itself when
   * the schema does not have it. AD and Samba store and return attribute names this way whatever
   * case the client wrote (measured on Samba 4.17). Names without options come back as the one
   * instance the catalog holds, so that the objects of a directory share them.
   */
  String canonicalName(String name) {
    String known = spelled.get(name);
    if (known != null) {
      return known;
    }
    int options = name.indexOf(';');
    AttributeDef def = lookUp(options < 0 ? name : name.substring(0, options));
    if (def == null) {
      return name;
    }
    String canonical = options < 0 ? def.name() : def.name() + name.substring(options);
    if (options < 0 && spelled.size() < SPELLINGS) {
      spelled.put(name, canonical);
    }
    return canonical;
  }

  /**
   * How many spellings {@link #canonicalName} remembers (clients use few; a bound all the same).
   */
  private static final int SPELLINGS = 8192;

  /** Spellings seen by {@link #canonicalName}, each mapped to the schema's name. */
  private final Map<String, String> spelled = new ConcurrentHashMap<>();

  Optional<ClassDef> klass(String name) {
    return Optional.ofNullable(classes.get(key(name)));
  }

  /** Returns the class and its superiors, most specific first, ending with {@code top}. */
  List<ClassDef> chain(String className) {
    List<ClassDef> out = new ArrayList<>();
    Optional<ClassDef> c = klass(className);
    while (c.isPresent() && out.size() < 32) {
      out.add(c.get());
      if (c.get().name().equalsIgnoreCase(c.get().superior())) {
        break;
      }
      c = klass(c.get().superior());
    }
    return out;
  }

  /**
   * Returns every attribute an instance of the class may hold: its own and inherited must/may, and
   * those of its auxiliary classes (with their superiors), as AD allows them without listing the
   * auxiliary class in objectClass.
   */
  Set<String> allowedAttributes(String className) {
    Set<String> out = new LinkedHashSet<>();
    collect(className, out, new LinkedHashSet<>());
    return out;
  }

  private void collect(String className, Set<String> out, Set<String> seen) {
    for (ClassDef c : chain(className)) {
      if (!seen.add(key(c.name()))) {
        continue;
      }
      out.addAll(c.must());
      out.addAll(c.may());
      for (String aux : c.auxiliary()) {
        collect(aux, out, seen);
      }
    }
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static AttributeDef attribute(AttributeDefinition a) {
    return new AttributeDef(
        a.ldapDisplayName(),
        a.cn(),
        a.attributeId(),
        a.attributeSyntax(),
        a.singleValued(),
        a.schemaIdGuid(),
        a.attributeSecurityGuid(),
        a.linkId().isPresent() ? Optional.of(a.linkId().getAsInt()) : Optional.empty(),
        a.systemOnly(),
        a.searchFlags(),
        a.omSyntax(),
        a.rangeLower(),
        a.rangeUpper());
  }

  private static ClassDef klass(
      SchemaCatalog source, ClassDefinition c, Set<String> attributes, Set<String> classes) {
    return new ClassDef(
        c.ldapDisplayName(),
        c.cn(),
        c.governsId(),
        c.category().value(),
        c.subClassOf(),
        present(c.mustContain(), attributes),
        present(c.mayContain(), attributes),
        present(c.possSuperiors(), classes),
        present(c.auxiliaryClasses(), classes),
        c.schemaIdGuid(),
        c.defaultSecurityDescriptor(),
        source
            .schemaClass(c.defaultObjectCategory())
            .map(ClassDefinition::cn)
            .orElse(c.defaultObjectCategory()),
        c.rdnAttId());
  }

  /** The names of {@code names} that this schema version has, in order. */
  private static List<String> present(List<String> names, Set<String> known) {
    return names.stream().filter(n -> known.contains(key(n))).toList();
  }

  /**
   * The standard catalog plus the Exchange subset: "A" rows are attributes, "C" rows classes, "M"
   * rows add mayContain values to a standard class (columns: see the file's header comment).
   * Attributes without a public schemaIDGUID get a stable synthetic one (UUID type 3 of {@code
   * adwriteback-testkit:<name>}), which the README states.
   */
  private static SchemaCatalog withExchange(SchemaCatalog standard) {
    List<AttributeDefinition> attributes = new ArrayList<>(standard.attributes());
    Map<String, ClassDefinition> classes = new LinkedHashMap<>();
    for (ClassDefinition c : standard.classes()) {
      classes.put(key(c.ldapDisplayName()), c);
    }
    for (String[] f : rows(EXCHANGE)) {
      switch (f[0]) {
        case "A" ->
            attributes.add(
                new AttributeDefinition(
                    f[2],
                    f[3],
                    f[4],
                    f[5],
                    Integer.parseInt(f[12]),
                    Optional.empty(),
                    f[6].equals("1"),
                    f[7].isEmpty()
                        ? UUID.nameUUIDFromBytes(
                            ("adwriteback-testkit:" + f[2]).getBytes(StandardCharsets.UTF_8))
                        : UUID.fromString(f[7]),
                    f[8].isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(f[8])),
                    f[9].isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(f[9])),
                    f[10].equals("1"),
                    Integer.parseInt(f[11]),
                    0,
                    OptionalLong.empty(),
                    OptionalLong.empty(),
                    false,
                    false,
                    0));
        case "M" -> {
          ClassDefinition c = classes.get(key(f[1]));
          if (c == null) {
            throw new IllegalStateException(EXCHANGE + " extends unknown class " + f[1]);
          }
          List<String> may = new ArrayList<>(c.mayContain());
          for (String m : list(f[2])) {
            if (!may.contains(m)) {
              may.add(m);
            }
          }
          classes.put(key(f[1]), withMay(c, may));
        }
        case "C" ->
            classes.put(
                key(f[2]),
                new ClassDefinition(
                    f[2],
                    f[3],
                    f[4],
                    UUID.fromString(f[11]),
                    f[6],
                    ObjectClassCategory.of(Integer.parseInt(f[5])),
                    f[14],
                    f[13],
                    false,
                    false,
                    0,
                    list(f[9]),
                    list(f[7]),
                    list(f[8]),
                    list(f[10]),
                    f[12].isEmpty() ? Optional.empty() : Optional.of(f[12]),
                    0));
        default -> throw new IllegalStateException("unknown row kind " + f[0] + " in " + EXCHANGE);
      }
    }
    return SchemaCatalog.of(attributes, classes.values(), standard.controlAccessRights());
  }

  private static ClassDefinition withMay(ClassDefinition c, List<String> may) {
    return new ClassDefinition(
        c.ldapDisplayName(),
        c.cn(),
        c.governsId(),
        c.schemaIdGuid(),
        c.subClassOf(),
        c.category(),
        c.rdnAttId(),
        c.defaultObjectCategory(),
        c.systemOnly(),
        c.defaultHidingValue(),
        c.systemFlags(),
        c.possSuperiors(),
        c.mustContain(),
        List.copyOf(may),
        c.auxiliaryClasses(),
        c.defaultSecurityDescriptor(),
        c.sinceSchemaVersion());
  }

  private static List<String> list(String s) {
    return s.isEmpty() ? List.of() : List.copyOf(Arrays.asList(s.split(",")));
  }

  private static List<String[]> rows(String file) {
    List<String[]> out = new ArrayList<>();
    try (InputStream in = AdSchemaCatalog.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + file + " is missing from the testkit jar; rebuild writeback-testkit");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          out.add(line.split("\t", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }
}
