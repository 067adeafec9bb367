package org.adwriteback.provisioning;

import java.util.Objects;

/**
 * How a request names an existing on-premises account: by DN, by {@code sAMAccountName}, by {@code
 * userPrincipalName} or by the cloud object id it was written back from (its source anchor).
 */
public sealed interface AccountRef {

  /**
   * Returns the value as the caller gave it, for messages.
   *
   * @return the DN, name or object id
   */
  String value();

  /**
   * Names an account by distinguished name.
   *
   * @param value the DN
   */
  record ByDn(String value) implements AccountRef {
    /** Checks the value is not null. */
    public ByDn {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Names an account by {@code sAMAccountName} (without the domain).
   *
   * @param value the pre-Windows 2000 logon name
   */
  record BySamAccountName(String value) implements AccountRef {
    /** Checks the value is not null. */
    public BySamAccountName {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Names an account by {@code userPrincipalName}.
   *
   * @param value the UPN, {@code user@contoso.test}
   */
  record ByUserPrincipalName(String value) implements AccountRef {
    /** Checks the value is not null. */
    public ByUserPrincipalName {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Names a written-back account by the cloud object id of its source anchor.
   *
   * @param value the Entra object id, a GUID
   */
  record ByCloudObjectId(String value) implements AccountRef {
    /** Checks the value is not null. */
    public ByCloudObjectId {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Names an account by DN.
   *
   * @param dn the distinguished name
   * @return the reference
   */
  static AccountRef dn(String dn) {
    return new ByDn(dn);
  }

  /**
   * Names an account by {@code sAMAccountName}.
   *
   * @param sam the logon name
   * @return the reference
   */
  static AccountRef sam(String sam) {
    return new BySamAccountName(sam);
  }

  /**
   * Names an account by UPN.
   *
   * @param upn the user principal name
   * @return the reference
   */
  static AccountRef upn(String upn) {
    return new ByUserPrincipalName(upn);
  }

  /**
   * Names an account by the cloud object id it was written back from.
   *
   * @param objectId the Entra object id
   * @return the reference
   */
  static AccountRef cloudObjectId(String objectId) {
    return new ByCloudObjectId(objectId);
  }
}
