package org.adwriteback.schema;

/**
 * The kinds of schema objects an ACE's object type GUID can name (MS-ADTS 5.1.3.2: which kind is
 * meant depends on the access right of the ACE).
 *
 * <p>Lookups by GUID take a kind because some GUIDs name several objects: a validated write usually
 * has the {@code schemaIDGUID} of the attribute it writes (Self-Membership = {@code member},
 * Validated-SPN = {@code servicePrincipalName}, Validated-MS-DS-Additional-DNS-Host-Name,
 * Validated-MS-DS-Behavior-Version), and {@code 72e39547-7b18-11d1-adef-00c04fd8d5cd} is at once
 * the attribute {@code dNSHostName}, the property set DNS-Host-Name-Attributes and the validated
 * write Validated-DNS-Host-Name.
 */
public enum SchemaObjectKind {
  /** An attributeSchema object, named by its {@code schemaIDGUID} (RP, WP). */
  ATTRIBUTE,
  /** A classSchema object, named by its {@code schemaIDGUID} (CC, DC, inherited object type). */
  CLASS,
  /** A control access right with validAccesses = CR (0x100), named by {@code rightsGuid}. */
  EXTENDED_RIGHT,
  /** A property set (validAccesses = RP|WP, 0x30), named by {@code rightsGuid}. */
  PROPERTY_SET,
  /** A validated write (validAccesses = SW, 0x8), named by {@code rightsGuid}. */
  VALIDATED_WRITE
}
