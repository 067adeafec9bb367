package org.adwriteback.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import net.tirasa.adsddl.ntsd.SDDL;
import net.tirasa.adsddl.ntsd.utils.GUID;
import org.adwriteback.security.GuidBytes;
import org.junit.jupiter.api.Test;

/** Proves the benchmark peer (adsddl 1.9) is usable without its unserved ldapbp dependency. */
class PeerWiringTest {

  // "D:" — an empty DACL, from shared/spec/vectors/sddl-binary.tsv.
  private static final String EMPTY_DACL_HEX =
      "01000480000000000000000000000000140000000200080000000000";

  @Test
  void adsddlParsesAndReencodesARealDescriptor() {
    byte[] bytes = HexFormat.of().parseHex(EMPTY_DACL_HEX);
    SDDL parsed = new SDDL(bytes);
    assertThat(parsed.toByteArray()).isEqualTo(bytes);
  }

  @Test
  void adsddlAndOurGuidConversionAgree() {
    byte[] wire = HexFormat.of().parseHex("ba7a96bfe60dd011a28500aa003049e2");
    assertThat(GUID.getGuidAsString(wire)).isEqualTo(GuidBytes.fromBytes(wire).toString());
  }
}
