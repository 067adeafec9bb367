package org.adwriteback.testkit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.adwriteback.security.Sid;

/**
 * Rewrites search filters that use AD's extensible matching rules (MS-ADTS 3.1.1.3.4.4) into
 * filters UnboundID's in-memory server can evaluate: LDAP_MATCHING_RULE_BIT_AND and _BIT_OR become
 * an OR of the stored values that satisfy the bit test, LDAP_MATCHING_RULE_IN_CHAIN becomes an OR
 * of the distinguished names reached by walking the link (for a back link such as memberOf, by
 * walking its forward link from the value). The rewrite reads the directory at the time of the
 * search, so it sees exactly what the search sees. An objectCategory equality with a class name
 * instead of a DN becomes the class's defaultObjectCategory (MS-ADTS 3.1.1.3.1.3.5). A component on
 * memberOf, which the testkit derives from member instead of storing ({@link MemberOfTable}),
 * becomes an OR of the objects whose memberOf satisfies it, whether AD's matching rules are enabled
 * or not.
 */
final class FilterRewriter {

  static final String BIT_AND = "1.2.840.113556.1.4.803";
  static final String BIT_OR = "1.2.840.113556.1.4.804";
  static final String IN_CHAIN = "1.2.840.113556.1.4.1941";

  private final InMemoryDirectoryServer server;
  private final AdEngine engine;

  FilterRewriter(InMemoryDirectoryServer server, AdEngine engine) {
    this.server = server;
    this.engine = engine;
  }

  /**
   * Returns the filter with memberOf components answered from the link table and, when {@code
   * adMatchingRules}, AD's matching rules replaced; the same filter if it has none.
   */
  Filter rewrite(Filter f, boolean adMatchingRules) throws LDAPException {
    switch (f.getFilterType()) {
      case Filter.FILTER_TYPE_AND, Filter.FILTER_TYPE_OR -> {
        Filter[] in = f.getComponents();
        Filter[] out = new Filter[in.length];
        boolean changed = false;
        for (int i = 0; i < in.length; i++) {
          out[i] = rewrite(in[i], adMatchingRules);
          changed |= out[i] != in[i];
        }
        if (!changed) {
          return f;
        }
        return f.getFilterType() == Filter.FILTER_TYPE_AND
            ? Filter.createANDFilter(out)
            : Filter.createORFilter(out);
      }
      case Filter.FILTER_TYPE_NOT -> {
        Filter inner = rewrite(f.getNOTComponent(), adMatchingRules);
        return inner == f.getNOTComponent() ? f : Filter.createNOTFilter(inner);
      }
      case Filter.FILTER_TYPE_EQUALITY,
          Filter.FILTER_TYPE_SUBSTRING,
          Filter.FILTER_TYPE_GREATER_OR_EQUAL,
          Filter.FILTER_TYPE_LESS_OR_EQUAL,
          Filter.FILTER_TYPE_PRESENCE -> {
        if (MemberOfValues.isMemberOf(f.getAttributeName())) {
          return memberOf(f);
        }
        return adMatchingRules ? adRule(f) : f;
      }
      default -> {
        return adMatchingRules ? adRule(f) : f;
      }
    }
  }

  /** A component that is not AND, OR or NOT, with AD's matching rules replaced. */
  private Filter adRule(Filter f) throws LDAPException {
    switch (f.getFilterType()) {
      case Filter.FILTER_TYPE_EXTENSIBLE_MATCH -> {
        String rule = f.getMatchingRuleID();
        if (rule == null) {
          return f;
        }
        if (f.getAttributeName() == null) {
          throw new LDAPException(
              ResultCode.INAPPROPRIATE_MATCHING,
              "the matching rule " + rule + " needs an attribute: (attr:" + rule + ":=value)");
        }
        return switch (rule) {
          case BIT_AND, BIT_OR -> bitwise(f, rule.equals(BIT_AND));
          case IN_CHAIN -> inChain(f);
          default -> f;
        };
      }
      case Filter.FILTER_TYPE_EQUALITY -> {
        if (f.getAttributeName().equalsIgnoreCase("aNR")) {
          return anr(f.getAssertionValue());
        }
        return stringSid(objectCategory(f));
      }
      case Filter.FILTER_TYPE_SUBSTRING -> {
        if (f.getAttributeName().equalsIgnoreCase("aNR")
            && f.getSubInitialString() != null
            && f.getSubAnyStrings().length == 0
            && f.getSubFinalString() == null) {
          return anr(f.getSubInitialString());
        }
        return f;
      }
      case Filter.FILTER_TYPE_PRESENCE -> {
        // (aNR=*) tests the aNR attribute itself, which no object has
        return f.getAttributeName().equalsIgnoreCase("aNR") ? anyOf(List.of()) : f;
      }
      case Filter.FILTER_TYPE_APPROXIMATE_MATCH -> {
        // MS-ADTS 3.1.1.3.1.3.1: approxMatch is implemented identically to equalityMatch
        return rewrite(
            Filter.createEqualityFilter(f.getAttributeName(), f.getAssertionValueBytes()), true);
      }
      default -> {
        return f;
      }
    }
  }

