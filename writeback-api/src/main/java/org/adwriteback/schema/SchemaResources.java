package org.adwriteback.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the TSV resources beside this class (see the README there): one header row, {@code #}
 * comment lines, comma-separated lists.
 */
final class SchemaResources {

  static final String ATTRIBUTES = "ad-attributes.tsv";
  static final String CLASSES = "ad-classes.tsv";
  static final String RIGHTS = "ad-control-access-rights.tsv";
  static final String DEFAULT_SDS = "ad-default-sd.tsv";

  private SchemaResources() {}

  /** One data row, with access by column name. */
  record Row(String resource, int line, Map<String, Integer> columns, String[] cells) {

    String get(String column) {
      Integer i = columns.get(column);
      if (i == null) {
        throw new IllegalStateException(resource + " has no column " + column);
      }
      return cells[i];
    }

    Optional<String> optional(String column) {
      String v = get(column);
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    List<String> list(String... columns) {
      List<String> out = new ArrayList<>();
      for (String c : columns) {
        String v = get(c);
        if (!v.isEmpty()) {
          out.addAll(Arrays.asList(v.split(",", -1)));
        }
      }
      return out;
    }

    int integer(String column) {
      try {
        return Integer.parseInt(get(column));
      } catch (NumberFormatException e) {
        throw bad(column, e);
      }
    }

    OptionalLong optionalLong(String column) {
      try {
        String v = get(column);
        return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v));
      } catch (NumberFormatException e) {
        throw bad(column, e);
      }
    }

    OptionalInt optionalInt(String column) {
      OptionalLong v = optionalLong(column);
      return v.isPresent() ? OptionalInt.of(Math.toIntExact(v.getAsLong())) : OptionalInt.empty();
    }

    boolean bool(String column) {
      String v = get(column).toUpperCase(Locale.ROOT);
      if (!v.equals("TRUE") && !v.equals("FALSE")) {
        throw bad(column, null);
      }
      return v.equals("TRUE");
    }

    UUID uuid(String column) {
      try {
        return UUID.fromString(get(column));
      } catch (IllegalArgumentException e) {
        throw bad(column, e);
      }
    }

    Optional<UUID> optionalUuid(String column) {
      return get(column).isEmpty() ? Optional.empty() : Optional.of(uuid(column));
    }

    private IllegalStateException bad(String column, Exception cause) {
      return new IllegalStateException(
          resource + " line " + line + ": bad " + column + " '" + get(column) + "'", cause);
    }
  }

  static List<Row> read(String resource) {
    InputStream in = SchemaResources.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(
          "resource org/adwriteback/schema/" + resource + " is missing from the class path");
    }
    List<Row> rows = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      Map<String, Integer> columns = null;
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\t", -1);
        if (columns == null) {
          columns = new HashMap<>();
          for (int i = 0; i < cells.length; i++) {
            columns.put(cells[i], i);
          }
          continue;
        }
        if (cells.length != columns.size()) {
          throw new IllegalStateException(
              resource
                  + " line "
                  + n
                  + ": "
                  + cells.length
                  + " cells, header has "
                  + columns.size());
        }
        rows.add(new Row(resource, n, Map.copyOf(columns), cells));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return rows;
  }

  static List<AttributeDefinition> attributes() {
    List<AttributeDefinition> out = new ArrayList<>();
    for (Row r : read(ATTRIBUTES)) {
      out.add(
          new AttributeDefinition(
              r.get("lDAPDisplayName"),
              r.get("cn"),
              r.get("attributeID"),
              r.get("attributeSyntax"),
              r.integer("oMSyntax"),
              r.optional("oMObjectClass"),
              r.bool("isSingleValued"),
              r.uuid("schemaIDGUID"),
              r.optionalUuid("attributeSecurityGUID"),
              r.optionalInt("linkID"),
              r.bool("systemOnly"),
              r.integer("searchFlags"),
              r.integer("systemFlags"),
              r.optionalLong("rangeLower"),
              r.optionalLong("rangeUpper"),
              r.bool("isMemberOfPartialAttributeSet"),
              r.bool("isDefunct"),
              r.integer("since")));
    }
    return out;
  }

  static List<ClassDefinition> classes() {
    Map<String, String> sds = new HashMap<>();
    for (Row r : read(DEFAULT_SDS)) {
      sds.put(NameIndex.key(r.get("class")), r.get("defaultSecurityDescriptor"));
    }
    List<ClassDefinition> out = new ArrayList<>();
    for (Row r : read(CLASSES)) {
      String name = r.get("lDAPDisplayName");
      out.add(
          new ClassDefinition(
              name,
              r.get("cn"),
              r.get("governsID"),
              r.uuid("schemaIDGUID"),
              r.get("subClassOf"),
              ObjectClassCategory.of(r.integer("objectClassCategory")),
              r.get("rDNAttID"),
              r.get("defaultObjectCategory"),
              r.bool("systemOnly"),
              r.bool("defaultHidingValue"),
              r.integer("systemFlags"),
              r.list("systemPossSuperiors", "possSuperiors"),
              r.list("systemMustContain", "mustContain"),
              r.list("systemMayContain", "mayContain"),
              r.list("systemAuxiliaryClass", "auxiliaryClass"),
              Optional.ofNullable(sds.remove(NameIndex.key(name))),
              r.integer("since")));
    }
    if (!sds.isEmpty()) {
      throw new IllegalStateException(
          DEFAULT_SDS + " names classes missing from " + CLASSES + ": " + sds.keySet());
    }
    return out;
  }

  static List<ControlAccessRight> controlAccessRights() {
    List<ControlAccessRight> out = new ArrayList<>();
    for (Row r : read(RIGHTS)) {
      String cn = r.get("cn");
      Optional<String> display = r.optional("displayName");
      UUID guid = r.uuid("rightsGuid");
      Set<UUID> appliesTo = new HashSet<>();
      for (String g : r.list("appliesTo")) {
        appliesTo.add(UUID.fromString(g));
      }
      out.add(
          switch (r.get("kind")) {
            case "extended-right" -> new ExtendedRight(cn, display, guid, appliesTo);
            case "property-set" -> new PropertySet(cn, display, guid, appliesTo);
            case "validated-write" -> new ValidatedWrite(cn, display, guid, appliesTo);
            default ->
                throw new IllegalStateException(
                    RIGHTS + " line " + r.line() + ": unknown kind " + r.get("kind"));
          });
    }
    return out;
  }
}
