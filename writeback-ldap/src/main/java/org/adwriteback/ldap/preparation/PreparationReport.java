package org.adwriteback.ldap.preparation;

import java.util.List;
import java.util.Objects;

/**
 * The result of applying (or dry-running, or undoing) a plan: one {@link StepReport} per object
 * step, in plan order, and the LDAP operations it cost.
 *
 * @param steps per step and object, what happened
 * @param dryRun whether nothing was written
 * @param ldapOperations LDAP requests sent by the application (discovery not included)
 */
public record PreparationReport(List<StepReport> steps, boolean dryRun, long ldapOperations) {

  /** Validates and copies the components. */
  public PreparationReport {
    steps = List.copyOf(steps);
    Objects.requireNonNull(steps, "steps");
  }

  /**
   * Returns the steps that wrote (or would write) something.
   *
   * @return the changed steps
   */
  public List<StepReport> changedSteps() {
    return steps.stream().filter(StepReport::changed).toList();
  }

  /**
   * Returns one summary line per step.
   *
   * @return the lines
   */
  public List<String> summary() {
    return steps.stream().map(StepReport::summary).toList();
  }
}
