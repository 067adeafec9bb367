package org.adwriteback.ldap.samba;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The Samba AD DC started by {@code scripts/samba-dc.sh}, as seen by the tests tagged {@code
 * samba}: the connection facts of {@code DIR/connection.properties} and connections to it.
 *
 * <p>The file is named by the system property {@value #PROPERTY} (the {@code samba} Maven profile
 * passes it on). A missing property, file or key is an {@link IllegalStateException} that says how
 * to start the DC: with the profile on, a missing DC is a failure, never a skipped test.
 */
public final class SambaDc {

  /** System property naming the {@code connection.properties} file written by the script. */
  public static final String PROPERTY = "samba.properties";

  private static final String HOW_TO =
      "start the DC with 'sudo scripts/samba-dc.sh install && sudo scripts/samba-dc.sh start DIR'"
          + " and run 'mvn -B -Psamba verify -Dsamba.properties=DIR/connection.properties'";

  private static SambaDc instance;

  private final Properties facts;

  private SambaDc(Properties facts) {
    this.facts = facts;
  }

  /**
   * Returns the DC named by the system property {@value #PROPERTY}, read once per JVM.
   *
   * @return the DC's connection facts
   * @throws IllegalStateException if the property is unset or the file cannot be read
   */
  public static synchronized SambaDc get() {
    if (instance == null) {
      String file = System.getProperty(PROPERTY, "");
      if (file.isBlank()) {
        throw new IllegalStateException(
            "system property " + PROPERTY + " is not set; the samba tests need a DC: " + HOW_TO);
      }
      Properties facts = new Properties();
      try (InputStream in = Files.newInputStream(Path.of(file))) {
        facts.load(in);
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot read " + file + " (" + e + "); is the DC started? " + HOW_TO, e);
      }
      instance = new SambaDc(facts);
    }
    return instance;
  }

  /**
   * Returns one fact of {@code connection.properties}.
   *
   * @param key the key, e.g. {@code BASE_DN}
   * @return its value
   * @throws IllegalStateException if the file has no such key
   */
  public String fact(String key) {
    String value = facts.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "connection.properties has no " + key + "; was it written by scripts/samba-dc.sh?");
    }
    return value;
  }

  /**
   * Returns the domain's naming context.
   *
   * @return e.g. {@code DC=contoso,DC=test}
   */
  public String baseDn() {
    return fact("BASE_DN");
  }

  /**
   * Returns the domain SID.
   *
   * @return the SID in string form, {@code S-1-5-21-...}
   */
  public String domainSid() {
    return fact("DOMAIN_SID");
  }

  /**
   * Tells whether the DC accepts simple binds and password writes over plain LDAP.
   *
   * @return true when {@code ldap server require strong auth = no} (the script's default)
   */
  public boolean plainLdapAllowed() {
    return "no".equals(fact("STRONG_AUTH"));
  }

  /**
   * Opens an LDAPS connection that trusts only the DC's test CA and checks the host name, bound as
   * the given account.
   *
   * @param bindDn a DN or user principal name
   * @param password its password
   * @return the bound connection; the caller closes it
   * @throws LDAPException if the connection or the bind fails
   */
  public LDAPConnection ldaps(String bindDn, String password) throws LDAPException {
    URI url = URI.create(fact("LDAPS_URL"));
    try {
      SSLUtil ssl =
          new SSLUtil(
              new TrustStoreTrustManager(
                  fact("TRUSTSTORE_P12"),
                  fact("TRUSTSTORE_PASSWORD").toCharArray(),
                  "PKCS12",
                  true));
      LDAPConnectionOptions options = new LDAPConnectionOptions();
      options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
      return new LDAPConnection(
          ssl.createSSLSocketFactory(), options, url.getHost(), url.getPort(), bindDn, password);
    } catch (GeneralSecurityException e) {
      throw new LDAPException(
          ResultCode.LOCAL_ERROR, "cannot set up TLS with " + fact("TRUSTSTORE_P12") + ": " + e, e);
    }
  }

  /**
   * Opens a plain (unencrypted) LDAP connection bound as the given account.
   *
   * @param bindDn a DN or user principal name
   * @param password its password
   * @return the bound connection; the caller closes it
   * @throws LDAPException if the connection or the bind fails
   */
  public LDAPConnection plainLdap(String bindDn, String password) throws LDAPException {
    URI url = URI.create(fact("LDAP_URL"));
    return new LDAPConnection(url.getHost(), url.getPort(), bindDn, password);
  }

  /**
   * Opens an LDAPS connection bound as the domain Administrator.
   *
   * @return the bound connection; the caller closes it
   * @throws LDAPException if the connection or the bind fails
   */
  public LDAPConnection admin() throws LDAPException {
    return ldaps(fact("ADMIN_DN"), fact("ADMIN_PASSWORD"));
  }

  /**
   * Returns a name no other test run has used, so that runs against the same DC do not collide.
   *
   * @param prefix a readable prefix
   * @return {@code prefix-} followed by 8 random hex digits
   */
  public static String uniqueName(String prefix) {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return prefix + "-" + HexFormat.of().formatHex(random);
  }

  /**
   * Encodes a password as AD expects it in {@code unicodePwd}: UTF-16LE of the quoted password
   * (MS-ADTS 3.1.1.3.1.5.1).
   *
   * @param password the clear text password
   * @return the attribute value
   */
  public static byte[] unicodePwd(String password) {
    return ('"' + password + '"').getBytes(StandardCharsets.UTF_16LE);
  }

  /**
   * Creates an enabled user with the given password as Administrator.
   *
   * @param admin a connection bound as Administrator
   * @param parentDn the container
   * @param name the cn and sAMAccountName (at most 20 characters)
   * @param password a password that meets AD's complexity rules
   * @return the DN of the new user
   * @throws LDAPException if the add fails
   */
  public static String addUser(LDAPConnection admin, String parentDn, String name, String password)
      throws LDAPException {
    String dn = "CN=" + name + "," + parentDn;
    admin.add(
        dn,
        new Attribute("objectClass", "user"),
        new Attribute("sAMAccountName", name),
        new Attribute("unicodePwd", unicodePwd(password)),
        new Attribute("userAccountControl", "512"));
    return dn;
  }

  /**
   * Reads the binary objectSid of an entry.
   *
   * @param connection any bound connection that may read the entry
   * @param dn the entry
   * @return the SID bytes (MS-DTYP 2.4.2.2)
   * @throws LDAPException if the entry cannot be read or has no SID
   */
  public static byte[] objectSid(LDAPConnection connection, String dn) throws LDAPException {
    SearchResultEntry entry = connection.getEntry(dn, "objectSid");
    if (entry == null || !entry.hasAttribute("objectSid")) {
      throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "no objectSid readable on " + dn);
    }
    return entry.getAttributeValueBytes("objectSid");
  }

  /**
   * Deletes an entry with everything below it (tree delete control, MS-ADTS 3.1.1.3.4.1.3),
   * ignoring an entry that is already gone.
   *
   * @param connection a connection allowed to delete the tree
   * @param dn the root of the tree
   * @throws LDAPException if the delete fails for another reason
   */
  public static void deleteTree(LDAPConnection connection, String dn) throws LDAPException {
    DeleteRequest delete = new DeleteRequest(dn);
    delete.addControl(new SubtreeDeleteRequestControl(true));
    try {
      connection.delete(delete);
    } catch (LDAPException e) {
      if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
        throw e;
      }
    }
  }
}
