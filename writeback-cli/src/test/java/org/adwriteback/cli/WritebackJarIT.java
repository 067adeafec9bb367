package org.adwriteback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job and the offline tools, run from the packaged jar. */
class WritebackJarIT {

  @TempDir Path tmp;

  @Test
  void theReadmeMainJobPreparesEveryFeatureOnTheEmbeddedForestAndVerifiesIt() throws Exception {
    JarRunner.Run r =
        JarRunner.run(tmp, "prepare", "--all", "--account", "CONTOSO\\MSOL_0123456789ab");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().findFirst().orElseThrow()).contains("embedded in-memory forest");
    assertThat(r.out()).contains("Changes:").contains("checks granted").doesNotContain("DENIED");
  }

  @Test
  void sddlEncodeFromTheJar() throws Exception {
    JarRunner.Run r = JarRunner.run(tmp, "sddl", "encode", "D:");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out().strip())
        .isEqualTo("01000480000000000000000000000000140000000200080000000000");
  }

  @Test
  void usageErrorsExitWith2AndOneLine() throws Exception {
    JarRunner.Run r = JarRunner.run(tmp, "prepare", "--feature", "nope", "--account", "x");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).doesNotContain("Exception");
  }
}
