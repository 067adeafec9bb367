package org.adwriteback.schema;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A controlAccessRight object in {@code CN=Extended-Rights} (MS-ADTS 5.1.3.2.1, 6.1.1.2.7): an
 * extended right, a property set or a validated write, told apart by {@code validAccesses}.
 */
public sealed interface ControlAccessRight extends SchemaObject
    permits ExtendedRight, PropertySet, ValidatedWrite {

  /**
   * The {@code rightsGuid}, the object type of ACEs that grant the right.
   *
   * @return the GUID
   */
  UUID rightsGuid();

  /**
   * The {@code displayName} as Windows stores it and dsacls accepts it ("Reset Password"); absent
   * where no source gave it.
   *
   * @return the display name
   */
  Optional<String> displayName();

  /**
   * The {@code appliesTo} class GUIDs (advisory, not enforced by the DC).
   *
   * @return class {@code schemaIDGUID}s
   */
  Set<UUID> appliesTo();

  /**
   * The {@code validAccesses}: 0x100 (CR), 0x30 (RP|WP) or 0x8 (SW).
   *
   * @return the access mask bits the right is used with
   */
  int validAccesses();

  /** Returns the {@code rightsGuid}. */
  @Override
  default UUID guid() {
    return rightsGuid();
  }
}
