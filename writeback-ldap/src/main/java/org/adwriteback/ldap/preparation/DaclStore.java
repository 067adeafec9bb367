package org.adwriteback.ldap.preparation;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.adwriteback.ldap.SecurityDescriptorFlagsControl;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.SecurityDescriptorFormatException;

/**
 * Reads and writes DACLs with the SD flags control set to DACL only (MS-ADTS 3.1.1.3.4.1.11), so
 * owner, group and SACL are never read back into a write and never written. Reads of many objects
 * are batched: one subtree search per naming context with an OR of {@code distinguishedName}
 * equality filters (at most {@value #BATCH} per search).
 *
 * <p>Each read also returns the version of {@code nTSecurityDescriptor} from {@code
 * replPropertyMetaData} (MS-DRSR 5.160 PROPERTY_META_DATA_EXT; the DC increments it on every
 * originating write of the attribute), which tells after a write whether anyone else wrote the
 * descriptor between our read and our write.
 */
final class DaclStore {

  /**
   * A DACL as read: the DACL-only descriptor, the attribute's metadata version and the bound
   * account's {@code sDRightsEffective} (MS-ADTS 3.1.1.4.5.21) on the object (-1 when unknown).
   */
  record Read(String dn, SecurityDescriptor descriptor, long version, int sdRightsEffective) {}

  static final int BATCH = 50;
  private static final int NT_SECURITY_DESCRIPTOR_ATTID = 0x20119;
  private static final String[] ATTRIBUTES = {
    "nTSecurityDescriptor", "replPropertyMetaData", "sDRightsEffective"
  };

  private DaclStore() {}

  /**
   * Reads the DACLs of many objects.
   *
   * @param sessions the sessions
   * @param forest the forest (to route each DN to its domain's session)
   * @param dns the objects
   * @return per normalised DN, the read; objects that do not exist are absent
   * @throws WritebackException when a read fails
   */
  static Map<DN, Read> readAll(DomainSessions sessions, Forest forest, List<String> dns)
      throws WritebackException {
    Map<LdapSession, Map<String, List<DN>>> groups = new LinkedHashMap<>();
    for (String s : dns) {
      DN dn = parse(s);
      groups
          .computeIfAbsent(sessions.forDn(s, forest), k -> new LinkedHashMap<>())
          .computeIfAbsent(partitionOf(dn, forest), k -> new ArrayList<>())
          .add(dn);
    }
    Map<DN, Read> out = new HashMap<>();
    for (Map.Entry<LdapSession, Map<String, List<DN>>> g : groups.entrySet()) {
      for (Map.Entry<String, List<DN>> p : g.getValue().entrySet()) {
        List<DN> all = p.getValue().stream().distinct().toList();
        for (int i = 0; i < all.size(); i += BATCH) {
          List<DN> chunk = all.subList(i, Math.min(all.size(), i + BATCH));
          int found = readChunk(g.getKey(), p.getKey(), chunk, out);
          if (found > 0 || chunk.size() == 1) {
            // the server matched distinguishedName, so what the batch did not return is absent
            continue;
          }
          for (DN missing : chunk) {
            // nothing found: every DN absent, or a server without distinguishedName matching
            read(g.getKey(), missing.toString()).ifPresent(r -> out.put(missing, r));
          }
        }
      }
    }
    return out;
  }

  /** Reads a chunk of DACLs with one search; returns how many objects it found. */
  private static int readChunk(LdapSession s, String base, List<DN> chunk, Map<DN, Read> out)
      throws WritebackException {
    if (chunk.size() == 1) {
      Optional<Read> one = read(s, chunk.get(0).toString());
      one.ifPresent(r -> out.put(chunk.get(0), r));
      return one.isPresent() ? 1 : 0;
    }
    int found = 0;
    List<Filter> any = new ArrayList<>();
    chunk.forEach(d -> any.add(Filter.createEqualityFilter("distinguishedName", d.toString())));
    SearchRequest req =
        new SearchRequest(base, SearchScope.SUB, Filter.createORFilter(any), ATTRIBUTES);
    req.addControl(SecurityDescriptorFlagsControl.daclOnly());
    for (SearchResultEntry e :
        s.search(req, "read the DACLs of " + chunk.size() + " objects under " + base, true)) {
      DN dn = parse(e.getDN());
      if (chunk.contains(dn)) {
        out.put(dn, toRead(e));
        found++;
      }
    }
    return found;
  }

