package org.adwriteback.preparation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Creates an object when it does not exist; an existing object is left as it is, except for the
 * attributes listed in {@code attributesToConverge}, which are set to the given values (the
 * hybrid-join keywords, permissions.md §3.1).
 *
 * @param feature the feature needing the object
 * @param dn the object's DN
 * @param objectClass its structural class
 * @param attributes the attributes of a new object (besides objectClass)
 * @param attributesToConverge attribute names whose values are corrected on an existing object
 */
public record EnsureObject(
    WritebackFeature feature,
    String dn,
    String objectClass,
    Map<String, List<String>> attributes,
    List<String> attributesToConverge)
    implements PlanStep {

  /** Validates and copies the components. */
  public EnsureObject {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(dn, "dn");
    Objects.requireNonNull(objectClass, "objectClass");
    attributes = Map.copyOf(attributes);
    attributesToConverge = List.copyOf(attributesToConverge);
  }
}
