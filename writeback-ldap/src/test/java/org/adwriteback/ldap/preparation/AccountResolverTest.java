package org.adwriteback.ldap.preparation;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Account resolution on the testkit: every accepted form finds the same account. */
class AccountResolverTest {

  private static TestkitLab kit;

  @BeforeAll
  static void start() throws Exception {
    kit = new TestkitLab();
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  @Test
  void everyFormOfTheNameResolvesToTheSameAccount() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    String sam = lab.account().substring(3, lab.account().indexOf(','));
    kit.admin.modify(
        lab.account(),
        new Modification(ModificationType.REPLACE, "userPrincipalName", sam + "@contoso.test"));
    ResolvedAccount byDn = AccountResolver.resolve(kit.sessions, kit.forest, lab.account());
    assertThat(byDn.name()).isEqualTo("CONTOSO\\" + sam);
    assertThat(byDn.domainDn()).isEqualTo(kit.ad.domainDn());
    assertThat(byDn.sid().toString()).startsWith(kit.ad.domainSid() + "-");
    for (String name :
        List.of(
            "CONTOSO\\" + sam,
            "contoso\\" + sam.toUpperCase(java.util.Locale.ROOT),
            "contoso.test\\" + sam,
            sam + "@contoso.test",
            byDn.sid().toString(),
            "  " + sam + "  ",
            lab.account().toLowerCase(java.util.Locale.ROOT))) {
      assertThat(AccountResolver.resolve(kit.sessions, kit.forest, name)).as(name).isEqualTo(byDn);
    }
  }

  @Test
  void theTokenStartsWithTheAccountSid() throws Exception {
    TestkitLab.Lab lab = kit.lab();
    ResolvedAccount a = AccountResolver.resolve(kit.sessions, kit.forest, lab.account());
    assertThat(AccountResolver.tokenSids(kit.sessions, kit.forest, a)).first().isEqualTo(a.sid());
  }
}