  /**
   * Reads one object's DACL.
   *
   * @param s the session holding it
   * @param dn the object
   * @return the read, or empty when the object does not exist
   * @throws WritebackException when the read fails or returns no descriptor
   */
  static Optional<Read> read(LdapSession s, String dn) throws WritebackException {
    SearchRequest req =
        new SearchRequest(
            dn, SearchScope.BASE, Filter.createPresenceFilter("objectClass"), ATTRIBUTES);
    req.addControl(SecurityDescriptorFlagsControl.daclOnly());
    Optional<SearchResultEntry> e = s.readEntry(req, "read the DACL of " + dn);
    return e.isEmpty() ? Optional.empty() : Optional.of(toRead(e.get()));
  }

  /**
   * Replaces an object's DACL (only the DACL: the control limits the write).
   *
   * @param s the session holding it
   * @param dn the object
   * @param descriptor a descriptor whose DACL (and DACL control bits) are to be stored
   * @throws WritebackException when the server refuses
   */
  static void write(LdapSession s, String dn, SecurityDescriptor descriptor)
      throws WritebackException {
    ModifyRequest m =
        new ModifyRequest(
            dn,
            new Modification(
                ModificationType.REPLACE, "nTSecurityDescriptor", descriptor.toBytes()));
    m.addControl(SecurityDescriptorFlagsControl.daclOnly());
    s.modify(m, "write the DACL of " + dn);
  }

  private static Read toRead(SearchResultEntry e) throws WritebackException {
    byte[] sd = e.getAttributeValueBytes("nTSecurityDescriptor");
    if (sd == null) {
      throw new WritebackException(
          WritebackException.Reason.INSUFFICIENT_RIGHTS,
          "the DACL of "
              + e.getDN()
              + " is not readable by the bound account; run as an account with READ_CONTROL on it");
    }
    try {
      return new Read(
          e.getDN(),
          SecurityDescriptor.fromBytes(sd),
          version(e.getAttributeValueBytes("replPropertyMetaData")),
          Optional.ofNullable(e.getAttributeValueAsInteger("sDRightsEffective")).orElse(-1));
    } catch (SecurityDescriptorFormatException bad) {
      throw new WritebackException(
          WritebackException.Reason.SERVER_ERROR,
          "the DACL of " + e.getDN() + " could not be parsed: " + bad.getMessage());
    }
  }

  /**
   * Extracts the version of nTSecurityDescriptor from a replPropertyMetaData blob (MS-DRSR 5.158
   * PROPERTY_META_DATA_VECTOR: dwVersion 1, reserved, cNumProps, reserved, then 48-byte entries
   * attrTyp, dwVersion, timeChanged, uuidDsaOriginating, usnOriginating, usnProperty).
   *
   * @param blob the attribute value, or null
   * @return the version, or -1 when unknown
   */
  static long version(byte[] blob) {
    if (blob == null || blob.length < 16) {
      return -1;
    }
    ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != 1) {
      return -1;
    }
    long count = Integer.toUnsignedLong(b.getInt(8));
    for (long i = 0; i < count; i++) {
      int off = 16 + (int) i * 48;
      if (off + 48 > blob.length) {
        return -1;
      }
      if (b.getInt(off) == NT_SECURITY_DESCRIPTOR_ATTID) {
        return Integer.toUnsignedLong(b.getInt(off + 4));
      }
    }
    return -1;
  }

  static DN parse(String dn) throws WritebackException {
    try {
      return new DN(dn);
    } catch (LDAPException e) {
      throw new WritebackException(
          WritebackException.Reason.INVALID_INPUT,
          "'"
              + dn
              + "' is not a valid DN ("
              + e.getMessage()
              + "); give e.g. OU=Sync,DC=contoso,DC=com");
    }
  }

  private static String partitionOf(DN dn, Forest forest) {
    String best = forest.defaultNamingContext();
    int bestLength = -1;
    List<String> ncs = new ArrayList<>();
    forest.domains().forEach(d -> ncs.add(d.dn()));
    ncs.add(forest.configurationNc());
    ncs.add(forest.schemaNc());
    for (String nc : ncs) {
      if (Forest.isAtOrBelow(dn.toString(), nc) && nc.length() > bestLength) {
        best = nc;
        bestLength = nc.length();
      }
    }
    return best;
  }
}
