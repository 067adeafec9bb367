package org.adwriteback.bench;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.adwriteback.security.GuidBytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Round trip of a schemaIDGUID through its MS-DTYP 2.3.4.2 wire form, the innermost step of every
 * ACE parse.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GuidConversionBenchmark {

  private final UUID userClass = UUID.fromString("bf967aba-0de6-11d0-a285-00aa003049e2");

  /**
   * Encodes and decodes one GUID.
   *
   * @return the decoded GUID, so the JIT cannot drop the work
   */
  @Benchmark
  public UUID encodeDecode() {
    return GuidBytes.fromBytes(GuidBytes.toBytes(userClass));
  }
}
