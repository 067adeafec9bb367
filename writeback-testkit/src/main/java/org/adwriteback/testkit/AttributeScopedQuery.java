package org.adwriteback.testkit;

import com.unboundid.asn1.ASN1Element;
import com.unboundid.asn1.ASN1Enumerated;
import com.unboundid.asn1.ASN1Exception;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ReadOnlySearchRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The attribute scoped query (LDAP_SERVER_ASQ_OID, MS-ADTS 3.1.1.3.4.1.18): a base-scope search
 * whose control names a DN-valued attribute of the base object is run against the objects that
 * attribute names (a group's members, a user's memberOf) instead of the base object, with the
 * request's filter and attribute list. The search result carries the response control {@code
 * SEQUENCE { ENUMERATED }}: success (0), or, with no entries, invalidAttributeSyntax (21) for an
 * attribute that is not DN-valued and unwillingToPerform (53) for another scope, as Samba 4.17
 * answers (measured). Paged results page through the named objects (MaxPageSize applies).
 */
final class AttributeScopedQuery {

  /** LDAP_SERVER_ASQ_OID. */
  static final String OID = "1.2.840.113556.1.4.1504";

  private AttributeScopedQuery() {}

  /** The source attribute a request's ASQ control names, if it has one. */
  static Optional<String> sourceAttribute(Control[] controls) throws LDAPException {
    for (Control c : controls) {
      if (c.getOID().equals(OID)) {
        try {
          ASN1Element[] e = ASN1Sequence.decodeAsSequence(c.getValue().getValue()).elements();
          return Optional.of(ASN1OctetString.decodeAsOctetString(e[0]).stringValue());
        } catch (ASN1Exception | RuntimeException ex) {
          throw new LDAPException(ResultCode.PROTOCOL_ERROR, AdDiagnostics.controlError());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Runs the query: the entries go out through the interceptor's entry processing; the returned
   * exception is the operation's result (success included), for the interceptor to throw.
   *
   * @param asked the client's request, its base DN resolved ({@code <GUID=…>} forms)
   * @param filter the request's filter as the testkit rewrote it for the server
   * @throws LDAPException noSuchObject when the base object is not there
   */
  static LDAPException run(
      InMemoryInterceptedSearchRequest request,
      ReadOnlySearchRequest asked,
      AdEngine engine,
      InMemoryDirectoryServer server,
      String attribute,
      Filter filter)
      throws LDAPException {
    if (asked.getScope() != SearchScope.BASE) {
      return done(asked, ResultCode.UNWILLING_TO_PERFORM);
    }
    boolean dnValued =
        engine.catalog().attribute(attribute).map(d -> d.syntax().equals("2.5.5.1")).orElse(false);
    if (!dnValued) {
      return done(asked, ResultCode.INVALID_ATTRIBUTE_SYNTAX);
    }
    DN base = new DN(asked.getBaseDN());
    Entry source = server.getEntry(base.toString(), attribute);
    if (source == null) {
      throw new LDAPException(
          ResultCode.NO_SUCH_OBJECT, AdDiagnostics.nameError(asked.getBaseDN()), "", null);
    }
    List<String> targets = new ArrayList<>();
    if (MemberOfValues.isMemberOf(attribute)) {
      engine.memberOf().groupsOf(base).forEach(g -> targets.add(g.toString()));
    } else if (source.hasAttribute(attribute)) {
      targets.addAll(List.of(source.getAttributeValues(attribute)));
    }
    // paged: the cookie is the index of the next object to look at
    SimplePagedResultsControl paged = PagedResults.of(asked.getControls());
    int next = paged == null ? 0 : offset(paged);
    int pageSize =
        paged == null
            ? Integer.MAX_VALUE
            : Math.min(paged.getSize(), engine.config().maxPageSize());
    int sent = 0;
    while (next < targets.size() && sent < pageSize) {
      SearchRequest one =
          new SearchRequest(
              targets.get(next++),
              SearchScope.BASE,
              filter,
              asked.getAttributeList().toArray(String[]::new));
      one.setTypesOnly(asked.typesOnly());
      try {
        for (Entry e : server.search(one).getSearchEntries()) {
          request.sendSearchEntry(e);
          sent++;
        }
      } catch (LDAPException gone) {
        // a value naming an object no longer there: nothing to return for it
      }
    }
    ASN1OctetString cookie =
        next < targets.size() ? new ASN1OctetString(Integer.toString(next)) : null;
    return done(asked, ResultCode.SUCCESS, cookie);
  }

  private static int offset(SimplePagedResultsControl paged) throws LDAPException {
    if (paged.getCookie() == null || paged.getCookie().getValueLength() == 0) {
      return 0;
    }
    try {
      return Integer.parseInt(paged.getCookie().stringValue());
    } catch (NumberFormatException e) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          AdDiagnostics.serviceError(
              AdDiagnostics.ERROR_INVALID_PARAMETER, 0x0C090753, 5003, "WILL_NOT_PERFORM"));
    }
  }

  private static LDAPException done(ReadOnlySearchRequest asked, ResultCode asqResult) {
    return done(asked, asqResult, null);
  }

  private static LDAPException done(
      ReadOnlySearchRequest asked, ResultCode asqResult, ASN1OctetString cookie) {
    List<Control> response = new ArrayList<>();
    response.add(
        new Control(
            OID,
            false,
            new ASN1OctetString(
                new ASN1Sequence(new ASN1Enumerated(asqResult.intValue())).encode())));
    if (asked.hasControl(SimplePagedResultsControl.PAGED_RESULTS_OID)) {
      response.add(new SimplePagedResultsControl(0, cookie, false));
    }
    return new LDAPException(ResultCode.SUCCESS, "", null, null, response.toArray(Control[]::new));
  }
}
