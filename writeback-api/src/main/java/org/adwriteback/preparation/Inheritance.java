package org.adwriteback.preparation;

/**
 * The inheritance of a granted ACE in the terms of {@code dsacls /I}, and the ACE flags each one
 * stands for ({@code shared/spec/permissions.md} §1.2 and §9.3; MS-DTYP 2.4.4.1).
 */
public enum Inheritance {
  /** No {@code /I}: the ACE applies to the object only (flags 0). */
  NONE("", 0x00),
  /** {@code /I:T}: this object and all descendants (CONTAINER_INHERIT_ACE). */
  THIS_AND_DESCENDANTS("/I:T", 0x02),
  /** {@code /I:S}: descendants only (CONTAINER_INHERIT_ACE | INHERIT_ONLY_ACE). */
  DESCENDANTS_ONLY("/I:S", 0x0A),
  /**
   * {@code /I:P}: this object and one level of children (CONTAINER_INHERIT_ACE |
   * NO_PROPAGATE_INHERIT_ACE).
   */
  ONE_LEVEL("/I:P", 0x06);

  private final String dsaclsSwitch;
  private final int aceFlags;

  Inheritance(String dsaclsSwitch, int aceFlags) {
    this.dsaclsSwitch = dsaclsSwitch;
    this.aceFlags = aceFlags;
  }

  /**
   * Returns the dsacls switch, empty for {@link #NONE}.
   *
   * @return {@code /I:T}, {@code /I:S}, {@code /I:P} or the empty string
   */
  public String dsaclsSwitch() {
    return dsaclsSwitch;
  }

  /**
   * Returns the ACE_HEADER.AceFlags bits.
   *
   * @return the flags byte as an int
   */
  public int aceFlags() {
    return aceFlags;
  }
}