  /**
   * Ambiguous name resolution (MS-ADTS 3.1.1.3.1.3.4): {@code (aNR=V)} stands for an initial
   * substring match of V on every attribute of the ANR set (searchFlags fANR: displayName,
   * givenName, sn, name, sAMAccountName, proxyAddresses, physicalDeliveryOfficeName ...), an
   * equality match on legacyExchangeDN, and, when V holds a space, {@code givenName=first*} with
   * {@code sn=rest*} and the other way round. {@code (aNR==V)} asks for equality matches instead of
   * substrings.
   */
  private Filter anr(String assertion) {
    boolean exact = assertion.startsWith("=");
    String v = (exact ? assertion.substring(1) : assertion).trim();
    if (v.isEmpty()) {
      return anyOf(List.of());
    }
    List<Filter> any = new ArrayList<>();
    for (AdSchemaCatalog.AttributeDef a : anrSet()) {
      any.add(
          exact || a.name().equalsIgnoreCase("legacyExchangeDN")
              ? Filter.createEqualityFilter(a.name(), v)
              : Filter.createSubstringFilter(a.name(), v, null, null));
    }
    int space = v.indexOf(' ');
    if (space > 0) {
      String first = v.substring(0, space).trim();
      String rest = v.substring(space + 1).trim();
      if (!rest.isEmpty()) {
        any.add(
            Filter.createANDFilter(prefix("givenName", first, exact), prefix("sn", rest, exact)));
        any.add(
            Filter.createANDFilter(prefix("givenName", rest, exact), prefix("sn", first, exact)));
      }
    }
    return anyOf(any);
  }

  private static Filter prefix(String attribute, String value, boolean exact) {
    return exact
        ? Filter.createEqualityFilter(attribute, value)
        : Filter.createSubstringFilter(attribute, value, null, null);
  }

  private volatile List<AdSchemaCatalog.AttributeDef> anrSet;

  /** The attributes whose searchFlags hold fANR (0x4), in the schema's order. */
  private List<AdSchemaCatalog.AttributeDef> anrSet() {
    List<AdSchemaCatalog.AttributeDef> set = anrSet;
    if (set == null) {
      set =
          engine.catalog().attributes().stream().filter(a -> (a.searchFlags() & 0x4) != 0).toList();
      anrSet = set;
    }
    return set;
  }

  /**
   * A SID-syntax attribute (objectSid, sIDHistory ...) compared with a SID in its string form, such
   * as {@code (objectSid=S-1-5-32-544)}, is compared with the SID's binary form, as AD does.
   */
  private Filter stringSid(Filter f) {
    String v = f.getAssertionValue();
    if (!v.regionMatches(true, 0, "S-1-", 0, 4)
        || engine
            .catalog()
            .attribute(f.getAttributeName())
            .filter(a -> a.syntax().equals("2.5.5.17"))
            .isEmpty()) {
      return f;
    }
    try {
      return Filter.createEqualityFilter(f.getAttributeName(), Sid.parse(v.trim()).toBytes());
    } catch (IllegalArgumentException notASid) {
      return f;
    }
  }

  /**
   * MS-ADTS 3.1.1.3.1.3.5: {@code (objectCategory=V)} where V is not a DN but the lDAPDisplayName
   * of a class stands for {@code (objectCategory=<V's defaultObjectCategory>)}, so {@code
   * (objectCategory=person)} and {@code (objectCategory=user)} both find users and contacts.
   */
  private Filter objectCategory(Filter f) {
    if (!f.getAttributeName().equalsIgnoreCase("objectCategory")
        || f.getAssertionValue().indexOf('=') >= 0) {
      return f;
    }
    return engine
        .catalog()
        .klass(f.getAssertionValue().trim())
        .map(
            c ->
                Filter.createEqualityFilter(
                    f.getAttributeName(),
                    "CN=" + c.defaultObjectCategory() + "," + engine.schemaDn()))
        .orElse(f);
  }

  private Filter bitwise(Filter f, boolean all) throws LDAPException {
    long mask;
    try {
      mask = new BigInteger(f.getAssertionValue().trim()).longValue();
    } catch (NumberFormatException e) {
      throw new LDAPException(
          ResultCode.INAPPROPRIATE_MATCHING,
          "the value of a bitwise matching rule must be a decimal integer, not '"
              + f.getAssertionValue()
              + "'");
    }
    String attr = f.getAttributeName();
    Set<String> matching = new LinkedHashSet<>();
    for (DN base : namingContexts()) {
      for (SearchResultEntry e :
          server
              .search(base.toString(), SearchScope.SUB, Filter.createPresenceFilter(attr), attr)
              .getSearchEntries()) {
        for (String v : e.getAttributeValues(attr)) {
          try {
            long value = new BigInteger(v.trim()).longValue();
            if (all ? (value & mask) == mask : (value & mask) != 0) {
              matching.add(v);
            }
          } catch (NumberFormatException ignored) {
            // a non-integer value never matches a bitwise rule
          }
        }
      }
    }
    List<Filter> alternatives = new ArrayList<>();
    for (String v : matching) {
      alternatives.add(Filter.createEqualityFilter(attr, v));
    }
    return anyOf(alternatives);
  }

