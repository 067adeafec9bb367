package org.adwriteback.ldap.preparation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.preparation.WritebackFeature;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.AceFlags;
import org.adwriteback.security.ObjectAce;
import org.adwriteback.security.SddlContext;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.Test;

/** The report's lines and totals, from hand-made checks. */
class VerificationReportTest {

  private static final Sid DOMAIN = Sid.parse("S-1-5-21-1-2-3");
  private static final Sid SVC = DOMAIN.withRid(1105);
  private static final UUID RESET = UUID.fromString("00299570-246d-11d0-a768-00aa006e0529");
  private static final UUID USER = UUID.fromString("bf967aba-0de6-11d0-a285-00aa003049e2");
  private static final String OU = "OU=Users,DC=contoso,DC=test";

  private static final Ace PLANNED =
      ObjectAce.allow(
          SVC,
          AccessMask.CONTROL_ACCESS,
          Optional.of(RESET),
          Optional.of(USER),
          AceFlags.union(AceFlags.CONTAINER_INHERIT, AceFlags.INHERIT_ONLY));
  private static final Ace INHERITED_COPY =
      ObjectAce.allow(
          SVC,
          AccessMask.CONTROL_ACCESS,
          Optional.of(RESET),
          Optional.of(USER),
          AceFlags.INHERITED);

  private static VerificationReport.Check check(boolean granted, List<Ace> deciding) {
    return new VerificationReport.Check(
        WritebackFeature.PASSWORD,
        OU,
        "CN=alice," + OU,
        "Reset Password on user objects under " + OU,
        PLANNED,
        granted,
        deciding);
  }

  @Test
  void anInheritedCopyOfThePlannedAceIsShownAsThePlannedAce() {
    String line = check(true, List.of(INHERITED_COPY)).line(SddlContext.of(DOMAIN));
    assertThat(line)
        .isEqualTo(
            "password: Reset Password on user objects under "
                + OU
                + ": granted by (OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;"
                + "bf967aba-0de6-11d0-a285-00aa003049e2;S-1-5-21-1-2-3-1105)"
                + " [checked on CN=alice,"
                + OU
                + "]");
  }

  @Test
  void aDenyIsNamedAndNothingApplyingIsSaid() {
    Ace deny =
        ObjectAce.deny(
            SVC, AccessMask.CONTROL_ACCESS, Optional.of(RESET), Optional.empty(), AceFlags.NONE);
    assertThat(check(false, List.of(deny)).line(SddlContext.NONE))
        .contains(": DENIED by deny (OD;;CR;00299570-246d-11d0-a768-00aa006e0529;;");
    assertThat(check(false, List.of()).line(SddlContext.NONE))
        .contains(": DENIED (no ACE grants it to the account)");
  }

  @Test
  void allEffectiveOnlyWhenEveryCheckIsGranted() {
    VerificationReport ok = new VerificationReport(List.of(check(true, List.of(INHERITED_COPY))));
    VerificationReport not =
        new VerificationReport(
            List.of(check(true, List.of(INHERITED_COPY)), check(false, List.of())));
    assertThat(ok.allEffective()).isTrue();
    assertThat(ok.refused()).isEmpty();
    assertThat(not.allEffective()).isFalse();
    assertThat(not.refused()).hasSize(1);
    assertThat(not.lines(SddlContext.NONE)).hasSize(2);
    assertThat(new VerificationReport(List.of()).allEffective()).isTrue();
  }
}
