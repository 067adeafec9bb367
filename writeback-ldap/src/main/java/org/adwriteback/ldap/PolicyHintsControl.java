package org.adwriteback.ldap;

import com.unboundid.asn1.ASN1Element;
import com.unboundid.asn1.ASN1Exception;
import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;

/**
 * The LDAP_SERVER_POLICY_HINTS_OID request control (OID {@value #POLICY_HINTS_OID}, MS-ADTS
 * 3.1.1.3.4.1.27), which asks an Active Directory server to apply the password policy — history and
 * minimum age included — to an administrative reset of {@code unicodePwd}, as it does to a user's
 * own change.
 *
 * <p>The value is the BER encoding of {@code SEQUENCE { Flags INTEGER }}; flag {@link
 * #ENFORCE_POLICY} (0x1) turns enforcement on, 0 leaves it off. Windows Server 2012 R2 and later
 * advertise the control in the rootDSE {@code supportedControl}; Samba 4.x does not and refuses it
 * when critical ({@code unavailableCriticalExtension}). Instances are immutable and thread-safe.
 */
public final class PolicyHintsControl extends Control {

  /** The OID of the control, LDAP_SERVER_POLICY_HINTS_OID. */
  public static final String POLICY_HINTS_OID = "1.2.840.113556.1.4.2239";

  /** The flag that makes the server enforce the password policy on a reset. */
  public static final int ENFORCE_POLICY = 0x1;

  private static final long serialVersionUID = 1L;

  private final int flags;

  /**
   * Creates a control with the given flags.
   *
   * @param flags {@link #ENFORCE_POLICY} or 0
   * @param isCritical whether the server must refuse the operation if it does not support the
   *     control
   * @throws IllegalArgumentException if {@code flags} has bits other than {@link #ENFORCE_POLICY}
   */
  public PolicyHintsControl(int flags, boolean isCritical) {
    super(POLICY_HINTS_OID, isCritical, encodeValue(checkFlags(flags)));
    this.flags = flags;
  }

  /**
   * Decodes a control received or built elsewhere.
   *
   * @param control a control with OID {@value #POLICY_HINTS_OID}
   * @throws LDAPException with {@link ResultCode#DECODING_ERROR} if the OID or the value is not
   *     that of this control
   */
  public PolicyHintsControl(Control control) throws LDAPException {
    super(control.getOID(), control.isCritical(), control.getValue());
    if (!POLICY_HINTS_OID.equals(control.getOID())) {
      throw new LDAPException(
          ResultCode.DECODING_ERROR,
          "control OID "
              + control.getOID()
              + " is not the policy hints control "
              + POLICY_HINTS_OID);
    }
    ASN1OctetString value = control.getValue();
    if (value == null) {
      throw new LDAPException(ResultCode.DECODING_ERROR, "the policy hints control has no value");
    }
    try {
      ASN1Element[] elements = ASN1Sequence.decodeAsSequence(value.getValue()).elements();
      if (elements.length != 1) {
        throw new LDAPException(
            ResultCode.DECODING_ERROR,
            "the policy hints control value must be a sequence of one INTEGER, got "
                + elements.length
                + " elements");
      }
      int decoded = ASN1Integer.decodeAsInteger(elements[0]).intValue();
      if ((decoded & ~ENFORCE_POLICY) != 0) {
        throw new LDAPException(
            ResultCode.DECODING_ERROR,
            "the policy hints flags 0x" + Integer.toHexString(decoded) + " are not 0 or 0x1");
      }
      this.flags = decoded;
    } catch (ASN1Exception e) {
      throw new LDAPException(
          ResultCode.DECODING_ERROR,
          "the policy hints control value is not a BER sequence of one INTEGER: " + e.getMessage(),
          e);
    }
  }

  /**
   * Returns a control that asks for policy enforcement.
   *
   * @param isCritical whether an unsupporting server must refuse the operation
   * @return the control with flags {@link #ENFORCE_POLICY}
   */
  public static PolicyHintsControl enforce(boolean isCritical) {
    return new PolicyHintsControl(ENFORCE_POLICY, isCritical);
  }

  /**
   * Returns the flags.
   *
   * @return {@link #ENFORCE_POLICY} or 0
   */
  public int getFlags() {
    return flags;
  }

  @Override
  public String getControlName() {
    return "LDAP_SERVER_POLICY_HINTS";
  }

  @Override
  public void toString(StringBuilder buffer) {
    buffer
        .append("PolicyHintsControl(flags=0x")
        .append(Integer.toHexString(flags))
        .append(", isCritical=")
        .append(isCritical())
        .append(')');
  }

  private static int checkFlags(int flags) {
    if ((flags & ~ENFORCE_POLICY) != 0) {
      throw new IllegalArgumentException(
          "policy hints flags must be 0 or ENFORCE_POLICY (0x1); got 0x"
              + Integer.toHexString(flags));
    }
    return flags;
  }

  private static ASN1OctetString encodeValue(int flags) {
    return new ASN1OctetString(new ASN1Sequence(new ASN1Integer(flags)).encode());
  }
}
