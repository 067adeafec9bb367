package org.adwriteback.ldap.preparation;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.adwriteback.ldap.PagedSearch;
import org.adwriteback.ldap.WritebackException;

/**
 * A bound LDAP connection to one domain controller as the preparation classes use it: every request
 * goes through here, so the number of LDAP operations a preparation costs can be counted ({@link
 * #operations()}) and every LDAP failure becomes a {@link WritebackException} that names what was
 * being done and what to do.
 *
 * <p>The session does not own the connection: closing it is the caller's business. Thread-safe as
 * far as the connection is (UnboundID connections are).
 */
public final class LdapSession {

  private final LDAPConnection connection;
  private final AtomicLong operations = new AtomicLong();

  private LdapSession(LDAPConnection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /**
   * Wraps a bound connection.
   *
   * @param connection a connection bound as an account allowed to do what the caller asks
   * @return the session
   */
  public static LdapSession of(LDAPConnection connection) {
    return new LdapSession(connection);
  }

  /**
   * Returns the wrapped connection.
   *
   * @return the connection
   */
  public LDAPConnection connection() {
    return connection;
  }

  /**
   * Returns how many LDAP requests (searches, reads, adds, modifies, deletes) went through this
   * session so far; a paged search counts one per page.
   *
   * @return the count
   */
  public long operations() {
    return operations.get();
  }

  /**
   * Reads one entry with a base search.
   *
   * @param request a base-scope search request
   * @param what what is being read, for the error message
   * @return the entry, or empty when it does not exist
   * @throws WritebackException when the server refuses the search
   */
  Optional<SearchResultEntry> readEntry(SearchRequest request, String what)
      throws WritebackException {
    List<SearchResultEntry> entries = search(request, what, true);
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
  }

  /**
   * Reads one entry by DN.
   *
   * @param dn the entry
   * @param what what is being read, for the error message
   * @param attributes the attributes to return
   * @return the entry, or empty when it does not exist
   * @throws WritebackException when the server refuses the search
   */
  Optional<SearchResultEntry> readEntry(String dn, String what, String... attributes)
      throws WritebackException {
    return readEntry(
        new SearchRequest(
            dn, SearchScope.BASE, Filter.createPresenceFilter("objectClass"), attributes),
        what);
  }

  /**
   * Runs one search request (one page when it carries a paged-results control).
   *
   * @param request the request
   * @param what what is being searched, for the error message
   * @param missingIsEmpty whether {@code noSuchObject} means "no entries" rather than an error
   * @return the entries
   * @throws WritebackException when the server refuses the search
   */
  List<SearchResultEntry> search(SearchRequest request, String what, boolean missingIsEmpty)
      throws WritebackException {
    return searchResult(request, what, missingIsEmpty).getSearchEntries();
  }

  /**
   * Runs one search request and returns the whole result (for response controls).
   *
   * @param request the request
   * @param what what is being searched, for the error message
   * @param missingIsEmpty whether {@code noSuchObject} means "no entries" rather than an error
   * @return the result
   * @throws WritebackException when the server refuses the search
   */
  SearchResult searchResult(SearchRequest request, String what, boolean missingIsEmpty)
      throws WritebackException {
    operations.incrementAndGet();
    try {
      return connection.search(request);
    } catch (LDAPSearchException e) {
      if (missingIsEmpty && e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return e.getSearchResult();
      }
      throw WritebackException.from(e, what, remedy(e));
    }
  }

  /**
   * Runs a paged search (RFC 2696 simple paged results), handing each entry to {@code sink} as it
   * arrives, so a large result never sits in memory; one operation is counted per page.
   *
   * @param request the request (its controls are kept; the paged-results control is added)
   * @param pageSize entries per page
   * @param what what is being searched, for the error message
   * @param sink receives every entry; returning false stops after the current page
   * @return the number of entries handed to {@code sink}
   * @throws WritebackException when the server refuses a page
   */
  long searchPaged(
      SearchRequest request, int pageSize, String what, Predicate<SearchResultEntry> sink)
      throws WritebackException {
    try {
      return PagedSearch.run(
          connection, request, pageSize, operations::incrementAndGet, sink::test);
    } catch (LDAPException e) {
      throw WritebackException.from(e, what, remedy(e));
    }
  }

  /**
   * Sends one modify request.
   *
   * @param request the request
   * @param what what is being changed, for the error message
   * @throws WritebackException when the server refuses it
   */
  void modify(ModifyRequest request, String what) throws WritebackException {
    operations.incrementAndGet();
    try {
      connection.modify(request);
    } catch (LDAPException e) {
      throw WritebackException.from(e, what, remedy(e));
    }
  }

  /**
   * Sends one add request.
   *
   * @param request the request
   * @param what what is being created, for the error message
   * @throws WritebackException when the server refuses it
   */
  void add(AddRequest request, String what) throws WritebackException {
    operations.incrementAndGet();
    try {
      connection.add(request);
    } catch (LDAPException e) {
      throw WritebackException.from(e, what, remedy(e));
    }
  }

  /**
   * Sends one delete request.
   *
   * @param request the request
   * @param what what is being deleted, for the error message
   * @throws WritebackException when the server refuses it
   */
  void delete(DeleteRequest request, String what) throws WritebackException {
    operations.incrementAndGet();
    try {
      connection.delete(request);
    } catch (LDAPException e) {
      throw WritebackException.from(e, what, remedy(e));
    }
  }

  private static String remedy(LDAPException e) {
    ResultCode rc = e.getResultCode();
    if (rc == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) {
      return "Run the preparation as an account allowed to change permissions there (Domain Admins"
          + " for domain objects, Enterprise Admins for the configuration partition)";
    }
    if (rc == ResultCode.NO_SUCH_OBJECT) {
      return "Check the DN; create the object first or choose an existing one"
          + (e.getMatchedDN() == null || e.getMatchedDN().isEmpty()
              ? ""
              : " (the deepest existing entry is " + e.getMatchedDN() + ")");
    }
    if (rc == ResultCode.INVALID_DN_SYNTAX) {
      return "Give a valid DN such as OU=Sync,DC=contoso,DC=com";
    }
    if (!rc.isConnectionUsable()) {
      return "Check that the domain controller is reachable and retry";
    }
    return "";
  }
}
