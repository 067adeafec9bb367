package org.adwriteback.cli;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.PrintWriter;
import java.util.Optional;
import org.adwriteback.ldap.AdConnections;
import org.adwriteback.ldap.ConnectionSettings;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.ldap.preparation.DomainSessions;
import org.adwriteback.ldap.preparation.Forest;
import org.adwriteback.ldap.preparation.ForestDiscovery;
import org.adwriteback.ldap.preparation.LdapSession;
import org.adwriteback.testkit.AdDirectory;

/**
 * The directory a command talks to: a real domain controller from {@link ConnectionOptions}, or the
 * embedded in-memory forest when no {@code --url} is given. Discovers the forest once; closes what
 * it opened.
 */
final class DirectorySession implements AutoCloseable {

  private final AdDirectory embedded;
  private final DomainSessions sessions;
  private final Forest forest;
  private final ConnectionSettings settings;

  private DirectorySession(
      AdDirectory embedded, DomainSessions sessions, Forest forest, ConnectionSettings settings) {
    this.embedded = embedded;
    this.sessions = sessions;
    this.forest = forest;
    this.settings = settings;
  }

  /** Opens the session; announces the embedded forest on the first line of {@code out}. */
  static DirectorySession open(ConnectionOptions options, PrintWriter out)
      throws UsageException, WritebackException {
    if (!options.hasUrl()) {
      AdDirectory d;
      try {
        d = EmbeddedForest.start();
      } catch (LDAPException e) {
        throw WritebackException.from(e, "start the embedded in-memory forest", "");
      }
      out.println(
          "No --url given: using an embedded in-memory forest "
              + d.configuration().dnsName()
              + " (testkit) with the sample connector account CONTOSO\\"
              + EmbeddedForest.ACCOUNT_SAM
              + "; nothing outside this process is changed.");
      try {
        LDAPConnection c = d.connection();
        DomainSessions s = DomainSessions.single(LdapSession.of(c));
        return new DirectorySession(
            d, s, ForestDiscovery.discover(s, ForestDiscovery.Scope.HOME_DOMAIN), null);
      } catch (LDAPException e) {
        d.close();
        throw WritebackException.from(e, "connect to the embedded forest", "");
      }
    }
    ConnectionSettings settings = options.toSettings();
    LDAPConnection connection = AdConnections.open(settings);
    DomainSessions s = DomainSessions.connecting(LdapSession.of(connection), settings::forHost);
    try {
      Forest forest;
      try {
        forest = ForestDiscovery.discover(s, ForestDiscovery.Scope.ALL_DOMAINS);
      } catch (WritebackException e) {
        // other domains' DCs are not reachable by their DNS names: prepare the home domain only
        forest = ForestDiscovery.discover(s, ForestDiscovery.Scope.HOME_DOMAIN);
        out.println("note: only the home domain is covered (" + e.getMessage() + ")");
      }
      // the password stays until close(): other domains' connections are opened on first use
      return new DirectorySession(null, s, forest, settings);
    } catch (WritebackException | RuntimeException e) {
      s.close();
      settings.wipePassword();
      throw e;
    }
  }

  DomainSessions sessions() {
    return sessions;
  }

  Forest forest() {
    return forest;
  }

  Optional<AdDirectory> embedded() {
    return Optional.ofNullable(embedded);
  }

  Optional<EmbeddedForest.Defaults> defaults() {
    return embedded().map(EmbeddedForest::defaults);
  }

  @Override
  public void close() {
    sessions.close();
    if (settings != null) {
      settings.wipePassword();
    }
    if (embedded != null) {
      embedded.close();
    }
  }
}
