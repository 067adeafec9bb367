package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessMaskTest {

  @Test
  void mapsGenericRightsPerMsAdts() {
    assertThat(AccessMask.GENERIC_ALL.mapGenericToDs().value()).isEqualTo(0xF01FF);
    assertThat(AccessMask.GENERIC_READ.mapGenericToDs().value()).isEqualTo(0x20094);
    assertThat(AccessMask.GENERIC_WRITE.mapGenericToDs().value()).isEqualTo(0x20028);
    assertThat(AccessMask.GENERIC_EXECUTE.mapGenericToDs().value()).isEqualTo(0x20004);
  }

  @Test
  void genericAllExpandsToEveryDsRight() {
    AccessMask all =
        AccessMask.union(
            AccessMask.CREATE_CHILD,
            AccessMask.DELETE_CHILD,
            AccessMask.LIST_CHILDREN,
            AccessMask.SELF_WRITE,
            AccessMask.READ_PROPERTY,
            AccessMask.WRITE_PROPERTY,
            AccessMask.DELETE_TREE,
            AccessMask.LIST_OBJECT,
            AccessMask.CONTROL_ACCESS,
            AccessMask.DELETE,
            AccessMask.READ_CONTROL,
            AccessMask.WRITE_DAC,
            AccessMask.WRITE_OWNER);
    assertThat(AccessMask.GENERIC_ALL.mapGenericToDs()).isEqualTo(all);
  }

  @Test
  void keepsNonGenericBitsWhenMapping() {
    AccessMask m = AccessMask.GENERIC_READ.with(AccessMask.ACCESS_SYSTEM_SECURITY);
    assertThat(m.hasGenericBits()).isTrue();
    assertThat(m.mapGenericToDs().value()).isEqualTo(0x20094 | 0x100_0000);
    assertThat(m.mapGenericToDs().hasGenericBits()).isFalse();
  }

  @Test
  void combinesAndTestsBits() {
    AccessMask rpwp = AccessMask.READ_PROPERTY.with(AccessMask.WRITE_PROPERTY);
    assertThat(rpwp.containsAll(AccessMask.READ_PROPERTY)).isTrue();
    assertThat(rpwp.containsAll(AccessMask.DS_GENERIC_READ)).isFalse();
    assertThat(rpwp.containsAny(AccessMask.DS_GENERIC_READ)).isTrue();
    assertThat(rpwp.without(AccessMask.WRITE_PROPERTY)).isEqualTo(AccessMask.READ_PROPERTY);
    assertThat(rpwp).hasToString("0x30");
  }
}
