package org.adwriteback.preparation;

import java.util.Objects;

/**
 * A request that cannot be planned against a directory: a prerequisite is missing (schema version,
 * Exchange schema, a name the schema does not know) or the request is incomplete. The message says
 * what is missing and what to do.
 */
public final class PreparationException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the plan could not be made. */
  public enum Reason {
    /**
     * The forest lacks something the feature needs (schema version, Exchange schema, a class or
     * attribute).
     */
    PREREQUISITE_MISSING,
    /** The request lacks an option the feature needs (an OU, the tenant). */
    INCOMPLETE_REQUEST,
    /** A target is outside every domain of the forest. */
    TARGET_OUTSIDE_FOREST
  }

  private final Reason reason;
  private final WritebackFeature feature;

  /**
   * Creates the exception.
   *
   * @param reason why
   * @param feature the feature concerned
   * @param message what is missing and what to do
   */
  public PreparationException(Reason reason, WritebackFeature feature, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.feature = Objects.requireNonNull(feature, "feature");
  }

  /**
   * Returns why the plan could not be made.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the feature concerned.
   *
   * @return the feature
   */
  public WritebackFeature feature() {
    return feature;
  }
}
