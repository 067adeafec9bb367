package org.adwriteback.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pins the edit distance behind the "did you mean" suggestions. */
class NameIndexTest {

  @ParameterizedTest
  @CsvSource({
    "kitten, sitting, 5, 3",
    "pwdlastset, pwdlastset, 2, 0",
    "pwdlastsett, pwdlastset, 2, 1",
    "'', abc, 5, 3",
    "reset pasword, reset password, 3, 1",
    // once the distance is certain to exceed the limit, the answer is limit + 1
    "abcdefgh, zyxwvuts, 2, 3",
    "a, abcdefgh, 2, 3",
  })
  void distanceIsLevenshteinCappedAtLimitPlusOne(String a, String b, int limit, int expected) {
    assertThat(NameIndex.distance(a, b, limit)).isEqualTo(expected);
    assertThat(NameIndex.distance(b, a, limit)).isEqualTo(expected);
  }
}
