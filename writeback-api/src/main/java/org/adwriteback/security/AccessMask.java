package org.adwriteback.security;

/**
 * An ACCESS_MASK (MS-DTYP 2.4.3): 32 bits of rights. The constants name the directory-service
 * rights of MS-ADTS 5.1.3.2 with their SDDL letters (MS-DTYP 2.5.1.1 {@code rights}), the standard
 * and generic rights, and the file and registry combinations SDDL has letters for.
 *
 * <p>Generic rights are never mapped implicitly: {@link #mapGenericToDs()} applies the Active
 * Directory generic mapping when asked.
 *
 * @param value the 32 mask bits
 */
public record AccessMask(int value) {

  /** No rights. */
  public static final AccessMask NONE = new AccessMask(0);

  /** ADS_RIGHT_DS_CREATE_CHILD 0x1, SDDL {@code CC}. */
  public static final AccessMask CREATE_CHILD = new AccessMask(0x1);

  /** ADS_RIGHT_DS_DELETE_CHILD 0x2, SDDL {@code DC}. */
  public static final AccessMask DELETE_CHILD = new AccessMask(0x2);

  /** ADS_RIGHT_ACTRL_DS_LIST 0x4, SDDL {@code LC}. */
  public static final AccessMask LIST_CHILDREN = new AccessMask(0x4);

  /** ADS_RIGHT_DS_SELF 0x8 (validated write), SDDL {@code SW}. */
  public static final AccessMask SELF_WRITE = new AccessMask(0x8);

  /** ADS_RIGHT_DS_READ_PROP 0x10, SDDL {@code RP}. */
  public static final AccessMask READ_PROPERTY = new AccessMask(0x10);

  /** ADS_RIGHT_DS_WRITE_PROP 0x20, SDDL {@code WP}. */
  public static final AccessMask WRITE_PROPERTY = new AccessMask(0x20);

  /** ADS_RIGHT_DS_DELETE_TREE 0x40, SDDL {@code DT}. */
  public static final AccessMask DELETE_TREE = new AccessMask(0x40);

  /** ADS_RIGHT_DS_LIST_OBJECT 0x80, SDDL {@code LO}. */
  public static final AccessMask LIST_OBJECT = new AccessMask(0x80);

  /** ADS_RIGHT_DS_CONTROL_ACCESS 0x100 (extended rights), SDDL {@code CR}. */
  public static final AccessMask CONTROL_ACCESS = new AccessMask(0x100);

  /** DELETE 0x10000, SDDL {@code SD}. */
  public static final AccessMask DELETE = new AccessMask(0x1_0000);

  /** READ_CONTROL 0x20000, SDDL {@code RC}. */
  public static final AccessMask READ_CONTROL = new AccessMask(0x2_0000);

  /** WRITE_DAC 0x40000, SDDL {@code WD}. */
  public static final AccessMask WRITE_DAC = new AccessMask(0x4_0000);

  /** WRITE_OWNER 0x80000, SDDL {@code WO}. */
  public static final AccessMask WRITE_OWNER = new AccessMask(0x8_0000);

  /** SYNCHRONIZE 0x100000 (no SDDL letter). */
  public static final AccessMask SYNCHRONIZE = new AccessMask(0x10_0000);

  /** ACCESS_SYSTEM_SECURITY 0x1000000, SDDL {@code AS}. */
  public static final AccessMask ACCESS_SYSTEM_SECURITY = new AccessMask(0x100_0000);

  /** MAXIMUM_ALLOWED 0x2000000, SDDL {@code MA}. */
  public static final AccessMask MAXIMUM_ALLOWED = new AccessMask(0x200_0000);

  /** GENERIC_ALL 0x10000000, SDDL {@code GA}. */
  public static final AccessMask GENERIC_ALL = new AccessMask(0x1000_0000);

  /** GENERIC_EXECUTE 0x20000000, SDDL {@code GX}. */
  public static final AccessMask GENERIC_EXECUTE = new AccessMask(0x2000_0000);

  /** GENERIC_WRITE 0x40000000, SDDL {@code GW}. */
  public static final AccessMask GENERIC_WRITE = new AccessMask(0x4000_0000);

  /** GENERIC_READ 0x80000000, SDDL {@code GR}. */
  public static final AccessMask GENERIC_READ = new AccessMask(0x8000_0000);

  /** FILE_ALL_ACCESS 0x1F01FF, SDDL {@code FA}. */
  public static final AccessMask FILE_ALL = new AccessMask(0x1F_01FF);

  /** FILE_GENERIC_READ 0x120089, SDDL {@code FR}. */
  public static final AccessMask FILE_READ = new AccessMask(0x12_0089);

  /** FILE_GENERIC_WRITE 0x120116, SDDL {@code FW}. */
  public static final AccessMask FILE_WRITE = new AccessMask(0x12_0116);

  /** FILE_GENERIC_EXECUTE 0x1200A0, SDDL {@code FX}. */
  public static final AccessMask FILE_EXECUTE = new AccessMask(0x12_00A0);

  /** KEY_ALL_ACCESS 0xF003F, SDDL {@code KA}. */
  public static final AccessMask KEY_ALL = new AccessMask(0xF_003F);

  /** KEY_READ 0x20019, SDDL {@code KR}. */
  public static final AccessMask KEY_READ = new AccessMask(0x2_0019);

