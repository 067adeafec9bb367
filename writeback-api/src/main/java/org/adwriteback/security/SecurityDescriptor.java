package org.adwriteback.security;

import java.util.Objects;
import java.util.Optional;

/**
 * A Windows security descriptor (MS-DTYP 2.4.6): control flags, optional owner and group SIDs, an
 * optional SACL and an optional DACL. This is the value of AD's {@code nTSecurityDescriptor}.
 *
 * <p>Any part may be absent: reads with the LDAP SD-flags control return only the parts asked for,
 * and that is normal. A DACL can also be present but NULL (DACL_PRESENT set without an ACL; SDDL
 * {@code D:NO_ACCESS_CONTROL}), which grants everyone everything; see {@link #hasNullDacl()}.
 *
 * <p>Binary form: {@link #fromBytes(byte[])} reads the self-relative form with its parts in any
 * order; {@link #toBytes()} returns exactly the parsed bytes while the descriptor is unmodified,
 * and otherwise writes Windows' layout (header, SACL, DACL, owner, group). SDDL form (MS-DTYP
 * 2.5.1): {@link #fromSddl(String, SddlContext)} and {@link #toSddl(SddlContext)}.
 *
 * <p>Immutable. {@code equals} means "same descriptor": same control bits (ignoring
 * SE_SELF_RELATIVE), owner, group, SACL and DACL (see {@link Acl#equals}), whatever the byte
 * layout.
 */
public final class SecurityDescriptor {

  private static final int PRESENCE_BITS = ControlFlags.DACL_PRESENT | ControlFlags.SACL_PRESENT;

  private final int control;
  private final int rmControl;
  private final Sid owner;
  private final Sid group;
  private final Acl sacl;
  private final Acl dacl;
  private final byte[] original;

  SecurityDescriptor(
      int control, int rmControl, Sid owner, Sid group, Acl sacl, Acl dacl, byte[] original) {
    this.control = control;
    this.rmControl = rmControl;
    this.owner = owner;
    this.group = group;
    this.sacl = sacl;
    this.dacl = dacl;
    this.original = original;
  }

  /**
   * Builds a descriptor. The DACL_PRESENT / SACL_PRESENT bits are set when the matching ACL is
   * given; when it is absent, a PRESENT bit in {@code control} means a NULL ACL. SE_SELF_RELATIVE
   * is always set.
   *
   * @param control control flags ({@link ControlFlags#DACL_PROTECTED} and the like)
   * @param owner the owner SID
   * @param group the primary group SID
   * @param sacl the system ACL
   * @param dacl the discretionary ACL
   * @return the descriptor
   */
  public static SecurityDescriptor of(
      ControlFlags control,
      Optional<Sid> owner,
      Optional<Sid> group,
      Optional<Acl> sacl,
      Optional<Acl> dacl) {
    int c = control.value() | ControlFlags.SELF_RELATIVE;
    if (sacl.isPresent()) {
      c |= ControlFlags.SACL_PRESENT;
    }
    if (dacl.isPresent()) {
      c |= ControlFlags.DACL_PRESENT;
    }
    return new SecurityDescriptor(
        c, 0, owner.orElse(null), group.orElse(null), sacl.orElse(null), dacl.orElse(null), null);
  }

  /**
   * A descriptor holding only a DACL (what a DACL-only LDAP read returns).
   *
   * @param dacl the DACL
   * @return the descriptor
   */
  public static SecurityDescriptor ofDacl(Acl dacl) {
    return of(
        ControlFlags.NONE, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(dacl));
  }

