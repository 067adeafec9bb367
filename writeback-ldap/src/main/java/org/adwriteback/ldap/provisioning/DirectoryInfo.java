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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
   * Tells whether the schema defines an attribute, from the schema NC (or the subschema entry when
   * the server has no schema NC).
   */
  boolean hasAttribute(LDAPInterface c, String ldapDisplayName) throws LDAPException {
    String key = ldapDisplayName.toLowerCase(Locale.ROOT);
    Boolean known = attributes.get(key);
    if (known != null) {
      return known;
    }
    boolean found;
    if (schemaNc.isPresent()) {
      found =
          c.search(
                      schemaNc.get(),
                      SearchScope.ONE,
                      Filter.createEqualityFilter("lDAPDisplayName", ldapDisplayName),
                      "1.1")
                  .getEntryCount()
              > 0;
    } else {
      Schema schema = c.getSchema();
      found = schema != null && schema.getAttributeType(ldapDisplayName) != null;
    }
    attributes.put(key, found);
    return found;
  }
}
