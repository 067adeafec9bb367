package org.adwriteback.schema;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * An attributeSchema object (MS-ADTS 3.1.1.2.3): the facts about one attribute that access checks,
 * the in-memory directory and the dsacls notation need.
 *
 * @param ldapDisplayName the {@code lDAPDisplayName}, e.g. {@code pwdLastSet}
 * @param cn the {@code cn}, e.g. {@code Pwd-Last-Set}
 * @param attributeId the {@code attributeID} OID
 * @param attributeSyntax the {@code attributeSyntax} OID (MS-ADTS 3.1.1.2.2.2), e.g. {@code
 *     2.5.5.16}
 * @param omSyntax the {@code oMSyntax}
 * @param omObjectClass the {@code oMObjectClass} as lowercase hex, for object syntaxes ({@code
 *     2a864886f7140101010b} = DN-Binary)
 * @param singleValued {@code isSingleValued}
 * @param schemaIdGuid the {@code schemaIDGUID}, the object type of ACEs that grant RP/WP on it
 * @param attributeSecurityGuid the {@code attributeSecurityGUID}: the property set (or, for {@code
 *     msDS-KeyCredentialLink}, the validated write) the attribute belongs to
 * @param linkId the {@code linkID} of a linked attribute (even = forward link, odd = back link)
 * @param systemOnly {@code systemOnly}
 * @param searchFlags {@code searchFlags} (MS-ADTS 2.2.10; 0x80 = confidential)
 * @param systemFlags {@code systemFlags} (MS-ADTS 2.2.9; 0x4 = constructed)
 * @param rangeLower {@code rangeLower}
 * @param rangeUpper {@code rangeUpper}
 * @param memberOfPartialAttributeSet {@code isMemberOfPartialAttributeSet} (replicated to the GC)
 * @param defunct {@code isDefunct}
 * @param sinceSchemaVersion schema {@code objectVersion} of the first published schema that has the
 *     attribute: 47 (Windows Server 2008 R2 or earlier), 56, 69, 87 or 88
 */
public record AttributeDefinition(
    String ldapDisplayName,
    String cn,
    String attributeId,
    String attributeSyntax,
    int omSyntax,
    Optional<String> omObjectClass,
    boolean singleValued,
    UUID schemaIdGuid,
    Optional<UUID> attributeSecurityGuid,
    OptionalInt linkId,
    boolean systemOnly,
    int searchFlags,
    int systemFlags,
    OptionalLong rangeLower,
    OptionalLong rangeUpper,
    boolean memberOfPartialAttributeSet,
    boolean defunct,
    int sinceSchemaVersion)
    implements SchemaObject {

  /** {@code searchFlags} bit fCONFIDENTIAL (MS-ADTS 2.2.10). */
  public static final int SEARCH_FLAG_CONFIDENTIAL = 0x80;

  /** {@code systemFlags} bit FLAG_ATTR_IS_CONSTRUCTED (MS-ADTS 2.2.9). */
  public static final int SYSTEM_FLAG_CONSTRUCTED = 0x4;

  /** Checks that no component is null. */
  public AttributeDefinition {
    Objects.requireNonNull(ldapDisplayName, "ldapDisplayName");
    Objects.requireNonNull(cn, "cn");
    Objects.requireNonNull(attributeId, "attributeId");
    Objects.requireNonNull(attributeSyntax, "attributeSyntax");
    Objects.requireNonNull(omObjectClass, "omObjectClass");
    Objects.requireNonNull(schemaIdGuid, "schemaIdGuid");
    Objects.requireNonNull(attributeSecurityGuid, "attributeSecurityGuid");
    Objects.requireNonNull(linkId, "linkId");
    Objects.requireNonNull(rangeLower, "rangeLower");
    Objects.requireNonNull(rangeUpper, "rangeUpper");
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

  /** Returns {@link SchemaObjectKind#ATTRIBUTE}. */
  @Override
  public SchemaObjectKind kind() {
    return SchemaObjectKind.ATTRIBUTE;
  }

  /**
   * Whether this is a linked attribute (has a {@code linkID}).
   *
   * @return true for forward and back links
   */
  public boolean isLinked() {
    return linkId.isPresent();
  }

  /**
   * Whether this is a back link (odd {@code linkID}, e.g. {@code memberOf}); back links are
   * maintained by the directory and cannot be written.
   *
   * @return true for back links
   */
  public boolean isBackLink() {
    return linkId.isPresent() && (linkId.getAsInt() & 1) == 1;
  }

  /**
   * Whether reading needs CONTROL_ACCESS as well as RP (searchFlags fCONFIDENTIAL, MS-ADTS
   * 3.1.1.4.3).
   *
   * @return true for confidential attributes
   */
  public boolean isConfidential() {
    return (searchFlags & SEARCH_FLAG_CONFIDENTIAL) != 0;
  }

  /**
   * Whether the directory computes the value on read (systemFlags FLAG_ATTR_IS_CONSTRUCTED).
   *
   * @return true for constructed attributes
   */
  public boolean isConstructed() {
    return (systemFlags & SYSTEM_FLAG_CONSTRUCTED) != 0;
  }
}
