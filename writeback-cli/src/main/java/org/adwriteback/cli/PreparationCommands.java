package org.adwriteback.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.ldap.preparation.AccountResolver;
import org.adwriteback.ldap.preparation.AuditSummary;
import org.adwriteback.ldap.preparation.DirectoryAuditor;
import org.adwriteback.ldap.preparation.DirectoryPreparer;
import org.adwriteback.ldap.preparation.DirectoryVerifier;
import org.adwriteback.ldap.preparation.PreparationReport;
import org.adwriteback.ldap.preparation.ResolvedAccount;
import org.adwriteback.ldap.preparation.StepReport;
import org.adwriteback.ldap.preparation.VerificationReport;
import org.adwriteback.preparation.EnsureObject;
import org.adwriteback.preparation.GrantAces;
import org.adwriteback.preparation.PlanStep;
import org.adwriteback.preparation.PlannedAce;
import org.adwriteback.preparation.PreparationException;
import org.adwriteback.preparation.PreparationPlan;
import org.adwriteback.preparation.PreparationPlanner;
import org.adwriteback.preparation.RestrictAccount;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.security.Ace;
import org.adwriteback.security.Acl;
import org.adwriteback.security.SddlContext;
import org.adwriteback.security.SecurityDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code writeback plan | prepare | undo | restore}: the preparation of issue 7 from a terminal.
 * Each command discovers the forest, resolves the account, plans with {@link PreparationPlanner},
 * and (except plan) applies with {@link DirectoryPreparer}.
 */
final class PreparationCommands {

  private PreparationCommands() {}

  /** What plan, prepare and undo share. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ConnectionOptions connection = new ConnectionOptions();

    @Mixin FeatureOptions features = new FeatureOptions();

    @Option(names = "--json", description = "print one JSON document instead of text")
    boolean json;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    @Override
    public Integer call() throws Exception {
      features.features(); // refuse unknown feature names before connecting
      // the embedded-forest banner goes to stderr in JSON mode so stdout stays one document
      PrintWriter banner = json ? spec.commandLine().getErr() : out();
      try (DirectorySession session = DirectorySession.open(connection, banner)) {
        ResolvedAccount account =
            AccountResolver.resolve(session.sessions(), session.forest(), features.account);
        PreparationPlan plan = plan(session, account);
        SddlContext sddl =
            SddlContext.of(
                session
                    .forest()
                    .domainOf(account.dn())
                    .orElse(session.forest().forestRootDomain())
                    .sid(),
                session.forest().forestRootDomain().sid());
        return run(session, plan, sddl);
      }
    }

    /**
     * The plan of the features asked for. With {@code --all}, a feature whose prerequisite this
     * forest lacks (schema version, Exchange schema) is left out with a note on stderr, so that
     * --all prepares everything the forest can have; a feature named with --feature still stops the
     * command (exit code 5).
     */
    private PreparationPlan plan(DirectorySession session, ResolvedAccount account)
        throws PreparationException, UsageException, WritebackException {
      Set<WritebackFeature> leftOut = EnumSet.noneOf(WritebackFeature.class);
      while (true) {
        try {
          return PreparationPlanner.plan(
              features.toRequest(session.defaults().orElse(null), leftOut),
              session.forest().facts(account));
        } catch (PreparationException e) {
          if (!features.all()
              || e.reason() != PreparationException.Reason.PREREQUISITE_MISSING
              || e.feature() == null
              || !leftOut.add(e.feature())
              || leftOut.size() == WritebackFeature.values().length) {
            throw e;
          }
          spec.commandLine()
              .getErr()
              .println(
                  "writeback: --all leaves out " + e.feature().cliName() + ": " + e.getMessage());
        }
      }
    }

