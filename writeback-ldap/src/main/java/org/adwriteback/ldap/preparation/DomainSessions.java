package org.adwriteback.ldap.preparation;

import com.unboundid.ldap.sdk.LDAPConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.adwriteback.ldap.AdConnections;
import org.adwriteback.ldap.ConnectionSettings;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.preparation.DomainFacts;

/**
 * The connections a forest-wide preparation uses: one "home" session (rootDSE, configuration and
 * schema partitions, and the home DC's own domain) and one session per other domain of the forest,
 * because a domain controller holds a writable copy of its own domain partition only (MS-ADTS
 * 3.1.1.1.9).
 *
 * <p>{@link #single(LdapSession)} serves one domain; {@link #connecting(LdapSession, Function)}
 * opens a connection per other domain on first use, to the URL the caller derives from the domain's
 * {@code dnsRoot} (for instance {@code ldaps://<dnsRoot>}: the domain's DNS name resolves to its
 * DCs), and closes those connections in {@link #close()}. The home connection is never closed here.
 *
 * <p>Before opening a connection, both ask the home DC whether it holds a writable replica of the
 * domain itself: its rootDSE lists the domain's NC in {@code namingContexts} (the NCs the DC hosts,
 * MS-ADTS 3.1.1.3.2.3) and the NC root's {@code instanceType} there has {@code IT_WRITE} (0x4,
 * MS-ADTS 6.1.1.1; a global catalog's partial replica lacks it). Then the home session serves that
 * domain too. A Windows or Samba DC hosts only its own domain writably, so there every other domain
 * still gets its own connection; a test server that hosts several domains (the testkit's two-domain
 * forest) is used for all of them through one connection.
 */
public final class DomainSessions implements AutoCloseable {

  private final LdapSession home;
  private final Function<String, ConnectionSettings> settingsByDnsRoot;
  private final Map<String, LdapSession> byDnsRoot = new LinkedHashMap<>();
  private final List<LDAPConnection> opened = new java.util.ArrayList<>();
  private final Map<String, Boolean> heldByHome = new LinkedHashMap<>();
  private List<String> homeNamingContexts;

  private DomainSessions(LdapSession home, Function<String, ConnectionSettings> settings) {
    this.home = Objects.requireNonNull(home, "home");
    this.settingsByDnsRoot = settings;
  }

  /**
   * Sessions for the home DC's domain only (and any other domain the home DC holds writably).
   *
   * @param home the home session
   * @return the sessions
   */
  public static DomainSessions single(LdapSession home) {
    return new DomainSessions(home, null);
  }

  /**
   * Sessions for every domain: the home session for its own domain, and a new connection for each
   * other domain, opened on first use from the settings {@code settingsByDnsRoot} gives for the
   * domain's DNS name.
   *
   * @param home the home session
   * @param settingsByDnsRoot connection settings (URL, bind, trust) for a domain's DNS name
   * @return the sessions; close them to close the connections opened here
   */
  public static DomainSessions connecting(
      LdapSession home, Function<String, ConnectionSettings> settingsByDnsRoot) {
    return new DomainSessions(home, Objects.requireNonNull(settingsByDnsRoot, "settingsByDnsRoot"));
  }

  /**
   * Returns the home session.
   *
   * @return the session
   */
  public LdapSession home() {
    return home;
  }

  /**
   * Tells whether sessions for domains other than the home DC's can be opened.
   *
   * @return true for {@link #connecting(LdapSession, Function)}
   */
  public boolean forestWide() {
    return settingsByDnsRoot != null;
  }

  /**
   * Returns the session for a domain, opening it when needed.
   *
   * @param domainNc the domain's naming context
   * @param dnsRoot the domain's DNS name
   * @param homeDomainNc the naming context of the home DC's domain
   * @return the session, or empty when this set serves one domain and it is another one
   * @throws WritebackException when the connection cannot be opened
   */
  synchronized Optional<LdapSession> forDomain(String domainNc, String dnsRoot, String homeDomainNc)
      throws WritebackException {
    if (Forest.sameDn(domainNc, homeDomainNc) || homeHoldsWritable(domainNc)) {
      return Optional.of(home);
    }
    if (settingsByDnsRoot == null) {
      return Optional.empty();
    }
    String key = dnsRoot.toLowerCase(Locale.ROOT);
    LdapSession s = byDnsRoot.get(key);
    if (s == null) {
      LDAPConnection c = AdConnections.open(settingsByDnsRoot.apply(dnsRoot));
      opened.add(c);
      s = LdapSession.of(c);
      byDnsRoot.put(key, s);
    }
    return Optional.of(s);
  }

  /**
   * Tells whether the home DC holds a writable replica of a naming context: listed in its rootDSE's
   * {@code namingContexts} and {@code IT_WRITE} in the NC root's {@code instanceType}. Asked once
   * per NC; costs nothing more for a DC that lists only its own domain.
   */
  private boolean homeHoldsWritable(String nc) throws WritebackException {
    String key = nc.toLowerCase(Locale.ROOT);
    Boolean known = heldByHome.get(key);
    if (known != null) {
      return known;
    }
    if (homeNamingContexts == null) {
      homeNamingContexts =
          home.readEntry("", "read the naming contexts of the rootDSE", "namingContexts")
              .map(e -> e.getAttributeValues("namingContexts"))
              .map(List::of)
              .orElse(List.of());
    }
    boolean held = false;
    if (homeNamingContexts.stream().anyMatch(listed -> Forest.sameDn(listed, nc))) {
      Integer type =
          home.readEntry(nc, "read instanceType of " + nc, "instanceType")
              .map(e -> e.getAttributeValueAsInteger("instanceType"))
              .orElse(null);
      held = type != null && (type & IT_WRITE) != 0;
    }
    heldByHome.put(key, held);
    return held;
  }

  /** instanceType: the replica is writable (MS-ADTS 6.1.1.1, instanceType). */
  private static final int IT_WRITE = 0x4;

  /**
   * Returns the session that holds a DN: the session of its domain, or the home session for the
   * configuration and schema partitions.
   *
   * @param dn the DN
   * @param forest the discovered forest
   * @return the session
   * @throws WritebackException when the DN's domain has no session
   */
  LdapSession forDn(String dn, Forest forest) throws WritebackException {
    Optional<DomainFacts> d = forest.domainOf(dn);
    if (d.isEmpty()) {
      return home;
    }
    return forDomain(d.get().dn(), d.get().dnsName(), forest.defaultNamingContext())
        .orElseThrow(
            () ->
                new WritebackException(
                    WritebackException.Reason.PREREQUISITE_MISSING,
                    dn
                        + " is in domain "
                        + d.get().dnsName()
                        + ", which the connected DC does not hold; connect forest-wide"
                        + " (DomainSessions.connecting) or to a DC of that domain"));
  }

  /**
   * Returns the LDAP operations sent through the home session and every session opened here.
   *
   * @return the count
   */
  public synchronized long operations() {
    return home.operations() + byDnsRoot.values().stream().mapToLong(LdapSession::operations).sum();
  }

  /** Closes the connections opened here (not the home connection). */
  @Override
  public synchronized void close() {
    opened.forEach(LDAPConnection::close);
    opened.clear();
    byDnsRoot.clear();
  }
}
