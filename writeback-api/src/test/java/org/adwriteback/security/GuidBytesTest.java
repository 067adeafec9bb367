package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GuidBytesTest {

  // schemaIDGUID of the user class as stored in AD (base64 "unqWv+YN0BGihQCqADBJ4g==" in the schema
  // LDF).
  private static final String USER_CLASS_WIRE_HEX = "ba7a96bfe60dd011a28500aa003049e2";

  @Test
  void readsMixedEndianLayoutOfMsDtyp() {
    UUID user = GuidBytes.fromBytes(HexFormat.of().parseHex(USER_CLASS_WIRE_HEX));
    assertThat(user).hasToString("bf967aba-0de6-11d0-a285-00aa003049e2");
  }

  @Test
  void writesTheSameBytesBack() {
    UUID user = UUID.fromString("bf967aba-0de6-11d0-a285-00aa003049e2");
    assertThat(HexFormat.of().formatHex(GuidBytes.toBytes(user))).isEqualTo(USER_CLASS_WIRE_HEX);
  }

  @Test
  void readsAtAnOffset() {
    byte[] buf = HexFormat.of().parseHex("ffff" + USER_CLASS_WIRE_HEX);
    assertThat(GuidBytes.read(buf, 2)).hasToString("bf967aba-0de6-11d0-a285-00aa003049e2");
  }

  @Test
  void rejectsWrongLengthWithAMessageThatSaysWhy() {
    assertThatThrownBy(() -> GuidBytes.fromBytes(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bytes, got 15");
  }
}
