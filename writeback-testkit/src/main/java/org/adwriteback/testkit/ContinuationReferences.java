package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;

/**
 * The continuation references a search returns for the naming contexts below its base's own
 * (MS-ADTS 3.1.1.4.7, RFC 4511 section 4.5.3): a subtree search from the domain root gets {@code
 * ldap://contoso.test/CN=Configuration,DC=contoso,DC=test} after its entries, a one-level search
 * the same URL with {@code ??base}, a subtree search of the configuration partition one for the
 * schema partition. Only the naming contexts listed in the base's NC's subRefs count, that is,
 * those whose parent lies in that NC (the schema is the configuration's subordinate, not the
 * domain's); the host is the DNS name of the NC's crossRef (a domain's own name, the forest root's
 * for configuration and schema), the scheme the client's connection's ({@code ldaps://} on the
 * LDAPS port, as Samba answers since its merge request 483). Code that searches AD from a domain
 * root meets these references (JNDI's {@code PartialResultException}, Spring LDAP's "Unprocessed
 * Continuation Reference(s)"); the domain-scope control asks for none.
 */
final class ContinuationReferences {

  private ContinuationReferences() {}

  /**
   * The reference URLs for a search of {@code scope} under {@code base}, in the order the naming
   * contexts are held (domains, configuration, schema); empty for a base-scope search.
   *
   * @param scheme {@code ldap://} or {@code ldaps://}
   */
  static List<String> of(AdEngine engine, DN base, SearchScope scope, String scheme) {
    boolean oneLevel = scope == SearchScope.ONE;
    boolean subtree = scope == SearchScope.SUB || scope == SearchScope.SUBORDINATE_SUBTREE;
    if (!oneLevel && !subtree) {
      return List.of();
    }
    DN baseContext = engine.namingContextOf(base);
    String forestDns = engine.rootDomain().dnsName();
    List<String> urls = new ArrayList<>(1);
    for (AdDomain d : engine.domains()) {
      add(urls, engine, baseContext, base, oneLevel, d.dn(), scheme + d.dnsName());
    }
    add(urls, engine, baseContext, base, oneLevel, engine.configDn(), scheme + forestDns);
    add(urls, engine, baseContext, base, oneLevel, engine.schemaDn(), scheme + forestDns);
    return urls;
  }

  private static void add(
      List<String> urls,
      AdEngine engine,
      DN baseContext,
      DN base,
      boolean oneLevel,
      DN head,
      String schemeAndHost) {
    DN parent = head.getParent();
    if (parent == null
        || !parent.isDescendantOf(baseContext, true)
        || !engine.namingContextOf(parent).equals(baseContext)) {
      return; // not a subordinate reference of the base's naming context
    }
    boolean inScope = oneLevel ? parent.equals(base) : head.isDescendantOf(base, false);
    if (inScope) {
      urls.add(schemeAndHost + "/" + head + (oneLevel ? "??base" : ""));
    }
  }
}
