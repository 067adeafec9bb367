package org.adwriteback.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pins which user requests are sendable and what the problems say. */
class UserUpsertTest {

  private static final String ID = "5f0c1a2b-3c4d-4e5f-8091-a2b3c4d5e6f7";

  @Test
  void aCompleteRequestHasNoProblems() {
    assertThat(
            UserUpsert.of(ID, "jane@contoso.test", "Jane Doe")
                .withMailNickname("jane")
                .withNames("Jane", "Doe")
                .problems())
        .isEmpty();
  }

  @Test
  void reportsEveryProblemByField() {
    var problems =
        UserUpsert.of("not-a-guid", "no-at-sign", "x".repeat(257))
            .withMailNickname(".bad")
            .problems();
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("not a GUID"))
        .anySatisfy(p -> assertThat(p).contains("userPrincipalName").contains("local@domain"))
        .anySatisfy(p -> assertThat(p).contains("displayName has 257 characters"))
        .anySatisfy(p -> assertThat(p).contains("mailNickname"));
  }

  @Test
  void controlCharactersAreRefused() {
    assertThat(UserUpsert.of(ID, "a@b.test", "Jane\u0000Doe").problems())
        .singleElement()
        .asString()
        .contains("U+0000");
  }

  @Test
  void aWipedInitialPasswordIsAProblem() {
    Secret s = Secret.of("Pa55word!".toCharArray());
    s.wipe();
    assertThat(UserUpsert.of(ID, "a@b.test", "A").withInitialPassword(s).problems())
        .singleElement()
        .asString()
        .contains("wiped");
  }
}
