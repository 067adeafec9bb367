package org.adwriteback.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.adwriteback.testkit.AdConfiguration;
import org.adwriteback.testkit.AdDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code writeback serve}: runs the in-memory AD-like forest of the testkit until interrupted, and
 * prints how to connect to it (URLs, administrator, CA certificate).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the in-memory AD-like forest until interrupted and print how to connect.")
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", description = "LDAP port (default: a free one)")
  int port;

  @Option(
      names = "--ldaps-port",
      paramLabel = "N",
      description = "LDAPS port (default: a free one)")
  int ldapsPort;

  @Option(
      names = "--domain",
      paramLabel = "DNS",
      defaultValue = "contoso.test",
      description = "DNS name of the forest root domain (default: ${DEFAULT-VALUE})")
  String domain;

  @Option(
      names = "--admin-password-file",
      paramLabel = "FILE",
      description = "administrator password, first line of FILE (default: generated and printed)")
  Path adminPasswordFile;

  /** Released to stop the server; tests and the shutdown hook use it. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    AdConfiguration.Builder b;
    try {
      b = AdConfiguration.forest(domain).toBuilder().ldapPort(port).ldapsPort(ldapsPort);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    boolean printPassword = adminPasswordFile == null;
    if (adminPasswordFile != null) {
      char[] pw = ConnectionOptions.firstLine(adminPasswordFile);
      b.adminPassword(pw);
      Arrays.fill(pw, '\0');
    }
    PrintWriter out = spec.commandLine().getOut();
    try (AdDirectory directory = AdDirectory.start(b.build())) {
      Path ca = writeCaCertificate(directory.trustStore());
      out.println("In-memory AD forest " + domain + " is running (Ctrl-C to stop)");
      out.println("  LDAP   " + directory.ldapUrl());
      out.println("  LDAPS  " + directory.ldapsUrl());
      out.println("  admin  " + directory.adminDn());
      out.println("  UPN    Administrator@" + domain);
      if (printPassword) {
        char[] pw = directory.adminPassword();
        out.println("  password " + new String(pw));
        Arrays.fill(pw, '\0');
      } else {
        out.println("  password from " + adminPasswordFile);
      }
      out.println("  CA certificate " + ca + "  (e.g. --ca-cert " + ca + ")");
      out.flush();
      Thread hook = new Thread(stop::countDown, "writeback-serve-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
          // the JVM is exiting because of Ctrl-C: the hook has run
        }
      }
      out.println("stopped");
    }
    return 0;
  }

  static Path writeCaCertificate(KeyStore trustStore)
      throws IOException, KeyStoreException, CertificateEncodingException {
    StringBuilder pem = new StringBuilder();
    for (String alias : Collections.list(trustStore.aliases())) {
      Certificate c = trustStore.getCertificate(alias);
      if (c != null) {
        pem.append("-----BEGIN CERTIFICATE-----\n")
            .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      }
    }
    Path file = Files.createTempFile("writeback-serve-ca-", ".pem");
    file.toFile().deleteOnExit();
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    return file;
  }
}
