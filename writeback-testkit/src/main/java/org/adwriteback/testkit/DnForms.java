package org.adwriteback.testkit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.adwriteback.security.GuidBytes;
import org.adwriteback.security.Sid;

/**
 * The alternative forms of a DN that AD accepts wherever a request names an existing object
 * (MS-ADTS 3.1.1.3.1.2.4): {@code <GUID=...>} (the objectGUID as 32 hex digits in stored byte
 * order, or in the dashed string form), {@code <SID=...>} (the objectSid as a string or as hex
 * digits) and {@code <WKGUID=guid,dn>} (the object the wellKnownObjects value of {@code dn} names
 * for that GUID). {@link #resolve} turns them into the object's DN; any other DN is returned
 * unchanged.
 */
final class DnForms {

  private final InMemoryDirectoryServer server;
  private final AdEngine engine;

  DnForms(InMemoryDirectoryServer server, AdEngine engine) {
    this.server = server;
    this.engine = engine;
  }

  /** Is {@code dn} one of the alternative forms (it starts with {@code <})? */
  static boolean isAlternative(String dn) {
    return dn != null && dn.startsWith("<");
  }

  /**
   * The DN of the object an alternative form names, or {@code dn} itself when it is an ordinary DN.
   *
   * @throws LDAPException noSuchObject when no object has that GUID or SID, invalidDNSyntax when
   *     the form cannot be read
   */
  String resolve(String dn) throws LDAPException {
    if (!isAlternative(dn)) {
      return dn;
    }
    int end = dn.indexOf('>');
    int eq = dn.indexOf('=');
    if (end < 0 || eq < 0 || eq > end) {
      throw syntax(dn, "an alternative DN is <GUID=...>, <SID=...> or <WKGUID=guid,DN>");
    }
    String kind = dn.substring(1, eq).trim().toUpperCase(Locale.ROOT);
    String value = dn.substring(eq + 1, end).trim();
    return switch (kind) {
      case "GUID" -> byValue(dn, "objectGUID", guidBytes(dn, value));
      case "SID" -> byValue(dn, "objectSid", sidBytes(dn, value));
      case "WKGUID" -> wellKnown(dn, value);
      default -> throw syntax(dn, "unknown alternative DN form <" + kind + "=...>");
    };
  }

  private static byte[] guidBytes(String dn, String value) throws LDAPException {
    try {
      if (value.length() == 32) {
        return HexFormat.of().parseHex(value);
      }
      return GuidBytes.toBytes(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      throw syntax(dn, "the GUID is neither 32 hex digits nor a dashed GUID string");
    }
  }

  private static byte[] sidBytes(String dn, String value) throws LDAPException {
    try {
      return value.regionMatches(true, 0, "S-", 0, 2)
          ? Sid.parse(value).toBytes()
          : HexFormat.of().parseHex(value);
    } catch (IllegalArgumentException e) {
      throw syntax(dn, "the SID is neither S-1-... nor hex digits");
    }
  }

  private String byValue(String dn, String attribute, byte[] value) throws LDAPException {
    for (DN context : namingContexts()) {
      List<SearchResultEntry> hits =
          server
              .search(
                  context.toString(),
                  SearchScope.SUB,
                  Filter.createEqualityFilter(attribute, value),
                  "1.1")
              .getSearchEntries();
      if (!hits.isEmpty()) {
        return hits.get(0).getDN();
      }
    }
    throw new LDAPException(ResultCode.NO_SUCH_OBJECT, AdDiagnostics.nameError(""), "", null);
  }

  /** {@code guid,dn}: the wellKnownObjects value {@code B:32:<guid>:<target>} of {@code dn}. */
  private String wellKnown(String dn, String value) throws LDAPException {
    int comma = value.indexOf(',');
    if (comma != 32) {
      throw syntax(dn, "a well-known GUID form is <WKGUID=32 hex digits,DN>");
    }
    String guid = value.substring(0, 32);
    String container = value.substring(comma + 1);
    Entry holder = engine.read(container, "wellKnownObjects", "otherWellKnownObjects");
    if (holder != null) {
      for (String attribute : List.of("wellKnownObjects", "otherWellKnownObjects")) {
        String[] values = holder.getAttributeValues(attribute);
        for (String v : values == null ? new String[0] : values) {
          // B:32:<guid>:<dn>
          if (v.length() > 38 && v.substring(5, 37).equalsIgnoreCase(guid)) {
            return v.substring(38);
          }
        }
      }
    }
    throw new LDAPException(
        ResultCode.NO_SUCH_OBJECT,
        AdDiagnostics.nameError(holder == null ? "" : container),
        holder == null ? "" : container,
        null);
  }

  private List<DN> namingContexts() {
    List<DN> out = new ArrayList<>();
    for (AdDomain d : engine.domains()) {
      out.add(d.dn());
    }
    out.add(engine.configDn());
    out.add(engine.schemaDn());
    return out;
  }

  private static LDAPException syntax(String dn, String why) {
    return new LDAPException(ResultCode.INVALID_DN_SYNTAX, "'" + dn + "': " + why);
  }
}
