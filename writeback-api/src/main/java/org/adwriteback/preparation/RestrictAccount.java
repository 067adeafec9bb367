package org.adwriteback.preparation;

import java.util.List;
import java.util.Objects;
import org.adwriteback.security.Ace;

/**
 * Hardens the connector account's own DACL as {@code Set-ADSyncRestrictedPermissions} does
 * (permissions.md §2.8): protect the DACL (no inheritance), drop every explicit ACE except those
 * for SELF ({@code S-1-5-10}), and add {@code aces}. The previous DACL goes into the report as a
 * backup.
 *
 * @param feature always {@link WritebackFeature#RESTRICTED_ACCOUNT}
 * @param dn the account's DN
 * @param aces the fixed ACEs (SYSTEM, Enterprise Admins, Domain Admins, Administrators full
 *     control; Enterprise Domain Controllers, Authenticated Users generic read, mapped to DS
 *     rights)
 */
public record RestrictAccount(WritebackFeature feature, String dn, List<Ace> aces)
    implements PlanStep {

  /** Validates and copies the components. */
  public RestrictAccount {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(dn, "dn");
    aces = List.copyOf(aces);
  }
}
