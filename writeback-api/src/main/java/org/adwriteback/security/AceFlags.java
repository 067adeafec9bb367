package org.adwriteback.security;

/**
 * The AceFlags byte of an ACE header (MS-DTYP 2.4.4.1): inheritance and audit flags. The SDDL
 * letters (MS-DTYP 2.5.1.1 {@code ace-flag-string}) are given with each constant.
 *
 * @param value the flag byte, 0 to 255
 */
public record AceFlags(int value) {

  /** No flags. */
  public static final AceFlags NONE = new AceFlags(0);

  /** OBJECT_INHERIT_ACE 0x01, SDDL {@code OI}. */
  public static final AceFlags OBJECT_INHERIT = new AceFlags(0x01);

  /** CONTAINER_INHERIT_ACE 0x02, SDDL {@code CI}. */
  public static final AceFlags CONTAINER_INHERIT = new AceFlags(0x02);

  /** NO_PROPAGATE_INHERIT_ACE 0x04, SDDL {@code NP}. */
  public static final AceFlags NO_PROPAGATE_INHERIT = new AceFlags(0x04);

  /** INHERIT_ONLY_ACE 0x08, SDDL {@code IO}. */
  public static final AceFlags INHERIT_ONLY = new AceFlags(0x08);

  /** INHERITED_ACE 0x10, SDDL {@code ID}. */
  public static final AceFlags INHERITED = new AceFlags(0x10);

  /** CRITICAL_ACE_FLAG 0x20 (access-allowed ACEs; may not be removed), SDDL {@code CR}. */
  public static final AceFlags CRITICAL = new AceFlags(0x20);

  /** SUCCESSFUL_ACCESS_ACE_FLAG 0x40 (audit ACEs), SDDL {@code SA}. */
  public static final AceFlags SUCCESSFUL_ACCESS = new AceFlags(0x40);

  /**
   * TRUST_PROTECTED_FILTER_ACE_FLAG 0x40 (access-filter ACEs only; same bit as {@link
   * #SUCCESSFUL_ACCESS}), SDDL {@code TP}.
   */
  public static final AceFlags TRUST_PROTECTED_FILTER = new AceFlags(0x40);

  /** FAILED_ACCESS_ACE_FLAG 0x80 (audit ACEs), SDDL {@code FA}. */
  public static final AceFlags FAILED_ACCESS = new AceFlags(0x80);

  /** The four inheritance flags OI CI NP IO. */
  public static final AceFlags INHERITANCE_FLAGS = new AceFlags(0x0F);

  /**
   * Checks the range.
   *
   * @param value the flag byte
   */
  public AceFlags {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException(
          "ACE flags are one byte, got 0x" + Integer.toHexString(value));
    }
  }

  /**
   * Returns the flags with this byte value.
   *
   * @param value 0 to 255
   * @return the flags
   */
  public static AceFlags of(int value) {
    return new AceFlags(value);
  }

  /**
   * Returns the union of several flag sets.
   *
   * @param flags the flags
   * @return every bit of every argument
   */
  public static AceFlags union(AceFlags... flags) {
    int v = 0;
    for (AceFlags f : flags) {
      v |= f.value;
    }
    return new AceFlags(v);
  }

  /**
   * Returns these flags plus {@code other}.
   *
   * @param other flags to add
   * @return the union
   */
  public AceFlags with(AceFlags other) {
    return new AceFlags(value | other.value);
  }

  /**
   * Returns these flags without {@code other}.
   *
   * @param other flags to remove
   * @return the difference
   */
  public AceFlags without(AceFlags other) {
    return new AceFlags(value & ~other.value);
  }

  /**
   * Tells whether every bit of {@code other} is set.
   *
   * @param other flags to test
   * @return true if all are set
   */
  public boolean contains(AceFlags other) {
    return (value & other.value) == other.value;
  }

  /**
   * Tells whether the ACE was inherited from a parent (INHERITED_ACE).
   *
   * @return true if the ID flag is set
   */
  public boolean isInherited() {
    return (value & INHERITED.value) != 0;
  }

  /**
   * Tells whether the ACE only serves inheritance and does not apply to the object (INHERIT_ONLY).
   *
   * @return true if the IO flag is set
   */
  public boolean isInheritOnly() {
    return (value & INHERIT_ONLY.value) != 0;
  }

  /** Returns {@code 0x} and the flag byte in hex. */
  @Override
  public String toString() {
    return "0x" + Integer.toHexString(value);
  }
}
