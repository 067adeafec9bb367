package org.adwriteback.schema;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Models a validated write (validAccesses = SW 0x8, MS-ADTS 5.1.3.2.2): an ACE with the SW (self)
 * bit and this rightsGuid lets the trustee write an attribute, with checks by the DC, e.g.
 * Self-Membership.
 *
 * @param cn the {@code cn}
 * @param displayName the {@code displayName} Windows stores, if known
 * @param rightsGuid the {@code rightsGuid}
 * @param appliesTo the {@code appliesTo} class GUIDs
 */
public record ValidatedWrite(
    String cn, Optional<String> displayName, UUID rightsGuid, Set<UUID> appliesTo)
    implements ControlAccessRight {

  /** The {@code validAccesses} value of every right of this kind. */
  public static final int VALID_ACCESSES = 0x8;

  /** Checks that no component is null and copies {@code appliesTo}. */
  public ValidatedWrite {
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

  /** Returns {@link SchemaObjectKind#VALIDATED_WRITE}. */
  @Override
  public SchemaObjectKind kind() {
    return SchemaObjectKind.VALIDATED_WRITE;
  }

  /** Returns {@value #VALID_ACCESSES}. */
  @Override
  public int validAccesses() {
    return VALID_ACCESSES;
  }
}
