package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdDirectoryTest {

  static AdDirectory ad;

  @BeforeAll
  static void start() throws Exception {
    long t = System.nanoTime();
    ad = AdDirectory.start(AdConfiguration.forest("contoso.test"));
    System.out.println("start ms " + (System.nanoTime() - t) / 1_000_000);
  }

  @AfterAll
  static void stop() {
    ad.close();
  }

  @Test
  void rootDseNamesTheNamingContexts() throws Exception {
    try (LDAPConnection c = ad.unboundConnection(false)) {
      RootDSE root = c.getRootDSE();
      assertThat(root.getAttributeValue("defaultNamingContext")).isEqualTo("DC=contoso,DC=test");
      assertThat(root.getAttributeValue("schemaNamingContext"))
          .isEqualTo("CN=Schema,CN=Configuration,DC=contoso,DC=test");
    }
  }

  @Test
  void administratorBindsByDnUpnAndDownLevelName() throws Exception {
    try (LDAPConnection c = ad.connection()) {
      SearchResultEntry admin = c.getEntry(ad.adminDn());
      assertThat(admin.getAttributeValue("sAMAccountName")).isEqualTo("Administrator");
      assertThat(admin.hasAttribute("unicodePwd")).isFalse();
    }
    try (LDAPConnection c = ad.connectionAs("Administrator@contoso.test", ad.adminPassword())) {
      assertThat(c.isConnected()).isTrue();
    }
    try (LDAPConnection c = ad.connectionAs("CONTOSO\\Administrator", ad.adminPassword())) {
      assertThat(c.isConnected()).isTrue();
    }
  }
}
