package org.adwriteback.ldap.preparation;

import java.util.List;
import java.util.Objects;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.security.Ace;
import org.adwriteback.security.Acl;
import org.adwriteback.security.SddlContext;

/**
 * What {@link DirectoryVerifier} found: per feature, target and planned ACE, whether the connector
 * account holds the right on the object the ACE is meant for (the target itself, or an object of
 * the inheriting class under it), and the ACEs that decided (MS-DTYP 2.5.3.2 access check with the
 * account's token).
 *
 * @param checks one entry per planned ACE, in plan order
 */
public record VerificationReport(List<Check> checks) {

  /** Validates and copies the components. */
  public VerificationReport {
    checks = List.copyOf(checks);
  }

  /**
   * One access check.
   *
   * @param feature the feature the ACE belongs to
   * @param targetDn the object the ACE was granted on
   * @param effectiveObject the object the check ran on: the target, an existing child of the
   *     inheriting class, or {@code "a new <class> under <target>"} (computed with MS-DTYP 2.5.3.4)
   * @param right what the ACE lets the account do, e.g. {@code Reset Password on user objects}
   * @param planned the planned ACE
   * @param granted whether the access check granted the right
   * @param deciding the ACEs that granted it (or, when refused, denied part of it); empty when
   *     nothing applied
   */
  public record Check(
      WritebackFeature feature,
      String targetDn,
      String effectiveObject,
      String right,
      Ace planned,
      boolean granted,
      List<Ace> deciding) {

    /** Validates and copies the components. */
    public Check {
      Objects.requireNonNull(feature, "feature");
      Objects.requireNonNull(targetDn, "targetDn");
      Objects.requireNonNull(effectiveObject, "effectiveObject");
      Objects.requireNonNull(right, "right");
      Objects.requireNonNull(planned, "planned");
      deciding = List.copyOf(deciding);
    }

    /**
     * One line for a person: {@code Reset Password on user objects under OU=…: granted by
     * (OA;CIIO;CR;…)}. An inherited deciding ACE with the meaning of the planned ACE is shown as
     * the planned ACE, the one on the target.
     *
     * @param context domain SIDs for SDDL aliases
     * @return the line
     */
    public String line(SddlContext context) {
      StringBuilder sb = new StringBuilder(feature.cliName()).append(": ").append(right);
      sb.append(granted ? ": granted" : ": DENIED");
      if (!deciding.isEmpty()) {
        sb.append(granted ? " by " : " by deny ");
        for (Ace a : deciding) {
          sb.append(sddl(fromPlan(a) ? planned : a, context));
        }
      } else if (!granted) {
        sb.append(" (no ACE grants it to the account)");
      }
      return sb.append(" [checked on ").append(effectiveObject).append(']').toString();
    }

    private boolean fromPlan(Ace a) {
      return a.isInherited()
          && AceSemantics.meaning(a)
              .flatMap(
                  m ->
                      AceSemantics.meaning(planned)
                          .map(
                              p ->
                                  m.sid().equals(p.sid())
                                      && m.allow() == p.allow()
                                      && m.objectType().equals(p.objectType())
                                      && m.mask()
                                          .mapGenericToDs()
                                          .equals(p.mask().mapGenericToDs())))
              .orElse(false);
    }

    private static String sddl(Ace a, SddlContext context) {
      return Acl.of(a).toSddl(context);
    }
  }

  /**
   * Tells whether every planned ACE is effective for the account.
   *
   * @return true when every check granted
   */
  public boolean allEffective() {
    return checks.stream().allMatch(Check::granted);
  }

  /**
   * Returns the checks that were refused.
   *
   * @return the refused checks
   */
  public List<Check> refused() {
    return checks.stream().filter(c -> !c.granted()).toList();
  }

  /**
   * Returns one line per check.
   *
   * @param context domain SIDs for SDDL aliases
   * @return the lines
   */
  public List<String> lines(SddlContext context) {
    return checks.stream().map(c -> c.line(context)).toList();
  }
}
