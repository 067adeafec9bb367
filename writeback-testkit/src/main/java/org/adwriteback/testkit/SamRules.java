package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.Locale;

/**
 * The constraints AD's security account manager puts on the attributes of users, computers and
 * groups written over LDAP (MS-SAMR 3.1.1.8, MS-ADTS 3.1.1.5.2.4): a sAMAccountName without the
 * characters {@code " / \ [ ] : ; | = , + * ? < >} and not deleted, one description at most, and a
 * groupType that names exactly one scope (global 2, domain local 4, universal 8), security-enabled
 * (0x80000000) or not.
 */
final class SamRules {

  private static final String INVALID_NAME_CHARACTERS = "\"/\\[]:;|=,+*?<>";

  private SamRules() {}

  /** The rules for the sAMAccountName and description of a new account or group. */
  static void check(String sam, String[] descriptions) throws LDAPException {
    if (sam != null) {
      checkName(sam);
    }
    if (descriptions != null && descriptions.length > 1) {
      throw singleDescription();
    }
  }

  /**
   * The rules for a modification of an object; applies to accounts and groups only through the
   * attributes they alone have (sAMAccountName), and to description on any object for which AD
   * keeps one value (the check is not made for objects without a sAMAccountName by the caller).
   */
  static void check(Modification m) throws LDAPException {
    String attribute = m.getAttributeName().toLowerCase(Locale.ROOT);
    if (attribute.equals("samaccountname")) {
      if (m.getModificationType() == ModificationType.DELETE
          || (m.getModificationType() == ModificationType.REPLACE && !m.hasValue())) {
        throw new LDAPException(
            ResultCode.UNWILLING_TO_PERFORM,
            AdDiagnostics.serviceError(0x2077, 0x031A0E8C, 5003, "WILL_NOT_PERFORM")
                + ": sAMAccountName cannot be removed; replace it with another name");
      }
      for (String v : m.getValues()) {
        checkName(v);
      }
    }
  }

  /** A groupType must name one scope, with or without the security bit (MS-ADTS 2.2.12). */
  static void checkGroupType(String value) throws LDAPException {
    long type;
    try {
      type = GroupTypes.bits(value);
    } catch (NumberFormatException e) {
      return; // the syntax check answers this
    }
    long scope = GroupTypes.scope(type);
    if (scope != GroupTypes.GLOBAL
        && scope != GroupTypes.DOMAIN_LOCAL
        && scope != GroupTypes.UNIVERSAL) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          AdDiagnostics.serviceError(0x2141, 0x031A1045, 5003, "WILL_NOT_PERFORM")
              + ": groupType "
              + value
              + " names no group scope; use 2 (global), 4 (domain local) or 8 (universal),"
              + " plus -2147483648 for a security group");
    }
  }

  /**
   * A group's scope changes by way of universal: global and domain local become universal and back,
   * never one into the other (MS-SAMR 3.1.1.8.9; Samba 4.17 answers unwillingToPerform, measured);
   * the security bit may change with the scope or alone.
   */
  static void checkGroupTypeChange(String before, String after) throws LDAPException {
    long from;
    long to;
    try {
      from = GroupTypes.scope(GroupTypes.bits(before));
      to = GroupTypes.scope(GroupTypes.bits(after));
    } catch (NumberFormatException | NullPointerException e) {
      return; // no stored type, or the syntax check answers
    }
    boolean fromGlobal = (from & GroupTypes.GLOBAL) != 0;
    boolean fromLocal = (from & GroupTypes.DOMAIN_LOCAL) != 0;
    boolean toGlobal = (to & GroupTypes.GLOBAL) != 0;
    boolean toLocal = (to & GroupTypes.DOMAIN_LOCAL) != 0;
    if (fromGlobal && toLocal || fromLocal && toGlobal) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          AdDiagnostics.serviceError(
                  AdDiagnostics.ERROR_DS_UNWILLING_TO_PERFORM, 0x031A1045, 5003, "WILL_NOT_PERFORM")
              + ": a "
              + (fromGlobal ? "global" : "domain local")
              + " group cannot become "
              + (toGlobal ? "global" : "domain local")
              + " directly; make it universal (8) first");
    }
  }

  private static void checkName(String sam) throws LDAPException {
    for (int i = 0; i < sam.length(); i++) {
      char c = sam.charAt(i);
      if (INVALID_NAME_CHARACTERS.indexOf(c) >= 0 || c < 0x20) {
        throw new LDAPException(
            ResultCode.CONSTRAINT_VIOLATION,
            AdDiagnostics.attributeError(0x523, 0x031A1236, 0x900dd, "sAMAccountName")
                + "sAMAccountName '"
                + sam
                + "' holds '"
                + c
                + "', which account names cannot hold: "
                + INVALID_NAME_CHARACTERS);
      }
    }
  }

  private static LDAPException singleDescription() {
    return new LDAPException(
        ResultCode.CONSTRAINT_VIOLATION,
        AdDiagnostics.attributeError(0x2081, 0x031519E1, 0xd, "description")
            + "a user, computer or group keeps one description");
  }

  /**
   * The description rule for a modification of a user, computer or group that has {@code
   * descriptions} now: one value at most after it.
   */
  static void checkDescription(Modification m, String[] descriptions) throws LDAPException {
    if (!m.getAttributeName().equalsIgnoreCase("description")) {
      return;
    }
    int after =
        switch (m.getModificationType().intValue()) {
          case ModificationType.REPLACE_INT_VALUE -> m.getValues().length;
          case ModificationType.ADD_INT_VALUE ->
              m.getValues().length + (descriptions == null ? 0 : descriptions.length);
          default -> 0;
        };
    if (after > 1) {
      throw singleDescription();
    }
  }
}
