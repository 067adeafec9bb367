package org.adwriteback.ldap.preparation;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.preparation.EnsureObject;
import org.adwriteback.preparation.GrantAces;
import org.adwriteback.preparation.PlanStep;
import org.adwriteback.preparation.PlannedAce;
import org.adwriteback.preparation.PreparationPlan;
import org.adwriteback.preparation.RestrictAccount;
import org.adwriteback.security.Ace;
import org.adwriteback.security.Acl;
import org.adwriteback.security.ControlFlags;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.Sid;

/**
 * Applies a {@link PreparationPlan} to a directory over LDAP: the idempotent DACL edit of
 * shared/STYLE.md, plus creating the objects a feature needs, dry run, undo and restore.
 *
 * <h2>The DACL edit</h2>
 *
 * For each object of the plan: read its DACL with the SD flags control set to DACL only; keep its
 * explicit ACEs (inherited ACEs are the DC's to recompute, MS-ADTS 6.1.3, MS-DTYP 2.5.3.4.2); skip
 * every planned ACE an explicit ACE already covers (same trustee and propagation, superset of the
 * rights, no narrower object types, see {@code AceSemantics}); insert the others where canonical
 * order puts them ({@link Acl#addCanonical(Ace)}); write the result in ONE modify ({@code replace},
 * DACL-only control) per object, and nothing when nothing changed. Owner, group and SACL are never
 * written: the control confines the write to the DACL. The reads of all objects are batched (one
 * search per naming context), so a preparation costs one write per changed object, one add per
 * created object, plus a constant number of searches.
 *
 * <h2>Concurrent writers: the guarantee</h2>
 *
 * LDAP offers no compare-and-swap on {@code nTSecurityDescriptor}: Samba refuses a value delete of
 * the attribute ({@code 53 … MOD_DELETE for nTSecurityDescriptor not supported}); Windows' general
 * rule (MS-ADTS 3.1.1.5.3.2: deleting a value that is not present fails with {@code
 * noSuchAttribute}) would make delete-old+add-new a test-and-set, but the value a DACL-only read
 * returns is not the stored value (owner, group, SACL and inherited ACEs differ), MS-ADTS 6.1.3.2
 * defines no value-delete for the descriptor, and AD does not offer the LDAP assertion control (RFC
 * 4528). Tools that edit DACLs (dsacls through ADSI, samba-tool, impacket) all read and replace.
 * What this class guarantees:
 *
 * <ol>
 *   <li>After a write it re-reads the DACL and checks that it holds every ACE it added and every
 *       explicit ACE that was there when it read; otherwise (someone wrote after us and dropped
 *       something) it re-reads, merges and writes again, up to {@code maxAttempts} times, then
 *       fails with {@link WritebackException.Reason#CONCURRENT_CHANGE}. So our ACEs, and ACEs
 *       present before our read, are never silently lost.
 *   <li>A write by someone else between our read and our write (which our replace overwrites)
 *       cannot be undone without knowing what it wrote, but it is detected: the version of {@code
 *       nTSecurityDescriptor} in {@code replPropertyMetaData} then grew by more than one, and
 *       {@link StepReport#interleavedWrites()} says so. The window runs from the batched re-read
 *       right before the writes to this object's write (the round trips of the writes before it in
 *       the run). A writer that checks its own result as this class does (point 1) repairs its loss
 *       by itself.
 * </ol>
 *
 * <h2>Failure</h2>
 *
 * Every target is read before anything is written: a missing object, an unreadable DACL or a DACL
 * the bound account may not write ({@code sDRightsEffective} without DACL_SECURITY_INFORMATION)
 * fails before the first write. A failure after some writes rolls back what this run wrote
 * (previous DACLs written back, created objects deleted) before the exception is thrown.
 */
public final class DirectoryPreparer {

  /** Read-merge-write rounds per object before giving up with CONCURRENT_CHANGE. */
  public static final int DEFAULT_ATTEMPTS = 8;

  private static final int SD_RIGHTS_DACL = 0x4;

  private final DomainSessions sessions;
  private final Forest forest;
  private final int maxAttempts;

  /**
   * Creates a preparer.
   *
   * @param sessions the sessions of the forest's domains, bound as an account allowed to change
   *     permissions on the targets
   * @param forest the discovered forest
   */
  public DirectoryPreparer(DomainSessions sessions, Forest forest) {
    this(sessions, forest, DEFAULT_ATTEMPTS);
  }

