package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The cases of {@link ConstructedAttributes} the directory contract does not reach on both
 * directories: canonicalName of a naming context and of a value holding a slash (MS-ADTS
 * 3.1.1.4.5.1), UF_LOCKOUT while a lockout lasts, and the exemptions from UF_PASSWORD_EXPIRED
 * (3.1.1.4.5.17).
 */
class ConstructedAttributesTest {

  private static final long NOW = 134_000_000_000_000_000L;
  private static final long HOUR = 36_000_000_000L;

  @Test
  void canonicalNameEscapesSlashesAndEndsANamingContextWithOne() throws Exception {
    assertThat(ConstructedAttributes.canonicalName(new DN("CN=a/b,OU=x,DC=contoso,DC=test")))
        .isEqualTo("contoso.test/x/a\\/b");
    assertThat(ConstructedAttributes.canonicalName(new DN("DC=contoso,DC=test")))
        .isEqualTo("contoso.test/");
    assertThat(
            ConstructedAttributes.canonicalName(
                new DN("CN=Sites,CN=Configuration,DC=contoso,DC=test")))
        .isEqualTo("contoso.test/Configuration/Sites");
  }

  @Test
  void lockoutAndExpiryFollowTheDomainPolicy() throws Exception {
    // lockoutDuration 30 minutes, maxPwdAge 42 days (both negative, as stored)
    var policy = new ConstructedAttributes.Policy(-42 * 24 * HOUR, -HOUR / 2, NOW);
    assertThat(flags(user("512", NOW - HOUR, NOW - HOUR / 4), policy)).isEqualTo(0x10);
    assertThat(flags(user("512", NOW - HOUR, NOW - HOUR), policy)).isZero(); // lockout over
    assertThat(flags(user("512", 0, 0), policy)).isEqualTo(0x800000); // must change
    assertThat(flags(user("512", NOW - 43 * 24 * HOUR, 0), policy)).isEqualTo(0x800000);
    assertThat(flags(user("66048", 0, 0), policy)).isZero(); // DONT_EXPIRE_PASSWD
    assertThat(flags(user("4096", 0, NOW), policy)).isZero(); // a workstation trust account
  }

  private static Entry user(String uac, long pwdLastSet, long lockoutTime) {
    return new Entry(
        "CN=u,DC=contoso,DC=test",
        new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
        new Attribute("userAccountControl", uac),
        new Attribute("pwdLastSet", Long.toString(pwdLastSet)),
        new Attribute("lockoutTime", Long.toString(lockoutTime)));
  }

  private static int flags(Entry stored, ConstructedAttributes.Policy policy) throws Exception {
    Entry out = new Entry(stored.getDN());
    ConstructedAttributes.addTo(
        out, stored, List.of("msDS-User-Account-Control-Computed"), Optional.of(policy));
    return Integer.parseInt(out.getAttributeValue("msDS-User-Account-Control-Computed"));
  }
}
