package org.adwriteback.schema;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Thrown when a name or GUID is not in the {@link SchemaCatalog}: the message says what was looked
 * up, how lookups match, and which known names are close.
 */
public final class UnknownSchemaObjectException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The kind that was looked up. */
  private final SchemaObjectKind kind;

  /** The name or GUID that was looked up. */
  private final String name;

  /** Known names close to {@link #name}, best first. */
  private final List<String> suggestions;

  /**
   * Creates the exception.
   *
   * @param kind what kind of object was looked up
   * @param name the name or GUID that matched nothing
   * @param suggestions known names close to {@code name}, best first (may be empty)
   */
  public UnknownSchemaObjectException(
      SchemaObjectKind kind, String name, List<String> suggestions) {
    super(message(kind, name, suggestions));
    this.kind = Objects.requireNonNull(kind, "kind");
    this.name = Objects.requireNonNull(name, "name");
    this.suggestions = List.copyOf(suggestions);
  }

  private static String message(SchemaObjectKind kind, String name, List<String> suggestions) {
    String what = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    String how =
        switch (kind) {
          case ATTRIBUTE, CLASS -> "by lDAPDisplayName or CN";
          default -> "by CN or display name";
        };
    StringBuilder b =
        new StringBuilder("no ")
            .append(what)
            .append(" '")
            .append(name)
            .append("' in the schema catalog (matched case-insensitively ")
            .append(how)
            .append(")");
    if (!suggestions.isEmpty()) {
      b.append("; did you mean ").append(String.join(", ", suggestions)).append('?');
    } else {
      b.append(
          "; names from schema extensions (Exchange, etc.) are not in the standard catalog:"
              + " read them from the forest's schema naming context");
    }
    return b.toString();
  }

  /**
   * The kind that was looked up.
   *
   * @return the kind
   */
  public SchemaObjectKind kind() {
    return kind;
  }

  /**
   * The name or GUID that was looked up.
   *
   * @return the input
   */
  public String name() {
    return name;
  }

  /**
   * Known names close to the input, best first.
   *
   * @return up to five names
   */
  public List<String> suggestions() {
    return suggestions;
  }
}
