package org.adwriteback.ldap.samba;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.adwriteback.ldap.SecurityDescriptorFlagsControl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link SecurityDescriptorFlagsControl} against a real DC: it selects which parts of {@code
 * nTSecurityDescriptor} come back (MS-ADTS 3.1.1.3.4.1.11).
 */
@Tag("samba")
class SecurityDescriptorFlagsOnSambaTest {

  private final SambaDc dc = SambaDc.get();

  private byte[] descriptor(LDAPConnection connection, SecurityDescriptorFlagsControl... controls)
      throws LDAPException {
    SearchRequest read =
        new SearchRequest(dc.baseDn(), SearchScope.BASE, "(objectClass=*)", "nTSecurityDescriptor");
    read.setControls(controls);
    SearchResultEntry entry = connection.searchForEntry(read);
    assertThat(entry.hasAttribute("nTSecurityDescriptor")).isTrue();
    return entry.getAttributeValueBytes("nTSecurityDescriptor");
  }

  @Test
  void daclOnlyReturnsTheDaclWithoutOwnerGroupOrSacl() throws LDAPException {
    try (LDAPConnection admin = dc.admin()) {
      byte[] sd = descriptor(admin, SecurityDescriptorFlagsControl.daclOnly());
      SdBytes.Header h = SdBytes.header(sd);
      assertThat(h.revision()).isEqualTo(1);
      assertThat(h.control() & SdBytes.SE_DACL_PRESENT).isNotZero();
      assertThat(h.control() & SdBytes.SE_SELF_RELATIVE).isNotZero();
      assertThat(h.control() & SdBytes.SE_SACL_PRESENT).isZero();
      assertThat(h.owner()).isZero();
      assertThat(h.group()).isZero();
      assertThat(h.sacl()).isZero();
      assertThat(h.dacl()).isEqualTo(20);
      assertThat(SdBytes.daclAces(sd)).isNotEmpty();
    }
  }

  @Test
  void withoutTheControlAnAdministratorGetsAllFourParts() throws LDAPException {
    try (LDAPConnection admin = dc.admin()) {
      byte[] sd = descriptor(admin);
      SdBytes.Header h = SdBytes.header(sd);
      assertThat(h.owner()).isPositive();
      assertThat(h.group()).isPositive();
      assertThat(h.dacl()).isPositive();
      assertThat(h.sacl()).isPositive();
      assertThat(h.control() & (SdBytes.SE_DACL_PRESENT | SdBytes.SE_SACL_PRESENT))
          .isEqualTo(SdBytes.SE_DACL_PRESENT | SdBytes.SE_SACL_PRESENT);
    }
  }

  @Test
  void ownerAndGroupFlagsSelectOnlyThoseParts() throws LDAPException {
    try (LDAPConnection admin = dc.admin()) {
      byte[] sd =
          descriptor(
              admin,
              new SecurityDescriptorFlagsControl(
                  SecurityDescriptorFlagsControl.OWNER_SECURITY_INFORMATION
                      | SecurityDescriptorFlagsControl.GROUP_SECURITY_INFORMATION,
                  true));
      SdBytes.Header h = SdBytes.header(sd);
      assertThat(h.owner()).isPositive();
      assertThat(h.group()).isPositive();
      assertThat(h.dacl()).isZero();
      assertThat(h.sacl()).isZero();
    }
  }
}
