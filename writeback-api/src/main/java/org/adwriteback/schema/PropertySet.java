package org.adwriteback.schema;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Models a property set (validAccesses = RP|WP 0x30, MS-ADTS 5.1.3.2.1): an ACE with RP or WP and
 * this rightsGuid as object type covers every attribute whose {@code attributeSecurityGUID} is the
 * rightsGuid.
 *
 * @param cn the {@code cn}
 * @param displayName the {@code displayName} Windows stores, if known
 * @param rightsGuid the {@code rightsGuid}
 * @param appliesTo the {@code appliesTo} class GUIDs
 */
public record PropertySet(
    String cn, Optional<String> displayName, UUID rightsGuid, Set<UUID> appliesTo)
    implements ControlAccessRight {

  /** The {@code validAccesses} value of every right of this kind. */
  public static final int VALID_ACCESSES = 0x30;

  /** Checks that no component is null and copies {@code appliesTo}. */
  public PropertySet {
    Objects.requireNonNull(cn, "cn");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(rightsGuid, "rightsGuid");
    appliesTo = Set.copyOf(appliesTo);
  }

  /** Returns the {@code cn}. */
  @Override
  public String name() {
    return cn;
  }

  /** Returns {@link SchemaObjectKind#PROPERTY_SET}. */
  @Override
  public SchemaObjectKind kind() {
    return SchemaObjectKind.PROPERTY_SET;
  }

  /** Returns {@value #VALID_ACCESSES}. */
  @Override
  public int validAccesses() {
    return VALID_ACCESSES;
  }
}
