package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.security.Ace;
import org.adwriteback.security.Acl;
import org.adwriteback.security.SddlContext;
import org.adwriteback.security.SecurityDescriptor;
import org.adwriteback.security.Sid;

/**
 * Assertions about the security of a running {@link AdDirectory}, for tests of code that delegates
 * rights or edits descriptors: plain static methods that throw {@link AssertionError} (no assertion
 * library needed), in the spirit of UnboundID's {@code LDAPTestUtils}.
 *
 * <p>The access questions are answered by the same check the directory runs on an LDAP operation
 * (MS-ADTS 5.1.3.3 with the account's token, MS-DTYP 2.5.3.2), without performing the operation:
 * nothing in the directory changes.
 */
public final class AdAssertions {

  private AdAssertions() {}

  /**
   * Asserts that an object's descriptor holds an ACE, in its DACL or SACL.
   *
   * @param directory the directory
   * @param objectDn the object
   * @param aceSddl the ACE in SDDL, e.g. {@code (OA;CI;CR;00299570-246d-11d0-a768-00aa006e0529;;
   *     S-1-5-21-...-1105)}; aliases such as {@code DA} resolve against the SID of the object's
   *     domain, {@code EA} against the forest root's. Flags are compared too: an inherited ACE is
   *     {@code ID}
   * @throws AssertionError if the ACE is not there (the message lists the descriptor)
   */
  public static void assertDescriptorContainsAce(
      AdDirectory directory, String objectDn, String aceSddl) {
    SecurityDescriptor sd = descriptor(directory, objectDn);
    Ace ace = parseAce(directory, objectDn, aceSddl);
    if (!contains(sd, ace)) {
      throw new AssertionError(
          "expected the descriptor of "
              + objectDn
              + " to contain "
              + aceSddl
              + " but it is "
              + sd.toSddl(context(directory, objectDn)));
    }
  }

  /**
   * Asserts that an object's descriptor does not hold an ACE.
   *
   * @param directory the directory
   * @param objectDn the object
   * @param aceSddl the ACE in SDDL
   * @throws AssertionError if the ACE is there
   */
  public static void assertDescriptorLacksAce(
      AdDirectory directory, String objectDn, String aceSddl) {
    SecurityDescriptor sd = descriptor(directory, objectDn);
    if (contains(sd, parseAce(directory, objectDn, aceSddl))) {
      throw new AssertionError(
          "expected the descriptor of " + objectDn + " not to contain " + aceSddl);
    }
  }

  /**
   * Asserts that a descriptor holds an ACE, in its DACL or SACL.
   *
   * @param sd the descriptor
   * @param ace the ACE
   * @throws AssertionError if it is not there
   */
  public static void assertDescriptorContainsAce(SecurityDescriptor sd, Ace ace) {
    if (!contains(Objects.requireNonNull(sd, "sd"), Objects.requireNonNull(ace, "ace"))) {
      throw new AssertionError("expected " + sd.toSddl() + " to contain " + ace);
    }
  }

  /**
   * Asserts that an account may write an attribute of an object (RIGHT_DS_WRITE_PROPERTY through
   * the attribute, its property set or the whole object).
   *
   * @param directory the directory
   * @param account the account: DN, UPN or {@code DOMAIN\sam}
   * @param objectDn the object
   * @param attribute the attribute's lDAPDisplayName
   * @throws AssertionError if the write would be refused
   */
  public static void assertCanWriteAttribute(
      AdDirectory directory, String account, String objectDn, String attribute) {
    if (!may(directory, account, objectDn, List.of(attribute), Optional.empty())) {
      throw new AssertionError(
          "expected " + account + " to be allowed to write " + attribute + " on " + objectDn);
    }
  }

  /**
   * Asserts that an account may not write an attribute of an object.
   *
   * @param directory the directory
   * @param account the account: DN, UPN or {@code DOMAIN\sam}
   * @param objectDn the object
   * @param attribute the attribute's lDAPDisplayName
   * @throws AssertionError if the write would be allowed
   */
  public static void assertCannotWriteAttribute(
      AdDirectory directory, String account, String objectDn, String attribute) {
    if (may(directory, account, objectDn, List.of(attribute), Optional.empty())) {
      throw new AssertionError(
          "expected " + account + " not to be allowed to write " + attribute + " on " + objectDn);
    }
  }

  /**
   * Asserts that an account holds Reset Password (User-Force-Change-Password) on an object.
   *
   * @param directory the directory
   * @param account the account: DN, UPN or {@code DOMAIN\sam}
   * @param objectDn the user or computer
   * @throws AssertionError if a reset would be refused
   */
  public static void assertCanResetPassword(
      AdDirectory directory, String account, String objectDn) {
    if (!may(directory, account, objectDn, List.of(), Optional.of(AdSecurity.RESET_PASSWORD))) {
      throw new AssertionError("expected " + account + " to hold Reset Password on " + objectDn);
    }
  }

  /**
   * Asserts that an account does not hold Reset Password on an object.
   *
   * @param directory the directory
   * @param account the account: DN, UPN or {@code DOMAIN\sam}
   * @param objectDn the user or computer
   * @throws AssertionError if a reset would be allowed
   */
  public static void assertCannotResetPassword(
      AdDirectory directory, String account, String objectDn) {
    if (may(directory, account, objectDn, List.of(), Optional.of(AdSecurity.RESET_PASSWORD))) {
      throw new AssertionError(
          "expected " + account + " not to hold Reset Password on " + objectDn);
    }
  }

  private static boolean may(
      AdDirectory directory,
      String account,
      String objectDn,
      List<String> attributes,
      Optional<UUID> right) {
    try {
      return directory.engine().mayDo(account, objectDn, attributes, right);
    } catch (LDAPException e) {
      throw new AssertionError("cannot evaluate the access: " + e.getMessage(), e);
    }
  }

  private static SecurityDescriptor descriptor(AdDirectory directory, String objectDn) {
    try {
      Entry e = directory.engine().entry(objectDn);
      return AdSecurity.descriptor(e)
          .orElseThrow(() -> new AssertionError(objectDn + " has no nTSecurityDescriptor"));
    } catch (LDAPException e) {
      throw new AssertionError("cannot read " + objectDn + ": " + e.getMessage(), e);
    }
  }

  /** The SDDL context of the object's domain (the forest root's for configuration and schema). */
  private static SddlContext context(AdDirectory directory, String objectDn) {
    try {
      return directory.engine().domainFor(new DN(objectDn)).context();
    } catch (LDAPException e) {
      return SddlContext.of(Sid.parse(directory.domainSid()));
    }
  }

  private static Ace parseAce(AdDirectory directory, String objectDn, String aceSddl) {
    Acl acl =
        SecurityDescriptor.fromSddl("D:" + aceSddl, context(directory, objectDn))
            .dacl()
            .orElseThrow();
    if (acl.size() != 1) {
      throw new IllegalArgumentException(
          "expected one ACE in SDDL, e.g. (A;;RP;;;AU), not " + aceSddl);
    }
    return acl.get(0);
  }

  private static boolean contains(SecurityDescriptor sd, Ace ace) {
    return sd.dacl().map(a -> a.contains(ace)).orElse(false)
        || sd.sacl().map(a -> a.contains(ace)).orElse(false);
  }
}
