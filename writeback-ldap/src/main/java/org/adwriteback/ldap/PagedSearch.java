package org.adwriteback.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.ArrayList;
import java.util.List;

/**
 * A search read page by page with the simple paged results control (RFC 2696; AD's MaxPageSize caps
 * a page at 1,000 entries by default, MS-ADTS 3.1.1.3.4.6), each entry handed to a sink as it
 * arrives so that a large result never sits in memory. Search references are not followed: a search
 * stays in one naming context.
 */
public final class PagedSearch {

  /** Receives the entries of a paged search. */
  @FunctionalInterface
  public interface Sink {
    /**
     * Takes one entry.
     *
     * @param entry the entry
     * @return false to stop after the current page
     * @throws LDAPException to stop the search with this failure
     */
    boolean accept(SearchResultEntry entry) throws LDAPException;
  }

  private PagedSearch() {}

  /**
   * Runs the search page by page until the server's cookie is empty or the sink says stop.
   *
   * @param connection where to search
   * @param request the request (its controls are kept; the paged-results control is added; size and
   *     time limits are the server's)
   * @param pageSize entries per page
   * @param beforeEachPage run before each page is requested (to count operations)
   * @param sink receives every entry
   * @return the number of entries handed to the sink
   * @throws LDAPException when the server refuses a page, or the sink fails
   */
  public static long run(
      LDAPInterface connection,
      SearchRequest request,
      int pageSize,
      Runnable beforeEachPage,
      Sink sink)
      throws LDAPException {
    long[] count = {0};
    boolean[] more = {true};
    LDAPException[] failed = {null};
    SearchResultListener listener =
        new SearchResultListener() {
          private static final long serialVersionUID = 1L;

          @Override
          public void searchEntryReturned(SearchResultEntry entry) {
            if (failed[0] != null) {
              return;
            }
            count[0]++;
            try {
              if (!sink.accept(entry)) {
                more[0] = false;
              }
            } catch (LDAPException e) {
              failed[0] = e;
            }
          }

          @Override
          public void searchReferenceReturned(SearchResultReference reference) {
            // referrals to other partitions are not followed: the scope is one naming context
          }
        };
    List<Control> base = List.of(request.getControls());
    ASN1OctetString cookie = null;
    do {
      SearchRequest page =
          new SearchRequest(
              listener,
              request.getBaseDN(),
              request.getScope(),
              request.getDereferencePolicy(),
              0,
              0,
              false,
              request.getFilter(),
              request.getAttributes());
      List<Control> controls = new ArrayList<>(base);
      controls.add(new SimplePagedResultsControl(pageSize, cookie, false));
      page.setControls(controls);
      beforeEachPage.run();
      SearchResult result = connection.search(page);
      if (failed[0] != null) {
        throw failed[0];
      }
      SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
      cookie = response == null ? null : response.getCookie();
    } while (more[0] && cookie != null && cookie.getValueLength() > 0);
    return count[0];
  }
}
