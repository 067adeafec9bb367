package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * groupType values as AD stores them (signed decimals) against MS-SAMR 2.2.1.9's sAMAccountType
 * (SAM_GROUP_OBJECT 0x10000000, SAM_NON_SECURITY_GROUP_OBJECT 0x10000001, SAM_ALIAS_OBJECT
 * 0x20000000, SAM_NON_SECURITY_ALIAS_OBJECT 0x20000001) and the primary-group rule.
 */
class GroupTypesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // groupType, sAMAccountType, may be primary, security, local
    "-2147483646, 268435456, true, true, false", // global security (Domain Users)
    "-2147483644, 536870912, true, true, true", // domain-local security
    "-2147483640, 268435456, false, true, false", // universal security
    "-2147483643, 536870912, false, true, true", // BUILTIN alias (Administrators)
    "2, 268435457, false, false, false", // global distribution
    "4, 536870913, false, false, true", // domain-local distribution
    "8, 268435457, false, false, false", // universal distribution (a Microsoft 365 group)
  })
  void readsTheStoredValue(
      String stored, String accountType, boolean primary, boolean security, boolean local) {
    long bits = GroupTypes.bits(stored);
    assertThat(GroupTypes.accountType(bits)).isEqualTo(accountType);
    assertThat(GroupTypes.canBePrimary(bits)).isEqualTo(primary);
    assertThat(GroupTypes.isSecurity(bits)).isEqualTo(security);
    assertThat(GroupTypes.isLocal(bits)).isEqualTo(local);
    assertThat(GroupTypes.stored(bits)).isEqualTo(stored);
    assertThat(GroupTypes.scope(bits) & GroupTypes.SECURITY).isZero();
  }

  @ParameterizedTest
  @CsvSource({"2147483650, -2147483646", "' -2147483640 ', -2147483640"})
  void theUnsignedFormAndSpacesReadAsTheSameBits(String written, String stored) {
    assertThat(GroupTypes.stored(GroupTypes.bits(written))).isEqualTo(stored);
  }

  @ParameterizedTest
  @CsvSource({"global", "''"})
  void aValueThatIsNoNumberIsRefused(String written) {
    assertThatThrownBy(() -> GroupTypes.bits(written)).isInstanceOf(NumberFormatException.class);
  }
}
