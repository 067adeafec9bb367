package org.adwriteback.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Pins the sAMAccountName derivation: AD's character set, the 20-character limit, suffixes. */
class SamAccountNamesTest {

  @Test
  void takesThePartBeforeTheAtSign() {
    assertThat(SamAccountNames.derive("jane.doe@contoso.test")).isEqualTo("jane.doe");
  }

  @Test
  void removesEveryCharacterAdForbids() {
    assertThat(SamAccountNames.derive("a\"b[c]d:e;f|g=h+i*j?k<l>m/n\\o,p"))
        .isEqualTo("abcdefghijklmnop");
  }

  @Test
  void removesSpacesControlCharactersAndEdgeDots() {
    assertThat(SamAccountNames.derive(".jo hn\u0001doe.")).isEqualTo("johndoe");
  }

  @Test
  void cutsToTwentyCharacters() {
    assertThat(SamAccountNames.derive("abcdefghijklmnopqrstuvwxyz@x.test"))
        .isEqualTo("abcdefghijklmnopqrst");
  }

  @Test
  void nothingUsableLeftGivesEmpty() {
    assertThat(SamAccountNames.derive("[]:;@contoso.test")).isEmpty();
  }

  @Test
  void suffixesKeepTheLimit() {
    assertThat(SamAccountNames.withSuffix("jdoe", 1)).isEqualTo("jdoe1");
    assertThat(SamAccountNames.withSuffix("abcdefghijklmnopqrst", 12))
        .isEqualTo("abcdefghijklmnopqr12");
    assertThatThrownBy(() -> SamAccountNames.withSuffix("jdoe", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void comparesLikeAdCaseInsensitively() {
    assertThat(SamAccountNames.sameName("JDoe", "jdoe")).isTrue();
    assertThat(SamAccountNames.sameName("jdoe1", "jdoe")).isFalse();
  }

  @Property
  void derivedNamesAreAlwaysValid(
      @ForAll String seed, @ForAll @IntRange(min = 1, max = 9999) int n) {
    String base = SamAccountNames.derive(seed);
    for (String name : new String[] {base, SamAccountNames.withSuffix(base, n)}) {
      assertThat(name.length()).isLessThanOrEqualTo(SamAccountNames.MAX_LENGTH);
      assertThat(name).doesNotContainAnyWhitespaces().doesNotEndWith(".");
      assertThat(name.chars()).noneMatch(c -> "\"[]:;|=+*?<>/\\,@".indexOf(c) >= 0);
      assertThat(name.chars()).noneMatch(c -> Character.isISOControl(c));
    }
  }
}
