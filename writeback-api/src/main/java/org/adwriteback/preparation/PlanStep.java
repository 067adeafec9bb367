package org.adwriteback.preparation;

/**
 * One step of a {@link PreparationPlan}: create an object if it is missing, add ACEs to one
 * object's DACL (in one write), or replace the connector account's DACL with the restricted one.
 */
public sealed interface PlanStep permits EnsureObject, GrantAces, RestrictAccount {

  /**
   * Returns the feature that needs the step.
   *
   * @return the feature
   */
  WritebackFeature feature();

  /**
   * Returns the DN of the object the step acts on.
   *
   * @return the target DN
   */
  String dn();
}
