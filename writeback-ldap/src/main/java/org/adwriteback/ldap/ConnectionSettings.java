package org.adwriteback.ldap;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach and authenticate to a domain controller: URL, StartTLS, bind name, password and
 * trust.
 *
 * <p>Certificates are validated by default (the JVM's trust store, or a CA certificate / trust
 * store given here) and the host name is checked; trusting every certificate needs {@link
 * Builder#insecureTrustAll()} and is reported. The bind name may be a DN, a UPN ({@code
 * user@contoso.test}) or {@code DOMAIN\sam}: Active Directory accepts all three in a simple bind
 * (MS-ADTS 5.1.1.1.1). The password is a {@code char[]} copied in and wiped by {@link
 * #wipePassword()}; it never appears in {@link #toString()}.
 */
public final class ConnectionSettings {

  /** Where the trust anchors for the server certificate come from. */
  public enum TrustSource {
    /** The JVM's default trust store ({@code cacerts}). */
    JVM_DEFAULT,
    /** A PEM file with one or more CA certificates. */
    CA_CERTIFICATE_PEM,
    /** A JKS or PKCS#12 trust store. */
    TRUST_STORE,
    /** Every certificate is accepted: for throw-away test servers only. */
    TRUST_ALL
  }

  private final URI url;
  private final boolean startTls;
  private final String bindName;
  private final char[] password;
  private final TrustSource trustSource;
  private final Path trustFile;
  private final char[] trustStorePassword;
  private final Duration timeout;

  private ConnectionSettings(Builder b) {
    this.url = b.url;
    this.startTls = b.startTls;
    this.bindName = b.bindName;
    this.password = b.password;
    this.trustSource = b.trustSource;
    this.trustFile = b.trustFile;
    this.trustStorePassword = b.trustStorePassword;
    this.timeout = b.timeout;
  }

  /**
   * Starts settings for a server URL.
   *
   * @param url {@code ldap://host[:port]} or {@code ldaps://host[:port]}
   * @return a builder
   * @throws IllegalArgumentException if the URL is not an ldap or ldaps URL with a host
   */
  public static Builder forUrl(String url) {
    return new Builder(parseUrl(url));
  }

  private static URI parseUrl(String url) {
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "'" + url + "' is not a URL; use ldap://host[:port] or ldaps://host[:port]", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
      throw new IllegalArgumentException("'" + url + "' must start with ldap:// or ldaps://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("'" + url + "' names no host; use ldap://host[:port]");
    }
    return uri;
  }

  /**
   * Returns the server URL.
   *
   * @return the URL
   */
  public URI url() {
    return url;
  }

  /**
   * Returns the host name.
   *
   * @return the host
   */
  public String host() {
    return url.getHost();
  }

  /**
   * Returns the port, defaulting to 389 or 636.
   *
   * @return the port
   */
  public int port() {
    return url.getPort() > 0 ? url.getPort() : (isLdaps() ? 636 : 389);
  }

  /**
   * Returns whether the URL is {@code ldaps://}.
   *
   * @return true for LDAP over TLS
   */
  public boolean isLdaps() {
    return url.getScheme().equalsIgnoreCase("ldaps");
  }

  /**
   * Returns whether StartTLS is requested on an {@code ldap://} URL.
   *
   * @return true for StartTLS
   */
  public boolean startTls() {
    return startTls;
  }

  /**
   * Returns whether the connection will be encrypted (LDAPS or StartTLS).
   *
   * @return true when traffic is protected by TLS
   */
  public boolean isEncrypted() {
    return isLdaps() || startTls;
  }

  /**
   * Returns the bind name, empty for an anonymous connection.
   *
   * @return DN, UPN or DOMAIN\sam
   */
  public Optional<String> bindName() {
    return Optional.ofNullable(bindName);
  }

  /**
   * Returns a copy of the password; the caller wipes the copy after use.
   *
   * @return the password characters, empty when there is none
   */
  public char[] passwordCopy() {
    return password == null ? new char[0] : password.clone();
  }

  /**
   * Returns where trust anchors come from.
   *
   * @return the trust source
   */
  public TrustSource trustSource() {
    return trustSource;
  }

  /**
   * Returns the PEM file or trust store, when the trust source needs one.
   *
   * @return the file
   */
  public Optional<Path> trustFile() {
    return Optional.ofNullable(trustFile);
  }

  /**
   * Returns a copy of the trust store password, empty when none was given.
   *
   * @return the password characters
   */
  public char[] trustStorePasswordCopy() {
    return trustStorePassword == null ? new char[0] : trustStorePassword.clone();
  }

  /**
   * Returns the connect and response timeout.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns settings for another server of the same forest (e.g. another domain's DC) with the same
   * scheme, StartTLS, credentials, trust and timeout.
   *
   * @param host the other server's host name
   * @return the new settings; they hold their own copy of the passwords
   */
  public ConnectionSettings forHost(String host) {
    Builder b =
        forUrl(url.getScheme() + "://" + host + (url.getPort() > 0 ? ":" + url.getPort() : ""));
    b.startTls = startTls;
    b.bindName = bindName;
    b.password = password == null ? null : password.clone();
    b.trustSource = trustSource;
    b.trustFile = trustFile;
    b.trustStorePassword = trustStorePassword == null ? null : trustStorePassword.clone();
    b.timeout = timeout;
    return b.build();
  }

  /** Overwrites the stored passwords with zeros; the settings can no longer bind afterwards. */
  public void wipePassword() {
    if (password != null) {
      Arrays.fill(password, '\0');
    }
    if (trustStorePassword != null) {
      Arrays.fill(trustStorePassword, '\0');
    }
  }

  @Override
  public String toString() {
    return "ConnectionSettings[url="
        + url
        + ", startTls="
        + startTls
        + ", bind="
        + (bindName == null ? "(anonymous)" : bindName)
        + ", password="
        + (password == null ? "none" : "***")
        + ", trust="
        + trustSource
        + (trustFile == null ? "" : " " + trustFile)
        + "]";
  }

  /** Builds {@link ConnectionSettings}; validates each value when it is set. */
  public static final class Builder {
    private final URI url;
    private boolean startTls;
    private String bindName;
    private char[] password;
    private TrustSource trustSource = TrustSource.JVM_DEFAULT;
    private Path trustFile;
    private char[] trustStorePassword;
    private Duration timeout = Duration.ofSeconds(30);

    private Builder(URI url) {
      this.url = url;
    }

    /**
     * Requests StartTLS on an {@code ldap://} URL.
     *
     * @return this builder
     * @throws IllegalArgumentException on an {@code ldaps://} URL, which is encrypted already
     */
    public Builder startTls() {
      if (url.getScheme().equalsIgnoreCase("ldaps")) {
        throw new IllegalArgumentException(
            "StartTLS is for ldap:// URLs; " + url + " is already LDAPS");
      }
      this.startTls = true;
      return this;
    }

    /**
     * Sets the simple-bind credentials. The password is copied; wipe your own array afterwards.
     *
     * @param name a DN, UPN or DOMAIN\sam
     * @param password the password
     * @return this builder
     */
    public Builder bind(String name, char[] password) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(password, "password");
      if (name.isBlank()) {
        throw new IllegalArgumentException("the bind name is empty; give a DN, UPN or DOMAIN\\sam");
      }
      if (password.length == 0) {
        throw new IllegalArgumentException(
            "the password for " + name + " is empty; AD treats that as an anonymous bind");
      }
      this.bindName = name.trim();
      this.password = password.clone();
      return this;
    }

    /**
     * Trusts the CA certificates in a PEM file.
     *
     * @param pem the PEM file
     * @return this builder
     */
    public Builder trustCaCertificate(Path pem) {
      this.trustSource = TrustSource.CA_CERTIFICATE_PEM;
      this.trustFile = Objects.requireNonNull(pem, "pem");
      return this;
    }

    /**
     * Trusts the certificates of a JKS or PKCS#12 trust store.
     *
     * @param store the trust store file
     * @param storePassword its password, or an empty array when it has none
     * @return this builder
     */
    public Builder trustStore(Path store, char[] storePassword) {
      this.trustSource = TrustSource.TRUST_STORE;
      this.trustFile = Objects.requireNonNull(store, "store");
      this.trustStorePassword = Objects.requireNonNull(storePassword, "storePassword").clone();
      return this;
    }

    /**
     * Accepts any server certificate and host name. Only for throw-away test servers.
     *
     * @return this builder
     */
    public Builder insecureTrustAll() {
      this.trustSource = TrustSource.TRUST_ALL;
      this.trustFile = null;
      return this;
    }

    /**
     * Sets the connect and response timeout (default 30 s).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the immutable settings
     */
    public ConnectionSettings build() {
      return new ConnectionSettings(this);
    }
  }
}
