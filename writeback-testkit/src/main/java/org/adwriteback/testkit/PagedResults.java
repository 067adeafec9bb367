package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;

/**
 * Reads the simple paged results control (RFC 2696, LDAP_PAGED_RESULT_OID_STRING in MS-ADTS
 * 3.1.1.3.4.1.1) from a request or a result, whether UnboundID handed it over decoded or as a
 * generic control.
 */
final class PagedResults {

  private PagedResults() {}

  /**
   * The paged results control among {@code controls}, decoded; null when there is none.
   *
   * @throws LDAPException when its value is not a paged-results value
   */
  static SimplePagedResultsControl of(Control[] controls) throws LDAPException {
    for (Control c : controls) {
      if (c.getOID().equals(SimplePagedResultsControl.PAGED_RESULTS_OID)) {
        return c instanceof SimplePagedResultsControl p
            ? p
            : new SimplePagedResultsControl(c.getOID(), c.isCritical(), c.getValue());
      }
    }
    return null;
  }
}
