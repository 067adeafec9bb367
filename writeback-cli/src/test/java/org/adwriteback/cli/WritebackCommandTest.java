package org.adwriteback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WritebackCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = WritebackCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void helpPrintsUsageAndTheExitCodeTable() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: writeback").contains("5   prerequisite missing");
  }

  @Test
  void everySubcommandAnswersHelpAndVersionWithoutItsRequiredOptions() {
    List<String> paths = new ArrayList<>();
    collect(WritebackCommand.newCommandLine(), "", paths);
    assertThat(paths).contains("plan", "prepare", "password reset", "sddl decode", "serve");
    for (String path : paths) {
      out.getBuffer().setLength(0);
      List<String> args = new ArrayList<>(List.of(path.split(" ")));
      args.add("--help");
      assertThat(run(args.toArray(String[]::new))).as(path + " --help").isZero();
      assertThat(out.toString()).as(path + " --help").startsWith("Usage: writeback " + path);
      out.getBuffer().setLength(0);
      args.set(args.size() - 1, "--version");
      assertThat(run(args.toArray(String[]::new))).as(path + " --version").isZero();
      assertThat(out.toString()).as(path + " --version").startsWith("writeback ");
    }
  }

  private static void collect(CommandLine cl, String prefix, List<String> into) {
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      String path = prefix.isEmpty() ? sub.getKey() : prefix + " " + sub.getKey();
      into.add(path);
      collect(sub.getValue(), path, into);
    }
  }

  @Test
  void unknownOptionIsAUsageErrorWithExitCode2() {
    assertThat(run("--no-such-option")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void versionNamesTheCommand() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("writeback ");
  }
}
