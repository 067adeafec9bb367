package org.adwriteback.ldap.preparation;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.adwriteback.ldap.SecurityDescriptorFlagsControl;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.preparation.GrantAces;
import org.adwriteback.preparation.PlannedAce;
import org.adwriteback.preparation.PreparationPlan;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.schema.SchemaCatalog;
import org.adwriteback.security.Ace;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.SecurityDescriptorFormatException;
import org.adwriteback.security.SecurityToken;
import org.adwriteback.security.Sid;

/**
 * Pages through a scope (RFC 2696 simple paged results) and reports, through a callback, every
 * object of a feature's classes that the connector account still cannot write back, with the
 * reason: a protected DACL, {@code adminCount=1} (AdminSDHolder), an explicit deny, or an inherited
 * grant that simply is not there.
 *
 * <p>Per object the work is light: the DACL-only descriptor (SD flags control) is scanned in place,
 * without building objects: the control word, and per ACE its type, flags and trustee compared
 * byte-wise with the token's SIDs (MS-DTYP 2.4.6, 2.4.4). An object whose DACL is not protected,
 * that has no {@code adminCount}, no deny ACE for the token and at least as many inherited ACEs for
 * the account as the feature grants its class, is taken as reached. Only the others get the full
 * parse and access check ({@link org.adwriteback.security.AccessCheck}), which decides whether to
 * report them. Nothing is kept per object: 100k objects stream through.
 */
public final class DirectoryAuditor {

  /** Entries per page. */
  public static final int PAGE_SIZE = 500;

  private static final String[] ATTRIBUTES = {"nTSecurityDescriptor", "adminCount", "objectClass"};
  private static final int SE_DACL_PROTECTED = 0x1000;
  private static final int SE_DACL_PRESENT = 0x0004;
  private static final int INHERIT_ONLY = 0x08;
  private static final int INHERITED = 0x10;
  private static final int ACCESS_ALLOWED = 0x00;
  private static final int ACCESS_DENIED = 0x01;
  private static final int ACCESS_ALLOWED_OBJECT = 0x05;
  private static final int ACCESS_DENIED_OBJECT = 0x06;

  private final DomainSessions sessions;
  private final Forest forest;
  private final SchemaCatalog catalog = SchemaCatalog.standard();

