package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.adwriteback.preparation.FeatureCatalog;

/**
 * What the operations need to know about the forest, read once: naming contexts, supported
 * controls, the schema version, the NetBIOS domain name, and (on demand, cached) whether the schema
 * has an attribute.
 */
final class DirectoryInfo {

  private final String defaultNc;
  private final Optional<String> schemaNc;
  private final Set<String> supportedControls;
  private final OptionalInt objectVersion;
  private final String netbiosName;
  private final Map<String, Boolean> attributes = new ConcurrentHashMap<>();
  private final Object schemaLookup = new Object();

  private DirectoryInfo(
      String defaultNc,
      Optional<String> schemaNc,
      Set<String> supportedControls,
      OptionalInt objectVersion,
      String netbiosName) {
    this.defaultNc = defaultNc;
    this.schemaNc = schemaNc;
    this.supportedControls = supportedControls;
    this.objectVersion = objectVersion;
    this.netbiosName = netbiosName;
  }

  static DirectoryInfo read(LDAPInterface c) throws LDAPException {
    RootDSE root = c.getRootDSE();
    if (root == null) {
      throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "the server returned no rootDSE");
    }
    String defaultNc = root.getAttributeValue("defaultNamingContext");
    if (defaultNc == null) {
      String[] contexts = root.getNamingContextDNs();
      if (contexts == null || contexts.length == 0) {
        throw new LDAPException(
            ResultCode.NO_SUCH_OBJECT, "the rootDSE names no defaultNamingContext");
      }
      defaultNc = contexts[0];
    }
    Optional<String> schemaNc = Optional.ofNullable(root.getAttributeValue("schemaNamingContext"));
    String[] controls = root.getSupportedControlOIDs();
    Set<String> supported = controls == null ? Set.of() : Set.copyOf(List.of(controls));
    OptionalInt version = OptionalInt.empty();
    if (schemaNc.isPresent()) {
      SearchResultEntry schema = c.getEntry(schemaNc.get(), "objectVersion");
      if (schema != null && schema.getAttributeValueAsInteger("objectVersion") != null) {
        version = OptionalInt.of(schema.getAttributeValueAsInteger("objectVersion"));
      }
    }
    String netbios = netbios(c, root.getAttributeValue("configurationNamingContext"), defaultNc);
    return new DirectoryInfo(defaultNc, schemaNc, supported, version, netbios);
  }

  private static String netbios(LDAPInterface c, String configNc, String defaultNc)
      throws LDAPException {
    if (configNc != null) {
      try {
        SearchResult r =
            c.search(
                "CN=Partitions," + configNc,
                SearchScope.ONE,
                Filter.createANDFilter(
                    Filter.createEqualityFilter("objectClass", "crossRef"),
                    Filter.createEqualityFilter("nCName", defaultNc)),
                "nETBIOSName");
        for (SearchResultEntry e : r.getSearchEntries()) {
          if (e.getAttributeValue("nETBIOSName") != null) {
            return e.getAttributeValue("nETBIOSName");
          }
        }
      } catch (LDAPException e) {
        if (Failures.isTransient(e)) {
          throw e;
        }
      }
    }
    RDN first = new DN(defaultNc).getRDN();
    return first == null ? "" : first.getAttributeValues()[0].toUpperCase(Locale.ROOT);
  }

  String defaultNc() {
    return defaultNc;
  }

  boolean supportsControl(String oid) {
    return supportedControls.contains(oid);
  }

  OptionalInt objectVersion() {
    return objectVersion;
  }

  String netbiosName() {
    return netbiosName;
  }

  /**
   * The optional attributes whose presence in the schema the writeback operations decide on (the
   * Exchange, Windows Server 2016 and NGC key attributes): the first question about any attribute
   * asks about all of them in the same search, so that a batch does not pay one search of the
   * schema per name (on a directory that does not index lDAPDisplayName, a scan each).
   */
  static final List<String> ASKED_ABOUT =
      Stream.concat(
              Stream.of(
                  "mailNickname",
                  "msExchRecipientDisplayType",
                  "msExchRecipientTypeDetails",
                  "msDS-KeyCredentialLink"),
              FeatureCatalog.EXCHANGE_HYBRID_USER_ATTRIBUTES.stream())
          .distinct()
          .toList();

  /**
   * Tells whether the schema defines an attribute, from the schema NC (or the subschema entry when
   * the server has no schema NC). Each name is looked up once, together with {@link #ASKED_ABOUT}:
   * the parallel items of a batch that ask at the same time wait for the first one's answer instead
   * of each sending the search.
   */
  boolean hasAttribute(LDAPInterface c, String ldapDisplayName) throws LDAPException {
    String key = ldapDisplayName.toLowerCase(Locale.ROOT);
    Boolean known = attributes.get(key);
    if (known != null) {
      return known;
    }
    synchronized (schemaLookup) {
      known = attributes.get(key);
      if (known == null) {
        lookUpAttributes(c, ldapDisplayName);
        known = attributes.get(key);
      }
      return known;
    }
  }

  /** Looks up a name and every name of {@link #ASKED_ABOUT} not known yet, in one search. */
  private void lookUpAttributes(LDAPInterface c, String ldapDisplayName) throws LDAPException {
    Map<String, String> asked = new LinkedHashMap<>();
    asked.put(ldapDisplayName.toLowerCase(Locale.ROOT), ldapDisplayName);
    for (String name : ASKED_ABOUT) {
      String key = name.toLowerCase(Locale.ROOT);
      if (!attributes.containsKey(key)) {
        asked.putIfAbsent(key, name);
      }
    }
    Set<String> found = new HashSet<>();
    if (schemaNc.isPresent()) {
      SearchResult result =
          c.search(
              schemaNc.get(),
              SearchScope.ONE,
              Filter.createORFilter(
                  asked.values().stream()
                      .map(n -> Filter.createEqualityFilter("lDAPDisplayName", n))
                      .toList()),
              "lDAPDisplayName");
      for (SearchResultEntry e : result.getSearchEntries()) {
        String name = e.getAttributeValue("lDAPDisplayName");
        if (name != null) {
          found.add(name.toLowerCase(Locale.ROOT));
        }
      }
    } else {
      Schema schema = c.getSchema();
      for (Map.Entry<String, String> a : asked.entrySet()) {
        if (schema != null && schema.getAttributeType(a.getValue()) != null) {
          found.add(a.getKey());
        }
      }
    }
    for (String key : asked.keySet()) {
      attributes.put(key, found.contains(key));
    }
  }
}
