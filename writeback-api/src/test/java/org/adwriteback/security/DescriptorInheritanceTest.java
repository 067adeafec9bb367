package org.adwriteback.security;

import static org.adwriteback.security.SambaFixtures.CLASS_COMPUTER;
import static org.adwriteback.security.SambaFixtures.CLASS_GROUP;
import static org.adwriteback.security.SambaFixtures.CLASS_OU;
import static org.adwriteback.security.SambaFixtures.CLASS_USER;
import static org.adwriteback.security.SambaFixtures.DOMAIN_ADMINS;
import static org.adwriteback.security.TestAces.ace;
import static org.adwriteback.security.TestAces.aces;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inheritance (MS-DTYP 2.5.3.4 as AD applies it) against the descriptors a Samba 4.17 DC computed
 * (fixtures/samba/inheritance.tsv) and the cases of ../shared/spec/vectors/inheritance.md.
 */
class DescriptorInheritanceTest {

  private static final String FILE = "inheritance.tsv";
  private static final String PARENT = "OU=Inherit,OU=Fixtures,DC=contoso,DC=test";
  private static final String CHILD_OU = "OU=Child," + PARENT;
  private static final List<UUID> GROUP = List.of(CLASS_GROUP);

  /**
   * The creator descriptor that reproduces a Samba child's explicit part (no SDDL needed): its
   * explicit ACEs, no owner or group (Administrator created the children without a descriptor, so
   * they are defaulted to Domain Admins).
   */
  private static SecurityDescriptor explicitPartOf(SecurityDescriptor sd) {
    return SecurityDescriptor.of(
        ControlFlags.NONE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(Acl.of(sd.dacl().orElseThrow().explicitAces())));
  }

  private static List<Ace> dacl(SecurityDescriptor sd) {
    return sd.dacl().orElseThrow().aces();
  }

  @Nested
  class AgainstSamba {

