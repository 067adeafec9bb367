package org.adwriteback.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.adwriteback.security.AccessAce;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.AceFlags;
import org.adwriteback.security.Acl;
import org.adwriteback.security.DescriptorInheritance;
import org.adwriteback.security.ObjectAce;
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
 * MS-DTYP 2.5.3.4 inheritance of a 60-ACE parent (container-inherit, object-inherit, inherit-only,
 * no-propagate, object ACEs for user and other classes, generic rights, CREATOR OWNER) into a new
 * user with a 10-ACE creator DACL, and the re-propagation of the same parent into the result. Goal:
 * under 2 µs. {@code create} measures the steady state (the parent's ACL object is reused, as the
 * testkit and a propagation over siblings reuse it); {@code createUnderNewParentAcl} the first
 * child of a parent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InheritanceBenchmark {

  private static final UUID USER = UUID.fromString("bf967aba-0de6-11d0-a285-00aa003049e2");
  private static final UUID GROUP = UUID.fromString("bf967a9c-0de6-11d0-a285-00aa003049e2");

  private SecurityDescriptor parent;
  private SecurityDescriptor creator;
  private SecurityDescriptor child;
  private SecurityDescriptor staleChild;
  private List<Ace> parentAces;
  private Sid owner;
  private final List<UUID> types = List.of(USER);

  /** Builds the parent and creator descriptors from a fixed seed. */
  @Setup
  public void setUp() {
    Random rnd = new Random(7);
    Sid domain = Sid.parse("S-1-5-21-1004336348-1177238915-682003330");
    owner = domain.withRid(512);
    int[] flags = {0x02, 0x02, 0x0a, 0x01, 0x06, 0x12, 0x1a, 0x00};
    List<Ace> aces = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Sid sid = i % 13 == 0 ? Sid.CREATOR_OWNER : domain.withRid(3000 + i);
      AceFlags f = AceFlags.of(flags[rnd.nextInt(flags.length)]);
      int mask = i % 11 == 0 ? AccessMask.GENERIC_ALL.value() : 0x30;
      if (rnd.nextBoolean()) {
        aces.add(AccessAce.allow(sid, AccessMask.of(mask), f));
      } else {
        aces.add(
            ObjectAce.allow(
                sid,
                AccessMask.of(mask),
                Optional.of(new UUID(0x3000 + i, 0)),
                Optional.of(rnd.nextBoolean() ? USER : GROUP),
                f));
      }
    }
    parentAces = List.copyOf(aces);
    parent = SecurityDescriptor.ofDacl(Acl.of(aces)).withOwner(owner).withGroup(owner);
    // the same parent before a container-inherit ACE was added: its children are out of date
    List<Ace> older = new ArrayList<>(aces);
    older.removeIf(a -> (a.flags().value() & 0x02) != 0);
    SecurityDescriptor before =
        SecurityDescriptor.ofDacl(Acl.of(older)).withOwner(owner).withGroup(owner);
    List<Ace> own = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      own.add(AccessAce.allow(domain.withRid(4000 + i), AccessMask.of(0x20094), AceFlags.NONE));
    }
    creator = SecurityDescriptor.ofDacl(Acl.of(own));
    child = create();
    staleChild =
        DescriptorInheritance.createChild(Optional.of(before), creator, types, true, owner, owner);
    if (propagateChanged().equals(staleChild) || propagate() != child) {
      throw new IllegalStateException("the stale child should change, the current one not");
    }
  }

  /**
   * Creates the child's descriptor.
   *
   * @return the descriptor
   */
  @Benchmark
  public SecurityDescriptor create() {
    return DescriptorInheritance.createChild(
        Optional.of(parent), creator, types, true, owner, owner);
  }

  /**
   * Creates the child under a parent ACL never seen before (a new {@code Acl} object over the same
   * 60 ACE objects each time), so nothing cached on the parent's ACL helps: the first child of a
   * parent. Includes {@code Acl.of} checking the 60 ACEs ({@code List.copyOf} of the immutable list
   * returns it as is). Nothing in the library caches by ACE object, so reusing the ACE objects
   * gains nothing over the freshly parsed ones a real parent would have.
   *
   * @return the descriptor
   */
  @Benchmark
  public SecurityDescriptor createUnderNewParentAcl() {
    SecurityDescriptor fresh = parent.withDacl(Acl.of(parentAces));
    return DescriptorInheritance.createChild(
        Optional.of(fresh), creator, types, true, owner, owner);
  }

  /**
   * Re-propagates the parent into a child that is already up to date (the common case for most
   * descendants): a comparison, no new descriptor.
   *
   * @return the descriptor
   */
  @Benchmark
  public SecurityDescriptor propagate() {
    return DescriptorInheritance.propagate(parent, child, types, true);
  }

  /**
   * Re-propagates the parent into a child whose inherited part is out of date (the parent gained an
   * ACE): a new descriptor is built.
   *
   * @return the descriptor
   */
  @Benchmark
  public SecurityDescriptor propagateChanged() {
    return DescriptorInheritance.propagate(parent, staleChild, types, true);
  }
}
