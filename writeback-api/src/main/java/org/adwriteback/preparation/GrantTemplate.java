package org.adwriteback.preparation;

import java.util.Objects;
import java.util.Optional;
import org.adwriteback.schema.DsaclsNotation.Inheritance;

/**
 * One permission a feature grants, in the notation of {@code dsacls /G
 * "<account>:<rights>;<object>;<inherited object>" /I:<x>} that Microsoft's scripts use, before
 * names are resolved to GUIDs and the account to its SID.
 *
 * @param target where the ACE goes
 * @param rights dsacls permission letters ({@code CA}, {@code WP}, {@code RPWP}, {@code
 *     GRGWCCDCSDDT}, …)
 * @param objectType the attribute, class, property set or extended right the ACE is limited to, by
 *     lDAPDisplayName or (for extended rights) display name; empty for "all"
 * @param inheritedObjectType the class of the objects the ACE is inherited to; empty for every
 *     class
 * @param inheritance the dsacls {@code /I} switch
 * @param rationale why the ACE is there, with its source (permissions.md section)
 */
public record GrantTemplate(
    TargetKind target,
    String rights,
    Optional<String> objectType,
    Optional<String> inheritedObjectType,
    Inheritance inheritance,
    String rationale) {

  /** Validates the components. */
  public GrantTemplate {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(rights, "rights");
    Objects.requireNonNull(objectType, "objectType");
    Objects.requireNonNull(inheritedObjectType, "inheritedObjectType");
    Objects.requireNonNull(inheritance, "inheritance");
    Objects.requireNonNull(rationale, "rationale");
    if (rights.isEmpty()) {
      throw new IllegalArgumentException("a grant needs at least one right");
    }
  }

  /**
   * Returns the permission part of a dsacls grant, e.g. {@code CA;Reset Password;user}.
   *
   * @return the statement without the trustee
   */
  public String dsaclsPermission() {
    StringBuilder sb = new StringBuilder(rights);
    if (objectType.isPresent() || inheritedObjectType.isPresent()) {
      sb.append(';').append(objectType.orElse(""));
      inheritedObjectType.ifPresent(t -> sb.append(';').append(t));
    }
    return sb.toString();
  }
}
