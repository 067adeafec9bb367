package org.adwriteback.provisioning;

import java.util.List;
import java.util.Objects;

/**
 * What one writeback request did (or, in a dry run, would do) to the directory.
 *
 * <p>Notes say what a caller should know but need not act on: an RDN or sAMAccountName that had to
 * be made unique because another object held it, a policy-hints control the server does not
 * support. Notes never contain passwords.
 */
public sealed interface WritebackResult {

  /**
   * Tells whether the request reached its goal (created, updated, unchanged or deleted).
   *
   * @return false only for {@link Failed}
   */
  default boolean succeeded() {
    return !(this instanceof Failed);
  }

  /**
   * The object was created.
   *
   * @param dn its DN
   * @param attributes the attributes written, sorted
   * @param notes what the caller should know (e.g. a DN collision that was avoided)
   */
  record Created(String dn, List<String> attributes, List<String> notes)
      implements WritebackResult {
    /** Copies the lists. */
    public Created {
      Objects.requireNonNull(dn, "dn");
      attributes = List.copyOf(attributes);
      notes = List.copyOf(notes);
    }
  }

  /**
   * The object existed and was changed.
   *
   * @param dn its DN
   * @param attributes the attributes changed, sorted
   * @param notes what the caller should know
   */
  record Updated(String dn, List<String> attributes, List<String> notes)
      implements WritebackResult {
    /** Copies the lists. */
    public Updated {
      Objects.requireNonNull(dn, "dn");
      attributes = List.copyOf(attributes);
      notes = List.copyOf(notes);
    }
  }

  /**
   * The object already had the requested state; nothing was written.
   *
   * @param dn its DN, or the description of what was looked for when nothing was there to delete
   */
  record Unchanged(String dn) implements WritebackResult {
    /** Checks the DN is not null. */
    public Unchanged {
      Objects.requireNonNull(dn, "dn");
    }
  }

  /**
   * The object was deleted.
   *
   * @param dn its DN
   */
  record Deleted(String dn) implements WritebackResult {
    /** Checks the DN is not null. */
    public Deleted {
      Objects.requireNonNull(dn, "dn");
    }
  }

  /**
   * The request failed; the directory was left as it was before the request.
   *
   * @param kind why
   * @param message what was wrong and what to do; never contains a password
   */
  record Failed(FailureKind kind, String message) implements WritebackResult {
    /** Checks the components are not null. */
    public Failed {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }
  }
}
