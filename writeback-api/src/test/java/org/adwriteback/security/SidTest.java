package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SidTest {

  @Test
  void parsesAndFormatsTheStringForm() {
    Sid sid = Sid.parse("S-1-5-21-1004336348-1177238915-682003330-512");
    assertThat(sid.identifierAuthority()).isEqualTo(5);
    assertThat(sid.subAuthorityCount()).isEqualTo(5);
    assertThat(sid.rid()).isEqualTo(512);
    assertThat(sid).hasToString("S-1-5-21-1004336348-1177238915-682003330-512");
  }

  @Test
  void writesLargeAuthoritiesInHexAndReadsThemBack() {
    Sid sid = Sid.of(0x1234_5678_9ABCL, 7);
    assertThat(sid).hasToString("S-1-0x123456789ABC-7");
    assertThat(Sid.parse("S-1-0x123456789ABC-7")).isEqualTo(sid);
    assertThat(Sid.parse("s-1-0x10-7")).isEqualTo(Sid.of(16, 7));
  }

  @Test
  void matchesTheMsDtypBinaryLayout() {
    // MS-DTYP 2.4.2.2: S-1-5-32-544 is 01 02 000000000005 20000000 20020000
    byte[] bytes = HexFormat.of().parseHex("01020000000000052000000020020000");
    assertThat(Sid.fromBytes(bytes)).isEqualTo(Sid.BUILTIN_ADMINISTRATORS);
    assertThat(Sid.BUILTIN_ADMINISTRATORS.toBytes()).isEqualTo(bytes);
  }

  @Test
  void buildsDomainRelativeSids() {
    Sid domain = Sid.parse("S-1-5-21-1-2-3");
    Sid admins = domain.withRid(Sid.RID_DOMAIN_ADMINS);
    assertThat(admins).hasToString("S-1-5-21-1-2-3-512");
    assertThat(admins.domain()).isEqualTo(domain);
    assertThat(admins.isInDomain(domain)).isTrue();
    assertThat(Sid.parse("S-1-5-21-1-2-4-512").isInDomain(domain)).isFalse();
  }

  @Test
  void treatsSubAuthoritiesAsUnsigned() {
    Sid sid = Sid.parse("S-1-5-21-4294967295");
    assertThat(sid.rid()).isEqualTo(4294967295L);
    assertThat(Sid.fromBytes(sid.toBytes())).isEqualTo(sid);
  }

  @Test
  void rejectsMalformedStringsWithTheReason() {
    for (String bad :
        new String[] {
          "", "S-1", "S-2-5", "S-1-5-", "S-1-5-x", "S-1-5-4294967296", "BA", "S-1-0x"
        }) {
      assertThatThrownBy(() -> Sid.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a SID string");
    }
    assertThatThrownBy(() -> Sid.parse("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsTruncatedBinaryWithTheOffset() {
    byte[] bytes = HexFormat.of().parseHex("010200000000000520000000");
    assertThatThrownBy(() -> Sid.fromBytes(bytes))
        .isInstanceOf(SecurityDescriptorFormatException.class)
        .hasMessageContaining("at byte 0")
        .hasMessageContaining("16 bytes");
  }

  @Test
  void theParseCacheMatchesOnlyTheSameSidBytes() {
    Sid sid = Sid.parse("S-1-5-21-1004336348-1177238915-682003330-512");
    byte[] b = sid.toBytes();
    assertThat(sid.matches(b, 0, b.length)).isTrue();
    assertThat(sid.matches(b, 0, b.length - 1)).isFalse();
    for (int i = 0; i < b.length; i++) {
      byte[] other = b.clone();
      other[i] ^= 0x01;
      assertThat(sid.matches(other, 0, other.length)).as("byte %d changed", i).isFalse();
    }
    byte[] shifted = new byte[b.length + 3];
    System.arraycopy(b, 0, shifted, 3, b.length);
    assertThat(sid.matches(shifted, 3, shifted.length)).isTrue();
    assertThat(ParseCache.sid(shifted, 3, shifted.length)).isEqualTo(sid);
    assertThat(ParseCache.sid(b, 0, b.length)).isSameAs(ParseCache.sid(shifted, 3, shifted.length));
  }
}