  /** KEY_WRITE 0x20006, SDDL {@code KW}. */
  public static final AccessMask KEY_WRITE = new AccessMask(0x2_0006);

  /** KEY_EXECUTE 0x20019 (same bits as KEY_READ), SDDL {@code KX}. */
  public static final AccessMask KEY_EXECUTE = new AccessMask(0x2_0019);

  /** SYSTEM_MANDATORY_LABEL_NO_WRITE_UP 0x1, SDDL {@code NW} (mandatory label ACEs only). */
  public static final AccessMask NO_WRITE_UP = new AccessMask(0x1);

  /** SYSTEM_MANDATORY_LABEL_NO_READ_UP 0x2, SDDL {@code NR} (mandatory label ACEs only). */
  public static final AccessMask NO_READ_UP = new AccessMask(0x2);

  /** SYSTEM_MANDATORY_LABEL_NO_EXECUTE_UP 0x4, SDDL {@code NX} (mandatory label ACEs only). */
  public static final AccessMask NO_EXECUTE_UP = new AccessMask(0x4);

  /** What GENERIC_READ means on a directory object (MS-ADTS 5.1.3.2): RC LC RP LO = 0x20094. */
  public static final AccessMask DS_GENERIC_READ = new AccessMask(0x2_0094);

  /** What GENERIC_WRITE means on a directory object (MS-ADTS 5.1.3.2): RC SW WP = 0x20028. */
  public static final AccessMask DS_GENERIC_WRITE = new AccessMask(0x2_0028);

  /** What GENERIC_EXECUTE means on a directory object (MS-ADTS 5.1.3.2): RC LC = 0x20004. */
  public static final AccessMask DS_GENERIC_EXECUTE = new AccessMask(0x2_0004);

  /**
   * What GENERIC_ALL means on a directory object (MS-ADTS 5.1.3.2): CC DC LC SW RP WP DT LO CR SD
   * RC WD WO = 0xF01FF.
   */
  public static final AccessMask DS_GENERIC_ALL = new AccessMask(0xF_01FF);

  /**
   * Returns the mask with these bits.
   *
   * @param value the 32 mask bits
   * @return the mask
   */
  public static AccessMask of(int value) {
    return new AccessMask(value);
  }

  /**
   * Returns the union of several masks.
   *
   * @param masks the masks
   * @return a mask holding every bit of every argument
   */
  public static AccessMask union(AccessMask... masks) {
    int v = 0;
    for (AccessMask m : masks) {
      v |= m.value;
    }
    return new AccessMask(v);
  }

  /**
   * Returns this mask plus the bits of {@code other}.
   *
   * @param other the bits to add
   * @return the union
   */
  public AccessMask with(AccessMask other) {
    return new AccessMask(value | other.value);
  }

  /**
   * Returns this mask without the bits of {@code other}.
   *
   * @param other the bits to remove
   * @return the difference
   */
  public AccessMask without(AccessMask other) {
    return new AccessMask(value & ~other.value);
  }

  /**
   * Returns the bits present in both masks.
   *
   * @param other the other mask
   * @return the intersection
   */
  public AccessMask intersect(AccessMask other) {
    return new AccessMask(value & other.value);
  }

  /**
   * Tells whether every bit of {@code other} is set here.
   *
   * @param other the bits to test
   * @return true if {@code (value & other) == other}
   */
  public boolean containsAll(AccessMask other) {
    return (value & other.value) == other.value;
  }

  /**
   * Tells whether at least one bit of {@code other} is set here.
   *
   * @param other the bits to test
   * @return true if the masks intersect
   */
  public boolean containsAny(AccessMask other) {
    return (value & other.value) != 0;
  }

  /**
   * Tells whether no bit is set.
   *
   * @return true for the zero mask
   */
  public boolean isEmpty() {
    return value == 0;
  }

  /**
   * Tells whether any of the four generic bits (GA GR GW GX) is set.
   *
   * @return true if {@link #mapGenericToDs()} would change this mask
   */
  public boolean hasGenericBits() {
    return (value & 0xF000_0000) != 0;
  }

  /**
   * Applies the Active Directory generic mapping (MS-ADTS 5.1.3.2): each generic bit is replaced by
   * the directory rights it stands for (GA → 0xF01FF, GR → 0x20094, GW → 0x20028, GX → 0x20004);
   * the other bits are kept. This is what a DC does when an inheritable ACE is copied to a child or
   * an access check runs; the ACE stored in a DACL keeps its generic bits.
   *
   * @return the mapped mask, without generic bits
   */
  public AccessMask mapGenericToDs() {
    int v = value & 0x0FFF_FFFF;
    if ((value & GENERIC_ALL.value) != 0) {
      v |= DS_GENERIC_ALL.value;
    }
    if ((value & GENERIC_READ.value) != 0) {
      v |= DS_GENERIC_READ.value;
    }
    if ((value & GENERIC_WRITE.value) != 0) {
      v |= DS_GENERIC_WRITE.value;
    }
    if ((value & GENERIC_EXECUTE.value) != 0) {
      v |= DS_GENERIC_EXECUTE.value;
    }
    return new AccessMask(v);
  }

  /** Returns {@code 0x} followed by the mask in lower-case hex, e.g. {@code 0xf01ff}. */
  @Override
  public String toString() {
    return "0x" + Integer.toHexString(value);
  }
}
