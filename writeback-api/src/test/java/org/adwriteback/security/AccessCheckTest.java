package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The access check (MS-DTYP 2.5.3.2, MS-ADTS 5.1.3) against ../shared/spec/vectors/accesscheck.md
 * and properties over random descriptors and tokens. The end-to-end comparison with Samba's
 * decisions (access-checks.tsv) is in {@link DirectoryAccessTest}.
 */
class AccessCheckTest {

  private static final SddlContext CTX = SddlContext.of(SambaFixtures.DOMAIN);
  private static final Sid ANDREW = SambaFixtures.DOMAIN.withRid(2001);
  private static final Sid GROUP_A = SambaFixtures.DOMAIN.withRid(2002);
  private static final Sid BOB = SambaFixtures.DOMAIN.withRid(2003);
  private static final int READ = 0x10;
  private static final int WRITE = 0x20;
  private static final int EXECUTE = 0x4;

  private static SecurityDescriptor sddl(String s) {
    return SecurityDescriptor.fromSddl(s, CTX);
  }

  private static AccessMask mask(int v) {
    return AccessMask.of(v);
  }

  @Nested
  class GenericDaclEvaluation {

    private final String ace1 = "(D;;0x34;;;" + ANDREW + ")";
    private final String ace2 = "(A;;0x20;;;" + GROUP_A + ")";
    private final String ace3 = "(A;;0x14;;;WD)";

    @Test
    void g1NullDaclGrantsEverything() {
      SecurityDescriptor sd = sddl("O:DAG:DAD:NO_ACCESS_CONTROL");
      assertThat(sd.hasNullDacl()).isTrue();
      AccessCheckResult r =
          AccessCheck.check(sd, SecurityToken.forAccount(BOB, List.of()), mask(0xF01FF));
      assertThat(r.isGranted()).isTrue();
      assertThat(r.granted()).isEqualTo(mask(0xF01FF));
    }

    @Test
    void g2EmptyDaclGrantsNothing() {
      SecurityDescriptor sd = sddl("O:DAG:DAD:");
      AccessCheckResult r =
          AccessCheck.check(sd, SecurityToken.forAccount(BOB, List.of()), mask(READ));
      assertThat(r.status()).isEqualTo(AccessCheckResult.Status.ACCESS_DENIED);
      assertThat(r.granted()).isEqualTo(AccessMask.NONE);
    }

    @Test
    void g3DeniedAtTheFirstAceForAndrew() {
      SecurityDescriptor sd = sddl("O:DAG:DAD:" + ace1 + ace2 + ace3);
      SecurityToken andrew = SecurityToken.forAccount(ANDREW, List.of(GROUP_A));
      AccessCheckResult r = AccessCheck.explain(sd, andrew, mask(WRITE), Optional.empty());
      assertThat(r.isGranted()).isFalse();
      assertThat(r.denied(0)).isEqualTo(mask(WRITE));
      assertThat(r.decisions(0)).hasSize(1);
      assertThat(r.decisions(0).get(0).aceIndex()).hasValue(0);
    }

