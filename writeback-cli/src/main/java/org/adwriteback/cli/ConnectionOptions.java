package org.adwriteback.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.adwriteback.ldap.ConnectionSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The connection options every directory-facing command shares. A password is never an argument: it
 * comes from a file, an environment variable or an interactive prompt. Without {@code --url} the
 * command runs against an embedded in-memory forest.
 */
public final class ConnectionOptions {

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "ldap:// or ldaps:// URL of a domain controller; absent = embedded in-memory forest")
  String url;

  @Option(names = "--start-tls", description = "upgrade an ldap:// connection with StartTLS")
  boolean startTls;

  @Option(
      names = "--bind",
      paramLabel = "NAME",
      description = "bind as this account: DN, UPN (user@domain) or DOMAIN\\sam")
  String bind;

  @ArgGroup(exclusive = true)
  PasswordSource passwordSource;

  /** Where the bind password comes from; at most one. */
  static final class PasswordSource {
    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description = "read the bind password from the first line of FILE")
    Path file;

    @Option(
        names = "--password-env",
        paramLabel = "VAR",
        description = "read the bind password from environment variable VAR")
    String env;
  }

  @ArgGroup(exclusive = true)
  TrustOptions trust;

  /** How the server certificate is validated; at most one. */
  static final class TrustOptions {
    @Option(
        names = "--ca-cert",
        paramLabel = "PEM",
        description = "trust this CA certificate (PEM)")
    Path caCert;

    @Option(
        names = "--trust-store",
        paramLabel = "FILE",
        description = "trust the certificates of this JKS/PKCS#12 trust store")
    Path trustStore;

    @Option(
        names = "--insecure-trust-all",
        description = "accept any certificate (test servers only; prints a warning)")
    boolean trustAll;
  }

  @Option(
      names = "--trust-store-password-file",
      paramLabel = "FILE",
      description = "password of --trust-store, first line of FILE")
  Path trustStorePasswordFile;

  /**
   * Returns whether a server URL was given; otherwise the embedded forest is used.
   *
   * @return true for a real server
   */
  public boolean hasUrl() {
    return url != null;
  }

  /**
   * Builds the connection settings, reading the password from its source.
   *
   * @return the settings; the caller wipes them after use
   * @throws UsageException when an option is inconsistent or a password cannot be read
   */
  public ConnectionSettings toSettings() throws UsageException {
    ConnectionSettings.Builder b;
    try {
      b = ConnectionSettings.forUrl(url);
      if (startTls) {
        b.startTls();
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (bind != null) {
      char[] password =
          readPassword()
              .orElseThrow(
                  () ->
                      new UsageException(
                          "--bind "
                              + bind
                              + " needs a password: use --password-file FILE or --password-env VAR,"
                              + " or run interactively to be prompted"));
      try {
        b.bind(bind, password);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      } finally {
        Arrays.fill(password, '\0');
      }
    } else if (passwordSource != null) {
      throw new UsageException("a password was given without --bind NAME");
    }
    if (trust != null) {
      if (trust.caCert != null) {
        b.trustCaCertificate(trust.caCert);
      } else if (trust.trustStore != null) {
        char[] pin =
            trustStorePasswordFile == null ? new char[0] : firstLine(trustStorePasswordFile);
        b.trustStore(trust.trustStore, pin);
        Arrays.fill(pin, '\0');
      } else if (trust.trustAll) {
        b.insecureTrustAll();
      }
    }
    return b.build();
  }

  private Optional<char[]> readPassword() throws UsageException {
    if (passwordSource != null && passwordSource.file != null) {
      return Optional.of(firstLine(passwordSource.file));
    }
    if (passwordSource != null && passwordSource.env != null) {
      String value = System.getenv(passwordSource.env);
      if (value == null || value.isEmpty()) {
        throw new UsageException(
            "environment variable " + passwordSource.env + " is not set or empty");
      }
      return Optional.of(value.toCharArray());
    }
    Console console = System.console();
    if (console != null) {
      return Optional.ofNullable(console.readPassword("Password for %s: ", bind));
    }
    return Optional.empty();
  }

  /** Reads the first line of a file as characters, without creating a String. */
  static char[] firstLine(Path file) throws UsageException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
      int end = 0;
      while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
        end++;
      }
      char[] out = new char[end];
      chars.get(out, 0, end);
      Arrays.fill(chars.array(), '\0');
      if (out.length == 0) {
        throw new UsageException(file + " is empty; put the password on its first line");
      }
      return out;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
