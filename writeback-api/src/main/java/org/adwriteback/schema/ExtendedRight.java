package org.adwriteback.schema;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Models an extended right (validAccesses = CONTROL_ACCESS 0x100, MS-ADTS 5.1.3.2.1), granted by an
 * ACE with the CR bit and this rightsGuid as object type, e.g. User-Force-Change-Password ("Reset
 * Password").
 *
 * @param cn the {@code cn}
 * @param displayName the {@code displayName} Windows stores, if known
 * @param rightsGuid the {@code rightsGuid}
 * @param appliesTo the {@code appliesTo} class GUIDs
 */
public record ExtendedRight(
    String cn, Optional<String> displayName, UUID rightsGuid, Set<UUID> appliesTo)
    implements ControlAccessRight {

  /** The {@code validAccesses} value of every right of this kind. */
  public static final int VALID_ACCESSES = 0x100;

  /** Checks that no component is null and copies {@code appliesTo}. */
  public ExtendedRight {
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

  /** Returns {@link SchemaObjectKind#EXTENDED_RIGHT}. */
  @Override
  public SchemaObjectKind kind() {
    return SchemaObjectKind.EXTENDED_RIGHT;
  }

  /** Returns {@value #VALID_ACCESSES}. */
  @Override
  public int validAccesses() {
    return VALID_ACCESSES;
  }
}
