package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs small test classes through the JUnit engine and checks what the extension did. */
class AdDirectoryExtensionTest {

  static final List<Object> SEEN = new ArrayList<>();

  private static EngineExecutionResults run(Class<?> testClass) {
    SEEN.clear();
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
  }

  @Test
  void staticFieldSharesOneDirectoryAndRestoresItBetweenTests() {
    run(SharedRestored.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
  }

  @Test
  void keepingStateLetsLaterTestsSeeEarlierChanges() {
    run(SharedKept.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
  }

  @Test
  void instanceFieldGivesEachTestAFreshDirectory() {
    run(FreshPerTest.class).testEvents().assertStatistics(s -> s.succeeded(2));
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
    // JUnit closed each directory after its test: the listeners are gone
    assertThat(SEEN).allSatisfy(d -> assertThat(((AdDirectory) d).ldapPort()).isEqualTo(-1));
  }

  @Test
  void injectedConnectionIsBoundAsAdministratorAndClosedAfterTheTest() {
    run(ConnectionInjected.class).testEvents().assertStatistics(s -> s.succeeded(1));
    assertThat(SEEN).hasSize(1);
    assertThat(((LDAPConnection) SEEN.get(0)).isConnected()).isFalse();
  }

  @Test
  void beforeAllCannotReceiveAPerTestDirectory() {
    var events = run(MisusedBeforeAll.class).containerEvents();
    events.assertStatistics(s -> s.failed(1));
    assertThat(
            events.failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class))
                .flatMap(java.util.Optional::stream)
                .map(r -> r.getThrowable().orElseThrow()))
        .anyMatch(t -> t instanceof org.junit.jupiter.api.extension.ParameterResolutionException);
  }

  @Test
  void twoDomainPresetInjectsAForestWithBothDomains() {
    run(TwoDomains.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(SEEN).hasSize(1);
  }

  static class TwoDomains {
    @RegisterExtension
    static AdDirectoryExtension ad = AdDirectoryExtension.twoDomainForest("contoso.test");

    @Test
    void seesBothDomains(AdDirectory directory, LDAPConnection c) throws Exception {
      SEEN.add(directory);
      assertThat(directory.domains()).hasSize(2);
      String child = directory.domain("EMEA").dn();
      assertThat(child).isEqualTo("DC=emea," + directory.domainDn());
      String ou = directory.addOu(child, "Sales");
      assertThat(c.getEntry(ou)).isNotNull();
    }
  }

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class SharedRestored {
    @RegisterExtension static AdDirectoryExtension ad = AdDirectoryExtension.forest("contoso.test");

    @Test
    @Order(1)
    void addsAnOu(AdDirectory directory) throws Exception {
      SEEN.add(directory);
      directory.addOu("Temp");
    }

    @Test
    @Order(2)
    void doesNotSeeIt(AdDirectory directory, LDAPConnection c) throws Exception {
      SEEN.add(directory);
      assertThat(c.getEntry("OU=Temp," + directory.domainDn())).isNull();
    }
  }

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class SharedKept {
    @RegisterExtension
    static AdDirectoryExtension ad = AdDirectoryExtension.forest("fabrikam.test").keepingState();

    @Test
    @Order(1)
    void addsAnOu(AdDirectory directory) throws Exception {
      directory.addOu("Temp");
    }

    @Test
    @Order(2)
    void seesIt(AdDirectory directory, LDAPConnection c) throws Exception {
      assertThat(c.getEntry("OU=Temp," + directory.domainDn())).isNotNull();
    }
  }

  static class FreshPerTest {
    @RegisterExtension AdDirectoryExtension ad = AdDirectoryExtension.forest("contoso.test");

    @Test
    void one(AdDirectory directory) {
      SEEN.add(directory);
    }

    @Test
    void two(AdDirectory directory) {
      SEEN.add(directory);
    }
  }

  static class ConnectionInjected {
    @RegisterExtension static AdDirectoryExtension ad = AdDirectoryExtension.forest("contoso.test");

    @Test
    void whoAmI(AdDirectory directory, LDAPConnection c) throws Exception {
      SEEN.add(c);
      WhoAmIExtendedResult r =
          (WhoAmIExtendedResult) c.processExtendedOperation(new WhoAmIExtendedRequest());
      assertThat(r.getAuthorizationID()).isEqualTo("u:CONTOSO\\Administrator"); // as AD answers
    }
  }

  static class MisusedBeforeAll {
    @RegisterExtension AdDirectoryExtension ad = AdDirectoryExtension.forest("contoso.test");

    @BeforeAll
    static void tooEarly(AdDirectory directory) {}

    @Test
    void never() {}
  }
}
