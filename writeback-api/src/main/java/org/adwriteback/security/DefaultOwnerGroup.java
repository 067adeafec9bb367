package org.adwriteback.security;

import java.util.Objects;

/**
 * The owner and primary group a domain controller gives an object when the descriptor it computes
 * has none from the caller: a new object created without an owner / group (MS-ADTS 3.1.1.5.2.1,
 * "the owner and group are taken from the creator's token"), or a descriptor write whose SD flags
 * name the owner / group but whose descriptor omits them (then the writer's defaults apply, see
 * {@link DescriptorInheritance#applyWrite(java.util.Optional, SecurityDescriptor,
 * SecurityDescriptor, int, java.util.List, boolean, DefaultOwnerGroup)}).
 *
 * <p>The rule, per naming context of the object ({@link #forCreator}), as the Windows and Samba
 * results of Samba's {@code sec_descriptor.py} OwnerGroupDescriptorTests show them
 * (../shared/spec/vectors/inheritance.md §4):
 *
 * <ul>
 *   <li>The <i>default administrators group</i> of the creator, by naming context: domain NC:
 *       Domain Admins if the token holds it, else Enterprise Admins; configuration NC: Enterprise
 *       Admins, else Domain Admins; schema NC: Schema Admins, else Enterprise Admins, else Domain
 *       Admins. LOCAL SYSTEM counts as the first group of the list (Samba; no vector).
 *   <li>Owner: that group, or the creator's own SID when it holds none of them (a Schema Admins
 *       member creating in the domain NC gets himself).
 *   <li>Group: at domain functional level 2008 (3) or higher the same administrators group, below
 *       it (or when there is none) the creator's primary group, normally Domain Users.
 * </ul>
 *
 * <p>Application (non-domain) naming contexts: no administrators group applies, so the creator and
 * his primary group (Samba's behaviour; the vectors have no case).
 *
 * @param owner the owner SID
 * @param group the primary group SID
 */
public record DefaultOwnerGroup(Sid owner, Sid group) {

  /** msDS-Behavior-Version of a Windows Server 2008 domain (DS_DOMAIN_FUNCTION_2008). */
  public static final int DOMAIN_FUNCTIONALITY_2008 = 3;

  private static final int RID_DOMAIN_ADMINS = 512;
  private static final int RID_SCHEMA_ADMINS = 518;
  private static final int RID_ENTERPRISE_ADMINS = 519;

  /** The naming context an object lives in (MS-ADTS 3.1.1.1.5). */
  public enum NamingContext {
    /** A domain naming context (the default NC). */
    DOMAIN,
    /** The configuration naming context. */
    CONFIGURATION,
    /** The schema naming context. */
    SCHEMA,
    /** An application naming context (e.g. DomainDnsZones). */
    APPLICATION
  }

  /**
   * Checks that both SIDs are present.
   *
   * @param owner the owner
   * @param group the group
   */
  public DefaultOwnerGroup {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(group, "group");
  }

  /**
   * The default owner and group of an object created (or whose owner / group is defaulted on a
   * write) by {@code creator} in a naming context, by the rule in the type's description.
   *
   * @param creator the creator's token: the user SID and the enabled group SIDs
   * @param primaryGroup the creator's primary group (from primaryGroupID, normally Domain Users)
   * @param context the naming context of the object
   * @param domainSid the SID of the DC's domain (its Domain Admins are {@code domainSid-512})
   * @param forestRootDomainSid the SID of the forest root domain (Enterprise Admins -519 and Schema
   *     Admins -518 live there); the same as {@code domainSid} in a single-domain forest
   * @param domainFunctionality the domain's msDS-Behavior-Version (e.g. {@link
   *     #DOMAIN_FUNCTIONALITY_2008})
   * @return the owner and group
   * @throws IllegalArgumentException if the token has no user SID and holds no administrators group
   *     (there is nobody to own the object)
   */
  public static DefaultOwnerGroup forCreator(
      SecurityToken creator,
      Sid primaryGroup,
      NamingContext context,
      Sid domainSid,
      Sid forestRootDomainSid,
      int domainFunctionality) {
    Objects.requireNonNull(creator, "creator");
    Objects.requireNonNull(primaryGroup, "primaryGroup");
    Objects.requireNonNull(context, "context");
    Sid da = domainSid.withRid(RID_DOMAIN_ADMINS);
    Sid ea = forestRootDomainSid.withRid(RID_ENTERPRISE_ADMINS);
    Sid sa = forestRootDomainSid.withRid(RID_SCHEMA_ADMINS);
    Sid admins =
        switch (context) {
          case DOMAIN -> firstHeld(creator, da, ea, da);
          case CONFIGURATION -> firstHeld(creator, ea, da, ea);
          case SCHEMA -> firstHeld(creator, sa, ea, da, sa);
          case APPLICATION -> null;
        };
    if (admins == null) {
      Sid user =
          creator
              .user()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "the creator's token has no user SID and no administrators group"));
      return new DefaultOwnerGroup(user, primaryGroup);
    }
    return new DefaultOwnerGroup(
        admins, domainFunctionality >= DOMAIN_FUNCTIONALITY_2008 ? admins : primaryGroup);
  }

  /**
   * {@link #forCreator(SecurityToken, Sid, NamingContext, Sid, Sid, int)} in a single-domain forest
   * (Enterprise and Schema Admins in the same domain).
   *
   * @param creator the creator's token
   * @param primaryGroup the creator's primary group
   * @param context the naming context of the object
   * @param domainSid the domain SID
   * @param domainFunctionality the domain's msDS-Behavior-Version
   * @return the owner and group
   */
  public static DefaultOwnerGroup forCreator(
      SecurityToken creator,
      Sid primaryGroup,
      NamingContext context,
      Sid domainSid,
      int domainFunctionality) {
    return forCreator(creator, primaryGroup, context, domainSid, domainSid, domainFunctionality);
  }

  /**
   * The first of {@code candidates} (all but the last) the token holds; the last one is what LOCAL
   * SYSTEM gets.
   */
  private static Sid firstHeld(SecurityToken token, Sid... candidates) {
    for (int i = 0; i < candidates.length - 1; i++) {
      if (token.contains(candidates[i])) {
        return candidates[i];
      }
    }
    return token.contains(Sid.LOCAL_SYSTEM) ? candidates[candidates.length - 1] : null;
  }
}
