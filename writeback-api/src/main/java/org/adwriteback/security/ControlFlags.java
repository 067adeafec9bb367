package org.adwriteback.security;

/**
 * The Control field of a security descriptor (MS-DTYP 2.4.6): 16 flag bits. The SDDL flags ({@code
 * P AI AR}) map to the PROTECTED, AUTO_INHERITED and AUTO_INHERIT_REQ bits of the DACL or SACL.
 *
 * @param value the 16 control bits
 */
public record ControlFlags(int value) {

  /** No bits set. */
  public static final ControlFlags NONE = new ControlFlags(0);

  /** SE_OWNER_DEFAULTED 0x0001 (OD). */
  public static final int OWNER_DEFAULTED = 0x0001;

  /** SE_GROUP_DEFAULTED 0x0002 (GD). */
  public static final int GROUP_DEFAULTED = 0x0002;

  /** SE_DACL_PRESENT 0x0004 (DP); set by the model when a DACL (or a NULL DACL) is present. */
  public static final int DACL_PRESENT = 0x0004;

  /** SE_DACL_DEFAULTED 0x0008 (DD). */
  public static final int DACL_DEFAULTED = 0x0008;

  /** SE_SACL_PRESENT 0x0010 (SP); set by the model when a SACL (or a NULL SACL) is present. */
  public static final int SACL_PRESENT = 0x0010;

  /** SE_SACL_DEFAULTED 0x0020 (SD). */
  public static final int SACL_DEFAULTED = 0x0020;

  /** SE_DACL_TRUSTED 0x0040 (DT). */
  public static final int DACL_TRUSTED = 0x0040;

  /** SE_SERVER_SECURITY 0x0080 (SS). */
  public static final int SERVER_SECURITY = 0x0080;

  /** SE_DACL_AUTO_INHERIT_REQ 0x0100 (DC), SDDL DACL flag {@code AR}. */
  public static final int DACL_AUTO_INHERIT_REQ = 0x0100;

  /** SE_SACL_AUTO_INHERIT_REQ 0x0200 (SC), SDDL SACL flag {@code AR}. */
  public static final int SACL_AUTO_INHERIT_REQ = 0x0200;

  /** SE_DACL_AUTO_INHERITED 0x0400 (DI), SDDL DACL flag {@code AI}. */
  public static final int DACL_AUTO_INHERITED = 0x0400;

  /** SE_SACL_AUTO_INHERITED 0x0800 (SI), SDDL SACL flag {@code AI}. */
  public static final int SACL_AUTO_INHERITED = 0x0800;

  /** SE_DACL_PROTECTED 0x1000 (PD), SDDL DACL flag {@code P}: no inheritance from the parent. */
  public static final int DACL_PROTECTED = 0x1000;

  /** SE_SACL_PROTECTED 0x2000 (PS), SDDL SACL flag {@code P}. */
  public static final int SACL_PROTECTED = 0x2000;

  /** SE_RM_CONTROL_VALID 0x4000 (RM): the Sbz1 byte holds resource-manager control bits. */
  public static final int RM_CONTROL_VALID = 0x4000;

  /** SE_SELF_RELATIVE 0x8000 (SR): always set in the binary form this library reads and writes. */
  public static final int SELF_RELATIVE = 0x8000;

  /**
   * Checks the range.
   *
   * @param value the control bits
   */
  public ControlFlags {
    if (value < 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(
          "security descriptor control is 16 bits, got 0x" + Integer.toHexString(value));
    }
  }

  /**
   * Returns the flags with these bits.
   *
   * @param value the 16 control bits
   * @return the flags
   */
  public static ControlFlags of(int value) {
    return new ControlFlags(value);
  }

  /**
   * Tells whether all given bits are set.
   *
   * @param bits bits such as {@link #DACL_PROTECTED}
   * @return true if every bit is set
   */
  public boolean has(int bits) {
    return (value & bits) == bits;
  }

  /**
   * Returns these flags with bits set.
   *
   * @param bits bits to set
   * @return the new flags
   */
  public ControlFlags with(int bits) {
    return new ControlFlags((value | bits) & 0xFFFF);
  }

  /**
   * Returns these flags with bits cleared.
   *
   * @param bits bits to clear
   * @return the new flags
   */
  public ControlFlags without(int bits) {
    return new ControlFlags(value & ~bits);
  }

  /** Returns {@code 0x} and the control bits in hex. */
  @Override
  public String toString() {
    return "0x" + Integer.toHexString(value);
  }
}