  /**
   * A component on memberOf, which no object stores (the {@link MemberOfTable} holds it): an
   * equality becomes the members of the group named, read from its member values; any other
   * component is evaluated on each member's memberOf values. Either way the objects found are named
   * by objectGUID.
   */
  private Filter memberOf(Filter f) throws LDAPException {
    Set<DN> found = new LinkedHashSet<>();
    if (f.getFilterType() == Filter.FILTER_TYPE_EQUALITY) {
      DN group;
      try {
        group = new DN(f.getAssertionValue());
      } catch (LDAPException notADn) {
        return anyOf(List.of()); // no memberOf value equals a string that is not a DN
      }
      found.addAll(AdEngine.members(engine.read(group.toString(), "member")));
    } else {
      var schema = server.getSchema();
      found.addAll(
          engine
              .memberOf()
              .membersWhere(
                  (member, groups) -> {
                    Entry values = new Entry(member);
                    for (DN g : groups) {
                      values.addAttribute("memberOf", g.toString());
                    }
                    try {
                      return f.matchesEntry(values, schema);
                    } catch (LDAPException unsupported) {
                      return false; // as the server answers a rule it cannot evaluate
                    }
                  }));
    }
    return anyObject(found);
  }

  /**
   * A filter matching exactly the objects named, by their objectGUID (equality-indexed, so the
   * server looks each one up instead of comparing every object's DN with each of them); a name with
   * no object in this directory matches nothing.
   */
  private Filter anyObject(Collection<DN> objects) throws LDAPException {
    List<Filter> alternatives = new ArrayList<>();
    for (DN dn : objects) {
      Entry e = engine.read(dn.toString(), "objectGUID");
      if (e == null) {
        continue;
      }
      byte[] guid = e.getAttributeValueBytes("objectGUID");
      alternatives.add(
          guid != null
              ? Filter.createEqualityFilter("objectGUID", guid)
              : Filter.createEqualityFilter("distinguishedName", dn.toString()));
    }
    return anyOf(alternatives);
  }

  private Filter inChain(Filter f) throws LDAPException {
    String attr = f.getAttributeName();
    DN target;
    try {
      target = new DN(f.getAssertionValue());
    } catch (LDAPException e) {
      throw new LDAPException(
          ResultCode.INAPPROPRIATE_MATCHING,
          "the value of LDAP_MATCHING_RULE_IN_CHAIN must be a DN, not '"
              + f.getAssertionValue()
              + "'");
    }
    Optional<AdSchemaCatalog.AttributeDef> def = engine.catalog().attribute(attr);
    Set<DN> reached = new LinkedHashSet<>();
    Optional<Integer> link = def.flatMap(AdSchemaCatalog.AttributeDef::linkId);
    if (link.isPresent() && link.get() % 2 == 1) {
      // a back link (memberOf): the entries reached from the value over the forward link
      String forward = forwardLinkOf(link.get() - 1).orElse(attr);
      Deque<DN> todo = new ArrayDeque<>(List.of(target));
      while (!todo.isEmpty()) {
        Entry e = engine.read(todo.pop().toString(), forward);
        if (e == null || !e.hasAttribute(forward)) {
          continue;
        }
        for (String value : e.getAttributeValues(forward)) {
          DN next = new DN(value);
          if (reached.add(next)) {
            todo.push(next);
          }
        }
      }
    } else {
      // a forward link (member, manager): the entries whose chain of values reaches the target
      Deque<DN> todo = new ArrayDeque<>(List.of(target));
      while (!todo.isEmpty()) {
        DN value = todo.pop();
        for (DN base : namingContexts()) {
          for (SearchResultEntry e :
              server
                  .search(
                      base.toString(),
                      SearchScope.SUB,
                      Filter.createEqualityFilter(attr, value.toString()),
                      "1.1")
                  .getSearchEntries()) {
            if (reached.add(e.getParsedDN())) {
              todo.push(e.getParsedDN());
            }
          }
        }
      }
    }
    return anyObject(reached);
  }

  private Optional<String> forwardLinkOf(int linkId) {
    for (AdSchemaCatalog.AttributeDef a : engine.catalog().attributes()) {
      if (a.linkId().isPresent() && a.linkId().get() == linkId) {
        return Optional.of(a.name());
      }
    }
    return Optional.empty();
  }

  private List<DN> namingContexts() {
    return List.of(engine.domainDn());
  }

  private static Filter anyOf(List<Filter> alternatives) {
    if (alternatives.isEmpty()) {
      // matches nothing: every object has an objectClass
      return Filter.createNOTFilter(Filter.createPresenceFilter("objectClass"));
    }
    return alternatives.size() == 1 ? alternatives.get(0) : Filter.createORFilter(alternatives);
  }
}
