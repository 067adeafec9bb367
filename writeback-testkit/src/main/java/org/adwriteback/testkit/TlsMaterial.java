package org.adwriteback.testkit;

import com.unboundid.asn1.ASN1Element;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.util.OID;
import com.unboundid.util.ObjectPair;
import com.unboundid.util.ssl.cert.CertException;
import com.unboundid.util.ssl.cert.PublicKeyAlgorithmIdentifier;
import com.unboundid.util.ssl.cert.SignatureAlgorithmIdentifier;
import com.unboundid.util.ssl.cert.X509Certificate;
import com.unboundid.util.ssl.cert.X509CertificateExtension;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed server certificate generated in process for the LDAPS listener and StartTLS, with
 * subject alternative names for the DC's host name, the domain, {@code localhost}, {@code
 * 127.0.0.1} and {@code ::1} (so clients can keep host name checking on), and the matching trust
 * store. Generated once per set of names per JVM, since key generation is the slow part of a start.
 */
final class TlsMaterial {

  private static final Map<List<String>, TlsMaterial> CACHE = new ConcurrentHashMap<>();
  private static final char[] STORE_PASSWORD = new char[0];

  private final KeyStore keyStore;
  private final KeyStore trustStore;
  private final Certificate certificate;
  private SSLContext serverContext;

  private TlsMaterial(KeyStore keyStore, KeyStore trustStore, Certificate certificate) {
    this.keyStore = keyStore;
    this.trustStore = trustStore;
    this.certificate = certificate;
  }

  static TlsMaterial forHosts(List<String> dnsNames) {
    return CACHE.computeIfAbsent(List.copyOf(dnsNames), TlsMaterial::generate);
  }

  private static TlsMaterial generate(List<String> dnsNames) {
    try {
      List<ASN1Element> names = new ArrayList<>();
      for (String n : dnsNames) {
        names.add(new ASN1OctetString((byte) 0x82, n));
      }
      names.add(new ASN1OctetString((byte) 0x87, InetAddress.getByName("127.0.0.1").getAddress()));
      names.add(new ASN1OctetString((byte) 0x87, InetAddress.getByName("::1").getAddress()));
      X509CertificateExtension san =
          new X509CertificateExtension(
              new OID("2.5.29.17"), false, new ASN1Sequence(names).encode());
      long now = System.currentTimeMillis();
      DN subject =
          new DN(
              new RDN("CN", dnsNames.get(0)),
              new RDN("O", "adwriteback testkit (self-signed, for tests only)"));
      ObjectPair<X509Certificate, KeyPair> pair =
          X509Certificate.generateSelfSignedCertificate(
              SignatureAlgorithmIdentifier.SHA_256_WITH_ECDSA,
              PublicKeyAlgorithmIdentifier.EC,
              256,
              subject,
              now - TimeUnit.DAYS.toMillis(1),
              now + TimeUnit.DAYS.toMillis(3650),
              san);
      Certificate cert = pair.getFirst().toCertificate();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          "server", pair.getSecond().getPrivate(), STORE_PASSWORD, new Certificate[] {cert});
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("adwriteback-testkit", cert);
      return new TlsMaterial(ks, ts, cert);
    } catch (CertException | GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(
          "cannot generate the testkit's TLS certificate: " + e.getMessage(), e);
    }
  }

  /** The server context; immutable once initialised, so one per certificate is shared. */
  SSLContext serverContext() {
    synchronized (this) {
      if (serverContext == null) {
        serverContext = newServerContext();
      }
      return serverContext;
    }
  }

  private SSLContext newServerContext() {
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, STORE_PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the server TLS context: " + e.getMessage(), e);
    }
  }

  SSLContext clientContext() {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the client TLS context: " + e.getMessage(), e);
    }
  }

  KeyStore trustStore() {
    try {
      KeyStore copy = KeyStore.getInstance("PKCS12");
      copy.load(null, null);
      copy.setCertificateEntry("adwriteback-testkit", certificate);
      return copy;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot copy the trust store: " + e.getMessage(), e);
    }
  }

  Certificate certificate() {
    return certificate;
  }
}
