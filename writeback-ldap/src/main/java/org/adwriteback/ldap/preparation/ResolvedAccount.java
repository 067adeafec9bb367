package org.adwriteback.ldap.preparation;

import java.util.Objects;
import org.adwriteback.security.Sid;

/**
 * The connector account as the directory knows it, found by {@link AccountResolver} from the name a
 * caller gave ({@code DOMAIN\sam}, UPN, DN or SID string).
 *
 * @param dn its distinguished name
 * @param sid its {@code objectSid}, the trustee of every ACE a preparation adds
 * @param name how reports and dsacls statements name it: {@code NETBIOS\sAMAccountName}
 * @param domainDn the naming context of its domain
 */
public record ResolvedAccount(String dn, Sid sid, String name, String domainDn) {

  /** Validates the components. */
  public ResolvedAccount {
    Objects.requireNonNull(dn, "dn");
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(domainDn, "domainDn");
  }
}
