package org.adwriteback.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A classSchema object (MS-ADTS 3.1.1.2.4). The {@code system*} and non-system forms of
 * possSuperiors, mustContain, mayContain and auxiliaryClass are merged (system values first); the
 * resource file keeps them apart.
 *
 * @param ldapDisplayName the {@code lDAPDisplayName}, e.g. {@code user}
 * @param cn the {@code cn}, e.g. {@code User}
 * @param governsId the {@code governsID} OID
 * @param schemaIdGuid the {@code schemaIDGUID}, the (inherited) object type of ACEs about the class
 * @param subClassOf the {@code lDAPDisplayName} of the direct superclass ({@code top} for {@code
 *     top})
 * @param category the {@code objectClassCategory}
 * @param rdnAttId the {@code rDNAttID}, the naming attribute ({@code cn}, {@code ou}, {@code dc}…)
 * @param defaultObjectCategory the {@code lDAPDisplayName} of the class named by {@code
 *     defaultObjectCategory} ({@code person} for {@code user})
 * @param systemOnly {@code systemOnly}
 * @param defaultHidingValue {@code defaultHidingValue}
 * @param systemFlags {@code systemFlags}
 * @param possSuperiors {@code systemPossSuperiors} then {@code possSuperiors}, as declared on this
 *     class only
 * @param mustContain {@code systemMustContain} then {@code mustContain}, declared on this class
 * @param mayContain {@code systemMayContain} then {@code mayContain}, declared on this class
 * @param auxiliaryClasses {@code systemAuxiliaryClass} then {@code auxiliaryClass}, declared on
 *     this class
 * @param defaultSecurityDescriptor the {@code defaultSecurityDescriptor} in SDDL (Windows Server
 *     v1903 schema), absent for the few classes without one
 * @param sinceSchemaVersion schema {@code objectVersion} of the first published schema that has the
 *     class: 47 (Windows Server 2008 R2 or earlier), 56, 69, 87 or 88
 */
public record ClassDefinition(
    String ldapDisplayName,
    String cn,
    String governsId,
    UUID schemaIdGuid,
    String subClassOf,
    ObjectClassCategory category,
    String rdnAttId,
    String defaultObjectCategory,
    boolean systemOnly,
    boolean defaultHidingValue,
    int systemFlags,
    List<String> possSuperiors,
    List<String> mustContain,
    List<String> mayContain,
    List<String> auxiliaryClasses,
    Optional<String> defaultSecurityDescriptor,
    int sinceSchemaVersion)
    implements SchemaObject {

  /** Checks that no component is null and copies the lists. */
  public ClassDefinition {
    Objects.requireNonNull(ldapDisplayName, "ldapDisplayName");
    Objects.requireNonNull(cn, "cn");
    Objects.requireNonNull(governsId, "governsId");
    Objects.requireNonNull(schemaIdGuid, "schemaIdGuid");
    Objects.requireNonNull(subClassOf, "subClassOf");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(rdnAttId, "rdnAttId");
    Objects.requireNonNull(defaultObjectCategory, "defaultObjectCategory");
    possSuperiors = List.copyOf(possSuperiors);
    mustContain = List.copyOf(mustContain);
    mayContain = List.copyOf(mayContain);
    auxiliaryClasses = List.copyOf(auxiliaryClasses);
    Objects.requireNonNull(defaultSecurityDescriptor, "defaultSecurityDescriptor");
  }

  /** Returns the {@code lDAPDisplayName}. */
  @Override
  public String name() {
    return ldapDisplayName;
  }

  /** Returns the {@code schemaIDGUID}. */
  @Override
  public UUID guid() {
    return schemaIdGuid;
  }

  /** Returns {@link SchemaObjectKind#CLASS}. */
  @Override
  public SchemaObjectKind kind() {
    return SchemaObjectKind.CLASS;
  }

  /**
   * Whether this is {@code top}, the root of every class chain.
   *
   * @return true for {@code top}
   */
  public boolean isTop() {
    return ldapDisplayName.equalsIgnoreCase(subClassOf);
  }
}
