package org.adwriteback.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Pins that a secret copies, wipes and never prints its characters. */
class SecretTest {

  @Test
  void copiesInAndOut() {
    char[] mine = "Pa55word!".toCharArray();
    Secret s = Secret.of(mine);
    mine[0] = 'X';
    char[] copy = s.copy();
    assertThat(new String(copy)).isEqualTo("Pa55word!");
    copy[0] = 'Y';
    assertThat(new String(s.copy())).isEqualTo("Pa55word!");
  }

  @Test
  void wipeMakesItUnusable() {
    Secret s = Secret.of("Pa55word!".toCharArray());
    s.close();
    assertThat(s.isWiped()).isTrue();
    assertThatThrownBy(s::copy).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void neverPrintsTheCharacters() {
    Secret s = Secret.of("Pa55word!".toCharArray());
    assertThat(s.toString()).doesNotContain("Pa55").contains("***");
    assertThat(new PasswordReset(AccountRef.sam("jdoe"), s, true, false).toString())
        .doesNotContain("Pa55");
  }
}
