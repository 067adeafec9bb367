package org.adwriteback.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code writeback} command line: prepares Active Directory for Microsoft Entra Connect
 * writeback and performs it, over LDAP, from any machine with Java. Subcommands are added as the
 * library grows; without one it prints its usage.
 */
@Command(
    name = "writeback",
    mixinStandardHelpOptions = true,
    subcommands = {
      PreparationCommands.Plan.class,
      PreparationCommands.Prepare.class,
      PreparationCommands.Verify.class,
      PreparationCommands.Undo.class,
      PreparationCommands.Audit.class,
      PreparationCommands.Restore.class,
      ProvisioningCommands.Password.class,
      ProvisioningCommands.Device.class,
      SddlCommand.class,
      ServeCommand.class
    },
    versionProvider = WritebackCommand.Version.class,
    description = {
      "Prepares on-premises Active Directory for Microsoft Entra Connect writeback and performs the"
          + " writeback, over LDAP."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:something is not effective / verify failed / the directory refused a writeback",
      "2:usage error",
      "3:connection, bind or TLS failure",
      "4:insufficient rights",
      "5:prerequisite missing (schema, Exchange, objects)"
    })
public final class WritebackCommand implements Runnable {

  @Spec CommandSpec spec;

  @picocli.CommandLine.Option(
      names = "--verbose",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "print stack traces of errors")
  boolean verbose;

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /**
   * Builds the picocli command line with every subcommand, so tests and embedders run exactly what
   * the {@code writeback} binary runs.
   *
   * @return a new command line
   */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new WritebackCommand());
    cl.setExecutionExceptionHandler(new ErrorReporter());
    versionEverywhere(cl, new Version());
    return cl;
  }

  /** Every subcommand's {@code --version} names the same build as {@code writeback --version}. */
  private static void versionEverywhere(CommandLine cl, CommandLine.IVersionProvider version) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      sub.getCommandSpec().versionProvider(version);
      versionEverywhere(sub, version);
    }
  }

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    spec.commandLine().usage(out);
  }

  /**
   * Reports the version recorded in the jar manifest, or "development build" when run from classes.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = WritebackCommand.class.getPackage().getImplementationVersion();
      return new String[] {"writeback " + (v == null ? "(development build)" : v)};
    }
  }
}