  /**
   * Parses the self-relative binary form (MS-DTYP 2.4.6), e.g. an {@code nTSecurityDescriptor}
   * value. Owner, group, SACL and DACL may come in any order; a part whose offset is 0 is absent,
   * and an ACL whose PRESENT bit is clear is ignored, as Windows does.
   *
   * @param bytes the descriptor bytes (copied)
   * @return the descriptor
   * @throws SecurityDescriptorFormatException if the bytes are malformed, with the offset and the
   *     reason
   */
  public static SecurityDescriptor fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return BinaryCodec.readDescriptor(bytes.clone());
  }

  /**
   * Returns the self-relative binary form. For a descriptor parsed by {@link #fromBytes} and not
   * modified since, this is exactly the parsed bytes (including any unusual layout, oversize ACLs,
   * padding or trailing bytes). Otherwise the layout is Windows': 20-byte header, SACL, DACL,
   * owner, group.
   *
   * @return a new array
   */
  public byte[] toBytes() {
    return original != null ? original.clone() : BinaryCodec.writeDescriptor(this);
  }

  /**
   * Returns the length of {@link #toBytes()}.
   *
   * @return the size in bytes
   */
  public int binaryLength() {
    return original != null ? original.length : BinaryCodec.descriptorLength(this);
  }

  /**
   * Parses SDDL (MS-DTYP 2.5.1) with well-known aliases only.
   *
   * @param sddl the SDDL string, e.g. {@code O:DAG:DAD:PAI(A;CI;RPLC;;;AU)}
   * @return the descriptor
   * @throws SddlParseException if the string is not valid SDDL or uses a domain-relative alias
   */
  public static SecurityDescriptor fromSddl(String sddl) {
    return fromSddl(sddl, SddlContext.NONE);
  }

  /**
   * Parses SDDL (MS-DTYP 2.5.1), resolving domain- and forest-relative aliases through {@code
   * context}.
   *
   * @param sddl the SDDL string
   * @param context the domain and forest root SIDs
   * @return the descriptor
   * @throws SddlParseException if the string is not valid SDDL, with the character offset
   */
  public static SecurityDescriptor fromSddl(String sddl, SddlContext context) {
    Objects.requireNonNull(sddl, "sddl");
    Objects.requireNonNull(context, "context");
    return Sddl.parse(sddl, context);
  }

  /**
   * Formats as SDDL with well-known aliases only; domain SIDs are printed in full.
   *
   * @return the SDDL string
   * @throws IllegalStateException if an ACE has a type SDDL cannot express (see {@link
   *     AceType#sddlToken()})
   */
  public String toSddl() {
    return toSddl(SddlContext.NONE);
  }

  /**
   * Formats as SDDL the way Windows' ConvertSecurityDescriptorToStringSecurityDescriptor does,
   * using domain- and forest-relative aliases that {@code context} resolves.
   *
   * @param context the domain and forest root SIDs
   * @return the SDDL string
   * @throws IllegalStateException if an ACE has a type SDDL cannot express
   */
  public String toSddl(SddlContext context) {
    Objects.requireNonNull(context, "context");
    return Sddl.format(this, context);
  }

  /**
   * Returns the control flags, including SE_SELF_RELATIVE and the PRESENT bits.
   *
   * @return the control flags
   */
  public ControlFlags control() {
    return new ControlFlags(control);
  }

  int controlBits() {
    return control;
  }

  int rmControl() {
    return rmControl;
  }

  /**
   * Returns the owner.
   *
   * @return the owner SID, or empty when the descriptor carries none
   */
  public Optional<Sid> owner() {
    return Optional.ofNullable(owner);
  }

  /**
   * Returns the primary group.
   *
   * @return the group SID, or empty when the descriptor carries none
   */
  public Optional<Sid> group() {
    return Optional.ofNullable(group);
  }

  /**
   * Returns the SACL.
   *
   * @return the SACL, or empty when absent or NULL
   */
  public Optional<Acl> sacl() {
    return Optional.ofNullable(sacl);
  }

  /**
   * Returns the DACL.
   *
   * @return the DACL, or empty when absent or NULL (see {@link #hasNullDacl()})
   */
  public Optional<Acl> dacl() {
    return Optional.ofNullable(dacl);
  }

  Sid ownerOrNull() {
    return owner;
  }

  Sid groupOrNull() {
    return group;
  }

  Acl saclOrNull() {
    return sacl;
  }

  Acl daclOrNull() {
    return dacl;
  }

  /**
   * Tells whether the DACL is NULL: DACL_PRESENT is set but there is no ACL, which grants full
   * access to everyone (SDDL {@code D:NO_ACCESS_CONTROL}).
   *
   * @return true for a NULL DACL
   */
  public boolean hasNullDacl() {
    return dacl == null && (control & ControlFlags.DACL_PRESENT) != 0;
  }

  /**
   * Tells whether the SACL is NULL: SACL_PRESENT is set but there is no ACL.
   *
   * @return true for a NULL SACL
   */
  public boolean hasNullSacl() {
    return sacl == null && (control & ControlFlags.SACL_PRESENT) != 0;
  }

  private SecurityDescriptor with(int newControl, Sid o, Sid g, Acl s, Acl d) {
    return new SecurityDescriptor(newControl, rmControl, o, g, s, d, null);
  }

  /**
   * Returns a copy with other control flags; the PRESENT bits are kept as the ACLs require.
   *
   * @param flags the new flags
   * @return the copy
   */
  public SecurityDescriptor withControl(ControlFlags flags) {
    int c =
        (flags.value() & ~PRESENCE_BITS) | (control & PRESENCE_BITS) | ControlFlags.SELF_RELATIVE;
    return with(c, owner, group, sacl, dacl);
  }

  /**
   * Returns a copy with this owner.
   *
   * @param owner the owner
   * @return the copy
   */
  public SecurityDescriptor withOwner(Sid owner) {
    return with(control, Objects.requireNonNull(owner, "owner"), group, sacl, dacl);
  }

  /**
   * Returns a copy without an owner.
   *
   * @return the copy
   */
  public SecurityDescriptor withoutOwner() {
    return with(control, null, group, sacl, dacl);
  }

  /**
   * Returns a copy with this primary group.
   *
   * @param group the group
   * @return the copy
   */
  public SecurityDescriptor withGroup(Sid group) {
    return with(control, owner, Objects.requireNonNull(group, "group"), sacl, dacl);
  }

  /**
   * Returns a copy without a primary group.
   *
   * @return the copy
   */
  public SecurityDescriptor withoutGroup() {
    return with(control, owner, null, sacl, dacl);
  }

  /**
   * Returns a copy with this DACL (DACL_PRESENT set).
   *
   * @param dacl the DACL
   * @return the copy
   */
  public SecurityDescriptor withDacl(Acl dacl) {
    Objects.requireNonNull(dacl, "dacl");
    return with(control | ControlFlags.DACL_PRESENT, owner, group, sacl, dacl);
  }

  /**
   * Returns a copy without a DACL (DACL_PRESENT cleared).
   *
   * @return the copy
   */
  public SecurityDescriptor withoutDacl() {
    return with(control & ~ControlFlags.DACL_PRESENT, owner, group, sacl, null);
  }

  /**
   * Returns a copy with a NULL DACL (DACL_PRESENT set, no ACL: everyone has full access).
   *
   * @return the copy
   */
  public SecurityDescriptor withNullDacl() {
    return with(control | ControlFlags.DACL_PRESENT, owner, group, sacl, null);
  }

  /**
   * Returns a copy with this SACL (SACL_PRESENT set).
   *
   * @param sacl the SACL
   * @return the copy
   */
  public SecurityDescriptor withSacl(Acl sacl) {
    Objects.requireNonNull(sacl, "sacl");
    return with(control | ControlFlags.SACL_PRESENT, owner, group, sacl, dacl);
  }

  /**
   * Returns a copy without a SACL (SACL_PRESENT cleared).
   *
   * @return the copy
   */
  public SecurityDescriptor withoutSacl() {
    return with(control & ~ControlFlags.SACL_PRESENT, owner, group, null, dacl);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SecurityDescriptor s)) {
      return false;
    }
    int mask = ~ControlFlags.SELF_RELATIVE & 0xFFFF;
    return (s.control & mask) == (control & mask)
        && ((control & ControlFlags.RM_CONTROL_VALID) == 0 || s.rmControl == rmControl)
        && Objects.equals(s.owner, owner)
        && Objects.equals(s.group, group)
        && Objects.equals(s.sacl, sacl)
        && Objects.equals(s.dacl, dacl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(control & ~ControlFlags.SELF_RELATIVE, owner, group, sacl, dacl);
  }

  /** Returns the SDDL form when it can be formed, otherwise a structural description. */
  @Override
  public String toString() {
    try {
      return toSddl();
    } catch (RuntimeException e) {
      return "SecurityDescriptor[control="
          + control()
          + ", owner="
          + owner
          + ", group="
          + group
          + ", sacl="
          + sacl
          + ", dacl="
          + dacl
          + "]";
    }
  }
}
