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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The AD schema facts the testkit needs (attributes, classes, control access rights) for one schema
 * version, read from the bundled {@code ad-schema.tsv} (generated from Microsoft's schema LDFs by
 * {@code src/build/gen_ad_schema.py}) and, with the Exchange extension, {@code
 * ad-schema-exchange.tsv}. A seam: once the {@code org.adwriteback.schema} catalog exists this
 * class reads from it instead.
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
      boolean syntheticGuid,
      Optional<UUID> attributeSecurityGuid,
      Optional<Integer> linkId,
      boolean systemOnly,
      int searchFlags,
      int omSyntax) {}

  /** A classSchema object (MS-ADTS 3.1.1.2.4); must/may/possSuperiors/aux merge system* values. */
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

  private final AdSchemaVersion version;
  private final Map<String, AttributeDef> attributes;
  private final Map<String, ClassDef> classes;
  private final List<RightDef> rights;

  private AdSchemaCatalog(
      AdSchemaVersion version,
      Map<String, AttributeDef> attributes,
      Map<String, ClassDef> classes,
      List<RightDef> rights) {
    this.version = version;
    this.attributes = attributes;
    this.classes = classes;
    this.rights = rights;
  }

  /** Loads the catalog of a schema version, with or without the Exchange extension. */
  static AdSchemaCatalog load(AdSchemaVersion version, boolean exchange) {
    Map<String, AttributeDef> attributes = new LinkedHashMap<>();
    Map<String, String[]> classRows = new LinkedHashMap<>();
    Map<String, Integer> classRowLevel = new LinkedHashMap<>();
    Map<String, List<String>> extraMay = new LinkedHashMap<>();
    List<RightDef> rights = new ArrayList<>();
    List<String> files = new ArrayList<>(List.of("ad-schema.tsv"));
    if (exchange) {
      files.add("ad-schema-exchange.tsv");
    }
    for (String file : files) {
      for (String[] f : rows(file)) {
        switch (f[0]) {
          case "A" -> {
            if (Integer.parseInt(f[1]) <= version.objectVersion()) {
              AttributeDef a = attribute(f);
              attributes.put(key(a.name()), a);
            }
          }
          case "C" -> {
            int level = Integer.parseInt(f[1]);
            String k = key(f[2]);
            if (level <= version.objectVersion()
                && level >= classRowLevel.getOrDefault(k, Integer.MIN_VALUE)) {
              classRows.put(k, f);
              classRowLevel.put(k, level);
            }
          }
          case "M" ->
              extraMay.computeIfAbsent(key(f[1]), k -> new ArrayList<>()).addAll(list(f[2]));
          case "R" ->
              rights.add(
                  new RightDef(
                      f[1],
                      f[2],
                      UUID.fromString(f[3]),
                      Integer.parseInt(f[4]),
                      list(f.length > 5 ? f[5] : "").stream().map(UUID::fromString).toList()));
          default -> throw new IllegalStateException("unknown row kind " + f[0] + " in " + file);
        }
      }
    }
    Map<String, ClassDef> classes = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> e : classRows.entrySet()) {
      ClassDef c = klass(e.getValue(), extraMay.getOrDefault(e.getKey(), List.of()));
      classes.put(e.getKey(), c);
    }
    return new AdSchemaCatalog(
        version,
        Collections.unmodifiableMap(attributes),
        Collections.unmodifiableMap(classes),
        List.copyOf(rights));
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
    return Optional.ofNullable(attributes.get(key(name)));
  }

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

  private static AttributeDef attribute(String[] f) {
    String name = f[2];
    boolean synthetic = f[7].isEmpty();
    UUID guid =
        synthetic
            ? UUID.nameUUIDFromBytes(
                ("adwriteback-testkit:" + name).getBytes(StandardCharsets.UTF_8))
            : UUID.fromString(f[7]);
    return new AttributeDef(
        name,
        f[3],
        f[4],
        f[5],
        f[6].equals("1"),
        guid,
        synthetic,
        f[8].isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(f[8])),
        f[9].isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(f[9])),
        f[10].equals("1"),
        f[11].isEmpty() ? 0 : Integer.parseInt(f[11]),
        f[12].isEmpty() ? 0 : Integer.parseInt(f[12]));
  }

  private static ClassDef klass(String[] f, List<String> extraMay) {
    List<String> may = new ArrayList<>(list(f[8]));
    for (String m : extraMay) {
      if (!may.contains(m)) {
        may.add(m);
      }
    }
    return new ClassDef(
        f[2],
        f[3],
        f[4],
        Integer.parseInt(f[5]),
        f[6],
        list(f[7]),
        List.copyOf(may),
        list(f[9]),
        list(f[10]),
        UUID.fromString(f[11]),
        f[12].isEmpty() ? Optional.empty() : Optional.of(f[12]),
        f[13],
        f[14]);
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
