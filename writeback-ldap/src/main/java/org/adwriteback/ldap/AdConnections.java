package org.adwriteback.ldap;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllSSLSocketVerifier;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens authenticated LDAP connections to a domain controller from {@link ConnectionSettings}:
 * LDAPS or StartTLS with certificate and host-name validation, then a simple bind whose password
 * bytes are wiped right after the request is sent.
 */
public final class AdConnections {

  private static final Logger LOG = LoggerFactory.getLogger(AdConnections.class);

  private AdConnections() {}

  /**
   * Connects, secures and binds.
   *
   * @param settings where and how
   * @return a bound connection; the caller closes it
   * @throws WritebackException {@link WritebackException.Reason#CONNECTION_FAILED}, {@link
   *     WritebackException.Reason#TLS_FAILURE} or {@link WritebackException.Reason#BIND_FAILED}
   */
  public static LDAPConnection open(ConnectionSettings settings) throws WritebackException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    int millis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
    options.setConnectTimeoutMillis(millis);
    options.setResponseTimeoutMillis(millis);
    options.setUseSynchronousMode(false);
    options.setFollowReferrals(false);
    SSLUtil ssl = settings.isEncrypted() ? sslUtil(settings) : null;
    if (ssl != null) {
      options.setSSLSocketVerifier(
          settings.trustSource() == ConnectionSettings.TrustSource.TRUST_ALL
              ? TrustAllSSLSocketVerifier.getInstance()
              : new HostNameSSLSocketVerifier(true));
    }
    LDAPConnection connection = new LDAPConnection(options);
    try {
      if (settings.isLdaps()) {
        connection.setSocketFactory(ssl.createSSLSocketFactory());
      }
      connection.connect(settings.host(), settings.port(), millis);
      if (settings.startTls()) {
        SSLContext context = ssl.createSSLContext();
        ExtendedResult r =
            connection.processExtendedOperation(new StartTLSExtendedRequest(context));
        if (r.getResultCode() != ResultCode.SUCCESS) {
          throw new WritebackException(
              WritebackException.Reason.TLS_FAILURE,
              "StartTLS was refused by "
                  + settings.url()
                  + ": "
                  + r.getDiagnosticMessage()
                  + ". Use ldaps:// or a server with a certificate");
        }
      }
      if (settings.bindName().isPresent()) {
        bind(connection, settings);
      }
      return connection;
    } catch (LDAPException e) {
      connection.close();
      throw classifyConnectFailure(e, settings);
    } catch (GeneralSecurityException e) {
      connection.close();
      throw new WritebackException(
          WritebackException.Reason.TLS_FAILURE,
          "could not set up TLS for " + settings.url() + ": " + e.getMessage());
    } catch (WritebackException e) {
      connection.close();
      throw e;
    }
  }

  private static void bind(LDAPConnection connection, ConnectionSettings settings)
      throws LDAPException, WritebackException {
    char[] chars = settings.passwordCopy();
    byte[] bytes = utf8(chars);
    try {
      BindRequest request = new SimpleBindRequest(settings.bindName().orElseThrow(), bytes);
      connection.bind(request);
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS
          || e.getResultCode() == ResultCode.UNWILLING_TO_PERFORM
          || e.getResultCode() == ResultCode.STRONG_AUTH_REQUIRED) {
        WritebackException w =
            WritebackException.from(
                e,
                "bind to " + settings.url() + " as " + settings.bindName().orElseThrow(),
                bindRemedy(e));
        throw new WritebackException(WritebackException.Reason.BIND_FAILED, w.getMessage());
      }
      throw e;
    } finally {
      Arrays.fill(chars, '\0');
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static String bindRemedy(LDAPException e) {
    if (e.getResultCode() == ResultCode.STRONG_AUTH_REQUIRED) {
      return "the server requires an encrypted connection: use ldaps:// or --start-tls";
    }
    String diag = e.getDiagnosticMessage() == null ? "" : e.getDiagnosticMessage();
    if (diag.contains("data 533")) {
      return "the account is disabled";
    }
    if (diag.contains("data 773")) {
      return "the account must change its password before it can bind";
    }
    if (diag.contains("data 775")) {
      return "the account is locked out";
    }
    return "check the bind name (DN, UPN or DOMAIN\\sam) and the password";
  }

  private static WritebackException classifyConnectFailure(
      LDAPException e, ConnectionSettings settings) {
    Throwable cause = e.getCause();
    while (cause != null) {
      if (cause instanceof SSLException
          || cause instanceof java.security.cert.CertificateException) {
        return new WritebackException(
            WritebackException.Reason.TLS_FAILURE,
            "TLS handshake with "
                + settings.url()
                + " failed: "
                + e.getMessage()
                + ". Pass the server's CA certificate (--ca-cert) or trust store (--trust-store)");
      }
      cause = cause.getCause();
    }
    String text = String.valueOf(e.getMessage());
    if (text.contains("certificate") || text.contains("SSL") || text.contains("TLS")) {
      return new WritebackException(
          WritebackException.Reason.TLS_FAILURE,
          "TLS with "
              + settings.url()
              + " failed: "
              + text
              + ". Pass the server's CA certificate (--ca-cert) or trust store (--trust-store)");
    }
    return WritebackException.from(
        e, "connect to " + settings.url(), "check the host, the port and that the DC is running");
  }

  private static SSLUtil sslUtil(ConnectionSettings settings) throws WritebackException {
    TrustManager trust;
    switch (settings.trustSource()) {
      case TRUST_ALL -> {
        LOG.warn(
            "certificate validation is OFF for {}: anyone on the network path can read and change"
                + " this session",
            settings.url());
        trust = new TrustAllTrustManager();
      }
      case CA_CERTIFICATE_PEM -> {
        var file = settings.trustFile().orElseThrow();
        if (!Files.isReadable(file)) {
          throw new WritebackException(
              WritebackException.Reason.INVALID_INPUT,
              "the CA certificate file " + file + " does not exist or is not readable");
        }
        try {
          trust = new PEMFileTrustManager(file.toFile());
        } catch (java.security.KeyStoreException | IllegalArgumentException e) {
          throw new WritebackException(
              WritebackException.Reason.INVALID_INPUT,
              "the CA certificate file " + file + " is not a PEM certificate: " + e.getMessage());
        }
      }
      case TRUST_STORE -> {
        var file = settings.trustFile().orElseThrow();
        if (!Files.isReadable(file)) {
          throw new WritebackException(
              WritebackException.Reason.INVALID_INPUT,
              "the trust store " + file + " does not exist or is not readable");
        }
        char[] pin = settings.trustStorePasswordCopy();
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String format = name.endsWith(".jks") ? "JKS" : "PKCS12";
        trust =
            new TrustStoreTrustManager(file.toFile(), pin.length == 0 ? null : pin, format, true);
      }
      default -> trust = JVMDefaultTrustManager.getInstance();
    }
    return new SSLUtil(trust);
  }

  private static byte[] utf8(char[] chars) {
    ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    if (buffer.hasArray()) {
      Arrays.fill(buffer.array(), (byte) 0);
    }
    return out;
  }
}
