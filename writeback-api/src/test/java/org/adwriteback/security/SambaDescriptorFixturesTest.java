package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guards the descriptors captured from Samba (fixtures/samba, see its README): each row is a
 * self-relative security descriptor (MS-DTYP 2.4.6) holding exactly the parts its SD flags asked
 * for, so codec and inheritance tests built on them start from sound data.
 */
class SambaDescriptorFixturesTest {

  private static List<String[]> rows(String file) throws IOException {
    try (InputStream in = SambaDescriptorFixturesTest.class.getResourceAsStream(file)) {
      assertThat(in).as(file).isNotNull();
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return reader.lines().skip(1).map(l -> l.split("\t", -1)).collect(Collectors.toList());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/fixtures/samba/descriptors.tsv", "/fixtures/samba/inheritance.tsv"})
  void everyRowIsASelfRelativeDescriptorWithThePartsItsFlagsSelect(String file) throws IOException {
    List<String[]> rows = rows(file);
    assertThat(rows).hasSizeGreaterThan(5);
    for (String[] row : rows) {
      assertThat(row).as("columns of %s", row[0]).hasSize(4);
      int flags = Integer.parseInt(row[2]);
      byte[] sd = HexFormat.of().parseHex(row[3]);
      ByteBuffer b = ByteBuffer.wrap(sd).order(ByteOrder.LITTLE_ENDIAN);
      int control = b.getShort(2) & 0xffff;
      int owner = b.getInt(4);
      int group = b.getInt(8);
      int dacl = b.getInt(16);
      assertThat(sd[0]).as("revision of %s", row[0]).isEqualTo((byte) 1);
      assertThat(control & 0x8000).as("SE_SELF_RELATIVE of %s", row[0]).isNotZero();
      assertThat(dacl).as("DACL offset of %s", row[0]).isBetween(20, sd.length - 8);
      int aclSize = b.getShort(dacl + 2) & 0xffff;
      assertThat(dacl + aclSize).as("DACL end of %s", row[0]).isLessThanOrEqualTo(sd.length);
      if (flags == 4) {
        assertThat(owner).as("owner of %s", row[0]).isZero();
        assertThat(group).as("group of %s", row[0]).isZero();
      } else {
        assertThat(owner).as("owner of %s", row[0]).isBetween(20, sd.length - 8);
        assertThat(group).as("group of %s", row[0]).isBetween(20, sd.length - 8);
      }
    }
  }
}
