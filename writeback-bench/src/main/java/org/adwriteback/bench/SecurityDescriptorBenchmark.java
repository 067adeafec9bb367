package org.adwriteback.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.tirasa.adsddl.ntsd.SDDL;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.AceFlags;
import org.adwriteback.security.AceType;
import org.adwriteback.security.ObjectAce;
import org.adwriteback.security.SddlContext;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.Sid;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Binary (MS-DTYP 2.4.6) and SDDL (MS-DTYP 2.5.1) round trips of a real domain-root descriptor (2.3
 * KB, owner, group, DACL and SACL, captured from Samba), next to the Java peer Tirasa adsddl 1.9
 * parsing and re-encoding the same bytes in the same run.
 *
 * <p>{@code toBytes()} of an unmodified parsed descriptor returns the original layout (an array
 * copy), so {@link #oursParseEditEncode} adds one ACE first to force a real encode; that is the
 * measure to compare with adsddl, which always re-encodes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SecurityDescriptorBenchmark {

  private static final SddlContext CONTEXT =
      SddlContext.of(Sid.parse("S-1-5-21-765564593-3758474354-1173743603"));

  private byte[] bytes;
  private String sddl;
  private Ace extraAce;

  /** Loads the descriptor and prepares its SDDL and the ACE the edit benchmark adds. */
  @Setup
  public void load() {
    try (InputStream in =
        SecurityDescriptorBenchmark.class.getResourceAsStream("domain-root-full-sd.hex")) {
      if (in == null) {
        throw new IllegalStateException("missing resource domain-root-full-sd.hex");
      }
      bytes =
          HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sddl = SecurityDescriptor.fromBytes(bytes).toSddl(CONTEXT);
    extraAce =
        new ObjectAce(
            AceType.ACCESS_ALLOWED_OBJECT,
            AceFlags.CONTAINER_INHERIT,
            AccessMask.of(AccessMask.WRITE_PROPERTY.value()),
            Optional.of(UUID.fromString("28630ebf-41d5-11d1-a9c1-0000f80367c1")),
            Optional.of(UUID.fromString("bf967aba-0de6-11d0-a285-00aa003049e2")),
            Sid.parse("S-1-5-21-765564593-3758474354-1173743603-1111"));
  }

  /**
   * Parses the bytes and encodes the unmodified descriptor (original layout kept).
   *
   * @return the bytes
   */
  @Benchmark
  public byte[] oursParseEncode() {
    return SecurityDescriptor.fromBytes(bytes).toBytes();
  }

  /**
   * Parses the bytes, appends one object ACE to the DACL and encodes the new descriptor.
   *
   * @return the bytes
   */
  @Benchmark
  public byte[] oursParseEditEncode() {
    SecurityDescriptor sd = SecurityDescriptor.fromBytes(bytes);
    return sd.withDacl(sd.dacl().orElseThrow().add(extraAce)).toBytes();
  }

  /**
   * Parses the SDDL of the same descriptor and formats it again.
   *
   * @return the SDDL
   */
  @Benchmark
  public String oursSddlParseFormat() {
    return SecurityDescriptor.fromSddl(sddl, CONTEXT).toSddl(CONTEXT);
  }

  /**
   * adsddl 1.9: parse the bytes and encode them again.
   *
   * @return the bytes
   */
  @Benchmark
  public byte[] adsddlParseEncode() {
    return new SDDL(bytes).toByteArray();
  }
}
