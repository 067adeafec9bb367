package org.adwriteback.ldap.preparation;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.ldap.SecurityDescriptorFlagsControl;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.preparation.DomainFacts;
import org.adwriteback.preparation.GrantAces;
import org.adwriteback.preparation.PlannedAce;
import org.adwriteback.preparation.PreparationPlan;
import org.adwriteback.schema.SchemaCatalog;
import org.adwriteback.security.DescriptorInheritance;
import org.adwriteback.security.DirectoryAccess;
import org.adwriteback.security.SddlContext;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.SecurityDescriptorFormatException;
import org.adwriteback.security.SecurityToken;
import org.adwriteback.security.Sid;

/**
 * Verifies a preparation the way the connector account will meet it: re-reads each target's DACL
 * and runs the access check ({@link org.adwriteback.security.AccessCheck}, MS-DTYP 2.5.3.2) with
 * the account's token (its SID, its {@code tokenGroups}, Everyone and Authenticated Users) on the
 * <em>effective</em> object of each planned ACE:
 *
 * <ul>
 *   <li>an ACE that applies to the target itself is checked on the target's DACL;
 *   <li>an inherit-only ACE for a class (e.g. Reset Password on {@code user} objects) is checked on
 *       an existing object of that class under the target ({@link
 *       ChildSource#EXISTING_CHILD_FIRST}, the default: its inherited ACEs are the DC's own
 *       computation), or on the descriptor a new object of that class would get (MS-DTYP 2.5.3.4
 *       CreateSecurityDescriptor with the class's defaultSecurityDescriptor, {@link
 *       DirectoryAccess#createChild});
 *   <li>an ACE on {@code CN=AdminSDHolder} is checked on AdminSDHolder's own DACL, which SDProp
 *       copies as it is onto every protected object (MS-ADTS 3.1.1.6.1): an inherit-only ACE there
 *       grants nothing on them, and the report says so.
 * </ul>
 *
 * <p>Cost: one batched DACL read for the targets, {@code tokenGroups} once, and one one-entry paged
 * search per (target, class) in {@link ChildSource#EXISTING_CHILD_FIRST} mode.
 */
public final class DirectoryVerifier {

  /** Where an inherit-only ACE is checked. */
  public enum ChildSource {
    /** On the descriptor a new object of the class would get under the target. */
    NEW_CHILD,
    /** On an existing object of the class under the target; a new one when there is none. */
    EXISTING_CHILD_FIRST
  }

  private static final String[] CHILD_ATTRIBUTES = {"nTSecurityDescriptor", "objectClass"};
  private static final int CHILD_PAGE = 20;

  private final DomainSessions sessions;
  private final Forest forest;
  private final DirectoryAccess access;

