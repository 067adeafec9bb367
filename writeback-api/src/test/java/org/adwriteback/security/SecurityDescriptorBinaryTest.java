package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecurityDescriptorBinaryTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void readsAnEmptyDaclAndWritesTheSameBytes() {
    // Windows: ConvertStringSecurityDescriptorToSecurityDescriptor("D:") (vectors README)
    byte[] bytes = HEX.parseHex("01000480000000000000000000000000140000000200080000000000");
    SecurityDescriptor sd = SecurityDescriptor.fromBytes(bytes);
    assertThat(sd.dacl()).contains(Acl.empty());
    assertThat(sd.owner()).isEmpty();
    assertThat(sd.toBytes()).isEqualTo(bytes);
    assertThat(SecurityDescriptor.ofDacl(Acl.empty()).toBytes()).isEqualTo(bytes);
  }

  @Test
  void encodesNewDescriptorsInWindowsOrder() {
    SecurityDescriptor sd =
        SecurityDescriptor.of(
            ControlFlags.NONE,
            Optional.of(Sid.BUILTIN_ADMINISTRATORS),
            Optional.of(Sid.LOCAL_SYSTEM),
            Optional.empty(),
            Optional.of(
                Acl.of(AccessAce.allow(Sid.EVERYONE, AccessMask.READ_CONTROL, AceFlags.NONE))));
    byte[] bytes = sd.toBytes();
    assertThat(BinaryCodec.i32(bytes, 16)).isEqualTo(20); // DACL first
    assertThat(BinaryCodec.i32(bytes, 4)).isEqualTo(20 + 8 + 20); // then owner
    assertThat(SecurityDescriptor.fromBytes(bytes)).isEqualTo(sd);
  }

  @Test
  void reportsTheOffsetOfALyingAclSize() {
    byte[] bytes = HEX.parseHex("01000480000000000000000000000000140000000200ff0000000000");
    assertThatThrownBy(() -> SecurityDescriptor.fromBytes(bytes))
        .isInstanceOf(SecurityDescriptorFormatException.class)
        .hasMessageContaining("at byte 22")
        .hasMessageContaining("AclSize is 255");
  }
}
