package org.adwriteback.ldap.preparation;

import java.util.List;
import java.util.Objects;
import org.adwriteback.security.Ace;

/**
 * One object the connector account still cannot write back, found by {@link DirectoryAuditor}, and
 * why.
 *
 * @param dn the object
 * @param objectClass its structural class
 * @param reasons why the feature's grants do not reach it (at least one)
 * @param refusedRights the rights of the feature the access check refused, e.g. {@code Reset
 *     Password}
 * @param denyingAces the explicit deny ACEs for the account or its groups, for {@link
 *     Reason#EXPLICIT_DENY}
 */
public record AuditFinding(
    String dn,
    String objectClass,
    List<Reason> reasons,
    List<String> refusedRights,
    List<Ace> denyingAces) {

  /** Why a preparation's inherited grant does not reach an object. */
  public enum Reason {
    /**
     * The DACL is protected (SE_DACL_PROTECTED, "inheritance disabled", MS-DTYP 2.4.6): ACEs of the
     * parent are not inherited. Re-enable inheritance on the object, or grant on it directly.
     */
    PROTECTED_DACL,
    /**
     * {@code adminCount=1}: a member (or former member) of a protected group; SDProp overwrites its
     * DACL with AdminSDHolder's every hour (MS-ADTS 3.1.1.6.1). Use the AdminSDHolder option or
     * take the account out of the protected group and clear adminCount.
     */
    ADMIN_COUNT,
    /** A deny ACE for the account (or a group of its token) takes precedence (MS-DTYP 2.5.3.2). */
    EXPLICIT_DENY,
    /**
     * None of the above, yet the right is not granted: the preparation was not applied to a parent
     * of this object, or the DC has not propagated it yet.
     */
    NOT_INHERITED
  }

  /** Validates and copies the components. */
  public AuditFinding {
    Objects.requireNonNull(dn, "dn");
    Objects.requireNonNull(objectClass, "objectClass");
    reasons = List.copyOf(reasons);
    refusedRights = List.copyOf(refusedRights);
    denyingAces = List.copyOf(denyingAces);
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a finding needs a reason: " + dn);
    }
  }

  /**
   * One line for a person.
   *
   * @return e.g. {@code CN=adm,OU=… (user): PROTECTED_DACL, ADMIN_COUNT; refused: Reset Password}
   */
  public String summary() {
    return dn
        + " ("
        + objectClass
        + "): "
        + String.join(", ", reasons.stream().map(Enum::name).toList())
        + "; refused: "
        + String.join(", ", refusedRights);
  }
}
