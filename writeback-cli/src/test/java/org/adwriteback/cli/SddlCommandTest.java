package org.adwriteback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SddlCommandTest {

  // "D:" from shared/spec/vectors/sddl-binary.tsv (Windows bytes)
  private static final String EMPTY_DACL_HEX =
      "01000480000000000000000000000000140000000200080000000000";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = WritebackCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void encodePrintsWindowsBytesAsLowercaseHex() {
    assertThat(run("sddl", "encode", "D:")).isZero();
    assertThat(out.toString().strip()).isEqualTo(EMPTY_DACL_HEX);
  }

  @Test
  void decodeAcceptsHexWithSpacesAndBase64() {
    assertThat(
            run("sddl", "decode", "01000480 00000000 00000000 00000000 14000000 02000800 00000000"))
        .isZero();
    assertThat(run("sddl", "decode", "--base64", "AQAEgAAAAAAAAAAAAAAAABQAAAACAAgAAAAAAA=="))
        .isZero();
    assertThat(out.toString().lines()).containsExactly("D:", "D:");
  }

  @Test
  void domainAliasesNeedTheDomainSid() {
    String sddl = "O:DAD:(A;;RPWP;;;DA)";
    assertThat(run("sddl", "encode", sddl)).isEqualTo(2);
    assertThat(err.toString()).contains("invalid SDDL");
    assertThat(run("sddl", "encode", "--domain-sid", "S-1-5-21-1-2-3", sddl)).isZero();
    String hex = out.toString().strip();
    out.getBuffer().setLength(0);
    assertThat(run("sddl", "decode", "--domain-sid", "S-1-5-21-1-2-3", hex)).isZero();
    assertThat(out.toString().strip()).isEqualTo(sddl);
  }

  @Test
  void explainSaysWhatThePasswordWritebackAceDoesInWordsAndInDsacls() {
    assertThat(
            run(
                "sddl",
                "explain",
                "D:(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;"
                    + "bf967aba-0de6-11d0-a285-00aa003049e2;AU)"))
        .isZero();
    assertThat(out.toString())
        .contains("allow AU (S-1-5-11): control access 'Reset Password'")
        .contains("on descendant user objects only")
        .contains("CA;Reset Password;user");
  }

  @Test
  void badInputIsOneLineAndExitCode2() {
    assertThat(run("sddl", "encode", "D:(A;;ZZ;;;WD)")).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).startsWith("writeback: invalid SDDL");
    err.getBuffer().setLength(0);
    assertThat(run("sddl", "decode", "zz")).isEqualTo(2);
    assertThat(err.toString()).contains("not hex");
    err.getBuffer().setLength(0);
    assertThat(run("sddl", "decode", "0100")).isEqualTo(2);
    assertThat(err.toString()).contains("invalid security descriptor").contains("at byte 0");
  }

  @Test
  void verbosePrintsTheStackTrace() {
    assertThat(run("sddl", "encode", "--verbose", "D:(A;;ZZ;;;WD)")).isEqualTo(2);
    assertThat(err.toString().lines().count()).isGreaterThan(1);
  }
}
