package org.adwriteback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