  /**
   * Creates a preparer with a bound on retries.
   *
   * @param sessions the sessions
   * @param forest the discovered forest
   * @param maxAttempts read-merge-write rounds per object, at least 1
   */
  public DirectoryPreparer(DomainSessions sessions, Forest forest, int maxAttempts) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.forest = Objects.requireNonNull(forest, "forest");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
  }

  /**
   * Computes what {@link #apply(PreparationPlan)} would do, reading but never writing.
   *
   * @param plan the plan
   * @return per step, the exact diff
   * @throws WritebackException when a target is missing or unreadable
   */
  public PreparationReport dryRun(PreparationPlan plan) throws WritebackException {
    return run(plan, Mode.DRY_RUN);
  }

  /**
   * Applies a plan: creates missing objects, adds missing ACEs, hardens the account.
   *
   * @param plan the plan
   * @return per step, what was done, with the previous DACLs as backup
   * @throws WritebackException on a missing target, missing rights, a server error or an
   *     unreconcilable concurrent change; what this call wrote is rolled back first
   */
  public PreparationReport apply(PreparationPlan plan) throws WritebackException {
    return run(plan, Mode.APPLY);
  }

  /**
   * Removes exactly the ACEs a plan adds (equal ACEs, not merely covering ones) from its targets,
   * nothing else. Objects are left (see {@link #deleteCreated(PreparationReport)}); a {@link
   * RestrictAccount} step cannot be undone this way (use {@link #restore(PreparationReport)}).
   *
   * @param plan the plan that was applied
   * @return per step, the ACEs removed
   * @throws WritebackException when a target cannot be read or written
   */
  public PreparationReport undo(PreparationPlan plan) throws WritebackException {
    return run(plan, Mode.UNDO);
  }

  /**
   * Deletes the objects an {@link #apply(PreparationPlan)} run created, children first. An object
   * that has children by now is refused by the server ({@code notAllowedOnNonLeaf}).
   *
   * @param applied the report of the run
   * @return one step per deleted object
   * @throws WritebackException when a delete fails
   */
  public PreparationReport deleteCreated(PreparationReport applied) throws WritebackException {
    long before = operations();
    List<StepReport> out = new ArrayList<>();
    List<StepReport> created =
        applied.steps().stream().filter(s -> s.outcome() == StepReport.Outcome.CREATED).toList();
    for (int i = created.size() - 1; i >= 0; i--) {
      StepReport s = created.get(i);
      sessions
          .forDn(s.dn(), forest)
          .delete(new DeleteRequest(s.dn()), "delete " + s.dn() + " (created by the preparation)");
      out.add(
          new StepReport(
              s.step(),
              s.dn(),
              StepReport.Outcome.CHANGED,
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              Optional.empty(),
              1,
              0));
    }
    return new PreparationReport(out, false, operations() - before);
  }

  /**
   * Writes back the DACLs a run replaced (its backup), for every step that changed a DACL.
   *
   * @param applied the report of the run
   * @return one step per restored object
   * @throws WritebackException when a write fails
   */
  public PreparationReport restore(PreparationReport applied) throws WritebackException {
    long before = operations();
    List<StepReport> out = new ArrayList<>();
    for (StepReport s : applied.steps()) {
      if (s.outcome() == StepReport.Outcome.CHANGED && s.previousDacl().isPresent()) {
        SecurityDescriptor previous = s.previousDacl().get();
        DaclStore.write(sessions.forDn(s.dn(), forest), s.dn(), explicitOnly(previous));
        out.add(
            new StepReport(
                s.step(),
                s.dn(),
                StepReport.Outcome.CHANGED,
                s.removed(),
                List.of(),
                s.added(),
                List.of(),
                Optional.empty(),
                1,
                0));
      }
    }
    return new PreparationReport(out, false, operations() - before);
  }

  /**
   * Writes back DACLs saved in a backup (a {@code prepare --backup} file): each object's DACL
   * becomes the saved one (its explicit ACEs; the DC recomputes the inherited ones). Owner, group
   * and SACL are not touched.
   *
   * @param previousDacls DN to the descriptor holding the saved DACL, in the order to write them
   * @return the DNs written
   * @throws WritebackException when a write fails; the DNs before it were written
   */
  public List<String> restoreDacls(java.util.Map<String, SecurityDescriptor> previousDacls)
      throws WritebackException {
    List<String> written = new ArrayList<>();
    for (var e : previousDacls.entrySet()) {
      DaclStore.write(sessions.forDn(e.getKey(), forest), e.getKey(), explicitOnly(e.getValue()));
      written.add(e.getKey());
    }
    return written;
  }

  private enum Mode {
    DRY_RUN,
    APPLY,
    UNDO
  }

  /** The result of merging a plan step into a DACL. */
  private record Merge(
      SecurityDescriptor desired,
      List<Ace> added,
      List<Ace> present,
      List<Ace> removed,
      boolean changed) {}

  private PreparationReport run(PreparationPlan plan, Mode mode) throws WritebackException {
    long before = operations();
    List<PlanStep> daclSteps =
        plan.steps().stream().filter(s -> !(s instanceof EnsureObject)).toList();
    List<EnsureObject> objects =
        plan.steps().stream()
            .filter(EnsureObject.class::isInstance)
            .map(EnsureObject.class::cast)
            .toList();
    if (mode == Mode.UNDO) {
      daclSteps = daclSteps.stream().filter(GrantAces.class::isInstance).toList();
      objects = List.of();
    }
    Set<DN> ensured = new HashSet<>();
    for (EnsureObject o : objects) {
      ensured.add(DaclStore.parse(o.dn()));
    }

    // 1. read everything first: nothing is written when a target is missing or not writable
    List<String> dns = new ArrayList<>();
    objects.forEach(o -> dns.add(o.dn()));
    daclSteps.forEach(s -> dns.add(s.dn()));
    Map<DN, DaclStore.Read> reads = DaclStore.readAll(sessions, forest, dns);
    for (PlanStep s : daclSteps) {
      DN dn = DaclStore.parse(s.dn());
      if (!reads.containsKey(dn) && !ensured.contains(dn) && mode != Mode.UNDO) {
        throw new WritebackException(
            WritebackException.Reason.NO_SUCH_OBJECT,
            s.dn()
                + " does not exist ("
                + s.feature().cliName()
                + " grants on it); create it or give an existing DN");
      }
    }

    List<StepReport> done = new ArrayList<>();
    try {
      // 2. objects
      for (EnsureObject o : objects) {
        done.add(ensure(o, reads.containsKey(DaclStore.parse(o.dn())), mode));
      }
      // 3. merge and write
      Map<PlanStep, Merge> merges = new LinkedHashMap<>();
      Map<PlanStep, DaclStore.Read> readOf = new LinkedHashMap<>();
      if (mode == Mode.UNDO) {
        daclSteps =
            daclSteps.stream().filter(s -> reads.containsKey(parseUnchecked(s.dn()))).toList();
      }
      for (PlanStep s : daclSteps) {
        DaclStore.Read r = reads.get(DaclStore.parse(s.dn()));
        SecurityDescriptor current =
            r != null ? r.descriptor() : SecurityDescriptor.ofDacl(Acl.empty());
        Merge m = merge(s, current, mode);
        merges.put(s, m);
        if (r != null) {
          readOf.put(s, r);
        }
        if (m.changed() && mode != Mode.DRY_RUN) {
          checkWritable(s, r);
        }
      }
      // re-read right before writing, in one batched search per naming context: the first read
      // validated (before anything was created), this one is merged and written; objects created
      // just now (whose DACL the first read could not see) are read here too
      Map<DN, DaclStore.Read> latestReads =
          mode == Mode.DRY_RUN
              ? Map.of()
              : DaclStore.readAll(
                  sessions,
                  forest,
                  daclSteps.stream()
                      .filter(s -> merges.get(s).changed())
                      .map(PlanStep::dn)
                      .toList());
      List<PlanStep> written = new ArrayList<>();
      for (PlanStep s : daclSteps) {
        Merge m = merges.get(s);
        if (!m.changed()) {
          done.add(report(s, StepReport.Outcome.UNCHANGED, m, readOf.get(s), 0, 0));
        } else if (mode == Mode.DRY_RUN) {
          done.add(report(s, StepReport.Outcome.WOULD_CHANGE, m, readOf.get(s), 0, 0));
        } else {
          LdapSession session = sessions.forDn(s.dn(), forest);
          DaclStore.Read latest = latestReads.get(DaclStore.parse(s.dn()));
          if (latest == null) {
            throw vanished(s);
          }
          checkWritable(s, latest);
          Merge now = merge(s, latest.descriptor(), mode);
          readOf.put(s, latest);
          merges.put(s, now);
          if (!now.changed()) {
            done.add(report(s, StepReport.Outcome.UNCHANGED, now, latest, 0, 0));
            continue;
          }
          DaclStore.write(session, s.dn(), now.desired());
          written.add(s);
          done.add(report(s, StepReport.Outcome.CHANGED, now, latest, 1, 0));
        }
      }
      // 4. verify in one batch, retry one by one
      if (!written.isEmpty()) {
        Map<DN, DaclStore.Read> after =
            DaclStore.readAll(sessions, forest, written.stream().map(PlanStep::dn).toList());
        for (PlanStep s : written) {
          DaclStore.Read a = after.get(DaclStore.parse(s.dn()));
          Merge m = merges.get(s);
          int index = indexOf(done, s);
          int interleaved = interleaved(readOf.get(s), a);
          if (a != null && holds(m, a.descriptor())) {
            if (interleaved > 0) {
              done.set(
                  index, report(s, StepReport.Outcome.CHANGED, m, readOf.get(s), 1, interleaved));
            }
          } else {
            done.set(index, retry(s, mode, readOf.get(s), interleaved));
          }
        }
        settle(written, merges, done, mode);
      }
    } catch (WritebackException | RuntimeException e) {
      if (mode == Mode.APPLY || mode == Mode.UNDO) {
        rollBack(done, e);
      }
      throw e;
    }
    return new PreparationReport(done, mode == Mode.DRY_RUN, operations() - before);
  }

  private StepReport retry(PlanStep s, Mode mode, DaclStore.Read first, int interleavedSoFar)
      throws WritebackException {
    LdapSession session = sessions.forDn(s.dn(), forest);
    int interleaved = interleavedSoFar;
    List<Ace> added = new ArrayList<>();
    List<Ace> removed = new ArrayList<>();
    for (int attempt = 2; attempt <= maxAttempts; attempt++) {
      backOff(attempt);
      DaclStore.Read r = DaclStore.read(session, s.dn()).orElseThrow(() -> vanished(s));
      Merge m = merge(s, r.descriptor(), mode);
      if (!m.changed()) {
        return report(
            s,
            StepReport.Outcome.CHANGED,
            withLists(m, added, removed),
            first,
            attempt,
            interleaved);
      }
      added.addAll(m.added());
      removed.addAll(m.removed());
      DaclStore.write(session, s.dn(), m.desired());
      DaclStore.Read a = DaclStore.read(session, s.dn()).orElseThrow(() -> vanished(s));
      interleaved += interleaved(r, a);
      if (holds(m, a.descriptor())) {
        return report(
            s,
            StepReport.Outcome.CHANGED,
            withLists(m, added, removed),
            first,
            attempt,
            interleaved);
      }
    }
    throw new WritebackException(
        WritebackException.Reason.CONCURRENT_CHANGE,
        "the DACL of "
            + s.dn()
            + " kept changing under "
            + maxAttempts
            + " read-merge-write rounds (another tool is rewriting it); our ACEs or ACEs present"
            + " before could not be kept together. Stop the other writer and run again");
  }

  /**
   * When another writer was seen during this run, waits a moment and checks the written objects
   * once more (one batched read), repairing any that lost what we wrote: a concurrent writer that
   * read before our write may have replaced the DACL after our check.
   */
  private void settle(
      List<PlanStep> written, Map<PlanStep, Merge> merges, List<StepReport> done, Mode mode)
      throws WritebackException {
    boolean contended =
        written.stream()
            .anyMatch(
                s ->
                    done.get(indexOf(done, s)).interleavedWrites() > 0
                        || done.get(indexOf(done, s)).attempts() > 1);
    if (!contended) {
      return;
    }
    backOff(maxAttempts);
    Map<DN, DaclStore.Read> again =
        DaclStore.readAll(sessions, forest, written.stream().map(PlanStep::dn).toList());
    for (PlanStep s : written) {
      DaclStore.Read a = again.get(DaclStore.parse(s.dn()));
      if (a == null || !holds(merges.get(s), a.descriptor())) {
        StepReport previous = done.get(indexOf(done, s));
        done.set(
            indexOf(done, s),
            retry(
                s,
                mode,
                DaclStore.read(sessions.forDn(s.dn(), forest), s.dn()).orElse(null),
                previous.interleavedWrites()));
      }
    }
  }

  private static DN parseUnchecked(String dn) {
    try {
      return DaclStore.parse(dn);
    } catch (WritebackException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static Merge withLists(Merge m, List<Ace> added, List<Ace> removed) {
    return new Merge(m.desired(), distinct(added), m.present(), distinct(removed), true);
  }

  private static List<Ace> distinct(List<Ace> aces) {
    return aces.stream().distinct().toList();
  }

  private static WritebackException vanished(PlanStep s) {
    return new WritebackException(
        WritebackException.Reason.NO_SUCH_OBJECT,
        s.dn() + " was deleted while its DACL was being changed");
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(5, 20 * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int interleaved(DaclStore.Read before, DaclStore.Read after) {
    if (before == null || after == null || before.version() < 0 || after.version() < 0) {
      return 0;
    }
    return (int) Math.max(0, after.version() - before.version() - 1);
  }

  private static int indexOf(List<StepReport> done, PlanStep s) {
    for (int i = done.size() - 1; i >= 0; i--) {
      if (done.get(i).step() == s) {
        return i;
      }
    }
    throw new IllegalStateException("no report for " + s.dn());
  }

  private void checkWritable(PlanStep s, DaclStore.Read r) throws WritebackException {
    if (r == null || r.sdRightsEffective() < 0) {
      return;
    }
    if ((r.sdRightsEffective() & SD_RIGHTS_DACL) == 0) {
      throw new WritebackException(
          WritebackException.Reason.INSUFFICIENT_RIGHTS,
          "the bound account may not change the DACL of "
              + s.dn()
              + " (sDRightsEffective lacks DACL_SECURITY_INFORMATION; "
              + s.feature().cliName()
              + " needs it); run as Domain Admin, or Enterprise Admin for the configuration"
              + " partition. Nothing was written");
    }
  }

  private StepReport ensure(EnsureObject o, boolean exists, Mode mode) throws WritebackException {
    LdapSession s = sessions.forDn(o.dn(), forest);
    if (!exists) {
      if (mode == Mode.DRY_RUN) {
        return objectReport(o, StepReport.Outcome.WOULD_CREATE, List.of());
      }
      List<Attribute> attributes = new ArrayList<>();
      attributes.add(new Attribute("objectClass", o.objectClass()));
      o.attributes().forEach((k, v) -> attributes.add(new Attribute(k, v)));
      s.add(
          new AddRequest(o.dn(), attributes),
          "create "
              + o.dn()
              + " ("
              + o.objectClass()
              + ", needed by "
              + o.feature().cliName()
              + ")");
      return objectReport(o, StepReport.Outcome.CREATED, List.of());
    }
    if (o.attributesToConverge().isEmpty()) {
      return objectReport(o, StepReport.Outcome.UNCHANGED, List.of());
    }
    SearchResultEntry e =
        s.readEntry(o.dn(), "read " + o.dn(), o.attributesToConverge().toArray(String[]::new))
            .orElseThrow(
                () ->
                    new WritebackException(
                        WritebackException.Reason.NO_SUCH_OBJECT, o.dn() + " disappeared"));
    List<Modification> mods = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String a : o.attributesToConverge()) {
      List<String> wanted = o.attributes().getOrDefault(a, List.of());
      String[] have = e.getAttributeValues(a);
      if (!sameValues(wanted, have == null ? List.of() : List.of(have))) {
        mods.add(new Modification(ModificationType.REPLACE, a, wanted.toArray(String[]::new)));
        names.add(a);
      }
    }
    if (mods.isEmpty()) {
      return objectReport(o, StepReport.Outcome.UNCHANGED, List.of());
    }
    if (mode == Mode.DRY_RUN) {
      return objectReport(o, StepReport.Outcome.WOULD_CHANGE, names);
    }
    s.modify(new ModifyRequest(o.dn(), mods), "set " + names + " on " + o.dn());
    return objectReport(o, StepReport.Outcome.CHANGED, names);
  }

  private static boolean sameValues(List<String> a, List<String> b) {
    return a.stream()
        .map(v -> v.toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet())
        .equals(b.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()));
  }

  private static StepReport objectReport(
      EnsureObject o, StepReport.Outcome outcome, List<String> converged) {
    return new StepReport(
        o, o.dn(), outcome, List.of(), List.of(), List.of(), converged, Optional.empty(), 0, 0);
  }

  private static StepReport report(
      PlanStep s, StepReport.Outcome outcome, Merge m, DaclStore.Read read, int attempts, int il) {
    return new StepReport(
        s,
        s.dn(),
        outcome,
        m.added(),
        m.present(),
        m.removed(),
        List.of(),
        read == null ? Optional.empty() : Optional.of(read.descriptor()),
        attempts,
        il);
  }

  /**
   * Merges a step into a DACL-only descriptor.
   *
   * @param s the step
   * @param current the descriptor as read
   * @param mode apply/dry run (add) or undo (remove)
   * @return the merge
   */
  private static Merge merge(PlanStep s, SecurityDescriptor current, Mode mode) {
    Acl dacl = current.dacl().orElse(Acl.empty());
    List<Ace> explicit = dacl.explicitAces();
    Acl work = Acl.of(explicit);
    List<Ace> added = new ArrayList<>();
    List<Ace> present = new ArrayList<>();
    List<Ace> removed = new ArrayList<>();
    ControlFlags control = current.control();
    if (s instanceof GrantAces g && mode == Mode.UNDO) {
      for (PlannedAce p : g.aces()) {
        if (work.contains(p.ace())) {
          removed.add(p.ace());
          work = work.remove(p.ace());
        }
      }
    } else if (s instanceof GrantAces g) {
      for (PlannedAce p : g.aces()) {
        Optional<Ace> have = AceSemantics.coveredBy(work.aces(), p.ace());
        if (have.isPresent()) {
          present.add(p.ace());
        } else {
          work = work.addCanonical(p.ace());
          added.add(p.ace());
        }
      }
    } else if (s instanceof RestrictAccount r) {
      Acl kept = Acl.of(explicit.stream().filter(a -> isSelf(a)).toList());
      for (Ace a : explicit) {
        if (!isSelf(a) && !r.aces().contains(a)) {
          removed.add(a);
        }
      }
      for (Ace a : r.aces()) {
        if (explicit.contains(a)) {
          present.add(a);
        } else {
          added.add(a);
        }
        kept = kept.addCanonical(a);
      }
      work = kept;
      control = control.with(ControlFlags.DACL_PROTECTED);
    }
    boolean changed =
        !added.isEmpty()
            || !removed.isEmpty()
            || control.has(ControlFlags.DACL_PROTECTED)
                != current.control().has(ControlFlags.DACL_PROTECTED);
    SecurityDescriptor desired = current.withControl(control).withDacl(work);
    return new Merge(desired, added, present, removed, changed);
  }

  private static boolean isSelf(Ace a) {
    return AceSemantics.meaning(a).map(m -> m.sid().equals(Sid.SELF)).orElse(false);
  }

  /**
   * Tells whether a DACL read after our write holds what we wrote: every explicit ACE we wanted,
   * none of those we removed, and the protection we set.
   */
  private static boolean holds(Merge m, SecurityDescriptor after) {
    List<Ace> have = after.dacl().orElse(Acl.empty()).explicitAces();
    List<Ace> want = m.desired().dacl().orElse(Acl.empty()).aces();
    for (Ace a : want) {
      if (!have.contains(a)) {
        return false;
      }
    }
    for (Ace a : m.removed()) {
      if (have.contains(a) && !want.contains(a)) {
        return false;
      }
    }
    return after.control().has(ControlFlags.DACL_PROTECTED)
        == m.desired().control().has(ControlFlags.DACL_PROTECTED);
  }

  private static SecurityDescriptor explicitOnly(SecurityDescriptor sd) {
    return sd.withDacl(Acl.of(sd.dacl().orElse(Acl.empty()).explicitAces()));
  }

  private void rollBack(List<StepReport> done, Exception cause) {
    try {
      restore(new PreparationReport(done, false, 0));
      deleteCreated(new PreparationReport(done, false, 0));
    } catch (WritebackException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private long operations() {
    return sessions.operations();
  }
}
