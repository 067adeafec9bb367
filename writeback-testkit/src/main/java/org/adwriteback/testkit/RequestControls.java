package org.adwriteback.testkit;

import com.unboundid.asn1.ASN1Element;
import com.unboundid.asn1.ASN1Exception;
import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Screens the controls of a client's request as a Windows DC does before the operation runs (RFC
 * 4511 section 4.1.11; AD's controls: MS-ADTS 3.1.1.3.4.1). UnboundID's server acts on controls AD
 * does not know (assertion, pre- and post-read, proxied authorization, subentries, transactions,
 * don't-use-copy…): without this screen a client's code could pass against the testkit and fail
 * against a DC. Each control is one of:
 *
 * <ul>
 *   <li>implemented by the testkit (the rootDSE's supportedControl): kept for the operation;
 *   <li>one of AD's controls with nothing to act on in a single in-memory DC without referrals,
 *       replication, quotas, a recycle bin or a global catalog ({@link #WITHOUT_EFFECT_HERE}):
 *       accepted and dropped, critical or not, since a DC acting on it would change nothing here;
 *   <li>the search-options control (domain scope, phantom root) and the attribute scoped query
 *       ({@link AttributeScopedQuery}), read by the interceptor and dropped;
 *   <li>one of AD's controls the testkit does not implement ({@link #NOT_IMPLEMENTED}): refused
 *       with unavailableCriticalExtension when critical, saying so, and ignored otherwise;
 *   <li>unknown to AD: refused with unavailableCriticalExtension and AD's {@code 00000057 ... Error
 *       processing control} when critical; ignored otherwise, as AD ignores it.
 * </ul>
 */
final class RequestControls {

  private RequestControls() {}

  /** LDAP_SERVER_SEARCH_OPTIONS_OID (MS-ADTS 3.1.1.3.4.1.12). */
  static final String SEARCH_OPTIONS_OID = "1.2.840.113556.1.4.1340";

  /** LDAP_SERVER_DOMAIN_SCOPE_OID (MS-ADTS 3.1.1.3.4.1.11). */
  static final String DOMAIN_SCOPE_OID = "1.2.840.113556.1.4.1339";

  private static final String POLICY_HINTS_DEPRECATED = "1.2.840.113556.1.4.2066";

  /**
   * The controls AD lists that the testkit acts on: paged results, SD flags, show deleted, sort,
   * extended DN, tree delete, permissive modify, policy hints, VLV.
   */
  static final List<String> ACTED_ON =
      List.of(
          "1.2.840.113556.1.4.319", // paged results
          "1.2.840.113556.1.4.801", // SD flags
          "1.2.840.113556.1.4.417", // show deleted
          "1.2.840.113556.1.4.473", // server-side sort
          "1.2.840.113556.1.4.529", // extended DN
          "1.2.840.113556.1.4.805", // tree delete
          "1.2.840.113556.1.4.1413", // permissive modify
          "1.2.840.113556.1.4.2239", // policy hints
          "2.16.840.1.113730.3.4.9"); // VLV request

  /** {@link #ACTED_ON} and the deprecated OID of policy hints, which AD still accepts. */
  private static final Set<String> IMPLEMENTED =
      Stream.concat(ACTED_ON.stream(), Stream.of(POLICY_HINTS_DEPRECATED))
          .collect(Collectors.toUnmodifiableSet());

  /**
   * AD's controls whose effect cannot show on this DC. (LDAP_SERVER_SEARCH_OPTIONS_OID is read by
   * the interceptor: {@link #domainScoped}, {@link #phantomRoot}.)
   */
  static final Map<String, String> WITHOUT_EFFECT_HERE =
      Map.of(
          "1.2.840.113556.1.4.1339", "LDAP_SERVER_DOMAIN_SCOPE_OID",
          "1.2.840.113556.1.4.619", "LDAP_SERVER_LAZY_COMMIT_OID",
          "1.2.840.113556.1.4.2064", "LDAP_SERVER_SHOW_RECYCLED_OID",
          "1.2.840.113556.1.4.2065", "LDAP_SERVER_SHOW_DEACTIVATED_LINK_OID",
          "1.2.840.113556.1.4.2256", "LDAP_SERVER_BYPASS_QUOTA_OID",
          "1.2.840.113556.1.4.2206", "LDAP_SERVER_SEARCH_HINTS_OID",
          "1.2.840.113556.1.4.2330", "LDAP_SERVER_SET_CORRELATION_ID_OID",
          "1.2.840.113556.1.4.2354", "LDAP_SERVER_THREAD_TRACE_OVERRIDE_OID",
          "1.2.840.113556.1.4.1974", "LDAP_SERVER_FORCE_UPDATE_OID");

  /** AD's controls (MS-ADTS 3.1.1.3.4.1) that the testkit does not implement. */
  static final Map<String, String> NOT_IMPLEMENTED =
      Map.ofEntries(
          Map.entry("1.2.840.113556.1.4.521", "LDAP_SERVER_CROSSDOM_MOVE_TARGET_OID"),
          Map.entry("1.2.840.113556.1.4.841", "LDAP_SERVER_DIRSYNC_OID"),
          Map.entry("1.2.840.113556.1.4.970", "LDAP_SERVER_GET_STATS_OID"),
          Map.entry("1.2.840.113556.1.4.528", "LDAP_SERVER_NOTIFICATION_OID"),
          Map.entry("1.2.840.113556.1.4.1338", "LDAP_SERVER_VERIFY_NAME_OID"),
          Map.entry("1.2.840.113556.1.4.1852", "LDAP_SERVER_QUOTA_CONTROL_OID"),
          Map.entry("1.2.840.113556.1.4.802", "LDAP_SERVER_RANGE_OPTION_OID"),
          Map.entry("1.2.840.113556.1.4.1907", "LDAP_SERVER_SHUTDOWN_NOTIFY_OID"),
          Map.entry("1.2.840.113556.1.4.1948", "LDAP_SERVER_RANGE_RETRIEVAL_NOERR_OID"),
          Map.entry("1.2.840.113556.1.4.1341", "LDAP_SERVER_RODC_DCPROMO_OID"),
          Map.entry("1.2.840.113556.1.4.2026", "LDAP_SERVER_DN_INPUT_OID"),
          Map.entry("1.2.840.113556.1.4.2090", "LDAP_SERVER_DIRSYNC_EX_OID"),
          Map.entry("1.2.840.113556.1.4.2204", "LDAP_SERVER_TREE_DELETE_EX_OID"),
          Map.entry("1.2.840.113556.1.4.2205", "LDAP_SERVER_UPDATE_STATS_OID"),
          Map.entry("1.2.840.113556.1.4.2211", "LDAP_SERVER_EXPECTED_ENTRY_COUNT_OID"),
          Map.entry("1.2.840.113556.1.4.2255", "LDAP_SERVER_SET_OWNER_OID"),
          Map.entry("1.2.840.113556.1.4.2309", "LDAP_SERVER_LINK_TTL_OID"));

  /**
   * Screens a request's controls; when some are dropped, {@code replace} gets the controls the
   * operation goes on with (the common case, all kept, allocates nothing).
   *
   * @throws LDAPException unavailableCriticalExtension for a critical control the testkit does not
   *     act on and a DC would
   */
  static void screen(Control[] controls, Consumer<Control[]> replace) throws LDAPException {
    Control[] kept = screen(controls);
    if (kept != null) {
      replace.accept(kept);
    }
  }

  /** The controls the operation goes on with, or {@code null} when that is all of them. */
  static Control[] screen(Control[] controls) throws LDAPException {
    List<Control> kept = null;
    for (int i = 0; i < controls.length; i++) {
      Control c = controls[i];
      if (IMPLEMENTED.contains(c.getOID())) {
        if (kept != null) {
          kept.add(c);
        }
        continue;
      }
      refuseIfCritical(c);
      if (kept == null) {
        kept = new ArrayList<>(List.of(controls).subList(0, i));
      }
    }
    return kept == null ? null : kept.toArray(Control[]::new);
  }

  /**
   * Does the request ask for no continuation references to other naming contexts (the domain-scope
   * control, or the search-options control with SERVER_SEARCH_FLAG_DOMAIN_SCOPE)?
   */
  static boolean domainScoped(Control[] controls) {
    for (Control c : controls) {
      if (c.getOID().equals(DOMAIN_SCOPE_OID) || (searchOptions(c) & DOMAIN_SCOPE_FLAG) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Does the request carry the search-options control with SERVER_SEARCH_FLAG_PHANTOM_ROOT, which
   * lets a search span every naming context the DC holds below its base (the empty DN included)?
   */
  static boolean phantomRoot(Control[] controls) {
    for (Control c : controls) {
      if ((searchOptions(c) & PHANTOM_ROOT_FLAG) != 0) {
        return true;
      }
    }
    return false;
  }

  private static void refuseIfCritical(Control c) throws LDAPException {
    String oid = c.getOID();
    if (WITHOUT_EFFECT_HERE.containsKey(oid)
        || oid.equals(AttributeScopedQuery.OID)
        || searchOptions(c) > 0
        || !c.isCritical()) {
      return;
    }
    String adName = NOT_IMPLEMENTED.get(oid);
    if (adName != null) {
      throw new LDAPException(
          ResultCode.UNAVAILABLE_CRITICAL_EXTENSION,
          "The testkit does not implement "
              + adName
              + " ("
              + oid
              + "), which a Windows domain controller supports: test this request against a"
              + " real domain controller, or send the control as not critical");
    }
    throw new LDAPException(
        ResultCode.UNAVAILABLE_CRITICAL_EXTENSION, AdDiagnostics.controlError());
  }

  private static final int DOMAIN_SCOPE_FLAG = 1;
  private static final int PHANTOM_ROOT_FLAG = 2;

  /**
   * The flags of a search-options control (MS-ADTS 3.1.1.3.4.1.12: a BER SEQUENCE of one INTEGER,
   * domain scope 1, phantom root 2); 0 for another control, and -1 for a value that is not such a
   * sequence or holds other flags, which is handled as a control the DC cannot process.
   */
  private static int searchOptions(Control c) {
    if (!c.getOID().equals(SEARCH_OPTIONS_OID)) {
      return 0;
    }
    if (!c.hasValue()) {
      return -1;
    }
    try {
      ASN1Element[] sequence = ASN1Sequence.decodeAsSequence(c.getValue().getValue()).elements();
      int flags = sequence.length == 1 ? ASN1Integer.decodeAsInteger(sequence[0]).intValue() : -1;
      return flags > 0 && (flags & ~(DOMAIN_SCOPE_FLAG | PHANTOM_ROOT_FLAG)) == 0 ? flags : -1;
    } catch (ASN1Exception e) {
      return -1;
    }
  }
}
