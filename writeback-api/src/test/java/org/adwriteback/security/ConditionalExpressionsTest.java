package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conditional ACE expressions beyond the Windows vector rows: literal forms that must survive SDDL
 * -> binary -> SDDL, and binary conditions that SDDL cannot express exactly.
 */
class ConditionalExpressionsTest {

  private static String roundTrip(String condition) {
    String sddl = "D:(XA;;FA;;;WD;" + condition + ")";
    SecurityDescriptor sd = SecurityDescriptor.fromSddl(sddl);
    String printed = sd.toSddl();
    assertThat(SecurityDescriptor.fromSddl(printed)).isEqualTo(sd);
    return printed.substring("D:(XA;;FA;;;WD;".length(), printed.length() - 1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "(@USER.n == -5)",
        "(@USER.n == +5)",
        "(@USER.n == 017)",
        "(@USER.n == -0x1f)",
        "(@USER.n == 0x0)",
        "(Exists @RESOURCE.r)",
        "(Not_Exists l)",
        "(Not_Member_of_Any {SID(BA), SID(S-1-5-21-1-2-3-513)})",
        "(Not_Device_Member_of {SID(WD)})",
        "(@USER.a Not_Contains {1, \"two\", #0a0b, SID(SY)})",
        "(@USER.per%0025cent == \"x\")",
        "(!(Exists @DEVICE.d))",
        "((@USER.a) || ((@USER.b) && (!(@USER.c))))"
      })
  void canonicalConditionsPrintBackUnchanged(String condition) {
    assertThat(roundTrip(condition)).isEqualTo(condition);
  }

  @Test
  void operatorPrecedenceFollowsWindows() {
    assertThat(roundTrip("(Exists @USER.a && !(@USER.b) || @USER.c == 1)"))
        .isEqualTo("(((Exists @USER.a) && (!(@USER.b))) || (@USER.c == 1))");
  }

  @Test
  void integerLiteralTokenCarriesSignAndBase() {
    SecurityDescriptor sd = SecurityDescriptor.fromSddl("D:(XA;;FA;;;WD;(@USER.n == -0x10))");
    byte[] data = ((CallbackAce) sd.dacl().orElseThrow().aces().get(0)).applicationData();
    String hex = HexFormat.of().formatHex(data);
    // artx, @USER.n, INT64 -16 with sign '-' (2) and base 16 (3), ==, padding
    assertThat(hex)
        .isEqualTo("61727478" + "f9020000006e00" + "04f0ffffffffffffff0203" + "80" + "00");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "(@USER.a == )",
        "()",
        "(@USER.a == 0x10000000000000000)",
        "(@USER.a == {1, {2}})",
        "(@USER.a == \"open)",
        "(@USER.a%0041 == 1)",
        "(@Nobody.a == 1)",
        "(Member_of SID(nonsense))",
        "(@USER.a == 1))"
      })
  void malformedConditionsAreRejectedWithAnOffset(String condition) {
    String sddl = "D:(XA;;FA;;;WD;" + condition + ")";
    assertThatThrownBy(() -> SecurityDescriptor.fromSddl(sddl))
        .isInstanceOf(SddlParseException.class)
        .satisfies(e -> assertThat(((SddlParseException) e).offset()).isBetween(0, sddl.length()));
  }

  private static SecurityDescriptor withCallbackData(String hex) {
    Ace ace =
        new CallbackAce(
            AceType.ACCESS_ALLOWED_CALLBACK,
            AceFlags.NONE,
            AccessMask.of(1),
            Sid.EVERYONE,
            HexFormat.of().parseHex(hex));
    return SecurityDescriptor.ofDacl(Acl.of(ace));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // 8-bit integer token: Windows never writes it and SDDL cannot say "8-bit"
        "61727478f9020000006e0001010000000000000003028000",
        // padding longer than needed to reach a multiple of 4
        "61727478f9020000006e00f902000000610080000000000000000000",
        // two operands and no operator
        "61727478f9020000006e00f90200000061000000",
        // not a conditional expression at all
        "0102030405060708"
      })
  void binaryThatSddlCannotExpressExactlyIsRefused(String hex) {
    SecurityDescriptor sd = withCallbackData(hex);
    assertThatThrownBy(sd::toSddl)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("toBytes()");
  }

  @Test
  void resourceClaimsOfEveryTypeRoundTrip() {
    String sddl =
        "S:(RA;;;;;WD;(\"i\",TI,0x0,-1,9223372036854775807))"
            + "(RA;;;;;WD;(\"u\",TU,0x2,18446744073709551615))"
            + "(RA;;;;;WD;(\"s\",TS,0x0,\"a b\",\"\"))"
            + "(RA;;;;;WD;(\"d\",TD,0x0,BA,S-1-5-21-1-2-3-500))"
            + "(RA;;;;;WD;(\"x\",TX,0x0,#00ff,#))"
            + "(RA;;;;;WD;(\"b\",TB,0x0,0,1))";
    SecurityDescriptor sd = SecurityDescriptor.fromSddl(sddl);
    assertThat(sd.toSddl()).isEqualTo(sddl);
    assertThat(SecurityDescriptor.fromBytes(sd.toBytes()).toSddl()).isEqualTo(sddl);
  }

  @Test
  void bareDigitOctetsAreReadAsHexLikeWindows() {
    SecurityDescriptor bare = SecurityDescriptor.fromSddl("S:(RA;;;;;WD;(\"x\",TX,0,0077,00))");
    assertThat(bare.toSddl()).isEqualTo("S:(RA;;;;;WD;(\"x\",TX,0x0,#0077,#00))");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "(\"b\",TB,0,2)",
        "(\"u\",TU,0,-1)",
        "(\"x\",TX,0,077)",
        "(\"s\",TS,0,5)",
        "(\"q\",TQ,0,1)",
        "(\"i\",TI,0 1)"
      })
  void malformedClaimsAreRejected(String claim) {
    assertThatThrownBy(() -> SecurityDescriptor.fromSddl("S:(RA;;;;;WD;" + claim + ")"))
        .isInstanceOf(SddlParseException.class);
  }
}
