package org.adwriteback.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.adwriteback.security.AccessAce;
import org.adwriteback.security.AccessCheck;
import org.adwriteback.security.AccessCheckResult;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.AceFlags;
import org.adwriteback.security.Acl;
import org.adwriteback.security.ObjectAce;
import org.adwriteback.security.ObjectTypeTree;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.SecurityToken;
import org.adwriteback.security.Sid;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * MS-DTYP 2.5.3.2 access check of a 100-ACE descriptor (allow, deny and object ACEs, about a
 * quarter of them for the caller's SIDs) for a token with 20 groups, over a 30-node object type
 * tree (class, 4 property sets with 6 properties each, one loose property). Goal: under 2 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessCheckBenchmark {

  private SecurityDescriptor sd;
  private SecurityToken token;
  private ObjectTypeTree tree;

  /** Builds the descriptor, token and tree from a fixed seed. */
  @Setup
  public void setUp() {
    Random rnd = new Random(42);
    Sid domain = Sid.parse("S-1-5-21-1004336348-1177238915-682003330");
    List<Sid> groups = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      groups.add(domain.withRid(2000 + i));
    }
    token = SecurityToken.forAccount(domain.withRid(1500), groups);
    List<UUID> guids = new ArrayList<>();
    ObjectTypeTree.Builder b = ObjectTypeTree.builder(new UUID(0x1000, 0));
    for (int s = 0; s < 4; s++) {
      UUID set = new UUID(0x2000 + s, 0);
      List<UUID> props = new ArrayList<>();
      for (int p = 0; p < 6; p++) {
        props.add(new UUID(0x3000 + s * 16 + p, 0));
      }
      b.propertySet(set, props);
      guids.add(set);
      guids.addAll(props);
    }
    UUID loose = new UUID(0x4000, 0);
    b.add(1, loose);
    guids.add(loose);
    tree = b.build();
    List<Ace> aces = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      boolean mine = rnd.nextInt(4) == 0;
      Sid sid = mine ? groups.get(rnd.nextInt(20)) : domain.withRid(5000 + rnd.nextInt(500));
      int mask = 0x10 | 0x4 | 0x20000;
      if (i == 98) {
        // near the end: the grant that completes the request
        aces.add(AccessAce.allow(groups.get(7), AccessMask.of(0x30), AceFlags.NONE));
        continue;
      }
      switch (rnd.nextInt(4)) {
        case 0 -> aces.add(AccessAce.allow(sid, AccessMask.of(mask), AceFlags.NONE));
        case 1 ->
            aces.add(
                ObjectAce.allow(
                    sid,
                    AccessMask.of(0x30),
                    Optional.of(guids.get(rnd.nextInt(guids.size()))),
                    Optional.empty(),
                    AceFlags.NONE));
        case 2 ->
            aces.add(
                ObjectAce.deny(
                    domain.withRid(6000 + i),
                    AccessMask.of(0x20),
                    Optional.of(guids.get(rnd.nextInt(guids.size()))),
                    Optional.empty(),
                    AceFlags.NONE));
        default ->
            aces.add(
                ObjectAce.allow(
                    sid,
                    AccessMask.of(0x30),
                    Optional.of(guids.get(rnd.nextInt(guids.size()))),
                    Optional.of(new UUID(0x5000, 0)),
                    AceFlags.of(0x0a)));
      }
    }
    sd = SecurityDescriptor.ofDacl(Acl.of(aces)).withOwner(domain.withRid(512));
    if (!check().isGranted()) {
      throw new IllegalStateException("benchmark descriptor should grant the request");
    }
  }

  /**
   * Checks WRITE_PROPERTY over the whole tree.
   *
   * @return the result
   */
  @Benchmark
  public AccessCheckResult check() {
    return AccessCheck.check(sd, token, AccessMask.WRITE_PROPERTY, tree);
  }

  /**
   * MAXIMUM_ALLOWED over the whole tree (walks every ACE).
   *
   * @return the result
   */
  @Benchmark
  public AccessCheckResult maximumAllowed() {
    return AccessCheck.check(sd, token, AccessMask.MAXIMUM_ALLOWED, tree);
  }
}
