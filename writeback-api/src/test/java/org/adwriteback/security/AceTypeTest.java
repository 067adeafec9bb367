package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The AceType table (MS-DTYP 2.4.4.1). */
class AceTypeTest {

  @Test
  void objectAndCallbackTraitsFollowTheTypeNames() {
    for (AceType t : AceType.values()) {
      assertThat(t.isObjectType()).as(t.name()).isEqualTo(t.name().endsWith("_OBJECT"));
      assertThat(t.isCallback()).as(t.name()).isEqualTo(t.name().contains("_CALLBACK"));
    }
  }

  @Test
  void everyTypeIsFoundByItsCode() {
    for (AceType t : AceType.values()) {
      assertThat(AceType.fromCode(t.code())).contains(t);
    }
    assertThat(AceType.fromCode(0x16)).isEmpty();
    assertThat(AceType.fromCode(-1)).isEmpty();
  }
}
