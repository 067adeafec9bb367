package org.adwriteback.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pins the input checks of group writeback requests. */
class GroupUpsertTest {

  private static final String ID = "0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9";
  private static final String M1 = "11111111-2222-4333-8444-555555555555";

  @Test
  void aMailEnabledGroupWithMembersIsValid() {
    var g =
        new GroupUpsert(
            ID,
            "Sales",
            "sales",
            Optional.of("sales@contoso.test"),
            GroupKind.DISTRIBUTION,
            List.of(M1));
    assertThat(g.problems()).isEmpty();
    assertThat(g.anchor().last12()).isEqualTo("a4b5c6d7e8f9");
  }

  @Test
  void duplicateAndMalformedMembersAreReported() {
    var g =
        new GroupUpsert(
            ID,
            "Sales",
            "sales",
            Optional.of("sales"),
            GroupKind.SECURITY,
            List.of(M1, M1.toUpperCase(), "x"));
    assertThat(g.problems())
        .anySatisfy(p -> assertThat(p).contains("listed twice"))
        .anySatisfy(p -> assertThat(p).contains("'x' is not a GUID"))
        .anySatisfy(p -> assertThat(p).contains("primary SMTP"));
  }

  @Test
  void groupTypesAreTheUniversalBits() {
    assertThat(GroupKind.DISTRIBUTION.groupType()).isEqualTo(0x8);
    assertThat(GroupKind.SECURITY.groupType()).isEqualTo(0x80000008);
  }
}
