package org.adwriteback.cli;

import com.unboundid.ldap.sdk.LDAPException;
import java.security.SecureRandom;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;

/**
 * The in-memory forest the command runs against when no {@code --url} is given: the testkit's
 * {@code contoso.test} with the Exchange schema, a sample connector account {@code
 * CONTOSO\MSOL_0123456789ab} and sample OUs and users.
 */
final class EmbeddedForest {

  /** The sample connector account's sAMAccountName. */
  static final String ACCOUNT_SAM = "MSOL_0123456789ab";

  /** Defaults for options the embedded forest can fill in. */
  record Defaults(String groupOu, String userOu, String tenantId, String tenantDomain) {}

  private EmbeddedForest() {}

  /** Starts and seeds the forest. */
  static AdDirectory start() throws LDAPException {
    AdDirectory d =
        AdDirectory.start(
            AdConfiguration.forest("contoso.test").toBuilder().exchangeSchema(true).build());
    try {
      char[] accountPassword = randomPassword();
      d.addUser("CN=Users," + d.domainDn(), ACCOUNT_SAM, accountPassword);
      java.util.Arrays.fill(accountPassword, '\0');
      String sync = d.addOu("Sync");
      for (String sam : new String[] {"alice", "bob", "carol"}) {
        d.addUser(sync, sam);
      }
      d.addGroup(sync, "Sales", "CN=alice," + sync, "CN=bob," + sync);
      d.addContact(sync, "Partner", "partner@fabrikam.example");
      d.addOu("CloudGroups");
      d.addOu("CloudUsers");
      return d;
    } catch (LDAPException | RuntimeException e) {
      d.close();
      throw e;
    }
  }

  /** The defaults that make every feature plannable in the embedded forest. */
  static Defaults defaults(AdDirectory d) {
    return new Defaults(
        "OU=CloudGroups," + d.domainDn(),
        "OU=CloudUsers," + d.domainDn(),
        "0f5b8b7e-1d2c-4e3f-9a8b-7c6d5e4f3a2b",
        "contoso.com");
  }

  private static char[] randomPassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    SecureRandom r = new SecureRandom();
    char[] p = new char[20];
    for (int i = 0; i < 16; i++) {
      p[i] = alphabet.charAt(r.nextInt(alphabet.length()));
    }
    p[16] = 'A';
    p[17] = 'z';
    p[18] = '7';
    p[19] = '!';
    return p;
  }
}
