package org.adwriteback.preparation;

import java.util.Objects;
import org.adwriteback.security.Ace;

/**
 * An ACE a plan adds, with the grant it came from (for dsacls rendering and for explaining why it
 * is there).
 *
 * @param ace the ACE with GUIDs and the account SID resolved
 * @param source the grant template
 * @param feature the feature that needs it
 */
public record PlannedAce(Ace ace, GrantTemplate source, WritebackFeature feature) {

  /** Validates the components. */
  public PlannedAce {
    Objects.requireNonNull(ace, "ace");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(feature, "feature");
  }
}
