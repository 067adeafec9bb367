package org.adwriteback.preparation;

import java.util.Objects;

/**
 * An object a feature needs to exist (created when missing, never overwritten), before its DN and
 * attribute values are computed from the directory facts. Sources: {@code
 * shared/spec/permissions.md} §3.1 and §3.2.
 *
 * @param kind which well-known object it is
 * @param objectClass its structural class
 */
public record ObjectTemplate(TargetKind kind, String objectClass) {

  /** Validates the components. */
  public ObjectTemplate {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(objectClass, "objectClass");
  }
}
