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
 * The LDAP_SERVER_SD_FLAGS_OID request control (OID {@value #SD_FLAGS_OID}, MS-ADTS
 * 3.1.1.3.4.1.11), which tells an Active Directory server which parts of {@code
 * nTSecurityDescriptor} a search returns or a modify writes.
 *
 * <p>The value is the BER encoding of {@code SEQUENCE { Flags INTEGER }}, where the flags are a
 * combination of {@link #OWNER_SECURITY_INFORMATION}, {@link #GROUP_SECURITY_INFORMATION}, {@link
 * #DACL_SECURITY_INFORMATION} and {@link #SACL_SECURITY_INFORMATION}. Reading or writing only the
 * DACL ({@link #daclOnly()}) is what a non-administrator may do and what every DACL edit of this
 * product uses, so owner, group and SACL are never touched. Instances are immutable and
 * thread-safe.
 */
public final class SecurityDescriptorFlagsControl extends Control {

  /** The OID of the control, LDAP_SERVER_SD_FLAGS_OID. */
  public static final String SD_FLAGS_OID = "1.2.840.113556.1.4.801";

  /** OWNER_SECURITY_INFORMATION: the owner SID. */
  public static final int OWNER_SECURITY_INFORMATION = 0x1;

  /** GROUP_SECURITY_INFORMATION: the primary group SID. */
  public static final int GROUP_SECURITY_INFORMATION = 0x2;

  /** DACL_SECURITY_INFORMATION: the discretionary ACL. */
  public static final int DACL_SECURITY_INFORMATION = 0x4;

  /** SACL_SECURITY_INFORMATION: the system ACL (needs SeSecurityPrivilege on the server). */
  public static final int SACL_SECURITY_INFORMATION = 0x8;

  private static final int ALL_FLAGS =
      OWNER_SECURITY_INFORMATION
          | GROUP_SECURITY_INFORMATION
          | DACL_SECURITY_INFORMATION
          | SACL_SECURITY_INFORMATION;

  private static final long serialVersionUID = 1L;

  private final int flags;

  /**
   * Creates a control asking for the given parts of the descriptor.
   *
   * @param flags a non-empty combination of the {@code *_SECURITY_INFORMATION} constants
   * @param isCritical whether the server must refuse the operation if it does not support the
   *     control
   * @throws IllegalArgumentException if {@code flags} is zero or has bits outside the four defined
   *     ones
   */
  public SecurityDescriptorFlagsControl(int flags, boolean isCritical) {
    super(SD_FLAGS_OID, isCritical, encodeValue(checkFlags(flags)));
    this.flags = flags;
  }

  /**
   * Decodes a control received or built elsewhere.
   *
   * @param control a control with OID {@value #SD_FLAGS_OID}
   * @throws LDAPException with {@link ResultCode#DECODING_ERROR} if the OID or the value is not
   *     that of this control
   */
  public SecurityDescriptorFlagsControl(Control control) throws LDAPException {
    super(control.getOID(), control.isCritical(), control.getValue());
    if (!SD_FLAGS_OID.equals(control.getOID())) {
      throw new LDAPException(
          ResultCode.DECODING_ERROR,
          "control OID " + control.getOID() + " is not the SD flags control " + SD_FLAGS_OID);
    }
    ASN1OctetString value = control.getValue();
    if (value == null) {
      throw new LDAPException(ResultCode.DECODING_ERROR, "the SD flags control has no value");
    }
    try {
      ASN1Element[] elements = ASN1Sequence.decodeAsSequence(value.getValue()).elements();
      if (elements.length != 1) {
        throw new LDAPException(
            ResultCode.DECODING_ERROR,
            "the SD flags control value must be a sequence of one INTEGER, got "
                + elements.length
                + " elements");
      }
      int decoded = ASN1Integer.decodeAsInteger(elements[0]).intValue();
      if (decoded == 0 || (decoded & ~ALL_FLAGS) != 0) {
        throw new LDAPException(
            ResultCode.DECODING_ERROR,
            "the SD flags control value 0x" + Integer.toHexString(decoded) + " is not in 0x1..0xf");
      }
      this.flags = decoded;
    } catch (ASN1Exception e) {
      throw new LDAPException(
          ResultCode.DECODING_ERROR,
          "the SD flags control value is not a BER sequence of one INTEGER: " + e.getMessage(),
          e);
    }
  }

  /**
   * Returns a critical control that selects only the DACL, for reads and writes that must leave
   * owner, group and SACL alone.
   *
   * @return the control with flags {@code DACL_SECURITY_INFORMATION}
   */
  public static SecurityDescriptorFlagsControl daclOnly() {
    return new SecurityDescriptorFlagsControl(DACL_SECURITY_INFORMATION, true);
  }

  /**
   * Returns the requested parts.
   *
   * @return the combination of {@code *_SECURITY_INFORMATION} flags
   */
  public int getFlags() {
    return flags;
  }

  @Override
  public String getControlName() {
    return "LDAP_SERVER_SD_FLAGS";
  }

  @Override
  public void toString(StringBuilder buffer) {
    buffer
        .append("SecurityDescriptorFlagsControl(flags=0x")
        .append(Integer.toHexString(flags))
        .append(", isCritical=")
        .append(isCritical())
        .append(')');
  }

  private static int checkFlags(int flags) {
    if (flags == 0 || (flags & ~ALL_FLAGS) != 0) {
      throw new IllegalArgumentException(
          "SD flags must combine OWNER(0x1), GROUP(0x2), DACL(0x4) and SACL(0x8); got 0x"
              + Integer.toHexString(flags));
    }
    return flags;
  }

  private static ASN1OctetString encodeValue(int flags) {
    return new ASN1OctetString(new ASN1Sequence(new ASN1Integer(flags)).encode());
  }
}