    abstract int run(DirectorySession session, PreparationPlan plan, SddlContext sddl)
        throws WritebackException, PreparationException, IOException;
  }

  /** {@code writeback plan}. */
  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      description =
          "Print the steps (dsacls notation, SDDL and the cmdlet each replaces); change nothing.")
  static final class Plan extends Base {
    @Override
    int run(DirectorySession session, PreparationPlan plan, SddlContext sddl) {
      if (json) {
        out().println(Json.write(planJson(plan, sddl)));
        return 0;
      }
      printPlan(out(), plan, sddl);
      return 0;
    }
  }

  /** {@code writeback prepare}. */
  @Command(
      name = "prepare",
      mixinStandardHelpOptions = true,
      description =
          "Apply the plan: add only missing ACEs, create missing objects, one write per object.")
  static final class Prepare extends Base {
    @Option(names = "--dry-run", description = "show the exact changes per object; write nothing")
    boolean dryRun;

    @Option(
        names = "--backup",
        paramLabel = "FILE",
        description = "save every DACL before it is changed, for 'writeback restore --backup FILE'")
    Path backup;

    @Override
    int run(DirectorySession session, PreparationPlan plan, SddlContext sddl)
        throws WritebackException, IOException {
      DirectoryPreparer preparer = new DirectoryPreparer(session.sessions(), session.forest());
      PreparationReport report = dryRun ? preparer.dryRun(plan) : preparer.apply(plan);
      if (backup != null && !dryRun) {
        writeBackup(backup, report);
      }
      VerificationReport verification = dryRun ? null : verification(session, plan);
      if (json) {
        Map<String, Object> doc = reportJson(report, sddl);
        doc.put("plan", planJson(plan, sddl));
        if (verification != null) {
          doc.put("verify", verificationJson(verification, sddl));
        }
        out().println(Json.write(doc));
      } else {
        if (!dryRun) {
          printPlan(out(), plan, sddl);
        }
        printReport(out(), report, sddl, dryRun ? "Dry run (nothing written):" : "Changes:");
        if (backup != null && !dryRun) {
          out().println("Backup of the previous DACLs: " + backup);
        }
      }
      if (verification == null) {
        return 0;
      }
      if (!json) {
        printVerification(out(), verification, sddl);
      }
      return verification.allEffective() ? 0 : 1;
    }
  }

  /** {@code writeback verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Check as the account, with the DC's access-check rules, that every feature is effective;"
              + " exit 1 if not.")
  static final class Verify extends Base {
    @Override
    int run(DirectorySession session, PreparationPlan plan, SddlContext sddl)
        throws WritebackException {
      VerificationReport report = verification(session, plan);
      if (json) {
        out().println(Json.write(verificationJson(report, sddl)));
      } else {
        printVerification(out(), report, sddl);
      }
      return report.allEffective() ? 0 : 1;
    }
  }

  /** {@code writeback audit}. */
  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description =
          "List the objects the account still cannot write back, and why (protected DACL,"
              + " adminCount, explicit deny).")
  static final class Audit extends Base {
    @Option(
        names = "--base",
        paramLabel = "DN",
        description = "where to look (default: each domain root)")
    String base;

    @Override
    int run(DirectorySession session, PreparationPlan plan, SddlContext sddl)
        throws WritebackException {
      ResolvedAccount account =
          AccountResolver.resolve(session.sessions(), session.forest(), features.account);
      DirectoryAuditor auditor = new DirectoryAuditor(session.sessions(), session.forest());
      List<String> scopes =
          base != null
              ? List.of(base)
              : session.forest().domains().stream().map(d -> d.dn()).toList();
      java.io.Console console = System.console();
      PrintWriter err = spec.commandLine().getErr();
      List<Object> findings = new ArrayList<>();
      long flagged = 0;
      long scanned = 0;
      // features that grant only on fixed objects (hybrid join, for one) have nothing to audit:
      // with other features they are left out, alone they are a usage error (the auditor says why)
      List<WritebackFeature> audited =
          plan.request().orderedFeatures().stream()
              .filter(f -> DirectoryAuditor.auditable(plan, f))
              .toList();
      if (audited.isEmpty()) {
        audited = List.copyOf(plan.request().orderedFeatures());
      }
      for (var f : plan.request().orderedFeatures()) {
        if (!audited.contains(f)) {
          err.println(
              "audit: "
                  + f.cliName()
                  + " grants nothing that objects inherit (only on fixed objects); not audited");
        }
      }
      for (var f : audited) {
        for (String scope : scopes) {
          long[] seen = {0};
          AuditSummary summary =
              auditor.audit(
                  plan,
                  account,
                  f,
                  scope,
                  finding -> {
                    seen[0]++;
                    if (json) {
                      Map<String, Object> m = new LinkedHashMap<>();
                      m.put("feature", f.cliName());
                      m.put("dn", finding.dn());
                      m.put("objectClass", finding.objectClass());
                      m.put("reasons", finding.reasons().stream().map(Enum::name).toList());
                      m.put("refusedRights", finding.refusedRights());
                      findings.add(m);
                    } else {
                      out().println("[" + f.cliName() + "] " + finding.summary());
                    }
                    if (console != null && seen[0] % 100 == 0) {
                      err.print("\raudit " + f.cliName() + ": " + seen[0] + " findings...");
                      err.flush();
                    }
                  });
          flagged += summary.flagged();
          scanned += summary.scanned();
        }
      }
      if (console != null) {
        err.print("\r");
        err.flush();
      }
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scanned", scanned);
        doc.put("flagged", flagged);
        doc.put("findings", findings);
        out().println(Json.write(doc));
      } else {
        out().println(scanned + " objects scanned, " + flagged + " cannot be written back");
      }
      return flagged == 0 ? 0 : 1;
    }
  }

  /** {@code writeback undo}. */
  @Command(
      name = "undo",
      mixinStandardHelpOptions = true,
      description = "Remove exactly the ACEs the features add; nothing else.")
  static final class Undo extends Base {
    @Override
    int run(DirectorySession session, PreparationPlan plan, SddlContext sddl)
        throws WritebackException {
      PreparationReport report =
          new DirectoryPreparer(session.sessions(), session.forest()).undo(plan);
      if (json) {
        out().println(Json.write(reportJson(report, sddl)));
      } else {
        printReport(out(), report, sddl, "Undo:");
      }
      return 0;
    }
  }

  /** {@code writeback restore --backup FILE}. */
  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description = "Put back the DACLs saved by 'prepare --backup FILE'.")
  static final class Restore implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--backup", required = true, paramLabel = "FILE", description = "the backup")
    Path backup;

    @Override
    public Integer call() throws Exception {
      Map<String, SecurityDescriptor> dacls = readBackup(backup);
      PrintWriter out = spec.commandLine().getOut();
      try (DirectorySession session = DirectorySession.open(connection, out)) {
        List<String> written =
            new DirectoryPreparer(session.sessions(), session.forest()).restoreDacls(dacls);
        for (String dn : written) {
          out.println("restored " + dn);
        }
      }
      return 0;
    }
  }

  static VerificationReport verification(DirectorySession session, PreparationPlan plan)
      throws WritebackException {
    ResolvedAccount account =
        AccountResolver.resolve(session.sessions(), session.forest(), plan.request().account());
    return new DirectoryVerifier(session.sessions(), session.forest()).verify(plan, account);
  }

  static void printVerification(PrintWriter out, VerificationReport report, SddlContext sddl) {
    out.println("Verify (access check as the account):");
    report.lines(sddl).forEach(l -> out.println("  " + l));
    out.println(
        report.allEffective()
            ? "  all " + report.checks().size() + " checks granted"
            : "  " + report.refused().size() + " of " + report.checks().size() + " checks DENIED");
  }

  static Map<String, Object> verificationJson(VerificationReport report, SddlContext sddl) {
    List<Object> checks = new ArrayList<>();
    for (VerificationReport.Check c : report.checks()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("feature", c.feature().cliName());
      m.put("target", c.targetDn());
      m.put("effectiveObject", c.effectiveObject());
      m.put("right", c.right());
      m.put("granted", c.granted());
      m.put("deciding", c.deciding().stream().map(a -> sddl(a, sddl)).toList());
      checks.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("allEffective", report.allEffective());
    doc.put("checks", checks);
    return doc;
  }

  static void printPlan(PrintWriter out, PreparationPlan plan, SddlContext sddl) {
    int count = plan.steps().size();
    out.println(
        "Plan for " + plan.accountName() + " (" + count + (count == 1 ? " step):" : " steps):"));
    int i = 1;
    for (PlanStep step : plan.steps()) {
      if (step instanceof EnsureObject o) {
        out.printf("%3d. ensure %s %s%n", i++, o.objectClass(), o.dn());
        o.attributes().forEach((k, v) -> out.println("       " + k + ": " + String.join(", ", v)));
      } else if (step instanceof GrantAces g) {
        out.printf("%3d. grant on %s%n", i++, g.dn());
        for (PlannedAce p : g.aces()) {
          out.println(
              "       "
                  + sddl(p.ace(), sddl)
                  + "   ["
                  + p.feature().cliName()
                  + "] "
                  + p.source().dsaclsPermission()
                  + (p.source().inheritance().option().isEmpty()
                      ? ""
                      : " " + p.source().inheritance().option()));
        }
      } else if (step instanceof RestrictAccount r) {
        out.printf("%3d. restrict the DACL of %s (protected; SELF ACEs kept) to:%n", i++, r.dn());
        for (Ace a : r.aces()) {
          out.println("       " + sddl(a, sddl));
        }
      }
    }
    out.println("As dsacls:");
    plan.toDsacls().forEach(l -> out.println("  " + l));
    out.println("Replaces:");
    plan.toPowerShell().forEach(l -> out.println("  " + l));
    plan.notes().forEach(n -> out.println("Note: " + n));
  }

  static void printReport(
      PrintWriter out, PreparationReport report, SddlContext sddl, String title) {
    out.println(title);
    for (StepReport s : report.steps()) {
      out.println("  " + s.summary());
      for (Ace a : s.added()) {
        out.println("      + " + sddl(a, sddl));
      }
      for (Ace a : s.removed()) {
        out.println("      - " + sddl(a, sddl));
      }
    }
    out.println(
        "  "
            + report.changedSteps().size()
            + " of "
            + report.steps().size()
            + " objects changed, "
            + report.ldapOperations()
            + " LDAP operations");
  }

  static String sddl(Ace ace, SddlContext context) {
    return Acl.of(ace).toSddl(context);
  }

  static Map<String, Object> planJson(PreparationPlan plan, SddlContext sddl) {
    List<Object> steps = new ArrayList<>();
    for (PlanStep step : plan.steps()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("feature", step.feature().cliName());
      m.put("dn", step.dn());
      if (step instanceof EnsureObject o) {
        m.put("kind", "ensure-object");
        m.put("objectClass", o.objectClass());
        m.put("attributes", new LinkedHashMap<>(o.attributes()));
      } else if (step instanceof GrantAces g) {
        m.put("kind", "grant");
        List<Object> aces = new ArrayList<>();
        for (PlannedAce p : g.aces()) {
          Map<String, Object> a = new LinkedHashMap<>();
          a.put("feature", p.feature().cliName());
          a.put("sddl", sddl(p.ace(), sddl));
          a.put("dsacls", p.source().dsaclsPermission());
          a.put("inheritance", p.source().inheritance().option());
          a.put("why", p.source().rationale());
          aces.add(a);
        }
        m.put("aces", aces);
      } else if (step instanceof RestrictAccount r) {
        m.put("kind", "restrict-account");
        m.put("aces", r.aces().stream().map(a -> sddl(a, sddl)).toList());
      }
      steps.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("account", plan.accountName());
    doc.put("steps", steps);
    doc.put("dsacls", plan.toDsacls());
    doc.put("replaces", plan.toPowerShell());
    doc.put("notes", plan.notes());
    return doc;
  }

  static Map<String, Object> reportJson(PreparationReport report, SddlContext sddl) {
    List<Object> steps = new ArrayList<>();
    for (StepReport s : report.steps()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dn", s.dn());
      m.put("outcome", s.outcome().name());
      m.put("added", s.added().stream().map(a -> sddl(a, sddl)).toList());
      m.put("alreadyPresent", s.alreadyPresent().stream().map(a -> sddl(a, sddl)).toList());
      m.put("removed", s.removed().stream().map(a -> sddl(a, sddl)).toList());
      m.put("attempts", s.attempts());
      m.put("concurrentWrites", s.interleavedWrites());
      s.previousSddl(sddl).ifPresent(p -> m.put("previousDacl", p));
      steps.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("dryRun", report.dryRun());
    doc.put("ldapOperations", report.ldapOperations());
    doc.put("steps", steps);
    return doc;
  }

  /**
   * Backup format: one line per object, {@code <DN> TAB <hex of the previous self-relative
   * descriptor>}.
   */
  static void writeBackup(Path file, PreparationReport report) throws IOException {
    StringBuilder sb = new StringBuilder("# writeback DACL backup: DN<TAB>descriptor hex\n");
    for (StepReport s : report.steps()) {
      if (s.changed() && s.previousDacl().isPresent()) {
        sb.append(s.dn())
            .append('\t')
            .append(HexFormat.of().formatHex(s.previousDacl().get().toBytes()))
            .append('\n');
      }
    }
    Files.writeString(file, sb, StandardCharsets.UTF_8);
  }

  static Map<String, SecurityDescriptor> readBackup(Path file) throws UsageException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("cannot read the backup " + file + ": " + e.getMessage());
    }
    Map<String, SecurityDescriptor> out = new LinkedHashMap<>();
    int n = 0;
    for (String line : lines) {
      n++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.lastIndexOf('\t');
      if (tab <= 0) {
        throw new UsageException(file + " line " + n + ": expected DN<TAB>hex");
      }
      try {
        out.put(
            line.substring(0, tab),
            SecurityDescriptor.fromBytes(HexFormat.of().parseHex(line.substring(tab + 1).strip())));
      } catch (IllegalArgumentException e) {
        throw new UsageException(file + " line " + n + ": " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new UsageException(file + " holds no DACL to restore");
    }
    return out;
  }
}
