package org.adwriteback.testkit;

import com.unboundid.asn1.ASN1Element;
import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.adwriteback.security.GuidBytes;
import org.adwriteback.security.Sid;

/**
 * The LDAP_SERVER_EXTENDED_DN_OID control (1.2.840.113556.1.4.529, MS-ADTS 3.1.1.3.4.1.5): a search
 * that sends it gets the DN of each object, and every value of its DN-syntax attributes, as {@code
 * <GUID=...>;<SID=...>;dn} (the SID part only for objects that have one). The control's value, a
 * BER sequence holding one integer, chooses the form: 0 (also when there is no value) hex digits of
 * the stored bytes, 1 the dashed GUID and the S-1-... string.
 */
final class ExtendedDn {

  /** The control's OID. */
  static final String OID = "1.2.840.113556.1.4.529";

  private final AdEngine engine;
  private final boolean strings;

  private ExtendedDn(AdEngine engine, boolean strings) {
    this.engine = engine;
    this.strings = strings;
  }

  /**
   * The rewriting a search's control asks for, or empty when the search has none.
   *
   * @throws LDAPException protocolError when the value is not a sequence holding 0 or 1
   */
  static Optional<ExtendedDn> of(Control control, AdEngine engine) throws LDAPException {
    if (control == null) {
      return Optional.empty();
    }
    if (!control.hasValue()) {
      return Optional.of(new ExtendedDn(engine, false));
    }
    try {
      ASN1Element[] elements =
          ASN1Sequence.decodeAsSequence(control.getValue().getValue()).elements();
      int flag = ASN1Integer.decodeAsInteger(elements[0]).intValue();
      if (flag != 0 && flag != 1) {
        throw new IllegalArgumentException("flag " + flag);
      }
      return Optional.of(new ExtendedDn(engine, flag == 1));
    } catch (Exception e) {
      throw new LDAPException(
          ResultCode.PROTOCOL_ERROR,
          "the extended DN control's value must be a sequence holding the integer 0 (hex) or 1"
              + " (strings)");
    }
  }

  /**
   * The entry with its DN and the values of its DN-syntax attributes in the extended form.
   *
   * @param e the entry as it is returned otherwise
   */
  Entry apply(Entry e) {
    Map<String, String> seen = new HashMap<>();
    Entry out = new Entry(extended(e.getDN(), seen));
    for (Attribute a : e.getAttributes()) {
      boolean dnSyntax =
          engine
              .catalog()
              .attribute(a.getBaseName())
              .filter(d -> d.syntax().equals("2.5.5.1"))
              .isPresent();
      if (!dnSyntax) {
        out.addAttribute(a);
        continue;
      }
      String[] values = a.getValues();
      String[] rewritten = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        rewritten[i] = extended(values[i], seen);
      }
      out.addAttribute(new Attribute(a.getName(), rewritten));
    }
    return out;
  }

  private String extended(String dn, Map<String, String> seen) {
    return seen.computeIfAbsent(
        dn,
        d -> {
          Entry target;
          try {
            target = engine.read(d, "objectGUID", "objectSid");
          } catch (LDAPException ex) {
            target = null;
          }
          byte[] guid = target == null ? null : target.getAttributeValueBytes("objectGUID");
          if (guid == null) {
            return d; // an object the directory does not hold keeps its plain DN
          }
          StringBuilder sb = new StringBuilder("<GUID=");
          sb.append(
              strings ? GuidBytes.fromBytes(guid).toString() : HexFormat.of().formatHex(guid));
          byte[] sid = target.getAttributeValueBytes("objectSid");
          if (sid != null) {
            sb.append(">;<SID=")
                .append(strings ? Sid.fromBytes(sid).toString() : HexFormat.of().formatHex(sid));
          }
          return sb.append(">;").append(d).toString();
        });
  }
}
