package org.adwriteback.cli;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RootDSE;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.adwriteback.ldap.AdConnections;
import org.adwriteback.ldap.ConnectionSettings;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.ldap.provisioning.Provisioner;
import org.adwriteback.provisioning.AccountRef;
import org.adwriteback.provisioning.DeviceView;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.PasswordChange;
import org.adwriteback.provisioning.PasswordReset;
import org.adwriteback.provisioning.PolicyHintsMode;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.Secret;
import org.adwriteback.provisioning.WritebackRequest;
import org.adwriteback.provisioning.WritebackResult;
import org.adwriteback.testkit.AdDirectory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The writeback operations an administrator runs by hand (permissions.md §7): an administrative
 * password reset and a password change as Entra password writeback performs them, and the read view
 * of a written-back device with its owner and users named ({@link Provisioner}). Passwords come
 * from a file, an environment variable or a prompt, never from an argument; they cross only an
 * encrypted connection unless {@code --allow-unencrypted} is given.
 */
final class ProvisioningCommands {

  private ProvisioningCommands() {}

  /** {@code writeback password}: reset or change. */
  @Command(
      name = "password",
      mixinStandardHelpOptions = true,
      description = "Reset or change an account's password, as Entra password writeback does.",
      subcommands = {Reset.class, Change.class})
  static final class Password implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /** {@code writeback password reset}. */
  @Command(
      name = "reset",
      mixinStandardHelpOptions = true,
      description =
          "Replace unicodePwd as an administrator (Reset Password right), with the password-policy"
              + " hints control so that history and complexity apply as for Entra.")
  static final class Reset implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ConnectionOptions connection = new ConnectionOptions();

    @Mixin Common common = new Common();

    @ArgGroup(exclusive = true)
    NewPassword newPassword;

    @Option(names = "--unlock", description = "also unlock the account (lockoutTime = 0)")
    boolean unlock;

    @Option(
        names = "--must-change",
        description = "also require a change at next logon (pwdLastSet = 0)")
    boolean mustChange;

    @Option(
        names = "--policy-hints",
        paramLabel = "MODE",
        defaultValue = "AUTO",
        description =
            "AUTO (send when the DC advertises it), REQUIRED or NON_CRITICAL; default ${DEFAULT-VALUE}")
    PolicyHintsMode policyHints;

