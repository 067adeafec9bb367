package org.adwriteback.preparation;

import java.util.List;
import java.util.Objects;

/**
 * Adds explicit ACEs to one object's DACL in a single write, skipping those already present
 * (semantic comparison), each at its canonical position. MS-ADTS 6.1.3; the idempotent edit of
 * shared/STYLE.md.
 *
 * @param feature the first feature that grants on this object (others may contribute ACEs)
 * @param dn the object
 * @param aces the ACEs, in plan order
 */
public record GrantAces(WritebackFeature feature, String dn, List<PlannedAce> aces)
    implements PlanStep {

  /** Validates and copies the components. */
  public GrantAces {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(dn, "dn");
    aces = List.copyOf(aces);
    if (aces.isEmpty()) {
      throw new IllegalArgumentException("a grant step needs at least one ACE: " + dn);
    }
  }
}
