package org.adwriteback.preparation;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.schema.SchemaCatalog;

/**
 * Turns the names a preparation uses (attribute and class lDAPDisplayNames, extended-right display
 * names such as "Reset Password") into the GUIDs its ACEs carry.
 *
 * <p>The LDAP layer builds one from the target forest's schema and extended-rights container,
 * because some GUIDs (Exchange attributes, permissions.md §9.4) differ or are unknown outside a
 * given forest; {@link #catalog()} uses the published Windows schema only.
 */
@FunctionalInterface
public interface GuidResolver {

  /**
   * Resolves a name.
   *
   * @param name an attribute or class lDAPDisplayName, or an extended right's display or CN name
   * @return its GUID, or empty when unknown here
   */
  Optional<UUID> resolve(String name);

  /**
   * A resolver over the published Windows Server schema of {@link SchemaCatalog#standard()}:
   * classes and attributes by lDAPDisplayName, extended rights by display name or CN.
   *
   * @return the resolver
   */
  static GuidResolver catalog() {
    SchemaCatalog catalog = SchemaCatalog.standard();
    return name ->
        catalog
            .extendedRight(name)
            .map(r -> r.rightsGuid())
            .or(() -> catalog.schemaClass(name).map(c -> c.schemaIdGuid()))
            .or(() -> catalog.attribute(name).map(a -> a.schemaIdGuid()));
  }

  /**
   * Returns a resolver that consults {@code overrides} (case-insensitively) before this one.
   *
   * @param overrides names and GUIDs read from the directory
   * @return the combined resolver
   */
  default GuidResolver overriddenBy(Map<String, UUID> overrides) {
    Map<String, UUID> lower = new HashMap<>();
    overrides.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return name -> {
      UUID hit = lower.get(name.toLowerCase(Locale.ROOT));
      return hit != null ? Optional.of(hit) : resolve(name);
    };
  }
}