    @Test
    void g4RightsAccumulateOverAces() {
      SecurityDescriptor sd = sddl("O:DAG:DAD:" + ace1 + ace2 + ace3);
      SecurityToken threadB = SecurityToken.forAccount(BOB, List.of(GROUP_A));
      AccessCheckResult r =
          AccessCheck.explain(sd, threadB, mask(READ | WRITE | EXECUTE), Optional.empty());
      assertThat(r.isGranted()).isTrue();
      assertThat(r.decisions(0))
          .extracting(d -> d.aceIndex().orElse(-1), AccessDecision::granted)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, mask(WRITE)),
              org.assertj.core.groups.Tuple.tuple(2, mask(READ | EXECUTE)));
    }

    @Test
    void g5OrderMattersNoResortingAtCheckTime() {
      SecurityDescriptor sd = sddl("O:DAG:DAD:" + ace2 + ace3 + ace1);
      SecurityToken andrew = SecurityToken.forAccount(ANDREW, List.of(GROUP_A));
      assertThat(AccessCheck.check(sd, andrew, mask(WRITE)).isGranted()).isTrue();
    }

    @Test
    void g6ProcessingStopsOnceEverythingIsGranted() {
      Sid fred = SambaFixtures.DOMAIN.withRid(3001);
      Sid mgrs = SambaFixtures.DOMAIN.withRid(3002);
      SecurityDescriptor sd =
          sddl(
              "O:DAG:DAD:(A;;0x10;;;" + fred + ")(A;;0x20;;;" + mgrs + ")(D;;0x30;;;" + fred + ")");
      SecurityToken token = SecurityToken.forAccount(fred, List.of(mgrs, Sid.BUILTIN_USERS));
      AccessCheckResult r = AccessCheck.explain(sd, token, mask(READ | WRITE), Optional.empty());
      assertThat(r.isGranted()).isTrue();
      assertThat(r.decisions(0)).extracting(d -> d.aceIndex().orElse(-1)).containsExactly(0, 1);
    }

    @Test
    void g7ADenyForAGroupComesFirst() {
      Sid fred = SambaFixtures.DOMAIN.withRid(3001);
      Sid mgrs = SambaFixtures.DOMAIN.withRid(3002);
      SecurityDescriptor sd =
          sddl(
              "O:DAG:DAD:(D;;0xf01ff;;;"
                  + mgrs
                  + ")(A;;0x10;;;"
                  + fred
                  + ")(A;;0x20;;;"
                  + fred
                  + ")");
      SecurityToken token = SecurityToken.forAccount(fred, List.of(mgrs, Sid.BUILTIN_USERS));
      assertThat(AccessCheck.check(sd, token, mask(READ | WRITE)).isGranted()).isFalse();
    }

    @Test
    void g8AGroupNotInTheTokenTakesNoPart() {
      SecurityDescriptor sd = sddl("O:DAG:DAD:" + ace2);
      SecurityToken notEnabled = SecurityToken.forAccount(BOB, List.of());
      assertThat(AccessCheck.check(sd, notEnabled, mask(WRITE)).isGranted()).isFalse();
      assertThat(
              AccessCheck.check(sd, SecurityToken.forAccount(BOB, List.of(GROUP_A)), mask(WRITE))
                  .isGranted())
          .isTrue();
    }

    @Test
    void inheritOnlyAcesAreIgnored() {
      SecurityDescriptor sd = sddl("O:DAG:DAD:(A;CIIO;0x20;;;WD)");
      assertThat(
              AccessCheck.check(sd, SecurityToken.forAccount(BOB, List.of()), mask(WRITE))
                  .isGranted())
          .isFalse();
    }

    @Test
    void genericRequestIsMappedWithTheDirectoryMapping() {
      SecurityDescriptor sd = sddl("O:DAG:DAD:(A;;RPLCLORC;;;WD)");
      SecurityToken t = SecurityToken.forAccount(BOB, List.of());
      AccessCheckResult r = AccessCheck.check(sd, t, AccessMask.GENERIC_READ);
      assertThat(r.isGranted()).isTrue();
      assertThat(r.requested()).isEqualTo(AccessMask.DS_GENERIC_READ);
      assertThat(AccessCheck.check(sd, t, AccessMask.GENERIC_WRITE).isGranted()).isFalse();
    }
  }

  @Nested
  class OwnerRights {

    @Test
    void theOwnerImplicitlyGetsReadControlAndWriteDac() {
      SecurityDescriptor sd = sddl("O:" + BOB + "G:DAD:");
      SecurityToken bob = SecurityToken.forAccount(BOB, List.of());
      AccessCheckResult r =
          AccessCheck.explain(sd, bob, AccessMask.MAXIMUM_ALLOWED, Optional.empty());
      assertThat(r.granted())
          .isEqualTo(AccessMask.union(AccessMask.READ_CONTROL, AccessMask.WRITE_DAC));
      assertThat(r.decisions(0).get(0).reason()).isEqualTo(AccessDecision.Reason.OWNER_IMPLICIT);
      assertThat(AccessCheck.check(sd, bob, AccessMask.WRITE_OWNER).isGranted()).isFalse();
    }

    @Test
    void anOwnerRightsAceReplacesTheImplicitRights() {
      SecurityDescriptor sd = sddl("O:" + BOB + "G:DAD:(A;;RC;;;S-1-3-4)");
      SecurityToken bob = SecurityToken.forAccount(BOB, List.of());
      assertThat(AccessCheck.check(sd, bob, AccessMask.MAXIMUM_ALLOWED).granted())
          .isEqualTo(AccessMask.READ_CONTROL);
      SecurityToken other = SecurityToken.forAccount(ANDREW, List.of());
      assertThat(AccessCheck.check(sd, other, AccessMask.READ_CONTROL).isGranted()).isFalse();
    }

    @Test
    void anInheritOnlyOwnerRightsAceDoesNotRemoveTheImplicitRights() {
      SecurityDescriptor sd = sddl("O:" + BOB + "G:DAD:(A;CIIO;RC;;;S-1-3-4)");
      SecurityToken bob = SecurityToken.forAccount(BOB, List.of());
      assertThat(AccessCheck.check(sd, bob, AccessMask.WRITE_DAC).isGranted()).isTrue();
    }
  }

  /** accesscheck.md §2: property sets and the object type list (Microsoft's worked example). */
  @Nested
  class PropertySets {

    private final UUID cls = UUID.fromString("11111111-0000-0000-0000-000000000000");
    private final UUID set1 = UUID.fromString("22222222-0000-0000-0000-000000000001");
    private final UUID set2 = UUID.fromString("22222222-0000-0000-0000-000000000002");
    private final UUID a = UUID.fromString("33333333-0000-0000-0000-00000000000a");
    private final UUID b = UUID.fromString("33333333-0000-0000-0000-00000000000b");
    private final UUID c = UUID.fromString("33333333-0000-0000-0000-00000000000c");
    private final UUID d = UUID.fromString("33333333-0000-0000-0000-00000000000d");
    private final ObjectTypeTree tree =
        ObjectTypeTree.builder(cls)
            .propertySet(set1, List.of(a, b))
            .propertySet(set2, List.of(c, d))
            .build();
    private final SecurityDescriptor sd =
        sddl(
            "O:DAG:DAD:(A;;RPWP;;;"
                + GROUP_A
                + ")(OA;;RPWP;"
                + set1
                + ";;WD)(OA;;RPWP;"
                + c
                + ";;WD)");

    @Test
    void p1AnAceWithoutGuidCoversEveryProperty() {
      AccessCheckResult r =
          AccessCheck.check(
              sd, SecurityToken.forAccount(BOB, List.of(GROUP_A)), mask(READ | WRITE), tree);
      for (int i = 0; i < tree.size(); i++) {
        assertThat(r.isGranted(i)).as("node %d", i).isTrue();
      }
    }

    @Test
    void p2ToP4PropertySetAndPropertyAces() {
      AccessCheckResult r =
          AccessCheck.explain(
              sd, SecurityToken.forAccount(BOB, List.of()), mask(WRITE), Optional.of(tree));
      assertThat(r.isGranted(tree.indexOf(a))).isTrue();
      assertThat(r.isGranted(tree.indexOf(b))).isTrue();
      assertThat(r.isGranted(tree.indexOf(set1))).isTrue();
      assertThat(r.isGranted(tree.indexOf(c))).isTrue();
      assertThat(r.isGranted(tree.indexOf(d))).isFalse();
      assertThat(r.isGranted(tree.indexOf(set2))).isFalse();
      assertThat(r.isGranted()).isFalse();
      assertThat(r.decisions(tree.indexOf(a)).get(0).aceIndex()).hasValue(1);
      assertThat(r.decisions(tree.indexOf(c)).get(0).aceIndex()).hasValue(2);
      assertThat(r.decisions(tree.indexOf(d))).isEmpty();
    }

    @Test
    void aDenyOnAPropertyDeniesItsAncestorsButNotItsSiblings() {
      SecurityDescriptor deny = sddl("O:DAG:DAD:(OD;;WP;" + a + ";;WD)(A;;WP;;;WD)");
      AccessCheckResult r =
          AccessCheck.check(deny, SecurityToken.forAccount(BOB, List.of()), mask(WRITE), tree);
      assertThat(r.isGranted(tree.indexOf(a))).isFalse();
      assertThat(r.isGranted(tree.indexOf(set1))).isFalse();
      assertThat(r.isGranted(0)).isFalse();
      assertThat(r.isGranted(tree.indexOf(b))).isTrue();
      assertThat(r.isGranted(tree.indexOf(set2))).isTrue();
    }

    @Test
    void objectAcesAreIgnoredWithoutATree() {
      AccessCheckResult r =
          AccessCheck.check(sd, SecurityToken.forAccount(BOB, List.of()), mask(WRITE));
      assertThat(r.isGranted()).isFalse();
    }
  }

  /** accesscheck.md §3 (acl.py) decisions that are pure ACL questions. */
  @Nested
  class DirectoryOperations {

    private final UUID user = SambaFixtures.CLASS_USER;
    private final UUID group = SambaFixtures.CLASS_GROUP;
    private final UUID displayName = UUID.fromString("bf967953-0de6-11d0-a285-00aa003049e2");
    private final UUID generalInfo = UUID.fromString("59ba2f42-79a2-11d0-9020-00c04fc2d3cf");
    private final UUID adminDescription = UUID.fromString("bf967919-0de6-11d0-a285-00aa003049e2");
    private final UUID resetPassword = UUID.fromString("00299570-246d-11d0-a768-00aa006e0529");
    private final UUID changePassword = UUID.fromString("ab721a53-1e2f-11d0-9819-00aa0040529b");
    private final UUID selfMembership = UUID.fromString("bf9679c0-0de6-11d0-a285-00aa003049e2");
    private final Sid u = SambaFixtures.DOMAIN.withRid(4001);
    private final SecurityToken token =
        SecurityToken.forAccount(u, List.of(SambaFixtures.DOMAIN_USERS));
    private final String base = "O:DAG:DAD:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(A;;RPLCLORC;;;AU)";

    @Test
    void testAddU3CreateChildForOneClassOnly() {
      SecurityDescriptor ou1 = sddl(base + "(OA;CI;CC;" + user + ";;" + u + ")");
      SecurityDescriptor ou2 =
          DescriptorInheritance.createChild(
              Optional.of(ou1),
              sddl("D:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)"),
              List.of(SambaFixtures.CLASS_OU),
              true,
              SambaFixtures.DOMAIN_ADMINS,
              SambaFixtures.DOMAIN_ADMINS);
      assertThat(AccessCheck.canCreateChild(ou2, token, user)).isTrue();
      assertThat(AccessCheck.canCreateChild(ou2, token, group)).isFalse();
      assertThat(AccessCheck.canCreateChild(sddl(base), token, user)).isFalse();
    }

    @Test
    void testAddU1AnExplicitAllowBeatsAnInheritedDeny() {
      Sid da2 = SambaFixtures.DOMAIN.withRid(4002);
      SecurityDescriptor ou1 = sddl(base + "(D;CI;WPCC;;;" + da2 + ")");
      SecurityDescriptor ou2 =
          DescriptorInheritance.createChild(
              Optional.of(ou1),
              sddl("D:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)"),
              List.of(SambaFixtures.CLASS_OU),
              true,
              SambaFixtures.DOMAIN_ADMINS,
              SambaFixtures.DOMAIN_ADMINS);
      SecurityToken t = SecurityToken.forAccount(da2, List.of(SambaFixtures.DOMAIN_ADMINS));
      assertThat(AccessCheck.canCreateChild(ou2, t, user)).isTrue();
      assertThat(AccessCheck.canCreateChild(ou1, t, user)).isTrue();
    }

    @Test
    void testModifyU1U2WritePropertyForOneAttribute() {
      SecurityDescriptor sd = sddl(base + "(OA;;WP;" + displayName + ";;" + u + ")");
      assertThat(
              AccessCheck.canWriteProperty(sd, token, user, Optional.of(generalInfo), displayName))
          .isTrue();
      UUID url = UUID.fromString("9a9a0221-4a5b-11d1-a9c3-0000f80367c1");
      UUID personal = UUID.fromString("e45795b3-9455-11d1-aebd-0000f80367c1");
      assertThat(AccessCheck.canWriteProperty(sd, token, user, Optional.of(personal), url))
          .isFalse();
      assertThat(AccessCheck.canWriteProperty(sddl(base), token, user, Optional.of(personal), url))
          .isFalse();
    }

    @Test
    void testModifyU4PrincipalSelfMatchesTheObjectsOwnSid() {
      SecurityDescriptor sd = sddl(base + "(OA;;WP;" + adminDescription + ";;PS)");
      Optional<UUID> ps = Optional.of(generalInfo);
      assertThat(
              AccessCheck.canWriteProperty(
                  sddl(base), token.withPrincipalSelf(u), user, ps, adminDescription))
          .isFalse();
      assertThat(
              AccessCheck.canWriteProperty(
                  sd, token.withPrincipalSelf(u), user, ps, adminDescription))
          .isTrue();
      assertThat(
              AccessCheck.canWriteProperty(
                  sd, token.withPrincipalSelf(ANDREW), user, ps, adminDescription))
          .isFalse();
      assertThat(AccessCheck.canWriteProperty(sd, token, user, ps, adminDescription)).isFalse();
    }

    @Test
    void testModifyU5ValidatedWriteSelfMembership() {
      assertThat(AccessCheck.hasValidatedWrite(sddl(base), token, group, selfMembership)).isFalse();
      SecurityDescriptor sd = sddl(base + "(OA;;SW;" + selfMembership + ";;" + u + ")");
      assertThat(AccessCheck.hasValidatedWrite(sd, token, group, selfMembership)).isTrue();
      UUID member = selfMembership;
      assertThat(AccessCheck.canWriteProperty(sd, token, group, Optional.empty(), member))
          .isFalse();
    }

    @Test
    void testModifyU7PlainWriteCoversMember() {
      SecurityDescriptor sd = sddl(base + "(A;;WP;;;" + u + ")");
      assertThat(AccessCheck.canWriteProperty(sd, token, group, Optional.empty(), selfMembership))
          .isTrue();
    }

    @Test
    void testResetPasswordNeedsTheControlAccessRightNotWriteProperty() {
      String self = base + "(OA;;CR;" + changePassword + ";;WD)(OA;;CR;" + changePassword + ";;PS)";
      SecurityToken me = token.withPrincipalSelf(u);
      assertThat(AccessCheck.hasControlAccess(sddl(self), me, user, resetPassword)).isFalse();
      assertThat(
              AccessCheck.hasControlAccess(
                  sddl(self + "(OA;;CR;" + resetPassword + ";;PS)"), me, user, resetPassword))
          .isTrue();
      assertThat(AccessCheck.hasControlAccess(sddl(self + "(A;;WP;;;PS)"), me, user, resetPassword))
          .isFalse();
      assertThat(
              AccessCheck.hasControlAccess(
                  sddl("O:DAG:DAD:(D;;WP;;;PS)(OA;;CR;" + resetPassword + ";;PS)"),
                  me,
                  user,
                  resetPassword))
          .isTrue();
      assertThat(AccessCheck.hasControlAccess(sddl(self), token, changePassword)).isTrue();
      assertThat(AccessCheck.hasControlAccess(sddl(base), me, changePassword)).isFalse();
    }

    @Test
    void testDeleteNeedsDeleteOrDeleteChildOnTheParent() {
      SecurityDescriptor parent = sddl(base);
      assertThat(AccessCheck.canDelete(sddl(base), Optional.of(parent), token, user)).isFalse();
      assertThat(
              AccessCheck.canDelete(sddl(base + "(A;;SD;;;AU)"), Optional.of(parent), token, user))
          .isTrue();
      assertThat(
              AccessCheck.canDelete(
                  sddl(base + "(A;;SD;;;" + u + ")"), Optional.empty(), token, user))
          .isTrue();
      assertThat(
              AccessCheck.canDelete(
                  sddl(base), Optional.of(sddl(base + "(A;;DC;;;AU)")), token, user))
          .isTrue();
    }

    @Test
    void testRenameU9DeniesBeatTheDomainAdminsGrant() {
      SecurityToken admin =
          SecurityToken.forAccount(
              SambaFixtures.DOMAIN.withRid(500), List.of(SambaFixtures.DOMAIN_ADMINS));
      SecurityDescriptor obj = sddl("O:DAG:DAD:(D;;SD;;;DA)(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)");
      SecurityDescriptor ou1 = sddl("O:DAG:DAD:(D;;DC;;;DA)(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)");
      assertThat(AccessCheck.canDelete(obj, Optional.of(ou1), admin, user)).isFalse();
    }

    @Test
    void sdRightsEffectiveFollowsMaximumAllowed() {
      String ou = "O:DAG:DAD:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(A;CI;RP;;;" + u + ")";
      assertThat(sdRightsEffective(sddl(ou))).isZero();
      assertThat(sdRightsEffective(sddl(ou + "(A;CI;WD;;;" + u + ")"))).isEqualTo(4);
      assertThat(sdRightsEffective(sddl(ou + "(A;CI;WD;;;" + u + ")(A;CI;WO;;;" + u + ")")))
          .isEqualTo(7);
    }

    private int sdRightsEffective(SecurityDescriptor sd) {
      int g = AccessCheck.check(sd, token, AccessMask.MAXIMUM_ALLOWED).granted().value();
      int v = 0;
      if ((g & AccessMask.WRITE_OWNER.value()) != 0) {
        v |= 1 | 2;
      }
      if ((g & AccessMask.WRITE_DAC.value()) != 0) {
        v |= 4;
      }
      return v;
    }
  }

  /** accesscheck.md §5: Samba's raw access_check with a token holding no SID. */
  @Nested
  class EmptyToken {

    private final SecurityDescriptor sd =
        SecurityDescriptor.fromSddl(
            "O:AOG:DAD:(A;;RPWPCCDCLCSWRCWDWOGA;;;S-1-0-0)", SddlContext.of(Sid.parse("S-1-2-3")));

    @Test
    void nothingRequestedIsGranted() {
      AccessCheckResult r = AccessCheck.check(sd, SecurityToken.empty(), AccessMask.NONE);
      assertThat(r.status()).isEqualTo(AccessCheckResult.Status.GRANTED);
      assertThat(r.granted()).isEqualTo(AccessMask.NONE);
    }

    @Test
    void systemSecurityNeedsThePrivilege() {
      assertThat(
              AccessCheck.check(sd, SecurityToken.empty(), AccessMask.ACCESS_SYSTEM_SECURITY)
                  .status())
          .isEqualTo(AccessCheckResult.Status.PRIVILEGE_NOT_HELD);
      SecurityToken privileged =
          SecurityToken.empty().withPrivileges(Set.of(SecurityToken.Privilege.SECURITY));
      assertThat(AccessCheck.check(sd, privileged, AccessMask.ACCESS_SYSTEM_SECURITY).isGranted())
          .isTrue();
    }

    @Test
    void readControlIsDenied() {
      assertThat(AccessCheck.check(sd, SecurityToken.empty(), AccessMask.READ_CONTROL).status())
          .isEqualTo(AccessCheckResult.Status.ACCESS_DENIED);
    }
  }

  // ---- properties

  private static final List<Sid> SIDS =
      List.of(
          Sid.EVERYONE,
          Sid.AUTHENTICATED_USERS,
          Sid.SELF,
          ANDREW,
          BOB,
          GROUP_A,
          SambaFixtures.DOMAIN_ADMINS,
          SambaFixtures.DOMAIN_USERS);

  private static final UUID C0 = UUID.fromString("44444444-0000-0000-0000-000000000000");
  private static final List<UUID> GUIDS =
      List.of(
          UUID.fromString("44444444-0000-0000-0000-000000000001"),
          UUID.fromString("44444444-0000-0000-0000-000000000002"),
          UUID.fromString("44444444-0000-0000-0000-000000000003"),
          UUID.fromString("44444444-0000-0000-0000-000000000004"),
          UUID.fromString("44444444-0000-0000-0000-000000000005"));
  private static final ObjectTypeTree TREE =
      ObjectTypeTree.builder(C0)
          .propertySet(GUIDS.get(0), List.of(GUIDS.get(1), GUIDS.get(2)))
          .add(1, GUIDS.get(3))
          .build();

  @Provide
  Arbitrary<Ace> aces() {
    Arbitrary<AceType> type =
        Arbitraries.of(
            AceType.ACCESS_ALLOWED,
            AceType.ACCESS_DENIED,
            AceType.ACCESS_ALLOWED_OBJECT,
            AceType.ACCESS_DENIED_OBJECT);
    Arbitrary<Integer> flags = Arbitraries.of(0, 0, 0, 0x02, 0x08, 0x0a, 0x10);
    Arbitrary<Integer> bits = Arbitraries.integers().between(0, 0xFF).map(m -> m | (m & 1) << 17);
    Arbitrary<Sid> sid = Arbitraries.of(SIDS);
    Arbitrary<Optional<UUID>> guid =
        Arbitraries.of(GUIDS)
            .map(Optional::of)
            .injectNull(0.3)
            .map(o -> o == null ? Optional.empty() : o);
    return Combinators.combine(type, flags, bits, sid, guid)
        .as(
            (t, f, m, s, g) ->
                t.isObjectType()
                    ? new ObjectAce(t, AceFlags.of(f), AccessMask.of(m), g, Optional.empty(), s)
                    : new AccessAce(t, AceFlags.of(f), AccessMask.of(m), s));
  }

  @Provide
  Arbitrary<List<Ace>> dacls() {
    return aces().list().ofMaxSize(14);
  }

  @Provide
  Arbitrary<SecurityToken> tokens() {
    return Arbitraries.of(SIDS)
        .set()
        .ofMinSize(1)
        .ofMaxSize(5)
        .map(s -> SecurityToken.of(s.iterator().next(), s).withPrincipalSelf(ANDREW));
  }

  private static boolean applies(SecurityToken token, Ace ace) {
    KnownAce k = (KnownAce) ace;
    return k.isAllow() && !k.flags().isInheritOnly() && token.matches(k.sid());
  }

  @Property(tries = 400)
  void grantedIsCoveredByMatchingAllowAces(
      @ForAll("dacls") List<Ace> dacl,
      @ForAll("tokens") SecurityToken token,
      @ForAll boolean maximum) {
    SecurityDescriptor sd =
        SecurityDescriptor.of(
            ControlFlags.NONE,
            Optional.of(SambaFixtures.DOMAIN_ADMINS),
            Optional.empty(),
            Optional.empty(),
            Optional.of(Acl.of(dacl)));
    AccessMask desired = maximum ? AccessMask.MAXIMUM_ALLOWED : AccessMask.of(0x3F);
    AccessCheckResult r = AccessCheck.check(sd, token, desired, TREE);
    int union = token.contains(SambaFixtures.DOMAIN_ADMINS) ? 0x60000 : 0;
    for (Ace a : dacl) {
      if (applies(token, a)) {
        union |= ((KnownAce) a).mask().value();
      }
    }
    for (int node = 0; node < TREE.size(); node++) {
      assertThat(r.granted(node).value() & ~union).as("node %d of %s", node, r).isZero();
    }
  }

  @Property(tries = 400)
  void aDenyInFrontNeverGrantsMore(
      @ForAll("dacls") List<Ace> dacl,
      @ForAll("tokens") SecurityToken token,
      @ForAll("aces") Ace extra) {
    SecurityDescriptor before = SecurityDescriptor.ofDacl(Acl.of(dacl));
    KnownAce k = (KnownAce) extra;
    Sid mine = token.user().orElseThrow();
    Ace deny =
        k instanceof ObjectAce o
            ? ObjectAce.deny(mine, o.mask(), o.objectType(), Optional.empty(), AceFlags.NONE)
            : AccessAce.deny(mine, k.mask(), AceFlags.NONE);
    SecurityDescriptor after = SecurityDescriptor.ofDacl(Acl.of(dacl).add(0, deny));
    AccessCheckResult r0 = AccessCheck.check(before, token, AccessMask.MAXIMUM_ALLOWED, TREE);
    AccessCheckResult r1 = AccessCheck.check(after, token, AccessMask.MAXIMUM_ALLOWED, TREE);
    for (int node = 0; node < TREE.size(); node++) {
      assertThat(r1.granted(node).value() & ~r0.granted(node).value()).as("node %d", node).isZero();
    }
  }
}
