package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The token: SID lookup, the well-known SIDs of an account logon, PRINCIPAL_SELF. */
class SecurityTokenTest {

  private static final Sid DOMAIN = SambaFixtures.DOMAIN;

  @Test
  void anAccountTokenCarriesEveryoneAndAuthenticatedUsers() {
    SecurityToken t = SecurityToken.forAccount(DOMAIN.withRid(1111), List.of(DOMAIN.withRid(513)));
    assertThat(t.matches(Sid.EVERYONE)).isTrue();
    assertThat(t.matches(Sid.AUTHENTICATED_USERS)).isTrue();
    assertThat(t.matches(DOMAIN.withRid(513))).isTrue();
    assertThat(t.matches(DOMAIN.withRid(512))).isFalse();
    assertThat(SecurityToken.of(DOMAIN.withRid(1111), List.of()).matches(Sid.EVERYONE)).isFalse();
  }

  @Test
  void findsEveryMemberOfALargeTokenAndNothingElse() {
    List<Sid> groups = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      groups.add(DOMAIN.withRid(10_000 + i * 7));
    }
    SecurityToken t = SecurityToken.of(DOMAIN.withRid(1), groups);
    for (Sid g : groups) {
      assertThat(t.contains(g)).as("%s", g).isTrue();
    }
    for (int i = 0; i < 500; i++) {
      assertThat(t.contains(DOMAIN.withRid(10_001 + i * 7))).isFalse();
    }
    assertThat(t.contains(DOMAIN.withRid(1))).isTrue();
  }

  @Test
  void principalSelfMatchesOnlyWhenTheObjectSidIsInTheToken() {
    Sid me = DOMAIN.withRid(1111);
    SecurityToken t = SecurityToken.forAccount(me, List.of());
    assertThat(t.matches(Sid.SELF)).isFalse();
    assertThat(t.withPrincipalSelf(me).matches(Sid.SELF)).isTrue();
    assertThat(t.withPrincipalSelf(DOMAIN.withRid(1112)).matches(Sid.SELF)).isFalse();
    assertThat(t.withPrincipalSelf(me).principalSelf()).contains(me);
  }

  @Test
  void theEmptyTokenMatchesNothing() {
    SecurityToken t = SecurityToken.empty();
    assertThat(t.user()).isEmpty();
    assertThat(t.matches(Sid.EVERYONE)).isFalse();
    assertThat(
            t.withPrivileges(Set.of(SecurityToken.Privilege.SECURITY))
                .hasPrivilege(SecurityToken.Privilege.SECURITY))
        .isTrue();
    assertThat(t.hasPrivilege(SecurityToken.Privilege.SECURITY)).isFalse();
  }
}
