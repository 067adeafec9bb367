package org.adwriteback.ldap.preparation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.adwriteback.preparation.PlanStep;
import org.adwriteback.security.Ace;
import org.adwriteback.security.SddlContext;
import org.adwriteback.security.SecurityDescriptor;

/**
 * What one plan step did (or, in a dry run, would do) to one object: the exact DACL diff, whether
 * the object was created, and the DACL as it was before (DACL-only descriptor), so {@link
 * DirectoryPreparer#restore(PreparationReport)} can put it back.
 *
 * @param step the plan step
 * @param dn the object
 * @param outcome what happened
 * @param added ACEs added (or that would be added)
 * @param alreadyPresent planned ACEs found already granted by an explicit ACE (semantic match)
 * @param removed explicit ACEs removed (undo, restricted account)
 * @param convergedAttributes attributes of an existing object set to the planned values
 * @param previousDacl the DACL before the change; empty when the object did not exist
 * @param attempts how many read-merge-write rounds it took (0 when nothing was written)
 * @param interleavedWrites writes by someone else detected between our read and our write
 */
public record StepReport(
    PlanStep step,
    String dn,
    Outcome outcome,
    List<Ace> added,
    List<Ace> alreadyPresent,
    List<Ace> removed,
    List<String> convergedAttributes,
    Optional<SecurityDescriptor> previousDacl,
    int attempts,
    int interleavedWrites) {

  /** What a step did to its object. */
  public enum Outcome {
    /** Nothing to do: every planned ACE and attribute was already there. */
    UNCHANGED,
    /** The DACL or attributes were written. */
    CHANGED,
    /** The object was created. */
    CREATED,
    /** Dry run: the DACL or attributes would be written. */
    WOULD_CHANGE,
    /** Dry run: the object would be created. */
    WOULD_CREATE
  }

  /** Validates and copies the components. */
  public StepReport {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(dn, "dn");
    Objects.requireNonNull(outcome, "outcome");
    added = List.copyOf(added);
    alreadyPresent = List.copyOf(alreadyPresent);
    removed = List.copyOf(removed);
    convergedAttributes = List.copyOf(convergedAttributes);
    Objects.requireNonNull(previousDacl, "previousDacl");
  }

  /**
   * Tells whether the step wrote (or would write) anything.
   *
   * @return false for {@link Outcome#UNCHANGED}
   */
  public boolean changed() {
    return outcome != Outcome.UNCHANGED;
  }

  /**
   * Renders the previous DACL as SDDL, the human-readable backup.
   *
   * @param context domain SIDs for aliases
   * @return {@code D:…}, or empty when the object did not exist
   */
  public Optional<String> previousSddl(SddlContext context) {
    return previousDacl.map(sd -> sd.toSddl(context));
  }

  /**
   * One line for a log or the CLI: outcome, DN, counts.
   *
   * @return the line
   */
  public String summary() {
    return outcome
        + " "
        + dn
        + ": "
        + added.size()
        + " added, "
        + alreadyPresent.size()
        + " already present"
        + (removed.isEmpty() ? "" : ", " + removed.size() + " removed")
        + (convergedAttributes.isEmpty() ? "" : ", set " + String.join(",", convergedAttributes))
        + (interleavedWrites == 0 ? "" : ", " + interleavedWrites + " concurrent write(s) seen");
  }
}
