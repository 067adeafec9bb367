package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AclTest {

  private static final UUID RESET_PASSWORD =
      UUID.fromString("00299570-246d-11d0-a768-00aa006e0529");
  private static final Ace ALLOW_AU =
      AccessAce.allow(Sid.AUTHENTICATED_USERS, AccessMask.DS_GENERIC_READ, AceFlags.NONE);
  private static final Ace DENY_EVERYONE =
      ObjectAce.deny(
          Sid.EVERYONE,
          AccessMask.CONTROL_ACCESS,
          Optional.of(RESET_PASSWORD),
          Optional.empty(),
          AceFlags.NONE);
  private static final Ace INHERITED_SY =
      AccessAce.allow(Sid.LOCAL_SYSTEM, AccessMask.GENERIC_ALL, AceFlags.INHERITED);

  @Test
  void choosesRevisionFourOnlyForObjectAces() {
    assertThat(Acl.of(ALLOW_AU).revision()).isEqualTo(2);
    assertThat(Acl.of(ALLOW_AU, DENY_EVERYONE).revision()).isEqualTo(4);
    assertThat(Acl.of(ALLOW_AU).add(DENY_EVERYONE).revision()).isEqualTo(4);
  }

  @Test
  void detectsAndRepairsNonCanonicalOrder() {
    Acl acl = Acl.of(ALLOW_AU, INHERITED_SY, DENY_EVERYONE);
    assertThat(acl.isCanonical()).isFalse();
    Acl fixed = acl.canonicalize();
    assertThat(fixed.aces()).containsExactly(DENY_EVERYONE, ALLOW_AU, INHERITED_SY);
    assertThat(fixed.isCanonical()).isTrue();
    assertThat(fixed.canonicalize()).isSameAs(fixed);
  }

  @Test
  void insertsAtTheCanonicalPosition() {
    Acl acl = Acl.of(ALLOW_AU, INHERITED_SY).addCanonical(DENY_EVERYONE);
    assertThat(acl.aces()).containsExactly(DENY_EVERYONE, ALLOW_AU, INHERITED_SY);
    Ace allowPs = AccessAce.allow(Sid.SELF, AccessMask.WRITE_PROPERTY, AceFlags.NONE);
    assertThat(acl.addCanonical(allowPs).aces())
        .containsExactly(DENY_EVERYONE, ALLOW_AU, allowPs, INHERITED_SY);
  }

  @Test
  void removesAndFindsBySemantics() {
    Acl acl = Acl.of(ALLOW_AU, DENY_EVERYONE, ALLOW_AU);
    Ace sameAsAllowAu =
        new AccessAce(
            AceType.ACCESS_ALLOWED,
            AceFlags.NONE,
            AccessMask.of(0x20094),
            Sid.parse("S-1-5-11"),
            new byte[4]);
    assertThat(acl.contains(sameAsAllowAu)).isTrue();
    assertThat(acl.remove(sameAsAllowAu).aces()).containsExactly(DENY_EVERYONE);
    assertThat(acl.remove(INHERITED_SY)).isSameAs(acl);
  }

  @Test
  void diffsTwoAcls() {
    Acl before = Acl.of(DENY_EVERYONE, ALLOW_AU);
    Acl after = Acl.of(ALLOW_AU, INHERITED_SY);
    AclDiff diff = before.diff(after);
    assertThat(diff.removed()).containsExactly(DENY_EVERYONE);
    assertThat(diff.added()).containsExactly(INHERITED_SY);
    assertThat(diff.reordered()).isFalse();
    assertThat(before.diff(before).isEmpty()).isTrue();
    assertThat(Acl.of(ALLOW_AU, DENY_EVERYONE).diff(before).reordered()).isTrue();
  }

  @Test
  void sortsLikeADirectoryServer() {
    Ace allowObject =
        ObjectAce.allow(
            Sid.SELF,
            AccessMask.CONTROL_ACCESS,
            Optional.of(RESET_PASSWORD),
            Optional.empty(),
            AceFlags.NONE);
    Acl acl = Acl.of(INHERITED_SY, allowObject, ALLOW_AU, DENY_EVERYONE);
    assertThat(acl.sortLikeDirectoryServer().aces())
        .containsExactly(DENY_EVERYONE, ALLOW_AU, allowObject, INHERITED_SY);
  }

  @Test
  void addingToAParsedAclEncodesLikeAnAclBuiltFromScratch() {
    // a real DACL with object ACEs, padding-free, from the Windows vectors
    String sddl =
        "O:BAG:BAD:AI(OA;CIIO;RP;4c164200-20c0-11d0-a768-00aa006e0529;"
            + "4828cc14-1437-45bc-9b07-ad6f015e5f28;RU)(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;SY)"
            + "(A;CI;LC;;;RU)S:AI(AU;SA;CR;;;BA)";
    SecurityDescriptor parsed =
        SecurityDescriptor.fromBytes(SecurityDescriptor.fromSddl(sddl).toBytes());
    Acl dacl = parsed.dacl().orElseThrow();
    Ace extra =
        ObjectAce.allow(
            Sid.parse("S-1-5-21-1-2-3-1111"),
            AccessMask.WRITE_PROPERTY,
            Optional.of(UUID.fromString("28630ebf-41d5-11d1-a9c1-0000f80367c1")),
            Optional.empty(),
            AceFlags.CONTAINER_INHERIT);
    for (int index = 0; index <= dacl.size(); index++) {
      SecurityDescriptor edited = parsed.withDacl(dacl.add(index, extra));
      SecurityDescriptor scratch =
          parsed.withDacl(Acl.of(dacl.revision(), edited.dacl().orElseThrow().aces()));
      assertThat(edited.toBytes()).as("insert at %d", index).isEqualTo(scratch.toBytes());
      assertThat(SecurityDescriptor.fromBytes(edited.toBytes())).isEqualTo(edited);
    }
  }

  @Test
  void toSddlIsTheAceStringsOfTheDaclWithoutItsFlags() {
    SecurityDescriptor sd =
        SecurityDescriptor.fromSddl(
            "D:PAI(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;"
                + "bf967aba-0de6-11d0-a285-00aa003049e2;AU)(A;;RPLC;;;WD)");
    assertThat(sd.dacl().orElseThrow().toSddl(SddlContext.NONE))
        .isEqualTo(
            "(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;"
                + "bf967aba-0de6-11d0-a285-00aa003049e2;AU)(A;;LCRP;;;WD)");
    assertThat(Acl.empty().toSddl(SddlContext.NONE)).isEmpty();
  }
}