  /**
   * Creates a verifier.
   *
   * @param sessions the sessions (bound as an account that may read the targets' DACLs)
   * @param forest the discovered forest
   */
  public DirectoryVerifier(DomainSessions sessions, Forest forest) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.forest = Objects.requireNonNull(forest, "forest");
    this.access = DirectoryAccess.standard();
  }

  /**
   * Verifies every grant of a plan, checking inherit-only ACEs on an existing child first.
   *
   * @param plan the plan (applied or not)
   * @param account the connector account
   * @return the checks
   * @throws WritebackException when a target or the account cannot be read
   */
  public VerificationReport verify(PreparationPlan plan, ResolvedAccount account)
      throws WritebackException {
    return verify(plan, account, ChildSource.EXISTING_CHILD_FIRST);
  }

  /**
   * Verifies every grant of a plan.
   *
   * @param plan the plan (applied or not)
   * @param account the connector account
   * @param childSource where inherit-only ACEs are checked
   * @return the checks
   * @throws WritebackException when a target or the account cannot be read
   */
  public VerificationReport verify(
      PreparationPlan plan, ResolvedAccount account, ChildSource childSource)
      throws WritebackException {
    SecurityToken token = token(sessions, forest, account);
    List<GrantAces> grants = plan.grantSteps();
    Map<DN, DaclStore.Read> targets =
        DaclStore.readAll(sessions, forest, grants.stream().map(GrantAces::dn).toList());
    Map<String, Effective> children = new HashMap<>();
    SchemaCatalog catalog = access.catalog();
    List<VerificationReport.Check> checks = new ArrayList<>();
    for (GrantAces g : grants) {
      DaclStore.Read target = targets.get(DaclStore.parse(g.dn()));
      boolean holder =
          forest.domains().stream().anyMatch(d -> Forest.sameDn(d.adminSdHolderDn(), g.dn()));
      for (PlannedAce p : g.aces()) {
        boolean inheritOnly = p.ace().flags().isInheritOnly() && !holder;
        Optional<String> cls =
            inheritOnly || holder ? p.source().inheritedObjectType() : Optional.empty();
        RightCheck rc = RightCheck.of(p, cls, forest.guids(), catalog);
        String right =
            rc.what()
                + (holder
                    ? " on protected " + cls.orElse("") + " objects (through " + g.dn() + ")"
                    : inheritOnly
                        ? " on " + cls.orElse("child") + " objects under " + g.dn()
                        : " on " + g.dn());
        if (target == null) {
          checks.add(
              new VerificationReport.Check(
                  p.feature(), g.dn(), g.dn() + " (missing)", right, p.ace(), false, List.of()));
          continue;
        }
        Effective on =
            inheritOnly
                ? children.computeIfAbsent(
                    g.dn() + "\u0000" + cls.orElse(""),
                    k -> child(target, cls, account, childSource))
                : new Effective(
                    holder ? g.dn() + " (SDProp copies its DACL to protected objects)" : g.dn(),
                    target.descriptor(),
                    Optional.empty());
        if (on.failure().isPresent()) {
          throw on.failure().get();
        }
        RightCheck.Outcome o = rc.run(on.descriptor(), token);
        checks.add(
            new VerificationReport.Check(
                p.feature(), g.dn(), on.name(), right, p.ace(), o.granted(), o.deciding()));
      }
    }
    return new VerificationReport(checks);
  }

  /**
   * The token the DC builds for the account: its SID, its transitive groups ({@code tokenGroups})
   * and Everyone and Authenticated Users.
   *
   * @param sessions the sessions
   * @param forest the forest
   * @param account the account
   * @return the token
   * @throws WritebackException when the account cannot be read
   */
  static SecurityToken token(DomainSessions sessions, Forest forest, ResolvedAccount account)
      throws WritebackException {
    List<Sid> sids = AccountResolver.tokenSids(sessions, forest, account);
    return SecurityToken.forAccount(account.sid(), sids.subList(1, sids.size()));
  }

  /** The object a check runs on; a read failure is carried out of the computeIfAbsent lambda. */
  private record Effective(
      String name, SecurityDescriptor descriptor, Optional<WritebackException> failure) {}

  private Effective child(
      DaclStore.Read parent,
      Optional<String> cls,
      ResolvedAccount account,
      ChildSource childSource) {
    try {
      if (childSource == ChildSource.EXISTING_CHILD_FIRST && cls.isPresent()) {
        Optional<Effective> existing = existingChild(parent.dn(), cls.get(), account.dn());
        if (existing.isPresent()) {
          return existing.get();
        }
      }
      return new Effective(
          "a new " + cls.orElse("object") + " under " + parent.dn(),
          newChild(parent, cls, account),
          Optional.empty());
    } catch (WritebackException e) {
      return new Effective(parent.dn(), parent.descriptor(), Optional.of(e));
    }
  }

  /**
   * An existing object of {@code cls} under {@code dn}, other than the target itself and the
   * connector account's own object: Set-ADSyncRestrictedPermissions (the restricted-account
   * feature) protects the account's DACL, so the rights its objects inherit never reach it.
   */
  private Optional<Effective> existingChild(String dn, String cls, String accountDn)
      throws WritebackException {
    SearchRequest r =
        new SearchRequest(
            dn, SearchScope.SUB, Filter.createEqualityFilter("objectClass", cls), CHILD_ATTRIBUTES);
    r.addControl(SecurityDescriptorFlagsControl.daclOnly());
    DN base = DaclStore.parse(dn);
    DN self = parseOrNull(accountDn);
    List<SearchResultEntry> found = new ArrayList<>();
    sessions
        .forDn(dn, forest)
        .searchPaged(
            r,
            CHILD_PAGE,
            "look for a " + cls + " under " + dn,
            e -> {
              String[] classes = e.getObjectClassValues();
              boolean structural =
                  classes != null
                      && classes.length > 0
                      && classes[classes.length - 1].equalsIgnoreCase(cls);
              DN at = parseOrNull(e.getDN());
              if (structural
                  && !base.equals(at)
                  && !(self != null && self.equals(at))
                  && found.isEmpty()) {
                found.add(e);
              }
              return found.isEmpty();
            });
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SearchResultEntry e = found.get(0);
    byte[] sd = e.getAttributeValueBytes("nTSecurityDescriptor");
    if (sd == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Effective(e.getDN(), SecurityDescriptor.fromBytes(sd), Optional.empty()));
    } catch (SecurityDescriptorFormatException bad) {
      throw new WritebackException(
          WritebackException.Reason.SERVER_ERROR,
          "the DACL of " + e.getDN() + " could not be parsed: " + bad.getMessage());
    }
  }

  private static DN parseOrNull(String dn) {
    try {
      return DaclStore.parse(dn);
    } catch (WritebackException e) {
      return null;
    }
  }

  private SecurityDescriptor newChild(
      DaclStore.Read parent, Optional<String> cls, ResolvedAccount account) {
    DomainFacts domain = forest.domainOf(parent.dn()).orElse(forest.forestRootDomain());
    Sid owner = account.sid();
    Sid group = domain.sid().withRid(Sid.RID_DOMAIN_USERS);
    if (cls.isPresent() && access.catalog().schemaClass(cls.get()).isPresent()) {
      return access.createChild(
          Optional.of(parent.descriptor()),
          cls.get(),
          Optional.empty(),
          SddlContext.of(domain.sid(), forest.forestRootDomain().sid()),
          owner,
          group);
    }
    List<UUID> types = cls.flatMap(forest.guids()::resolve).map(List::of).orElse(List.of());
    return DescriptorInheritance.createChild(
        Optional.of(parent.descriptor()),
        DescriptorInheritance.creatorDescriptor(Optional.empty(), Optional.empty()),
        types,
        true,
        owner,
        group);
  }
}
