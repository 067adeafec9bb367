package org.adwriteback.ldap.samba;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RootDSE;
import org.adwriteback.ldap.SecurityDescriptorFlagsControl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The rootDSE facts of the Samba DC that the rest of the suite relies on. */
@Tag("samba")
class RootDseOnSambaTest {

  private final SambaDc dc = SambaDc.get();

  @Test
  void namingContextsAreThoseOfTheScriptsDomain() throws LDAPException {
    try (LDAPConnection admin = dc.admin()) {
      RootDSE root = admin.getRootDSE();
      assertThat(root.getAttributeValue("defaultNamingContext")).isEqualTo(dc.baseDn());
      assertThat(root.getAttributeValue("configurationNamingContext"))
          .isEqualTo(dc.fact("CONFIG_DN"));
      assertThat(root.getAttributeValue("schemaNamingContext")).isEqualTo(dc.fact("SCHEMA_DN"));
      assertThat(root.getAttributeValue("dnsHostName")).isEqualToIgnoringCase("DC1.contoso.test");
    }
  }

  @Test
  void advertisesTheSdFlagsControlButNotThePolicyHintsControl() throws LDAPException {
    try (LDAPConnection admin = dc.admin()) {
      RootDSE root = admin.getRootDSE();
      assertThat(root.supportsControl(SecurityDescriptorFlagsControl.SD_FLAGS_OID)).isTrue();
      // paged results and tree delete, used by the suite
      assertThat(root.supportsControl("1.2.840.113556.1.4.319")).isTrue();
      assertThat(root.supportsControl("1.2.840.113556.1.4.805")).isTrue();
      // Samba difference: LDAP_SERVER_POLICY_HINTS_OID is missing (Windows 2012+ has it)
      assertThat(root.supportsControl("1.2.840.113556.1.4.2239")).isFalse();
    }
  }

  @Test
  void reportsSambaAtWindows2008R2FunctionalLevel() throws LDAPException {
    try (LDAPConnection admin = dc.admin()) {
      RootDSE root = admin.getRootDSE();
      assertThat(root.getAttributeValue("vendorVersion")).isEqualTo(dc.fact("SAMBA_VERSION"));
      assertThat(root.getAttributeValueAsInteger("domainFunctionality")).isEqualTo(4);
      assertThat(root.getAttributeValueAsInteger("forestFunctionality")).isEqualTo(4);
    }
  }
}
