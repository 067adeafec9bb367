package org.adwriteback.preparation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.adwriteback.security.Ace;
import org.adwriteback.security.Acl;
import org.adwriteback.security.SddlContext;

/**
 * The ordered steps that prepare a forest for a request, and its three renderings: the {@code
 * dsacls} statements an admin would type, the ACEs as SDDL, and the PowerShell cmdlets the plan
 * replaces.
 *
 * @param request the request it was made from
 * @param accountName the connector account as dsacls names it ({@code DOMAIN\sam})
 * @param steps the steps, in the order they are applied
 * @param notes caveats the admin should read
 */
public record PreparationPlan(
    PreparationRequest request, String accountName, List<PlanStep> steps, List<String> notes) {

  /** Validates and copies the components. */
  public PreparationPlan {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(accountName, "accountName");
    steps = List.copyOf(steps);
    notes = List.copyOf(notes);
  }

  /**
   * Returns the grant steps only.
   *
   * @return the steps that add ACEs
   */
  public List<GrantAces> grantSteps() {
    return steps.stream().filter(GrantAces.class::isInstance).map(GrantAces.class::cast).toList();
  }

  /**
   * Renders the plan as the dsacls statements (and, for objects and the account hardening,
   * comments) an admin would run by hand.
   *
   * @return one line per statement
   */
  public List<String> toDsacls() {
    List<String> lines = new ArrayList<>();
    for (PlanStep step : steps) {
      if (step instanceof EnsureObject o) {
        lines.add("# ensure " + o.objectClass() + " \"" + o.dn() + "\"" + attributes(o));
      } else if (step instanceof GrantAces g) {
        for (PlannedAce p : g.aces()) {
          String inherit = p.source().inheritance().option();
          if (p.ace().flags().value() != p.source().inheritance().flags().value()) {
            inherit = p.ace().flags().isInheritOnly() ? "/I:S" : "";
          }
          lines.add(
              "dsacls \""
                  + g.dn()
                  + "\" "
                  + (inherit.isEmpty() ? "" : inherit + " ")
                  + "/G \""
                  + accountName
                  + ":"
                  + p.source().dsaclsPermission()
                  + "\"");
        }
      } else if (step instanceof RestrictAccount r) {
        lines.add(
            "# protect the DACL of \""
                + r.dn()
                + "\", keep only SELF ACEs, then grant SYSTEM, Enterprise Admins, Domain"
                + " Admins, Administrators full control and Enterprise Domain Controllers,"
                + " Authenticated Users generic read");
      }
    }
    return lines;
  }

  /**
   * Renders the ACEs per object as SDDL ACE strings.
   *
   * @param context the domain SIDs for aliases such as {@code DA}
   * @return one line per object: {@code <dn>: (OA;CIIO;CR;…)(…)}
   */
  public List<String> toSddl(SddlContext context) {
    List<String> lines = new ArrayList<>();
    for (PlanStep step : steps) {
      List<Ace> aces = List.of();
      if (step instanceof GrantAces g) {
        aces = g.aces().stream().map(PlannedAce::ace).toList();
      } else if (step instanceof RestrictAccount r) {
        aces = r.aces();
      }
      if (!aces.isEmpty()) {
        lines.add(step.dn() + ": " + Acl.of(aces).toSddl(context));
      }
    }
    return lines;
  }

  /**
   * Renders the PowerShell cmdlets this plan replaces, one per feature.
   *
   * @return one line per feature
   */
  public List<String> toPowerShell() {
    Set<String> lines = new LinkedHashSet<>();
    String[] parts = accountName.split("\\\\", 2);
    String accountArgs =
        parts.length == 2
            ? "-ADConnectorAccountName '"
                + parts[1]
                + "' -ADConnectorAccountDomain '"
                + parts[0]
                + "'"
            : "-ADConnectorAccountDN '" + accountName + "'";
    for (WritebackFeature f : request.orderedFeatures()) {
      String holder =
          request.includeAdminSdHolder() && f.adminSdHolderApplicable()
              ? " -IncludeAdminSdHolders"
              : "";
      List<String> scopes = request.scopes().getOrDefault(f, List.of());
      String line =
          switch (f) {
            case DEVICE ->
                "Initialize-ADSyncDeviceWriteback -AdConnectorAccount '" + accountName + "'";
            case HYBRID_JOIN ->
                "Initialize-ADSyncDomainJoinedComputerSync -AdConnectorAccount '"
                    + accountName
                    + "' -AzureADDomain '"
                    + request.tenantDomain().orElse("")
                    + "'";
            case NGC_KEYS ->
                "Initialize-ADSyncNGCKeysWriteBack -AdConnectorAccount '" + accountName + "'";
            case GROUP ->
                f.replacedCmdlet()
                    + " "
                    + accountArgs
                    + " -ADobjectDN '"
                    + request.groupOu().orElse("")
                    + "'"
                    + holder;
            case USER -> "# user writeback: no Microsoft cmdlet (permissions.md §3.5)";
            case RESTRICTED_ACCOUNT ->
                f.replacedCmdlet() + " -ADConnectorAccountDN '<account DN>' -Credential $admin";
            default -> {
              String base = f.replacedCmdlet() + " " + accountArgs + holder;
              if (scopes.isEmpty()) {
                yield base;
              }
              yield String.join(
                  "; ", scopes.stream().map(dn -> base + " -ADobjectDN '" + dn + "'").toList());
            }
          };
      lines.add(line);
    }
    return List.copyOf(lines);
  }

  private static String attributes(EnsureObject o) {
    if (o.attributes().isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" with");
    o.attributes().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    return sb.toString();
  }
}
