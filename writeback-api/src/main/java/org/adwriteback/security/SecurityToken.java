package org.adwriteback.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The authorization context an access check runs against (MS-DTYP 2.5.2 Token): the user SID, the
 * enabled group SIDs, the privileges that matter to a directory access check, and the
 * PRINCIPAL_SELF substitute of MS-DTYP 2.5.3.2 (the SID of the object being checked, so that an ACE
 * for {@code PS} matches when the token holds that SID).
 *
 * <p>Only enabled SIDs belong here: a group that is present but not enabled takes no part in an
 * access check (MS-DTYP 2.5.3.2, SidInToken), so leave it out. {@link #forAccount} adds the
 * well-known SIDs every authenticated logon carries (Everyone, Authenticated Users).
 *
 * <p>Immutable. The SIDs are held in an open-addressing hash table built once, so that the access
 * check looks a trustee up without allocating and without walking the group list.
 */
public final class SecurityToken {

  /** The privileges the access check of MS-DTYP 2.5.3.2 consults. */
  public enum Privilege {
    /** SeSecurityPrivilege: grants ACCESS_SYSTEM_SECURITY (reading and writing the SACL). */
    SECURITY,
    /** SeTakeOwnershipPrivilege: grants WRITE_OWNER whatever the DACL says. */
    TAKE_OWNERSHIP
  }

  private final Sid user;
  private final List<Sid> groups;
  private final Optional<Sid> principalSelf;
  private final Set<Privilege> privileges;
  private final Sid[] table;
  private final int tableMask;
  private final boolean selfMatches;

  private SecurityToken(
      Sid user, List<Sid> groups, Optional<Sid> principalSelf, Set<Privilege> privileges) {
    this.user = user;
    this.groups = groups;
    this.principalSelf = principalSelf;
    this.privileges = privileges.isEmpty() ? Set.of() : Set.copyOf(privileges);
    int n = groups.size() + (user == null ? 0 : 1);
    int cap = Integer.highestOneBit(Math.max(4, n * 2 + 1)) << 1;
    this.table = new Sid[cap];
    this.tableMask = cap - 1;
    if (user != null) {
      insert(user);
    }
    for (Sid g : groups) {
      insert(g);
    }
    this.selfMatches = principalSelf.isPresent() && contains(principalSelf.get());
  }

  private void insert(Sid sid) {
    int i = spread(sid.hashCode()) & tableMask;
    while (table[i] != null) {
      if (table[i].equals(sid)) {
        return;
      }
      i = (i + 1) & tableMask;
    }
    table[i] = sid;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16) ^ (h >>> 7);
  }

  /**
   * A token holding exactly these SIDs: no well-known SID is added.
   *
   * @param user the user SID
   * @param groups the enabled group SIDs
   * @return the token
   */
  public static SecurityToken of(Sid user, Collection<Sid> groups) {
    Objects.requireNonNull(user, "user");
    return new SecurityToken(user, copyGroups(groups), Optional.empty(), Set.of());
  }

  /**
   * The token of an authenticated domain account: the user, its groups, and the well-known SIDs
   * Everyone (S-1-1-0) and Authenticated Users (S-1-5-11) that every such logon carries.
   *
   * @param user the account SID
   * @param groups the enabled groups (domain and builtin groups, transitively expanded)
   * @return the token
   */
  public static SecurityToken forAccount(Sid user, Collection<Sid> groups) {
    List<Sid> all = new ArrayList<>(copyGroups(groups));
    if (!all.contains(Sid.EVERYONE)) {
      all.add(Sid.EVERYONE);
    }
    if (!all.contains(Sid.AUTHENTICATED_USERS)) {
      all.add(Sid.AUTHENTICATED_USERS);
    }
    return new SecurityToken(
        Objects.requireNonNull(user, "user"), List.copyOf(all), Optional.empty(), Set.of());
  }

  /**
   * A token with no SIDs at all (what Samba's {@code security.token()} test helper builds): no ACE
   * matches it, so only a NULL DACL grants it anything.
   *
   * @return the empty token
   */
  public static SecurityToken empty() {
    return new SecurityToken(null, List.of(), Optional.empty(), Set.of());
  }

  private static List<Sid> copyGroups(Collection<Sid> groups) {
    for (Sid g : groups) {
      Objects.requireNonNull(g, "group SID");
    }
    return List.copyOf(groups);
  }

  /**
   * Returns a copy whose PRINCIPAL_SELF substitute is {@code objectSid}: the SID of the object the
   * next check is about (MS-DTYP 2.5.3.2 PrincipalSelfSubst). An ACE for {@code PS} (S-1-5-10) then
   * matches when this token holds {@code objectSid}, e.g. a user checking his own object.
   *
   * @param objectSid the SID of the security principal object being accessed
   * @return the copy
   */
  public SecurityToken withPrincipalSelf(Sid objectSid) {
    return new SecurityToken(
        user, groups, Optional.of(Objects.requireNonNull(objectSid, "objectSid")), privileges);
  }

  /**
   * Returns a copy holding these privileges.
   *
   * @param privileges the privileges
   * @return the copy
   */
  public SecurityToken withPrivileges(Set<Privilege> privileges) {
    Set<Privilege> set =
        privileges.isEmpty() ? EnumSet.noneOf(Privilege.class) : EnumSet.copyOf(privileges);
    return new SecurityToken(user, groups, principalSelf, set);
  }

  /**
   * Returns the user SID.
   *
   * @return the user, empty for {@link #empty()}
   */
  public Optional<Sid> user() {
    return Optional.ofNullable(user);
  }

  /**
   * Returns the enabled group SIDs (including the well-known ones {@link #forAccount} added).
   *
   * @return an unmodifiable list
   */
  public List<Sid> groups() {
    return groups;
  }

  /**
   * Returns the PRINCIPAL_SELF substitute.
   *
   * @return the object SID set by {@link #withPrincipalSelf}, or empty
   */
  public Optional<Sid> principalSelf() {
    return principalSelf;
  }

  /**
   * Returns the privileges.
   *
   * @return an unmodifiable set
   */
  public Set<Privilege> privileges() {
    return privileges;
  }

  /**
   * Tells whether the token holds a privilege.
   *
   * @param privilege the privilege
   * @return true if held
   */
  public boolean hasPrivilege(Privilege privilege) {
    return privileges.contains(privilege);
  }

  /**
   * Tells whether the SID is the user or one of the groups. No substitution: see {@link
   * #matches(Sid)} for what an ACE trustee matches.
   *
   * @param sid the SID
   * @return true if present
   */
  public boolean contains(Sid sid) {
    int i = spread(sid.hashCode()) & tableMask;
    Sid s;
    while ((s = table[i]) != null) {
      if (s.equals(sid)) {
        return true;
      }
      i = (i + 1) & tableMask;
    }
    return false;
  }

  /**
   * Tells whether an ACE trustee matches this token (MS-DTYP 2.5.3.2 SidInToken): the SID is held,
   * or it is PRINCIPAL_SELF and the token holds the PRINCIPAL_SELF substitute. OWNER RIGHTS is
   * resolved by the access check, which knows the owner.
   *
   * @param aceSid the trustee of an ACE
   * @return true if the ACE applies to this token
   */
  public boolean matches(Sid aceSid) {
    if (selfMatches && aceSid.equals(Sid.SELF)) {
      return true;
    }
    return contains(aceSid);
  }

  @Override
  public String toString() {
    return "SecurityToken[user="
        + user
        + ", groups="
        + groups
        + principalSelf.map(s -> ", principalSelf=" + s).orElse("")
        + (privileges.isEmpty() ? "" : ", privileges=" + privileges)
        + "]";
  }
}
