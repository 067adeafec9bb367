package org.adwriteback.testkit;

/**
 * The bits of a group's groupType (MS-ADTS 2.2.12, GROUP_TYPE_*) and what the testkit reads from
 * them: the scope a write must name (MS-SAMR 3.1.1.8.9), the sAMAccountType of a group (MS-SAMR
 * 2.2.1.9), which groups may be an account's primary group, and which count in a token.
 */
final class GroupTypes {

  /** GROUP_TYPE_BUILTIN_LOCAL_GROUP: an alias of the BUILTIN domain. */
  static final long BUILTIN_LOCAL = 0x1;

  /** GROUP_TYPE_ACCOUNT_GROUP: global scope. */
  static final long GLOBAL = 0x2;

  /** GROUP_TYPE_RESOURCE_GROUP: domain-local scope. */
  static final long DOMAIN_LOCAL = 0x4;

  /** GROUP_TYPE_UNIVERSAL_GROUP. */
  static final long UNIVERSAL = 0x8;

  /** GROUP_TYPE_SECURITY_ENABLED: a security group; without it, a distribution group. */
  static final long SECURITY = 0x80000000L;

  /** The groupType of a group created without one: a global security group. */
  static final long DEFAULT = SECURITY | GLOBAL;

  private GroupTypes() {}

  /**
   * Reads a groupType value (a signed 32-bit decimal, as AD stores it) as its 32 bits.
   *
   * @throws NumberFormatException when the value is not a number
   */
  static long bits(String value) {
    return Long.parseLong(value.trim()) & 0xFFFFFFFFL;
  }

  /** The value as AD stores and returns it: the 32 bits as a signed decimal. */
  static String stored(long bits) {
    return Integer.toString((int) bits);
  }

  /** The scope bits, without the security bit. */
  static long scope(long bits) {
    return bits & ~SECURITY;
  }

  static boolean isSecurity(long bits) {
    return (bits & SECURITY) != 0;
  }

  /** A domain-local group or a BUILTIN alias: SAM's alias objects. */
  static boolean isLocal(long bits) {
    return (bits & (BUILTIN_LOCAL | DOMAIN_LOCAL)) != 0;
  }

  /**
   * The groups an account's primaryGroupID may name: global and domain-local security groups
   * (GROUP_TYPE_SECURITY_ACCOUNT and GROUP_TYPE_SECURITY_RESOURCE, MS-SAMR 3.1.1.8.2).
   */
  static boolean canBePrimary(long bits) {
    return bits == (SECURITY | GLOBAL) || bits == (SECURITY | DOMAIN_LOCAL);
  }

  /**
   * The sAMAccountType of a group (MS-SAMR 2.2.1.9): SAM_GROUP_OBJECT or SAM_ALIAS_OBJECT (domain
   * local or builtin), plus one for a distribution group.
   */
  static String accountType(long bits) {
    return Integer.toString((isLocal(bits) ? 0x20000000 : 0x10000000) + (isSecurity(bits) ? 0 : 1));
  }
}
