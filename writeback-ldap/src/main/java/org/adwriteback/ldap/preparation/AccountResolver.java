package org.adwriteback.ldap.preparation;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.preparation.DomainFacts;
import org.adwriteback.security.Sid;

/**
 * Finds the connector account from the name a caller gives, as Microsoft's {@code ResolveADobject}
 * does (permissions.md §1.1), in one LDAP search: {@code DOMAIN\sam} (NetBIOS or DNS domain name),
 * a UPN ({@code svc@contoso.com}), a DN, a SID string ({@code S-1-5-21-…}), or a bare name matched
 * against {@code sAMAccountName} and {@code cn} in every covered domain.
 *
 * <p>Every value goes into the filter through UnboundID's {@link Filter} factories, which escape
 * {@code * ( ) \ NUL} (RFC 4515), so a name can never widen the search. Not found and ambiguous are
 * distinct reasons ({@link WritebackException.Reason#ACCOUNT_NOT_FOUND}, {@link
 * WritebackException.Reason#ACCOUNT_AMBIGUOUS}).
 */
public final class AccountResolver {

  private static final String[] ATTRIBUTES = {"objectSid", "sAMAccountName"};

  private AccountResolver() {}

  /**
   * Resolves an account name.
   *
   * @param sessions the sessions of the forest's domains
   * @param forest the discovered forest
   * @param name {@code DOMAIN\sam}, UPN, DN, SID string or bare sAMAccountName/cn
   * @return the account
   * @throws WritebackException {@code ACCOUNT_NOT_FOUND}, {@code ACCOUNT_AMBIGUOUS}, {@code
   *     INVALID_INPUT} for a malformed name, or an LDAP failure
   */
  public static ResolvedAccount resolve(DomainSessions sessions, Forest forest, String name)
      throws WritebackException {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.indexOf('\u0000') >= 0) {
      throw invalid(name, "the account name is empty or contains NUL");
    }
    List<SearchResultEntry> found = new ArrayList<>();
    List<DomainFacts> searched = new ArrayList<>();
    if (n.regionMatches(true, 0, "S-1-", 0, 4)) {
      Sid sid;
      try {
        sid = Sid.parse(n);
      } catch (IllegalArgumentException e) {
        throw invalid(name, "it looks like a SID but is malformed (" + e.getMessage() + ")");
      }
      Filter f = Filter.createEqualityFilter("objectSid", sid.toBytes());
      for (DomainFacts d : forest.domains()) {
        if (sid.isInDomain(d.sid()) || sid.equals(d.sid())) {
          searched.add(d);
          found.addAll(search(sessions, forest, d, f, name));
        }
      }
    } else if (n.contains("=")) {
      DN dn;
      try {
        dn = new DN(n);
      } catch (LDAPException e) {
        throw invalid(name, "it contains '=' but is not a valid DN (" + e.getMessage() + ")");
      }
      DomainFacts d =
          forest
              .domainOf(dn.toString())
              .orElseThrow(
                  () ->
                      new WritebackException(
                          WritebackException.Reason.ACCOUNT_NOT_FOUND,
                          "account "
                              + name
                              + " is in none of the covered domains ("
                              + domainList(forest)
                              + ")"));
      searched.add(d);
      sessions
          .forDn(dn.toString(), forest)
          .readEntry(
              new SearchRequest(
                  dn.toString(),
                  SearchScope.BASE,
                  Filter.createPresenceFilter("objectClass"),
                  ATTRIBUTES),
              "read the account " + name)
          .ifPresent(found::add);
    } else if (n.contains("\\")) {
      int slash = n.indexOf('\\');
      String domain = n.substring(0, slash);
      String sam = n.substring(slash + 1);
      if (domain.isEmpty() || sam.isEmpty() || sam.contains("\\")) {
        throw invalid(name, "expected DOMAIN\\sAMAccountName");
      }
      DomainFacts d =
          forest
              .domain(domain)
              .orElseThrow(
                  () ->
                      new WritebackException(
                          WritebackException.Reason.ACCOUNT_NOT_FOUND,
                          "no covered domain is called '"
                              + domain
                              + "' (covered: "
                              + domainList(forest)
                              + "); check the NetBIOS name"));
      searched.add(d);
      found.addAll(
          search(sessions, forest, d, Filter.createEqualityFilter("sAMAccountName", sam), name));
    } else if (n.contains("@")) {
      Filter f = Filter.createEqualityFilter("userPrincipalName", n);
      for (DomainFacts d : forest.domains()) {
        searched.add(d);
        found.addAll(search(sessions, forest, d, f, name));
      }
    } else {
      Filter f =
          Filter.createORFilter(
              Filter.createEqualityFilter("sAMAccountName", n),
              Filter.createEqualityFilter("cn", n));
      for (DomainFacts d : forest.domains()) {
        searched.add(d);
        found.addAll(search(sessions, forest, d, f, name));
      }
    }
    if (found.isEmpty()) {
      throw new WritebackException(
          WritebackException.Reason.ACCOUNT_NOT_FOUND,
          "account '"
              + name
              + "' was not found in "
              + String.join(", ", searched.stream().map(DomainFacts::dnsName).toList())
              + "; give DOMAIN\\sAMAccountName, a UPN, a DN or a SID of an existing account");
    }
    if (found.size() > 1) {
      throw new WritebackException(
          WritebackException.Reason.ACCOUNT_AMBIGUOUS,
          "account '"
              + name
              + "' matches "
              + found.size()
              + " objects ("
              + String.join("; ", found.stream().map(SearchResultEntry::getDN).toList())
              + "); give its DN or DOMAIN\\sAMAccountName instead");
    }
    SearchResultEntry e = found.get(0);
    byte[] sid = e.getAttributeValueBytes("objectSid");
    if (sid == null) {
      throw new WritebackException(
          WritebackException.Reason.ACCOUNT_NOT_FOUND,
          e.getDN() + " has no objectSid: it is not a security principal and cannot be granted");
    }
    DomainFacts d = forest.domainOf(e.getDN()).orElse(searched.get(0));
    String sam = Optional.ofNullable(e.getAttributeValue("sAMAccountName")).orElse(n);
    return new ResolvedAccount(e.getDN(), Sid.fromBytes(sid), d.netbiosName() + "\\" + sam, d.dn());
  }

  /**
   * Reads the SIDs of the groups an account is a member of, transitively ({@code tokenGroups},
   * MS-ADTS 3.1.1.4.5.19), plus its own SID: the security context the DC evaluates its writes with.
   *
   * @param sessions the sessions of the forest's domains
   * @param forest the discovered forest
   * @param account the account
   * @return its SID first, then the group SIDs
   * @throws WritebackException when the account cannot be read
   */
  public static List<Sid> tokenSids(DomainSessions sessions, Forest forest, ResolvedAccount account)
      throws WritebackException {
    SearchResultEntry e =
        sessions
            .forDn(account.dn(), forest)
            .readEntry(account.dn(), "read tokenGroups of " + account.name(), "tokenGroups")
            .orElseThrow(
                () ->
                    new WritebackException(
                        WritebackException.Reason.ACCOUNT_NOT_FOUND,
                        account.dn() + " disappeared while it was being read"));
    List<Sid> sids = new ArrayList<>();
    sids.add(account.sid());
    byte[][] values = e.getAttributeValueByteArrays("tokenGroups");
    if (values != null) {
      for (byte[] v : values) {
        sids.add(Sid.fromBytes(v));
      }
    }
    return List.copyOf(sids);
  }

  private static List<SearchResultEntry> search(
      DomainSessions sessions, Forest forest, DomainFacts d, Filter f, String name)
      throws WritebackException {
    return sessions
        .forDn(d.dn(), forest)
        .search(
            new SearchRequest(d.dn(), SearchScope.SUB, f, ATTRIBUTES),
            "look up account " + name + " in " + d.dnsName(),
            false);
  }

  private static String domainList(Forest forest) {
    return String.join(", ", forest.domains().stream().map(DomainFacts::dnsName).toList());
  }

  private static WritebackException invalid(String name, String why) {
    return new WritebackException(
        WritebackException.Reason.INVALID_INPUT,
        "account name '" + name + "' is not usable: " + why);
  }
}