    static Stream<Arguments> children() {
      return Stream.of(
          Arguments.of(PARENT, CHILD_OU, CLASS_OU),
          Arguments.of(PARENT, "CN=Inherit User," + PARENT, CLASS_USER),
          Arguments.of(PARENT, "CN=Inherit Group," + PARENT, CLASS_GROUP),
          Arguments.of(PARENT, "CN=INHPC01," + PARENT, CLASS_COMPUTER),
          Arguments.of(CHILD_OU, "CN=Grandchild User," + CHILD_OU, CLASS_USER));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("children")
    void computesTheDescriptorSambaStoredForEachChild(String parentDn, String childDn, UUID cls) {
      SecurityDescriptor parent = SambaFixtures.sd(FILE, parentDn, 15);
      SecurityDescriptor samba = SambaFixtures.sd(FILE, childDn, 15);

      SecurityDescriptor ours =
          DescriptorInheritance.createChild(
              Optional.of(parent),
              explicitPartOf(samba),
              List.of(cls),
              true,
              DOMAIN_ADMINS,
              DOMAIN_ADMINS);

      assertThat(dacl(ours)).containsExactlyElementsOf(dacl(samba));
      assertThat(ours.sacl().orElseThrow().aces())
          .containsExactlyElementsOf(samba.sacl().orElseThrow().aces());
      assertThat(ours).isEqualTo(samba);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("children")
    void sambasDescriptorsAreAFixedPointOfRePropagation(String parentDn, String childDn, UUID cls) {
      SecurityDescriptor parent = SambaFixtures.sd(FILE, parentDn, 15);
      SecurityDescriptor samba = SambaFixtures.sd(FILE, childDn, 15);

      assertThat(DescriptorInheritance.propagate(parent, samba, List.of(cls), true))
          .isEqualTo(samba);
    }

    @Test
    void anAceForUserObjectsDoesNotReachAComputerAlthoughComputerIsASubclassOfUser() {
      SecurityDescriptor computer = SambaFixtures.sd(FILE, "CN=INHPC01," + PARENT, 15);
      Ace resetForUsers =
          ace(
              "(OA;CIIOID;CR;00299570-246d-11d0-a768-00aa006e0529;"
                  + "bf967aba-0de6-11d0-a285-00aa003049e2;"
                  + SambaFixtures.SVC
                  + ")");

      assertThat(dacl(computer)).contains(resetForUsers);
      SecurityDescriptor chainPassed =
          DescriptorInheritance.createChild(
              Optional.of(SambaFixtures.sd(FILE, PARENT, 15)),
              explicitPartOf(computer),
              List.of(CLASS_COMPUTER, CLASS_USER),
              true,
              DOMAIN_ADMINS,
              DOMAIN_ADMINS);
      assertThat(chainPassed).isNotEqualTo(computer);
    }

    @Test
    void rewritesExplicitCreatorOwnerAndGenericAcesOnWriteAsSambaDid() {
      SecurityDescriptor grandparent =
          SambaFixtures.sd("descriptors.tsv", "OU=Fixtures,DC=contoso,DC=test", 15);
      SecurityDescriptor stored = SambaFixtures.sd(FILE, PARENT, 15);
      String svc = SambaFixtures.SVC.toString();
      String helper = SambaFixtures.HELPER.toString();
      String user = "bf967aba-0de6-11d0-a285-00aa003049e2";
      // The ACEs the capture script inserted (README), in order, before the DACL it had read.
      List<Ace> written =
          new ArrayList<>(
              aces(
                  "(OD;CI;WP;bf967950-0de6-11d0-a285-00aa003049e2;"
                      + user
                      + ";"
                      + helper
                      + ")"
                      + "(A;CI;RPWP;;;"
                      + svc
                      + ")"
                      + "(A;OI;RC;;;"
                      + svc
                      + ")"
                      + "(A;CIIO;WP;;;"
                      + helper
                      + ")"
                      + "(OA;CIIO;RP;bf967a0a-0de6-11d0-a285-00aa003049e2;"
                      + user
                      + ";"
                      + svc
                      + ")"
                      + "(OA;CI;CR;00299570-246d-11d0-a768-00aa006e0529;"
                      + user
                      + ";"
                      + svc
                      + ")"
                      + "(OA;CI;CCDC;bf967a9c-0de6-11d0-a285-00aa003049e2;;"
                      + helper
                      + ")"
                      + "(A;CINP;SD;;;"
                      + helper
                      + ")"
                      + "(A;CI;RPWP;;;CO)"
                      + "(A;CI;GA;;;"
                      + helper
                      + ")"
                      + "(A;CIIO;GR;;;"
                      + svc
                      + ")"));
      // What the DACL held before: the OU's default ACEs (the last 9 explicit ones now) and the
      // inherited ones, which the DC drops from an unprotected DACL and recomputes.
      List<Ace> explicitNow = stored.dacl().orElseThrow().explicitAces();
      written.addAll(explicitNow.subList(explicitNow.size() - 9, explicitNow.size()));
      written.addAll(stored.dacl().orElseThrow().inheritedAces());

      SecurityDescriptor ours =
          DescriptorInheritance.applyWrite(
              Optional.of(grandparent),
              stored,
              SecurityDescriptor.ofDacl(Acl.of(written)),
              List.of(CLASS_OU),
              true);

      assertThat(dacl(ours)).containsExactlyElementsOf(dacl(stored));
      assertThat(ours).isEqualTo(stored);
    }

    @Test
    void rePropagationRecomputesOnlyTheInheritedPart() {
      SecurityDescriptor parent = SambaFixtures.sd(FILE, PARENT, 15);
      SecurityDescriptor user = SambaFixtures.sd(FILE, "CN=Inherit User," + PARENT, 15);
      Ace removed = ace("(A;CI;RPWP;;;" + SambaFixtures.SVC + ")");
      Ace added = ace("(OA;CI;WP;bf967950-0de6-11d0-a285-00aa003049e2;;NU)");
      SecurityDescriptor changed =
          parent.withDacl(parent.dacl().orElseThrow().remove(removed).add(0, added));

      SecurityDescriptor after =
          DescriptorInheritance.propagate(changed, user, List.of(CLASS_USER), true);

      assertThat(after.dacl().orElseThrow().explicitAces())
          .containsExactlyElementsOf(user.dacl().orElseThrow().explicitAces());
      assertThat(dacl(after))
          .doesNotContain(ace("(A;CIID;RPWP;;;" + SambaFixtures.SVC + ")"))
          .contains(ace("(OA;CIID;WP;bf967950-0de6-11d0-a285-00aa003049e2;;NU)"));
      assertThat(after.dacl().orElseThrow().inheritedAces().get(0))
          .isEqualTo(ace("(OA;CIID;WP;bf967950-0de6-11d0-a285-00aa003049e2;;NU)"));
      assertThat(after.owner()).isEqualTo(user.owner());
      assertThat(after.sacl()).isEqualTo(user.sacl());
    }
  }

  /**
   * The cached fast path (per-ACL precomputation, shared ACE objects, memoized inherited parts)
   * gives the same bytes as the rule-by-rule algorithm ({@link ReferenceInheritance}), also when
   * one parent ACL serves many calls with different classes, owners and container flags.
   */
  @Nested
  class SameBytesAsTheRuleByRuleAlgorithm {

    private static final UUID OTHER = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
    private static final UUID ATTR = UUID.fromString("bf967a0e-0de6-11d0-a285-00aa003049e2");
    private static final UUID[] GUIDS = {CLASS_USER, CLASS_GROUP, CLASS_OU, OTHER, ATTR};
    private static final Sid[] SIDS = {
      Sid.CREATOR_OWNER,
      Sid.CREATOR_GROUP,
      TestAces.sid("DA"),
      TestAces.sid("DU"),
      Sid.AUTHENTICATED_USERS,
      Sid.EVERYONE
    };
    private static final int[] MASKS = {0x10, 0x30, 0x4, 0x10000000, 0x80000000, 0xA0000014};
    private static final List<List<UUID>> TYPES =
        List.of(
            List.of(CLASS_USER),
            List.of(CLASS_GROUP),
            List.of(CLASS_USER, OTHER),
            List.of(),
            List.of(CLASS_COMPUTER));

    private static Optional<UUID> maybe(java.util.Random r) {
      return r.nextInt(3) == 0 ? Optional.empty() : Optional.of(GUIDS[r.nextInt(GUIDS.length)]);
    }

    private static Acl randomAcl(java.util.Random r, boolean sacl) {
      List<Ace> aces = new ArrayList<>();
      int n = r.nextInt(12);
      for (int i = 0; i < n; i++) {
        int flags = r.nextInt(0x20) | (sacl ? 0x40 : 0);
        Sid sid = SIDS[r.nextInt(SIDS.length)];
        AccessMask mask = AccessMask.of(MASKS[r.nextInt(MASKS.length)]);
        boolean object = r.nextBoolean();
        AceType type =
            sacl
                ? (object ? AceType.SYSTEM_AUDIT_OBJECT : AceType.SYSTEM_AUDIT)
                : r.nextBoolean()
                    ? (object ? AceType.ACCESS_ALLOWED_OBJECT : AceType.ACCESS_ALLOWED)
                    : (object ? AceType.ACCESS_DENIED_OBJECT : AceType.ACCESS_DENIED);
        aces.add(
            object
                ? new ObjectAce(type, AceFlags.of(flags), mask, maybe(r), maybe(r), sid)
                : new AccessAce(type, AceFlags.of(flags), mask, sid));
      }
      return Acl.of(aces);
    }

    private static SecurityDescriptor randomSd(java.util.Random r, boolean withOwner) {
      int control = 0;
      if (r.nextInt(5) == 0) {
        control |= ControlFlags.DACL_PROTECTED;
      }
      if (r.nextInt(5) == 0) {
        control |= ControlFlags.SACL_PROTECTED;
      }
      return SecurityDescriptor.of(
          ControlFlags.of(control),
          withOwner && r.nextBoolean() ? Optional.of(SIDS[2 + r.nextInt(4)]) : Optional.empty(),
          withOwner && r.nextBoolean() ? Optional.of(SIDS[2 + r.nextInt(4)]) : Optional.empty(),
          r.nextInt(3) == 0 ? Optional.of(randomAcl(r, true)) : Optional.empty(),
          r.nextInt(6) == 0 ? Optional.empty() : Optional.of(randomAcl(r, false)));
    }

    @Test
    void createAndPropagateMatchTheReference() {
      java.util.Random r = new java.util.Random(20261202);
      int compared = 0;
      for (int round = 0; round < 300; round++) {
        SecurityDescriptor parent = randomSd(r, true);
        SecurityDescriptor changedParent =
            r.nextBoolean() ? parent : parent.withDacl(randomAcl(r, false));
        for (int call = 0; call < 12; call++) {
          SecurityDescriptor creator = randomSd(r, true);
          List<UUID> types = TYPES.get(r.nextInt(TYPES.size()));
          boolean container = r.nextInt(4) != 0;
          Sid owner = SIDS[2 + r.nextInt(2)];
          Sid group = SIDS[3 + r.nextInt(2)];
          SecurityDescriptor expected =
              ReferenceInheritance.createChild(
                  Optional.of(parent), creator, types, container, owner, group);
          SecurityDescriptor actual =
              DescriptorInheritance.createChild(
                  Optional.of(parent), creator, types, container, owner, group);
          assertThat(actual).isEqualTo(expected);
          assertThat(actual.toBytes()).isEqualTo(expected.toBytes());

          SecurityDescriptor repropagated =
              DescriptorInheritance.propagate(changedParent, actual, types, container);
          SecurityDescriptor reference =
              ReferenceInheritance.propagate(changedParent, expected, types, container);
          assertThat(repropagated).isEqualTo(reference);
          assertThat(repropagated.toBytes()).isEqualTo(reference.toBytes());
          compared++;
        }
      }
      assertThat(compared).isEqualTo(3600);
    }

    @Test
    void aMissingOwnerFailsLikeTheReferenceWhenAnInheritedAceNamesCreatorOwner() {
      SecurityDescriptor parent = TestAces.sd("DA", "DA", false, "(A;CI;RP;;;CO)");
      SecurityDescriptor child = TestAces.sd(null, null, false, "(A;;RP;;;DU)");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> ReferenceInheritance.propagate(parent, child, GROUP, true))
          .isInstanceOf(IllegalArgumentException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> DescriptorInheritance.propagate(parent, child, GROUP, true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("CREATOR OWNER");
    }

    @Test
    void rePropagatingAnUnchangedParentReturnsTheChildItself() {
      SecurityDescriptor parent = SambaFixtures.sd(FILE, PARENT, 15);
      SecurityDescriptor user = SambaFixtures.sd(FILE, "CN=Inherit User," + PARENT, 15);
      assertThat(DescriptorInheritance.propagate(parent, user, List.of(CLASS_USER), true))
          .isSameAs(user);
    }
  }

  /** inheritance.md §2: object-type-aware inheritance onto a group child (Windows 2022). */
  @Nested
  class ObjectTypeCases {

    private SecurityDescriptor child(String parentAce) {
      SecurityDescriptor parent = TestAces.sd("DA", "DA", true, parentAce);
      SecurityDescriptor creator = TestAces.sd("AU", "AU", false, "(A;;CC;;;AU)");
      return DescriptorInheritance.createChild(
          Optional.of(parent), creator, GROUP, true, DOMAIN_ADMINS, DOMAIN_ADMINS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            ci_ga_no_attr_same      | (OA;CI;GA;;bf967a9c-0de6-11d0-a285-00aa003049e2;DA) | (A;ID;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)(OA;CIIOID;GA;;bf967a9c-0de6-11d0-a285-00aa003049e2;DA) |
            ci_ga_no_attr_diff      | (OA;CI;GA;;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA) | (OA;CIIOID;GA;;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA) | (A;ID;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)
            ci_ga_name_same         | (OA;CI;GA;bf967a0e-0de6-11d0-a285-00aa003049e2;bf967a9c-0de6-11d0-a285-00aa003049e2;DA) | (OA;ID;CCDCLCSWRPWPDTLOCRSDRCWDWO;bf967a0e-0de6-11d0-a285-00aa003049e2;;DA)(OA;CIIOID;GA;bf967a0e-0de6-11d0-a285-00aa003049e2;bf967a9c-0de6-11d0-a285-00aa003049e2;DA) |
            ci_ga_name_diff         | (OA;CI;GA;bf967a0e-0de6-11d0-a285-00aa003049e2;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA) | (OA;CIIOID;GA;bf967a0e-0de6-11d0-a285-00aa003049e2;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA) | (OA;ID;CCDCLCSWRPWPDTLOCRSDRCWDWO;bf967a0e-0de6-11d0-a285-00aa003049e2;;DA)
            ci_lc_no_attr_same      | (OA;CI;LC;;bf967a9c-0de6-11d0-a285-00aa003049e2;DA) | (OA;CIID;LC;;bf967a9c-0de6-11d0-a285-00aa003049e2;DA) | (A;ID;LC;;;DA)
            ci_lc_no_attr_diff      | (OA;CI;LC;;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA) | (OA;CIIOID;LC;;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA) | (A;ID;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)
            ci_lc_name_same         | (OA;CI;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;bf967a9c-0de6-11d0-a285-00aa003049e2;DA) | (OA;CIID;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;bf967a9c-0de6-11d0-a285-00aa003049e2;DA) | (OA;ID;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;;DA)
            ci_lc_name_diff         | (OA;CI;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA) | (OA;CIIOID;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA) | (OA;ID;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;;DA)
            ci_np_ga_no_attr_same   | (OA;CINP;GA;;bf967a9c-0de6-11d0-a285-00aa003049e2;DA) | (A;ID;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA) | (OA;CIIOID;GA;;bf967a9c-0de6-11d0-a285-00aa003049e2;DA)
            ci_np_ga_no_attr_diff   | (OA;CINP;GA;;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA) | | (A;ID;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)(OA;CIIOID;GA;;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA)
            ci_np_ga_name_same      | (OA;CINP;GA;bf967a0e-0de6-11d0-a285-00aa003049e2;bf967a9c-0de6-11d0-a285-00aa003049e2;DA) | (OA;ID;CCDCLCSWRPWPDTLOCRSDRCWDWO;bf967a0e-0de6-11d0-a285-00aa003049e2;;DA) | (OA;CIIOID;GA;bf967a0e-0de6-11d0-a285-00aa003049e2;bf967a9c-0de6-11d0-a285-00aa003049e2;DA)
            ci_np_ga_name_diff      | (OA;CINP;GA;bf967a0e-0de6-11d0-a285-00aa003049e2;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA) | |
            ci_np_lc_no_attr_same   | (OA;CINP;LC;;bf967a9c-0de6-11d0-a285-00aa003049e2;DA) | (A;ID;LC;;;DA) | (OA;CIID;LC;;bf967a9c-0de6-11d0-a285-00aa003049e2;DA)
            ci_np_lc_no_attr_diff   | (OA;CINP;LC;;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA) | | (A;ID;LC;;;DA)(OA;CIIOID;LC;;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA)
            ci_np_lc_name_same      | (OA;CINP;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;bf967a9c-0de6-11d0-a285-00aa003049e2;DA) | (OA;ID;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;;DA) | (OA;CIID;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;bf967a9c-0de6-11d0-a285-00aa003049e2;DA)
            ci_np_lc_name_diff      | (OA;CINP;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA) | | (OA;ID;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;;DA)(OA;CIIOID;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA)
            ci_and_io_on_attribute  | (OA;CIOI;WP;bf967a0e-0de6-11d0-a285-00aa003049e2;;DU) | (OA;OICIID;WP;bf967a0e-0de6-11d0-a285-00aa003049e2;;DU) |
            ci_and_np_on_attribute  | (OA;CINP;WP;bf967a0e-0de6-11d0-a285-00aa003049e2;;DU) | (OA;ID;WP;bf967a0e-0de6-11d0-a285-00aa003049e2;;DU) |
            oi_and_np_on_attribute  | (OA;OINP;WP;bf967a0e-0de6-11d0-a285-00aa003049e2;;DU) | | (OA;ID;WP;bf967a0e-0de6-11d0-a285-00aa003049e2;;DU)
            """)
    void inheritsObjectAcesAsWindows2022Does(
        String name, String parentAce, String mustContain, String mustNotContain) {
      List<Ace> inherited = child(parentAce).dacl().orElseThrow().inheritedAces();
      if (mustContain != null) {
        assertThat(inherited).containsAll(aces(mustContain));
      }
      if (mustNotContain != null) {
        assertThat(inherited).doesNotContainAnyElementsOf(aces(mustNotContain));
      }
    }

    @ParameterizedTest
    @CsvSource({
      "(OA;CINP;GA;;bf967a9c-0de6-11d0-a285-00aa003049e2;DA), bf967a9c-0de6-11d0-a285-00aa003049e2",
      "(OA;CINP;GA;;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA), aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
      "(OA;CINP;GA;bf967a0e-0de6-11d0-a285-00aa003049e2;aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;DA),"
          + " bf967a0e-0de6-11d0-a285-00aa003049e2",
      "(OA;CINP;LC;bf967a0e-0de6-11d0-a285-00aa003049e2;bf967a9c-0de6-11d0-a285-00aa003049e2;DA),"
          + " bf967a9c-0de6-11d0-a285-00aa003049e2",
      "(OA;OINP;WP;bf967a0e-0de6-11d0-a285-00aa003049e2;;DU), bf967a0e-0de6-11d0-a285-00aa003049e2"
    })
    void noPropagateLeavesNoTraceOfTheGuid(String parentAce, UUID guid) {
      for (Ace a : child(parentAce).dacl().orElseThrow().aces()) {
        KnownAce k = (KnownAce) a;
        assertThat(k.objectType()).as("%s", a).isNotEqualTo(Optional.of(guid));
        assertThat(k.inheritedObjectType()).as("%s", a).isNotEqualTo(Optional.of(guid));
      }
    }
  }

  /** inheritance.md §3: the older DaclDescriptorTests, child = group under a cleaned OU. */
  @Nested
  class DaclDescriptorCases {

    private final SecurityDescriptor cleanOu =
        TestAces.sd("DA", "DA", true, "(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)");

    private SecurityDescriptor create(SecurityDescriptor parent, SecurityDescriptor creator) {
      return DescriptorInheritance.createChild(
          Optional.of(parent), creator, GROUP, true, DOMAIN_ADMINS, DOMAIN_ADMINS);
    }

    private SecurityDescriptor withParentAce(String parentAce) {
      SecurityDescriptor parent =
          cleanOu.withDacl(cleanOu.dacl().orElseThrow().add(TestAces.ace(parentAce)));
      return create(parent, TestAces.sd("AU", "AU", false, "(A;;CC;;;AU)"));
    }

    private SecurityDescriptor writeDacl(SecurityDescriptor parent, SecurityDescriptor child) {
      return DescriptorInheritance.applyWrite(
          Optional.of(parent),
          child,
          SecurityDescriptor.ofDacl(TestAces.acl("(D;;CC;;;LG)")),
          GROUP,
          true);
    }

    @Test
    void test200NoInheritableAceGivesNoInheritedAce() {
      SecurityDescriptor child =
          create(cleanOu, TestAces.sd(null, null, false, "(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)"));
      assertThat(child.dacl().orElseThrow().inheritedAces()).isEmpty();
    }

    @Test
    void test201TheSuppliedDescriptorIsKeptAndAWriteReplacesIt() {
      SecurityDescriptor child = create(cleanOu, TestAces.sd("AU", "AU", false, "(D;;WP;;;DU)"));
      SecurityDescriptor expected =
          TestAces.sd("AU", "AU", false, "(D;;WP;;;DU)")
              .withControl(ControlFlags.of(ControlFlags.DACL_AUTO_INHERITED));
      assertThat(child).isEqualTo(expected);

      SecurityDescriptor written =
          DescriptorInheritance.applyWrite(
              Optional.of(cleanOu),
              child,
              TestAces.sd("AU", "AU", false, "(D;;CC;;;LG)"),
              GROUP,
              true);
      assertThat(written)
          .isEqualTo(
              TestAces.sd("AU", "AU", false, "(D;;CC;;;LG)")
                  .withControl(ControlFlags.of(ControlFlags.DACL_AUTO_INHERITED)));
    }

    @Test
    void test202NonInheritableParentAcesStayOnTheParent() {
      SecurityDescriptor parent =
          cleanOu.withDacl(
              cleanOu.dacl().orElseThrow().add(ace("(D;;WP;;;DU)")).add(ace("(A;;RP;;;DU)")));
      SecurityDescriptor child =
          create(parent, TestAces.sd(null, null, false, "(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)"));
      assertThat(child.dacl().orElseThrow().inheritedAces()).isEmpty();
      assertThat(dacl(child)).doesNotContain(ace("(D;;WP;;;DU)"), ace("(A;;RP;;;DU)"));
      assertThat(dacl(writeDacl(parent, child))).doesNotContain(ace("(D;;WP;;;DU)"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            test_203 | (D;CI;WP;;;DU) | (D;CIID;WP;;;DU)
            test_204 | (D;OI;WP;;;DU) | (D;OIIOID;WP;;;DU)
            test_205 | (OA;CI;WP;bf967a0e-0de6-11d0-a285-00aa003049e2;;DU) | (OA;CIID;WP;bf967a0e-0de6-11d0-a285-00aa003049e2;;DU)
            test_206 | (OA;OI;WP;bf967a0e-0de6-11d0-a285-00aa003049e2;;DU) | (OA;OIIOID;WP;bf967a0e-0de6-11d0-a285-00aa003049e2;;DU)
            test_207 | (OA;CI;WP;bf967a39-0de6-11d0-a285-00aa003049e2;;DU) | (OA;CIID;WP;bf967a39-0de6-11d0-a285-00aa003049e2;;DU)
            test_208 | (OA;OI;WP;bf967a39-0de6-11d0-a285-00aa003049e2;;DU) | (OA;OIIOID;WP;bf967a39-0de6-11d0-a285-00aa003049e2;;DU)
            """)
    void inheritedAceSurvivesADaclWrite(String test, String parentAce, String expected) {
      SecurityDescriptor child = withParentAce(parentAce);
      assertThat(dacl(child)).contains(ace(expected));
      SecurityDescriptor parent =
          cleanOu.withDacl(cleanOu.dacl().orElseThrow().add(ace(parentAce)));
      assertThat(dacl(writeDacl(parent, child))).contains(ace(expected), ace("(D;;CC;;;LG)"));
    }

    @Test
    void test209CreatorOwnerBecomesTheSuppliedOwner() {
      SecurityDescriptor child = withParentAce("(D;CI;WP;;;CO)");
      assertThat(dacl(child)).contains(ace("(D;ID;WP;;;AU)"), ace("(D;CIIOID;WP;;;CO)"));
    }

    @Test
    void test209AnAdministratorsWriteWithoutSdFlagsMakesDomainAdminsTheCreatorOwner() {
      SecurityDescriptor parent =
          cleanOu.withDacl(cleanOu.dacl().orElseThrow().add(ace("(D;CI;WP;;;CO)")));
      SecurityDescriptor child = withParentAce("(D;CI;WP;;;CO)");
      assertThat(child.owner()).contains(TestAces.sid("AU"));

      // the test's admin connection (Administrator: Domain, Enterprise and Schema Admins) sends
      // D:(D;;CC;;;LG) without the SD flags control, i.e. all four parts, the owner omitted
      SecurityDescriptor after =
          DescriptorInheritance.applyWrite(
              Optional.of(parent),
              child,
              SecurityDescriptor.ofDacl(TestAces.acl("(D;;CC;;;LG)")),
              0,
              GROUP,
              true,
              administrator());

      assertThat(dacl(after))
          .contains(ace("(D;;CC;;;LG)"), ace("(D;ID;WP;;;DA)"), ace("(D;CIIOID;WP;;;CO)"))
          .doesNotContain(ace("(D;ID;WP;;;AU)"));
      assertThat(after.owner()).contains(DOMAIN_ADMINS);
      assertThat(after.control().has(ControlFlags.OWNER_DEFAULTED)).isTrue();
    }

    @Test
    void test209ADaclOnlyWriteKeepsTheOwnerSoCreatorOwnerStaysTheSuppliedOwner() {
      SecurityDescriptor parent =
          cleanOu.withDacl(cleanOu.dacl().orElseThrow().add(ace("(D;CI;WP;;;CO)")));
      SecurityDescriptor child = withParentAce("(D;CI;WP;;;CO)");

      SecurityDescriptor after =
          DescriptorInheritance.applyWrite(
              Optional.of(parent),
              child,
              SecurityDescriptor.ofDacl(TestAces.acl("(D;;CC;;;LG)")),
              4,
              GROUP,
              true,
              administrator());

      assertThat(dacl(after))
          .contains(ace("(D;;CC;;;LG)"), ace("(D;ID;WP;;;AU)"), ace("(D;CIIOID;WP;;;CO)"));
      assertThat(after.owner()).isEqualTo(child.owner());
      assertThat(after.group()).isEqualTo(child.group());
      assertThat(after)
          .isEqualTo(
              DescriptorInheritance.applyWrite(
                  Optional.of(parent),
                  child,
                  SecurityDescriptor.ofDacl(TestAces.acl("(D;;CC;;;LG)")),
                  GROUP,
                  true));
    }

    /** Administrator of the Samba test domain: Domain, Enterprise and Schema Admins. */
    private DefaultOwnerGroup administrator() {
      SecurityToken token =
          SecurityToken.forAccount(
              SambaFixtures.DOMAIN.withRid(500),
              List.of(
                  SambaFixtures.DOMAIN_USERS,
                  DOMAIN_ADMINS,
                  SambaFixtures.DOMAIN.withRid(518),
                  SambaFixtures.DOMAIN.withRid(519),
                  Sid.BUILTIN_ADMINISTRATORS));
      return DefaultOwnerGroup.forCreator(
          token,
          SambaFixtures.DOMAIN_USERS,
          DefaultOwnerGroup.NamingContext.DOMAIN,
          SambaFixtures.DOMAIN,
          4);
    }

    @Test
    void test210CallerSuppliedInheritedAcesAreDropped() {
      SecurityDescriptor child =
          create(cleanOu, TestAces.sd(null, null, false, "(D;CIIO;WP;;;CO)(A;ID;WP;;;AU)"));
      assertThat(dacl(child)).doesNotContain(ace("(A;ID;WP;;;AU)"), ace("(A;;WP;;;AU)"));
    }

    @Test
    void test211ExplicitCreatorOwnerAceIsSplit() {
      SecurityDescriptor child = create(cleanOu, TestAces.sd(null, null, false, "(D;CI;WP;;;CO)"));
      assertThat(dacl(child)).contains(ace("(D;;WP;;;DA)"), ace("(D;CIIO;WP;;;CO)"));
    }

    @Test
    void test212InheritOnlyCreatorOwnerAceIsKeptOnce() {
      SecurityDescriptor child =
          create(cleanOu, TestAces.sd(null, null, false, "(D;CIIO;WP;;;CO)"));
      assertThat(dacl(child)).containsOnlyOnce(ace("(D;CIIO;WP;;;CO)"));
      assertThat(dacl(child)).doesNotContain(ace("(D;;WP;;;DA)"));
    }

    @Test
    void test213InheritOnlyWithoutInheritFlagsIsDropped() {
      SecurityDescriptor child = create(cleanOu, TestAces.sd(null, null, false, "(D;IO;WP;;;DA)"));
      assertThat(dacl(child)).doesNotContain(ace("(D;IO;WP;;;DA)"));
    }

    @Test
    void test216InheritedFlagOnAnUnprotectedDaclIsDropped() {
      SecurityDescriptor parent = TestAces.sd("DA", "DA", true, "(A;;WPRPLCCCDCWDRCSD;;;DA)");
      SecurityDescriptor child = create(parent, TestAces.sd(null, null, false, "(D;ID;WP;;;AU)"));
      assertThat(dacl(child))
          .doesNotContain(ace("(A;ID;WP;;;AU)"), ace("(A;;WP;;;AU)"), ace("(D;ID;WP;;;AU)"));
    }

    @Test
    void test217InheritedFlagOnAProtectedDaclIsClearedAndTheAceKept() {
      SecurityDescriptor parent = TestAces.sd("DA", "DA", true, "(A;;WPRPLCCCDCWDRCSD;;;DA)");
      SecurityDescriptor child = create(parent, TestAces.sd(null, null, true, "(A;ID;WP;;;AU)"));
      assertThat(dacl(child)).contains(ace("(A;;WP;;;AU)")).doesNotContain(ace("(A;ID;WP;;;AU)"));
      assertThat(child.control().has(ControlFlags.DACL_PROTECTED)).isTrue();
    }

    @Test
    void test214GenericRightsAreMappedAndKeptInheritOnlyOverTwoLevels() {
      SecurityDescriptor top = TestAces.sd("DA", "DA", true, "(A;CI;WPRPLCCCDCWDRCSD;;;DA)");
      List<UUID> ou = List.of(CLASS_OU);
      String mapped = "(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DU)";
      SecurityDescriptor[] ous = new SecurityDescriptor[5];
      String[] creation = {"(A;CI;GA;;;DU)", "(A;CIIO;GA;;;DU)", "(A;;GA;;;DU)", "(A;IO;GA;;;DU)"};
      for (int i = 0; i < 4; i++) {
        ous[i + 1] =
            DescriptorInheritance.createChild(
                Optional.of(top),
                TestAces.sd(null, null, false, creation[i]),
                ou,
                true,
                DOMAIN_ADMINS,
                DOMAIN_ADMINS);
      }
      assertThat(dacl(ous[1])).contains(ace(mapped), ace("(A;CIIO;GA;;;DU)"));
      assertThat(dacl(ous[2])).contains(ace("(A;CIIO;GA;;;DU)")).doesNotContain(ace(mapped));
      assertThat(dacl(ous[3])).contains(ace(mapped)).doesNotContain(ace("(A;CIIO;GA;;;DU)"));
      assertThat(dacl(ous[4])).doesNotContain(ace(mapped), ace("(A;CIIO;GA;;;DU)"));
      SecurityDescriptor defaultOu = TestAces.sd(null, null, false, "(A;;RPLCLORC;;;AU)");
      for (int parent : new int[] {1, 2}) {
        SecurityDescriptor grandchild =
            DescriptorInheritance.createChild(
                Optional.of(ous[parent]), defaultOu, ou, true, DOMAIN_ADMINS, DOMAIN_ADMINS);
        assertThat(dacl(grandchild))
            .as("ou%d's child", parent + 4)
            .contains(ace("(A;ID;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DU)"), ace("(A;CIIOID;GA;;;DU)"));
      }
    }

    @Test
    void test215InheritOnlyIsClearedOnTheChild() {
      SecurityDescriptor top = TestAces.sd("DA", "DA", true, "(A;CI;WPRPLCCCDCWDRCSD;;;DA)");
      List<UUID> ou = List.of(CLASS_OU);
      SecurityDescriptor ou1 =
          DescriptorInheritance.createChild(
              Optional.of(top),
              TestAces.sd(null, null, false, "(A;CIIO;WP;;;DU)"),
              ou,
              true,
              DOMAIN_ADMINS,
              DOMAIN_ADMINS);
      SecurityDescriptor ou5 =
          DescriptorInheritance.createChild(
              Optional.of(ou1),
              TestAces.sd(null, null, false, "(A;;RPLCLORC;;;AU)"),
              ou,
              true,
              DOMAIN_ADMINS,
              DOMAIN_ADMINS);
      assertThat(dacl(ou5))
          .contains(ace("(A;CIID;WP;;;DU)"))
          .doesNotContain(ace("(A;CIIOID;WP;;;DU)"));
    }

    @Test
    void test301AnAceInsertedOnTheParentReachesTheChildOnPropagation() {
      SecurityDescriptor parent = TestAces.sd("BA", "BA", true, "(A;CI;0x000f01ff;;;AU)");
      List<UUID> ou = List.of(CLASS_OU);
      SecurityDescriptor child =
          DescriptorInheritance.createChild(
              Optional.of(parent),
              TestAces.sd(null, null, false, "(A;;RPLCLORC;;;AU)"),
              ou,
              true,
              DOMAIN_ADMINS,
              DOMAIN_ADMINS);
      SecurityDescriptor newParent =
          DescriptorInheritance.applyWrite(
              Optional.empty(),
              parent,
              SecurityDescriptor.ofDacl(parent.dacl().orElseThrow().add(0, ace("(A;CI;CC;;;NU)")))
                  .withControl(ControlFlags.of(ControlFlags.DACL_PROTECTED)),
              ou,
              true);
      assertThat(dacl(newParent)).contains(ace("(A;CI;CC;;;NU)"));

      SecurityDescriptor propagated = DescriptorInheritance.propagate(newParent, child, ou, true);

      assertThat(dacl(propagated)).contains(ace("(A;CIID;CC;;;NU)"));
      assertThat(propagated.dacl().orElseThrow().explicitAces())
          .isEqualTo(child.dacl().orElseThrow().explicitAces());
    }
  }

  /**
   * inheritance.md §4 through {@link DescriptorInheritance}: a supplied owner and group win over
   * the creator's defaults (test_108-115), and a DACL write by the creator without SD flags gives
   * the same owner and group as the add did (the tests' check_modify_inheritance).
   */
  @Nested
  class OwnerGroupCases {

    private final SecurityDescriptor groupDefault =
        TestAces.sd(null, null, false, "(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)");
    private final SecurityDescriptor users = TestAces.sd("DA", "DA", false, "(A;CI;RPLCLORC;;;AU)");

    private DefaultOwnerGroup defaults(int user, int level) {
      return DefaultOwnerGroup.forCreator(
          DefaultOwnerGroupTest.token(user),
          DefaultOwnerGroupTest.DU,
          DefaultOwnerGroup.NamingContext.DOMAIN,
          SambaFixtures.DOMAIN,
          level);
    }

    private SecurityDescriptor create(Optional<SecurityDescriptor> supplied, int user, int level) {
      return DescriptorInheritance.createChild(
          Optional.of(users),
          DescriptorInheritance.creatorDescriptor(supplied, Optional.of(groupDefault)),
          GROUP,
          true,
          defaults(user, level));
    }

    @ParameterizedTest(name = "testuser{0}, level {1}")
    @CsvSource({"1, 2", "2, 2", "5, 2", "6, 2", "7, 2", "8, 2", "1, 4", "2, 4", "5, 4", "6, 4"})
    void test108To115ASuppliedOwnerAndGroupAreKept(int user, int level) {
      SecurityDescriptor sd =
          create(Optional.of(TestAces.sd("DA", "DA", false, "(A;;RP;;;DU)")), user, level);
      assertThat(sd.owner()).contains(DOMAIN_ADMINS);
      assertThat(sd.group()).contains(DOMAIN_ADMINS);
    }

    @ParameterizedTest(name = "testuser{0}, level {1}")
    @CsvSource({"3, 2", "4, 2", "3, 4", "4, 4"})
    void test110And111AnOwnerNamingTheCreatorIsKept(int user, int level) {
      Sid self = DefaultOwnerGroupTest.user(user);
      SecurityDescriptor supplied = TestAces.sd(null, "DA", false, "(A;;RP;;;DU)").withOwner(self);
      SecurityDescriptor sd = create(Optional.of(supplied), user, level);
      assertThat(sd.owner()).contains(self);
      assertThat(sd.group()).contains(DOMAIN_ADMINS);
    }

    @ParameterizedTest(name = "test_{0}: testuser{1}")
    @CsvSource({
      "100, 1, O:EAG:DU, O:EAG:EA",
      "101, 2, O:DAG:DU, O:DAG:DA",
      "104, 5, O:DAG:DU, O:DAG:DA",
      "105, 6, O:DAG:DU, O:DAG:DA",
      "106, 7, O:DAG:DU, O:DAG:DA",
      "107, 8, O:EAG:DU, O:EAG:EA"
    })
    void aDaclWriteByTheCreatorKeepsTheOwnerAndGroupOfTheAdd(
        int test, int user, String below2008, String from2008) {
      int[] levels = {2, 4};
      String[] prefixes = {below2008, from2008};
      for (int i = 0; i < 2; i++) {
        DefaultOwnerGroup want = DefaultOwnerGroupTest.expected(prefixes[i], user);
        SecurityDescriptor added = create(Optional.empty(), user, levels[i]);
        assertThat(new DefaultOwnerGroup(added.owner().orElseThrow(), added.group().orElseThrow()))
            .isEqualTo(want);

        SecurityDescriptor modified =
            DescriptorInheritance.applyWrite(
                Optional.of(users),
                added,
                SecurityDescriptor.ofDacl(TestAces.acl("(D;;CC;;;LG)")),
                0,
                GROUP,
                true,
                defaults(user, levels[i]));
        assertThat(dacl(modified)).contains(ace("(D;;CC;;;LG)"), ace("(A;CIID;RPLCLORC;;;AU)"));
        assertThat(
                new DefaultOwnerGroup(
                    modified.owner().orElseThrow(), modified.group().orElseThrow()))
            .isEqualTo(want);
      }
    }
  }

  /** inheritance.md §6: file-system propagation (containers and leaves). */
  @Nested
  class FileSystemCases {

    private static final int READ = 0x120089;

    private static String flagsOf(Optional<Ace> a) {
      if (a.isEmpty()) {
        return "-";
      }
      int f = a.get().flags().value();
      StringBuilder sb = new StringBuilder();
      sb.append((f & 0x01) != 0 ? "OI" : "").append((f & 0x02) != 0 ? "CI" : "");
      sb.append((f & 0x04) != 0 ? "NP" : "").append((f & 0x08) != 0 ? "IO" : "");
      return sb.append((f & 0x10) != 0 ? "ID" : "").toString();
    }

    private static Optional<Ace> inheritedFrom(SecurityDescriptor parent, boolean container) {
      SecurityDescriptor child =
          DescriptorInheritance.createChild(
              Optional.of(parent),
              SecurityDescriptor.ofDacl(Acl.empty()),
              List.of(),
              container,
              DOMAIN_ADMINS,
              DOMAIN_ADMINS);
      List<Ace> a = dacl(child);
      assertThat(a).hasSizeLessThanOrEqualTo(1);
      return a.stream().findFirst();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
      "OI,     ID, OIIOID, ID, OIIOID, ID",
      "CI,     -,  CIID,   -,  CIID,   -",
      "OICI,   ID, OICIID, ID, OICIID, ID",
      "OICINP, ID, ID,     -,  -,      -",
      "OINP,   ID, -,      -,  -,      -",
      "CINP,   -,  ID,     -,  -,      -",
      "OICIIO, ID, OICIID, ID, OICIID, ID",
      "CIIO,   -,  CIID,   -,  CIID,   -"
    })
    void propagatesThroughDirectoriesAndFiles(
        String added, String file1, String nested, String file2, String nestedAgain, String file3) {
      SecurityDescriptor oiDir =
          SecurityDescriptor.ofDacl(
              Acl.of(
                  new AccessAce(
                      AceType.ACCESS_ALLOWED,
                      TestAces.flags(added),
                      AccessMask.of(READ),
                      Sid.BUILTIN_USERS)));
      assertThat(flagsOf(inheritedFrom(oiDir, false))).isEqualTo(file1);
      Optional<Ace> nestedAce = inheritedFrom(oiDir, true);
      assertThat(flagsOf(nestedAce)).isEqualTo(nested);
      SecurityDescriptor nestedSd = SecurityDescriptor.ofDacl(Acl.of(nestedAce.stream().toList()));
      assertThat(flagsOf(inheritedFrom(nestedSd, false))).isEqualTo(file2);
      Optional<Ace> againAce = inheritedFrom(nestedSd, true);
      assertThat(flagsOf(againAce)).isEqualTo(nestedAgain);
      SecurityDescriptor againSd = SecurityDescriptor.ofDacl(Acl.of(againAce.stream().toList()));
      assertThat(flagsOf(inheritedFrom(againSd, false))).isEqualTo(file3);
    }
  }
}
