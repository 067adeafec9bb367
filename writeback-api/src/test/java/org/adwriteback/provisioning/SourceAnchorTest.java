package org.adwriteback.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Pins the two on-premises forms of a cloud object id. */
class SourceAnchorTest {

  private static final String ID = "5F0C1A2B-3C4D-4E5F-8091-A2B3C4D5E6F7";

  @Test
  void consistencyGuidIsTheMsDtypByteOrder() {
    SourceAnchor a = SourceAnchor.parse(ID).orElseThrow();
    // Data1, Data2, Data3 little-endian, then Data4 as written (MS-DTYP 2.3.4.2)
    assertThat(HexFormat.of().formatHex(a.consistencyGuid()))
        .isEqualTo("2b1a0c5f4d3c5f4e8091a2b3c4d5e6f7");
  }

  @Test
  void cloudAnchorsUseTheKindPrefixAndLowerCase() {
    SourceAnchor a = SourceAnchor.parse(ID).orElseThrow();
    assertThat(a.cloudAnchor(ObjectKind.USER))
        .isEqualTo("User_5f0c1a2b-3c4d-4e5f-8091-a2b3c4d5e6f7");
    assertThat(a.cloudAnchor(ObjectKind.DEVICE)).startsWith("Device_5f0c");
    assertThat(a.last12()).isEqualTo("a2b3c4d5e6f7");
  }

  @Test
  void acceptsBracesAndRejectsNonGuids() {
    assertThat(SourceAnchor.parse("{" + ID + "}")).isPresent();
    assertThat(SourceAnchor.parse("5f0c1a2b3c4d4e5f8091a2b3c4d5e6f7")).isEmpty();
    assertThat(SourceAnchor.parse("5f0c1a2b-3c4d-4e5f-8091-a2b3c4d5e6fg")).isEmpty();
    assertThat(SourceAnchor.parse(null)).isEmpty();
    assertThat(SourceAnchor.parse("*)(objectClass=*")).isEmpty();
  }

  @Test
  void rejectsMisplacedDashesWrongLengthsAndOtherScriptsDigits() {
    assertThat(SourceAnchor.parse("5f0c1a2b3-c4d-4e5f-8091-a2b3c4d5e6f7")).isEmpty();
    assertThat(SourceAnchor.parse("5f0c1a2b-3c4d-4e5f-8091-a2b3c4d5e6f")).isEmpty();
    assertThat(SourceAnchor.parse("5f0c1a2b-3c4d-4e5f-8091-a2b3c4d5e6f77")).isEmpty();
    assertThat(SourceAnchor.parse("5f0c1a2b-3c4d-4e5f-8091-a2b3c4d5e6f\uff17")).isEmpty();
    assertThat(SourceAnchor.parse("5f0c1a2b-3c4d-4e5f-8091-a2b3c4d5e6f\u0667")).isEmpty();
    assertThat(SourceAnchor.parse("5f0c1a2b+3c4d-4e5f-8091-a2b3c4d5e6f7")).isEmpty();
    assertThat(SourceAnchor.parse(" " + ID.toLowerCase(Locale.ROOT) + "\t"))
        .map(SourceAnchor::text)
        .contains(ID.toLowerCase(Locale.ROOT));
  }

  /** Any UUID's registry form, in either case, parses back to the same UUID. */
  @Property
  void parsesEveryRegistryForm(@ForAll long high, @ForAll long low, @ForAll boolean upper) {
    UUID id = new UUID(high, low);
    String text = upper ? id.toString().toUpperCase(Locale.ROOT) : id.toString();
    assertThat(SourceAnchor.parse(text)).map(SourceAnchor::objectId).contains(id);
  }

  /**
   * Changing one character of a valid id keeps it valid exactly when the character is a hex digit
   * in a digit position or the dash in a dash position.
   */
  @Property
  void oneChangedCharacterIsAcceptedOnlyWhereItFits(
      @ForAll long high, @ForAll long low, @ForAll @IntRange(max = 35) int at, @ForAll char ch) {
    char[] text = new UUID(high, low).toString().toCharArray();
    text[at] = ch;
    boolean dashPosition = at == 8 || at == 13 || at == 18 || at == 23;
    boolean fits = dashPosition ? ch == '-' : "0123456789abcdefABCDEF".indexOf(ch) >= 0;
    boolean strippedAway = Character.isWhitespace(ch) && (at == 0 || at == 35);
    if (!strippedAway) {
      assertThat(SourceAnchor.parse(new String(text)).isPresent()).isEqualTo(fits);
    }
  }
}
