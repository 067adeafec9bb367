package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every ACE type: model → bytes → model, and model → SDDL → model where SDDL can express it. */
class AceRoundTripPropertiesTest {

  @Property(tries = 2000)
  void everyAceSurvivesTheBinaryForm(@ForAll("aces") Ace ace) {
    byte[] bytes = ace.toBytes();
    assertThat(bytes).hasSize(ace.size());
    Ace back = Ace.fromBytes(bytes);
    assertThat(back).isEqualTo(ace);
    assertThat(back.toBytes()).isEqualTo(bytes);
  }

  @Property(tries = 2000)
  void everyAceSurvivesADescriptorRoundTrip(@ForAll("aces") Ace ace) {
    boolean system =
        !(ace instanceof KnownAce k)
            || k.type().kind() == AceType.Kind.AUDIT
            || k.type().kind() == AceType.Kind.ALARM
            || k.type().kind() == AceType.Kind.OTHER;
    SecurityDescriptor sd =
        system
            ? SecurityDescriptor.of(
                ControlFlags.NONE,
                Optional.of(Sid.LOCAL_SYSTEM),
                Optional.empty(),
                Optional.of(Acl.of(ace)),
                Optional.empty())
            : SecurityDescriptor.ofDacl(Acl.of(ace)).withOwner(Sid.BUILTIN_ADMINISTRATORS);
    assertThat(SecurityDescriptor.fromBytes(sd.toBytes())).isEqualTo(sd);
  }

  @Property(tries = 2000)
  void sddlExpressibleAcesSurviveSddl(@ForAll("sddlAces") Ace ace) {
    boolean system =
        ((KnownAce) ace).type().kind() != AceType.Kind.ALLOW
            && ((KnownAce) ace).type().kind() != AceType.Kind.DENY;
    SecurityDescriptor sd =
        system
            ? SecurityDescriptor.of(
                ControlFlags.NONE,
                Optional.empty(),
                Optional.empty(),
                Optional.of(Acl.of(ace)),
                Optional.empty())
            : SecurityDescriptor.ofDacl(Acl.of(ace));
    String sddl = sd.toSddl();
    assertThat(SecurityDescriptor.fromSddl(sddl)).as(sddl).isEqualTo(sd);
  }

  @Provide
  Arbitrary<Ace> aces() {
    return Arbitraries.oneOf(
        accessAces(),
        objectAces(),
        callbackAces(),
        callbackObjectAces(),
        labelAces(),
        resourceAces(),
        policyAces(),
        opaqueAces());
  }

  /** The ACE types whose SDDL form needs no conditional or claim text. */
  @Provide
  Arbitrary<Ace> sddlAces() {
    return Arbitraries.oneOf(
        accessAces(),
        objectAces(),
        labelAces(),
        policyAces(),
        Combinators.combine(callbackTypes(true), flags(), masks(), sids())
            .as((t, f, m, s) -> (Ace) new CallbackAce(t, f, m, s, new byte[0])));
  }

  private Arbitrary<AceFlags> flags() {
    return Arbitraries.integers().between(0, 255).map(AceFlags::of);
  }

  private Arbitrary<AccessMask> masks() {
    return Arbitraries.oneOf(
        Arbitraries.integers().map(AccessMask::of),
        Arbitraries.of(0, 0x1F01FF, 0xF01FF, 0x20094, 0x10000000, 0x100, 0x30).map(AccessMask::of));
  }

  private Arbitrary<Sid> sids() {
    Arbitrary<Long> authority =
        Arbitraries.oneOf(
            Arbitraries.of(0L, 1L, 5L, 16L), Arbitraries.longs().between(0, 0xFFFF_FFFF_FFFFL));
    Arbitrary<long[]> subs =
        Arbitraries.longs().between(0, 0xFFFF_FFFFL).array(long[].class).ofMaxSize(15);
    return Combinators.combine(authority, subs).as(Sid::of);
  }

  private Arbitrary<Optional<UUID>> guids() {
    return Arbitraries.oneOf(
        Arbitraries.just(Optional.<UUID>empty()),
        Arbitraries.create(UUID::randomUUID).map(Optional::of));
  }

  private Arbitrary<byte[]> alignedBytes() {
    return Arbitraries.integers()
        .between(0, 6)
        .flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(4 * n));
  }

  private Arbitrary<Ace> accessAces() {
    return Combinators.combine(
            Arbitraries.of(
                AceType.ACCESS_ALLOWED,
                AceType.ACCESS_DENIED,
                AceType.SYSTEM_AUDIT,
                AceType.SYSTEM_ALARM),
            flags(),
            masks(),
            sids())
        .as((t, f, m, s) -> (Ace) new AccessAce(t, f, m, s));
  }

  private Arbitrary<Ace> objectAces() {
    return Combinators.combine(
            Arbitraries.of(
                AceType.ACCESS_ALLOWED_OBJECT,
                AceType.ACCESS_DENIED_OBJECT,
                AceType.SYSTEM_AUDIT_OBJECT,
                AceType.SYSTEM_ALARM_OBJECT),
            flags(),
            masks(),
            guids(),
            guids(),
            sids())
        .as((t, f, m, o, i, s) -> (Ace) new ObjectAce(t, f, m, o, i, s));
  }

  private Arbitrary<AceType> callbackTypes(boolean sddlOnly) {
    return sddlOnly
        ? Arbitraries.of(
            AceType.ACCESS_ALLOWED_CALLBACK,
            AceType.ACCESS_DENIED_CALLBACK,
            AceType.SYSTEM_AUDIT_CALLBACK)
        : Arbitraries.of(
            AceType.ACCESS_ALLOWED_CALLBACK,
            AceType.ACCESS_DENIED_CALLBACK,
            AceType.SYSTEM_AUDIT_CALLBACK,
            AceType.SYSTEM_ALARM_CALLBACK);
  }

  private Arbitrary<Ace> callbackAces() {
    return Combinators.combine(callbackTypes(false), flags(), masks(), sids(), alignedBytes())
        .as((t, f, m, s, d) -> (Ace) new CallbackAce(t, f, m, s, d));
  }

  private Arbitrary<Ace> callbackObjectAces() {
    return Combinators.combine(
            Arbitraries.of(
                AceType.ACCESS_ALLOWED_CALLBACK_OBJECT,
                AceType.ACCESS_DENIED_CALLBACK_OBJECT,
                AceType.SYSTEM_AUDIT_CALLBACK_OBJECT,
                AceType.SYSTEM_ALARM_CALLBACK_OBJECT),
            flags(),
            masks(),
            guids(),
            guids(),
            sids(),
            alignedBytes())
        .as((t, f, m, o, i, s, d) -> (Ace) new CallbackObjectAce(t, f, m, o, i, s, d));
  }

  private Arbitrary<Ace> labelAces() {
    return Combinators.combine(flags(), masks(), sids())
        .as((f, m, s) -> (Ace) new MandatoryLabelAce(f, m, s));
  }

  private Arbitrary<Ace> policyAces() {
    return Combinators.combine(flags(), masks(), sids())
        .as((f, m, s) -> (Ace) new ScopedPolicyIdAce(f, m, s));
  }

  private Arbitrary<Ace> resourceAces() {
    return Combinators.combine(flags(), masks(), sids(), alignedBytes())
        .as((f, m, s, d) -> (Ace) new ResourceAttributeAce(f, m, s, d));
  }

  private Arbitrary<Ace> opaqueAces() {
    return Combinators.combine(Arbitraries.integers().between(0x14, 0xFF), flags(), alignedBytes())
        .as((t, f, b) -> (Ace) new OpaqueAce(t, f, b));
  }
}