  /**
   * Creates an auditor.
   *
   * @param sessions the sessions (bound as an account that may read the DACLs in the scope)
   * @param forest the discovered forest
   */
  public DirectoryAuditor(DomainSessions sessions, Forest forest) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.forest = Objects.requireNonNull(forest, "forest");
  }

  /**
   * Audits one feature of a plan in a scope.
   *
   * @param plan the plan (its inherit-only ACEs of {@code feature} name the classes and rights)
   * @param account the connector account
   * @param feature the feature
   * @param scopeDn where to look (subtree)
   * @param sink receives each finding as it is found
   * @return the totals
   * @throws WritebackException when the search fails, or {@code INVALID_INPUT} when the feature
   *     grants nothing inheritable in the plan
   */
  /**
   * Whether {@link #audit} has anything to look for: the plan grants {@code feature} at least one
   * ACE that objects of a class inherit. Hybrid join, for one, grants only on fixed objects.
   *
   * @param plan the plan
   * @param feature a feature of the plan
   * @return true when the feature can be audited
   */
  public static boolean auditable(PreparationPlan plan, WritebackFeature feature) {
    return !inheritedByClass(plan, feature).isEmpty();
  }

  /** The inherit-only ACEs the plan grants {@code feature}, by the class that inherits them. */
  private static Map<String, List<PlannedAce>> inheritedByClass(
      PreparationPlan plan, WritebackFeature feature) {
    Map<String, List<PlannedAce>> byClass = new LinkedHashMap<>();
    for (GrantAces g : plan.grantSteps()) {
      for (PlannedAce p : g.aces()) {
        if (p.feature() == feature
            && p.ace().flags().isInheritOnly()
            && p.source().inheritedObjectType().isPresent()) {
          byClass
              .computeIfAbsent(
                  p.source().inheritedObjectType().get().toLowerCase(Locale.ROOT),
                  k -> new ArrayList<>())
              .add(p);
        }
      }
    }
    return byClass;
  }

  public AuditSummary audit(
      PreparationPlan plan,
      ResolvedAccount account,
      WritebackFeature feature,
      String scopeDn,
      Consumer<AuditFinding> sink)
      throws WritebackException {
    Objects.requireNonNull(sink, "sink");
    DaclStore.parse(scopeDn);
    Map<String, List<PlannedAce>> byClass = inheritedByClass(plan, feature);
    if (byClass.isEmpty()) {
      throw new WritebackException(
          WritebackException.Reason.INVALID_INPUT,
          "the plan grants "
              + feature.cliName()
              + " nothing that objects inherit; audit a feature of the plan that grants on objects"
              + " of a class (password, exchange-hybrid, group, user, ngc-keys…)");
    }
    long before = sessions.operations();
    SecurityToken token = DirectoryVerifier.token(sessions, forest, account);
    Scan scan = new Scan(token, account.sid(), byClass, sink);
    List<Filter> any = new ArrayList<>();
    for (String c : byClass.keySet()) {
      any.add(Filter.createEqualityFilter("objectClass", c));
    }
    SearchRequest r =
        new SearchRequest(
            scopeDn,
            SearchScope.SUB,
            any.size() == 1 ? any.get(0) : Filter.createORFilter(any),
            ATTRIBUTES);
    r.addControl(SecurityDescriptorFlagsControl.daclOnly());
    long returned =
        sessions
            .forDn(scopeDn, forest)
            .searchPaged(
                r,
                PAGE_SIZE,
                "audit " + feature.cliName() + " under " + scopeDn,
                e -> {
                  scan.accept(e);
                  return true;
                });
    if (scan.failure != null) {
      throw scan.failure;
    }
    return new AuditSummary(scan.scanned, returned, scan.flagged, sessions.operations() - before);
  }

  /** The per-object work; state is the counters only. */
  private final class Scan {
    private final SecurityToken token;
    private final byte[] accountSid;
    private final byte[][] tokenSids;
    private final Map<String, List<PlannedAce>> byClass;
    private final Map<String, List<RightCheck>> checks = new LinkedHashMap<>();
    private final Consumer<AuditFinding> sink;
    private long scanned;
    private long flagged;
    private WritebackException failure;

    Scan(
        SecurityToken token,
        Sid account,
        Map<String, List<PlannedAce>> byClass,
        Consumer<AuditFinding> sink) {
      this.token = token;
      this.accountSid = account.toBytes();
      List<Sid> all = new ArrayList<>();
      token.user().ifPresent(all::add);
      all.addAll(token.groups());
      this.tokenSids = all.stream().map(Sid::toBytes).toArray(byte[][]::new);
      this.byClass = byClass;
      this.sink = sink;
      byClass.forEach(
          (cls, aces) ->
              checks.put(
                  cls,
                  aces.stream()
                      .map(p -> RightCheck.of(p, Optional.of(cls), forest.guids(), catalog))
                      .toList()));
    }

    void accept(SearchResultEntry e) {
      if (failure != null) {
        return;
      }
      String[] classes = e.getObjectClassValues();
      if (classes == null || classes.length == 0) {
        return;
      }
      String cls = classes[classes.length - 1].toLowerCase(Locale.ROOT);
      List<PlannedAce> planned = byClass.get(cls);
      if (planned == null) {
        return;
      }
      scanned++;
      byte[] sd = e.getAttributeValueBytes("nTSecurityDescriptor");
      String adminCount = e.getAttributeValue("adminCount");
      boolean admin = adminCount != null && !adminCount.equals("0");
      int quick = sd == null ? -1 : quickScan(sd, planned.size());
      if (quick == QUICK_REACHED && !admin) {
        return;
      }
      if (sd == null) {
        failure =
            new WritebackException(
                WritebackException.Reason.INSUFFICIENT_RIGHTS,
                "the DACL of "
                    + e.getDN()
                    + " is not readable by the bound account; audit as an account with"
                    + " READ_CONTROL on the scope");
        return;
      }
      SecurityDescriptor parsed;
      try {
        parsed = SecurityDescriptor.fromBytes(sd);
      } catch (SecurityDescriptorFormatException bad) {
        failure =
            new WritebackException(
                WritebackException.Reason.SERVER_ERROR,
                "the DACL of " + e.getDN() + " could not be parsed: " + bad.getMessage());
        return;
      }
      List<String> refused = new ArrayList<>();
      List<Ace> denying = new ArrayList<>();
      for (RightCheck rc : checks.get(cls)) {
        RightCheck.Outcome o = rc.run(parsed, token);
        if (!o.granted()) {
          refused.add(rc.what());
          o.deciding().stream().filter(a -> !denying.contains(a)).forEach(denying::add);
        }
      }
      if (refused.isEmpty() && !admin) {
        return;
      }
      Set<AuditFinding.Reason> reasons = EnumSet.noneOf(AuditFinding.Reason.class);
      if (parsed.control().has(org.adwriteback.security.ControlFlags.DACL_PROTECTED)) {
        reasons.add(AuditFinding.Reason.PROTECTED_DACL);
      }
      if (admin) {
        reasons.add(AuditFinding.Reason.ADMIN_COUNT);
      }
      if (!denying.isEmpty()) {
        reasons.add(AuditFinding.Reason.EXPLICIT_DENY);
      }
      if (reasons.isEmpty()) {
        reasons.add(AuditFinding.Reason.NOT_INHERITED);
      }
      flagged++;
      sink.accept(new AuditFinding(e.getDN(), cls, List.copyOf(reasons), refused, denying));
    }

    /**
     * Scans a self-relative descriptor in place.
     *
     * @return {@link #QUICK_REACHED} when the DACL is unprotected, denies nothing to the token and
     *     holds at least {@code wanted} inherited allow ACEs for the account; else {@link
     *     #QUICK_CHECK}
     */
    private int quickScan(byte[] sd, int wanted) {
      if (sd.length < 20) {
        return QUICK_CHECK;
      }
      int control = u16(sd, 2);
      if ((control & SE_DACL_PROTECTED) != 0 || (control & SE_DACL_PRESENT) == 0) {
        return QUICK_CHECK;
      }
      int dacl = u32(sd, 16);
      if (dacl <= 0 || dacl + 8 > sd.length) {
        return QUICK_CHECK;
      }
      int count = u16(sd, dacl + 4);
      int off = dacl + 8;
      int inheritedForAccount = 0;
      for (int i = 0; i < count; i++) {
        if (off + 8 > sd.length) {
          return QUICK_CHECK;
        }
        int type = sd[off] & 0xFF;
        int flags = sd[off + 1] & 0xFF;
        int size = u16(sd, off + 2);
        if (size < 8 || off + size > sd.length) {
          return QUICK_CHECK;
        }
        int sid = off + 8;
        if (type == ACCESS_ALLOWED_OBJECT || type == ACCESS_DENIED_OBJECT) {
          int objectFlags = sd[off + 8] & 0x3;
          sid = off + 12 + (objectFlags & 1) * 16 + ((objectFlags >> 1) & 1) * 16;
        }
        boolean effective = (flags & INHERIT_ONLY) == 0;
        if (effective && (type == ACCESS_DENIED || type == ACCESS_DENIED_OBJECT)) {
          for (byte[] t : tokenSids) {
            if (sidAt(sd, sid, off + size, t)) {
              return QUICK_CHECK;
            }
          }
        } else if (effective
            && (flags & INHERITED) != 0
            && (type == ACCESS_ALLOWED || type == ACCESS_ALLOWED_OBJECT)
            && sidAt(sd, sid, off + size, accountSid)) {
          inheritedForAccount++;
        }
        off += size;
      }
      return inheritedForAccount >= wanted ? QUICK_REACHED : QUICK_CHECK;
    }
  }

  private static final int QUICK_REACHED = 1;
  private static final int QUICK_CHECK = 0;

  private static boolean sidAt(byte[] sd, int from, int end, byte[] sid) {
    return from + sid.length <= end
        && Arrays.equals(sd, from, from + sid.length, sid, 0, sid.length);
  }

  private static int u16(byte[] b, int off) {
    return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
  }

  private static int u32(byte[] b, int off) {
    return u16(b, off) | u16(b, off + 2) << 16;
  }
}
