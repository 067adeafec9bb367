package org.adwriteback.schema;

import java.util.UUID;

/**
 * Anything in the catalog that a GUID in an ACE can name: an attribute, a class or a control access
 * right (MS-ADTS 5.1.3.2).
 */
public sealed interface SchemaObject
    permits AttributeDefinition, ClassDefinition, ControlAccessRight {

  /**
   * The name tools use: the {@code lDAPDisplayName} of an attribute or class, the {@code cn} of a
   * control access right.
   *
   * @return the name
   */
  String name();

  /**
   * The common name ({@code cn}, e.g. {@code User-Force-Change-Password}, {@code Pwd-Last-Set}).
   *
   * @return the CN
   */
  String cn();

  /**
   * The GUID that ACEs use: {@code schemaIDGUID} or {@code rightsGuid}.
   *
   * @return the GUID
   */
  UUID guid();

  /**
   * What kind of object this is.
   *
   * @return the kind
   */
  SchemaObjectKind kind();
}