    @Override
    public Integer call() throws Exception {
      AccountRef account = account(common.user);
      try (Secret secret = Secret.of(newSecret(newPassword, common.user))) {
        return common.execute(
            spec,
            connection,
            policyHints,
            new PasswordReset(account, secret, unlock, mustChange),
            "reset the password of " + common.user,
            "reset the password of " + common.user);
      }
    }
  }

  /** {@code writeback password change}. */
  @Command(
      name = "change",
      mixinStandardHelpOptions = true,
      description =
          "Change a password knowing the old one (delete the old unicodePwd, add the new one in one"
              + " modify): AD checks the old password and the whole password policy.")
  static final class Change implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ConnectionOptions connection = new ConnectionOptions();

    @Mixin Common common = new Common();

    @ArgGroup(exclusive = true)
    OldPassword oldPassword;

    @ArgGroup(exclusive = true)
    NewPassword newPassword;

    @Override
    public Integer call() throws Exception {
      AccountRef account = account(common.user);
      char[] old = oldSecret(oldPassword, common.user);
      try (Secret oldSecret = Secret.of(old);
          Secret newSecret = Secret.of(newSecret(newPassword, common.user))) {
        return common.execute(
            spec,
            connection,
            PolicyHintsMode.AUTO,
            new PasswordChange(account, oldSecret, newSecret),
            "change the password of " + common.user,
            "changed the password of " + common.user);
      } finally {
        Arrays.fill(old, '\0');
      }
    }
  }

  /** {@code writeback device}: the read view of written-back devices. */
  @Command(
      name = "device",
      mixinStandardHelpOptions = true,
      description = "Show a written-back device with its owner and users as account names.",
      subcommands = {ShowDevice.class})
  static final class Device implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /** {@code writeback device show}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Read the msDS-Device with this msDS-DeviceID and name its registered owner and users"
              + " (stored as SIDs) as DOMAIN\\sam.")
  static final class ShowDevice implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--id", required = true, paramLabel = "GUID", description = "msDS-DeviceID")
    String deviceId;

    @Option(
        names = "--device-ou",
        paramLabel = "DN",
        description = "where devices are written back; default CN=RegisteredDevices,<domain>")
    String deviceOu;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (Target target = Target.open(connection, out)) {
        ProvisioningSettings.Builder b = target.settings();
        if (deviceOu != null) {
          b.deviceContainer(deviceOu);
        }
        Optional<DeviceView> view =
            new Provisioner(b.build()).readDevice(target.connection(), deviceId);
        if (view.isEmpty()) {
          throw new WritebackException(
              WritebackException.Reason.NO_SUCH_OBJECT,
              "no device with msDS-DeviceID " + deviceId + " in the device container");
        }
        DeviceView d = view.get();
        if (json) {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("dn", d.dn());
          doc.put("deviceId", d.deviceId());
          doc.put("displayName", d.displayName());
          doc.put("enabled", d.enabled());
          doc.put("osType", d.osType().orElse(null));
          doc.put("osVersion", d.osVersion().orElse(null));
          doc.put("owner", d.owner().map(DeviceView.Principal::display).orElse(null));
          doc.put("users", d.users().stream().map(DeviceView.Principal::display).toList());
          out.println(Json.write(doc));
        } else {
          out.println(d.dn());
          out.println("  device id      " + d.deviceId());
          out.println("  display name   " + d.displayName());
          out.println("  enabled        " + d.enabled());
          out.println(
              "  os             "
                  + (d.osType().orElse("-") + " " + d.osVersion().orElse("")).trim());
          out.println(
              "  owner          " + d.owner().map(DeviceView.Principal::display).orElse("-"));
          for (DeviceView.Principal u : d.users()) {
            out.println("  user           " + u.display());
          }
        }
        return 0;
      }
    }
  }

  /** The options every password command has, and how it runs its one request. */
  static final class Common {
    @Option(
        names = "--user",
        required = true,
        paramLabel = "ACCOUNT",
        description =
            "whose password: DN, UPN (user@domain), DOMAIN\\sam, sam, or the cloud object id of a"
                + " written-back user")
    String user;

    @Option(
        names = "--dry-run",
        description = "check everything the directory can tell; write nothing")
    boolean dryRun;

    @Option(
        names = "--allow-unencrypted",
        description =
            "let the password cross a plain ldap:// connection (loopback test servers only; prints"
                + " a warning)")
    boolean allowUnencrypted;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    int execute(
        CommandSpec spec,
        ConnectionOptions connection,
        PolicyHintsMode hints,
        WritebackRequest request,
        String what,
        String done)
        throws UsageException, WritebackException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (allowUnencrypted) {
        err.println(
            "warning: --allow-unencrypted: the password may cross the network in clear text");
      }
      try (Target target = Target.open(connection, out)) {
        Provisioner provisioner =
            new Provisioner(
                target.settings().allowUnencrypted(allowUnencrypted).policyHints(hints).build());
        WritebackResult result =
            dryRun
                ? provisioner.plan(target.connection(), request)
                : provisioner.apply(target.connection(), request);
        return report(out, err, result, what, done);
      }
    }

    private int report(
        PrintWriter out, PrintWriter err, WritebackResult result, String what, String done) {
      if (json) {
        out.println(Json.write(json(result)));
      } else if (result instanceof WritebackResult.Failed f) {
        err.println("writeback: cannot " + what + ": " + f.message());
      } else {
        out.println(text(result, dryRun ? "would " + what : done));
      }
      return result instanceof WritebackResult.Failed f ? exitCode(f.kind()) : 0;
    }

    private String text(WritebackResult result, String what) {
      StringBuilder sb = new StringBuilder(what);
      if (result instanceof WritebackResult.Updated u) {
        sb.append(": ").append(u.dn()).append(dryRun ? " (would write " : " (wrote ");
        sb.append(String.join(", ", u.attributes())).append(')');
        u.notes().forEach(n -> sb.append("\n  note: ").append(n));
      } else if (result instanceof WritebackResult.Unchanged u) {
        sb.append(": ").append(u.dn()).append(" (nothing to write)");
      }
      return sb.toString();
    }

    private Map<String, Object> json(WritebackResult result) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("dryRun", dryRun);
      if (result instanceof WritebackResult.Updated u) {
        doc.put("result", "updated");
        doc.put("dn", u.dn());
        doc.put("attributes", u.attributes());
        doc.put("notes", u.notes());
      } else if (result instanceof WritebackResult.Unchanged u) {
        doc.put("result", "unchanged");
        doc.put("dn", u.dn());
      } else if (result instanceof WritebackResult.Failed f) {
        doc.put("result", "failed");
        doc.put("kind", f.kind().name());
        doc.put("message", f.message());
      } else {
        doc.put("result", result.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
      }
      return doc;
    }
  }

  /**
   * The exit code of a refused writeback: the documented codes of the command line (an unknown
   * account is a usage error, as for the preparation commands), with 1 for what the directory
   * refused on its merits (password policy, wrong old password, an ambiguous account).
   */
  static int exitCode(FailureKind kind) {
    return switch (kind) {
      case INVALID_INPUT, UNENCRYPTED_CONNECTION, NOT_FOUND -> 2;
      case UNAVAILABLE -> 3;
      case NO_RIGHT -> 4;
      case PREREQUISITE_MISSING -> 5;
      default -> 1;
    };
  }

  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * Reads an account name as AD's tools take it: a DN (has {@code =}), {@code DOMAIN\sam}, a UPN
   * (has {@code @}), a GUID (the cloud object id of a written-back user: no sAMAccountName is 36
   * characters long), else a sAMAccountName.
   */
  static AccountRef account(String name) throws UsageException {
    String n = name.strip();
    if (n.isEmpty()) {
      throw new UsageException("--user is empty: give a DN, user@domain, DOMAIN\\sam or sam");
    }
    if (n.contains("=")) {
      return AccountRef.dn(n);
    }
    int slash = n.indexOf('\\');
    if (slash >= 0) {
      String sam = n.substring(slash + 1);
      if (sam.isEmpty()) {
        throw new UsageException("--user " + n + " has no account name after the backslash");
      }
      return AccountRef.sam(sam);
    }
    if (n.contains("@")) {
      return AccountRef.upn(n);
    }
    if (GUID.matcher(n).matches()) {
      return AccountRef.cloudObjectId(n);
    }
    return AccountRef.sam(n);
  }

  /** Where the new password comes from; at most one, else a prompt. */
  static final class NewPassword {
    @Option(
        names = "--new-password-file",
        paramLabel = "FILE",
        description = "read the new password from the first line of FILE")
    Path file;

    @Option(
        names = "--new-password-env",
        paramLabel = "VAR",
        description = "read the new password from environment variable VAR")
    String env;
  }

  /** Where the old password comes from; at most one, else a prompt. */
  static final class OldPassword {
    @Option(
        names = "--old-password-file",
        paramLabel = "FILE",
        description = "read the current password from the first line of FILE")
    Path file;

    @Option(
        names = "--old-password-env",
        paramLabel = "VAR",
        description = "read the current password from environment variable VAR")
    String env;
  }

  private static char[] newSecret(NewPassword source, String user) throws UsageException {
    if (source != null) {
      return read(source.file, source.env, "--new-password");
    }
    Console console = System.console();
    if (console == null) {
      throw new UsageException(
          "the new password of "
              + user
              + ": use --new-password-file FILE or --new-password-env VAR");
    }
    char[] first = console.readPassword("New password for %s: ", user);
    char[] again = console.readPassword("Again: ");
    try {
      if (first == null || again == null || !Arrays.equals(first, again)) {
        throw new UsageException("the two new passwords typed differ");
      }
      return first.clone();
    } finally {
      if (first != null) {
        Arrays.fill(first, '\0');
      }
      if (again != null) {
        Arrays.fill(again, '\0');
      }
    }
  }

  private static char[] oldSecret(OldPassword source, String user) throws UsageException {
    if (source != null) {
      return read(source.file, source.env, "--old-password");
    }
    Console console = System.console();
    char[] typed = console == null ? null : console.readPassword("Current password of %s: ", user);
    if (typed == null) {
      throw new UsageException(
          "the current password of "
              + user
              + ": use --old-password-file FILE or --old-password-env VAR");
    }
    return typed;
  }

  private static char[] read(Path file, String env, String option) throws UsageException {
    if (file != null) {
      return ConnectionOptions.firstLine(file);
    }
    String value = System.getenv(env);
    if (value == null || value.isEmpty()) {
      throw new UsageException(
          option + "-env: environment variable " + env + " is not set or empty");
    }
    return value.toCharArray();
  }

  /**
   * The connection a writeback command runs on: the DC of {@code --url}, or the embedded forest
   * over LDAPS as its Administrator; and the domain's DN, which stands in for the user and group
   * containers these commands do not use.
   */
  static final class Target implements AutoCloseable {
    private final AdDirectory embedded;
    private final LDAPConnection connection;
    private final String domainDn;

    private Target(AdDirectory embedded, LDAPConnection connection, String domainDn) {
      this.embedded = embedded;
      this.connection = connection;
      this.domainDn = domainDn;
    }

    static Target open(ConnectionOptions options, PrintWriter out)
        throws UsageException, WritebackException {
      if (!options.hasUrl()) {
        AdDirectory d = null;
        try {
          d = EmbeddedForest.start();
          out.println(
              "No --url given: using an embedded in-memory forest "
                  + d.configuration().dnsName()
                  + " (testkit) with sample users alice, bob and carol in OU=Sync; nothing outside"
                  + " this process is changed.");
          return new Target(d, d.connection(), d.domainDn());
        } catch (LDAPException e) {
          if (d != null) {
            d.close();
          }
          throw WritebackException.from(e, "start the embedded in-memory forest", "");
        }
      }
      ConnectionSettings settings = options.toSettings();
      LDAPConnection c;
      try {
        c = AdConnections.open(settings);
      } finally {
        settings.wipePassword();
      }
      try {
        RootDSE root = c.getRootDSE();
        String domain = root == null ? null : root.getAttributeValue("defaultNamingContext");
        if (domain == null) {
          throw new WritebackException(
              WritebackException.Reason.PREREQUISITE_MISSING,
              "the server's root DSE has no defaultNamingContext: is it an Active Directory DC?");
        }
        return new Target(null, c, domain);
      } catch (LDAPException e) {
        c.close();
        throw WritebackException.from(e, "read the root DSE", "");
      } catch (WritebackException | RuntimeException e) {
        c.close();
        throw e;
      }
    }

    LDAPConnection connection() {
      return connection;
    }

    ProvisioningSettings.Builder settings() {
      return ProvisioningSettings.builder().userContainer(domainDn).groupContainer(domainDn);
    }

    @Override
    public void close() {
      connection.close();
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
