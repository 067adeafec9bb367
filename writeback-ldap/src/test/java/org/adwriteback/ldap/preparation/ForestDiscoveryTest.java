package org.adwriteback.ldap.preparation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Discovery on the testkit: naming contexts, the domain from CN=Partitions, schema and GUIDs. */
class ForestDiscoveryTest {

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
  void readsTheDomainTheSchemaVersionAndTheGuids() throws Exception {
    long before = kit.sessions.operations();
    Forest f = ForestDiscovery.discover(kit.sessions, ForestDiscovery.Scope.ALL_DOMAINS);
    assertThat(kit.sessions.operations() - before).isLessThanOrEqualTo(6);
    assertThat(f.defaultNamingContext()).isEqualTo(kit.ad.domainDn());
    assertThat(f.configurationNc()).isEqualTo(kit.ad.configurationDn());
    assertThat(f.schemaNc()).isEqualTo(kit.ad.schemaDn());
    assertThat(f.domains()).hasSize(1);
    assertThat(f.domains().get(0).sid()).isEqualTo(Sid.parse(kit.ad.domainSid()));
    assertThat(f.domains().get(0).netbiosName()).isEqualTo("CONTOSO");
    assertThat(f.domains().get(0).dnsName()).isEqualTo("contoso.test");
    assertThat(f.schemaVersion()).isEqualTo(88);
    assertThat(f.exchangeSchema()).isFalse();
    assertThat(f.guids().resolve("user"))
        .contains(UUID.fromString("bf967aba-0de6-11d0-a285-00aa003049e2"));
    assertThat(f.guids().resolve("Reset Password"))
        .contains(UUID.fromString("00299570-246d-11d0-a768-00aa006e0529"));
    assertThat(f.domainOf("CN=x,OU=y," + kit.ad.domainDn())).contains(f.domains().get(0));
    assertThat(f.domainOf("CN=x," + kit.ad.configurationDn())).isEmpty();
  }
}
