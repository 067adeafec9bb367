package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input through both parsers: only {@link SecurityDescriptorFormatException}
 * (binary) and {@link SddlParseException} (SDDL) may escape, and whatever parses must re-encode to
 * the same bytes. Short runs in the default build; {@code -Pfuzz} runs the long ones (tag "fuzz").
 */
class SecurityDescriptorFuzzTest {

  private static final List<byte[]> BINARY_SEEDS =
      Vectors.read("sddl-binary.tsv").stream().map(r -> HexFormat.of().parseHex(r.get(2))).toList();
  private static final List<String> SDDL_SEEDS =
      java.util.stream.Stream.concat(
              Vectors.read("sddl-binary.tsv").stream().map(r -> r.get(1)),
              Vectors.read("sddl-canonical.tsv").stream().map(r -> r.get(1)))
          .toList();
  private static final String SDDL_ALPHABET =
      "OGDS:();-0123456789xABCDEFPIRNO_ \t\"#{}@,.!&|<>=WAULSYCX";

  @Test
  void binaryParserOnlyThrowsItsOwnExceptionShortRun() {
    fuzzBinary(20_000, 1);
  }

  @Test
  void sddlParserOnlyThrowsItsOwnExceptionShortRun() {
    fuzzSddl(20_000, 2);
  }

  @Test
  @Tag("fuzz")
  void binaryParserOnlyThrowsItsOwnExceptionMillionInputs() {
    fuzzBinary(1_000_000, 11);
  }

  @Test
  @Tag("fuzz")
  void sddlParserOnlyThrowsItsOwnExceptionMillionInputs() {
    fuzzSddl(1_000_000, 12);
  }

  private static void fuzzBinary(int iterations, long seed) {
    Random rnd = new Random(seed);
    int parsed = 0;
    for (int i = 0; i < iterations; i++) {
      byte[] input =
          i % 4 == 0
              ? randomBytes(rnd)
              : mutate(rnd, BINARY_SEEDS.get(rnd.nextInt(BINARY_SEEDS.size())));
      SecurityDescriptor sd;
      try {
        sd = SecurityDescriptor.fromBytes(input);
      } catch (SecurityDescriptorFormatException expected) {
        assertThat(expected.offset()).isBetween(0, Math.max(0, input.length));
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError("input " + HexFormat.of().formatHex(input), e);
      }
      parsed++;
      assertThat(sd.toBytes()).isEqualTo(input);
      // re-encoding the model in Windows layout must parse back to the same descriptor
      SecurityDescriptor copy = sd.withControl(sd.control());
      assertThat(SecurityDescriptor.fromBytes(copy.toBytes())).isEqualTo(sd);
      try {
        String sddl = sd.toSddl();
        // SDDL carries no DEFAULTED/TRUSTED/RM control bits: compare the parts it does carry
        SecurityDescriptor back = SecurityDescriptor.fromSddl(sddl);
        assertThat(back.owner()).isEqualTo(sd.owner());
        assertThat(back.group()).isEqualTo(sd.group());
        assertThat(back.dacl()).isEqualTo(sd.dacl());
        assertThat(back.sacl()).isEqualTo(sd.sacl());
        assertThat(back.hasNullDacl()).isEqualTo(sd.hasNullDacl());
        assertThat(back.toSddl()).isEqualTo(sddl);
      } catch (SddlParseException e) {
        // Windows prints audit ACEs found in a DACL (and allow ACEs in a SACL) but will not parse
        // them back; neither do we
        assertThat(e.reason()).contains("belongs in the");
      } catch (IllegalStateException notExpressible) {
        // ACE types without an SDDL form (OpaqueAce, ZD-like types) or pending conditional ACEs
      }
    }
    assertThat(parsed).as("some mutated inputs stay valid").isPositive();
  }

  private static void fuzzSddl(int iterations, long seed) {
    Random rnd = new Random(seed);
    for (int i = 0; i < iterations; i++) {
      String input =
          i % 4 == 0
              ? randomSddl(rnd)
              : mutate(rnd, SDDL_SEEDS.get(rnd.nextInt(SDDL_SEEDS.size())));
      try {
        SecurityDescriptor sd = SecurityDescriptor.fromSddl(input, Vectors.CONTEXT);
        byte[] bytes = sd.toBytes();
        assertThat(SecurityDescriptor.fromBytes(bytes)).isEqualTo(sd);
      } catch (SddlParseException expected) {
        assertThat(expected.offset()).isBetween(0, input.length());
      } catch (RuntimeException e) {
        throw new AssertionError("input '" + input + "'", e);
      }
    }
  }

  private static byte[] randomBytes(Random rnd) {
    byte[] b = new byte[rnd.nextInt(120)];
    rnd.nextBytes(b);
    if (b.length > 2 && rnd.nextBoolean()) {
      b[0] = 1;
    }
    return b;
  }

  private static byte[] mutate(Random rnd, byte[] seed) {
    byte[] b = seed.clone();
    int n = 1 + rnd.nextInt(4);
    for (int k = 0; k < n && b.length > 0; k++) {
      switch (rnd.nextInt(4)) {
        case 0 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        case 1 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        case 2 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
        default -> {
          int at = rnd.nextInt(b.length);
          b[at] = (byte) (rnd.nextBoolean() ? 0xFF : 0);
        }
      }
    }
    return b;
  }

  private static String randomSddl(Random rnd) {
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(60);
    for (int i = 0; i < n; i++) {
      sb.append(SDDL_ALPHABET.charAt(rnd.nextInt(SDDL_ALPHABET.length())));
    }
    return sb.toString();
  }

  private static String mutate(Random rnd, String seed) {
    StringBuilder sb = new StringBuilder(seed);
    int n = 1 + rnd.nextInt(3);
    for (int k = 0; k < n; k++) {
      int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length());
      char c = SDDL_ALPHABET.charAt(rnd.nextInt(SDDL_ALPHABET.length()));
      switch (rnd.nextInt(3)) {
        case 0 -> sb.insert(at, c);
        case 1 -> {
          if (sb.length() > 0) {
            sb.deleteCharAt(at);
          }
        }
        default -> {
          if (sb.length() > 0) {
            sb.setCharAt(at, c);
          }
        }
      }
    }
    return sb.toString();
  }
}
