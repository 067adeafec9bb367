package org.adwriteback.testkit;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The account names in use: sAMAccountName, unique within a domain, and userPrincipalName, unique
 * within the forest (MS-ADTS 3.1.1.5.2.2), kept in memory.
 *
 * <p>An add or rename {@linkplain #claim claims} its names: the check and the claim are one atomic
 * step, so two concurrent writes of the same name cannot both pass, as on a single AD DC. The claim
 * is pending until the write has its result: {@link #confirm} when it succeeded, {@link #release}
 * when it failed. The uniqueness check of an add is two map lookups instead of two searches of the
 * directory.
 *
 * <p>The names are read from the directory on first use and again after {@link #forget()}, which
 * the owner calls when names can have changed other than through claims (a restore). A leaf delete
 * is {@linkplain #drop reported}. A holder can still go stale: an object below a deleted subtree, a
 * renamed object (its DN changed), an object whose modify replaced or removed a name. None of these
 * frees a name another object could not take: when a claim meets a confirmed holder other than the
 * claimant, the directory is asked ({@link Verifier}, an indexed search for the name) and the stale
 * holder is dropped if no other object holds the name. So renames, subtree deletes and name changes
 * cost nothing here, where they once cost the next add a read of every name.
 */
final class AccountNames {

  /**
   * Who holds a name (the normalized DN, shared by both names of an object: 100,000 users hold
   * 200,000 names) and whether that write has its result yet.
   */
  private record Holder(String dn, boolean pending) {}

  /** The outcome of a claim: which name another object holds, if any. */
  enum Conflict {
    NONE,
    ACCOUNT_NAME,
    PRINCIPAL_NAME
  }

  private final Object lock = new Object();
  private final MatchingRule samRule;
  private final MatchingRule upnRule;
  private final Reader reader;
  private final Verifier verifier;
  private Map<String, Holder> names; // null: read again on next use
  private final Map<String, String> domainPrefixes = new ConcurrentHashMap<>();
  private final AtomicInteger nextPrefix = new AtomicInteger();

  /** Reads the names of every existing object from the directory. */
  interface Reader {
    /**
     * Passes each object with either name to {@code into}.
     *
     * @param into receives the names
     * @throws LDAPException if the directory cannot be read
     */
    void read(Loader into) throws LDAPException;
  }

  /** Asks the directory who holds a name. */
  interface Verifier {
    /**
     * Whether an existing object other than {@code self} holds the name.
     *
     * @param domain the domain a sAMAccountName is unique in; null for a userPrincipalName
     * @param attribute {@code sAMAccountName} or {@code userPrincipalName}
     * @param value the name
     * @param self the claimant's normalized DN
     * @return true if another object holds it
     * @throws LDAPException if the directory cannot be read
     */
    boolean heldByAnother(AdDomain domain, String attribute, String value, String self)
        throws LDAPException;
  }

  /** Receives the names of each existing object while the directory is read. */
  interface Loader {
    /**
     * One object's names.
     *
     * @param dn the object
     * @param domain its domain
     * @param sam its sAMAccountName, if any
     * @param upn its userPrincipalName, if any
     */
    void add(DN dn, AdDomain domain, Optional<String> sam, Optional<String> upn);
  }

  /**
   * @param schema the server's schema, for the equality matching rules of both attributes
   * @param reader reads every object with either name into the loader it is given
   * @param verifier asks the directory whether a name in the table is still held by another
   */
  AccountNames(Schema schema, Reader reader, Verifier verifier) {
    this.samRule = MatchingRule.selectEqualityMatchingRule("sAMAccountName", schema);
    this.upnRule = MatchingRule.selectEqualityMatchingRule("userPrincipalName", schema);
    this.reader = reader;
    this.verifier = verifier;
  }

  /**
   * Claims the names for the object at {@code dn}, unless another object holds one of them (a name
   * the object holds already stays its own).
   *
   * @return what is taken by another object; {@link Conflict#NONE} when the names are claimed
   */
  Conflict claim(DN dn, AdDomain domain, Optional<String> sam, Optional<String> upn)
      throws LDAPException {
    String self = dn.toNormalizedString();
    synchronized (lock) {
      Map<String, Holder> held = loaded();
      Optional<String> samKey = samKey(domain, sam);
      Optional<String> upnKey = upnKey(upn);
      if (samKey.isPresent()
          && takenByOther(held, samKey.get(), self, domain, "sAMAccountName", sam.get())) {
        return Conflict.ACCOUNT_NAME;
      }
      if (upnKey.isPresent()
          && takenByOther(held, upnKey.get(), self, null, "userPrincipalName", upn.get())) {
        return Conflict.PRINCIPAL_NAME;
      }
      Holder claim = new Holder(self, true);
      samKey.ifPresent(k -> held.putIfAbsent(k, claim));
      upnKey.ifPresent(k -> held.putIfAbsent(k, claim));
      return Conflict.NONE;
    }
  }

  /** The write that claimed these names succeeded: they are the object's now. */
  void confirm(DN dn, AdDomain domain, Optional<String> sam, Optional<String> upn)
      throws LDAPException {
    settle(dn, keys(domain, sam, upn), h -> h.pending() ? new Holder(h.dn(), false) : h);
  }

  /** The write that claimed these names failed: pending claims of {@code dn} are dropped. */
  void release(DN dn, AdDomain domain, Optional<String> sam, Optional<String> upn)
      throws LDAPException {
    settle(dn, keys(domain, sam, upn), h -> h.pending() ? null : h);
  }

  /** The object at {@code dn} with these names was deleted: the names are free. */
  void drop(DN dn, AdDomain domain, Optional<String> sam, Optional<String> upn)
      throws LDAPException {
    settle(dn, keys(domain, sam, upn), h -> null);
  }

  /** Replaces (null: removes) the holders of {@code keys} that are {@code dn}. */
  private void settle(DN dn, List<String> keys, UnaryOperator<Holder> change) {
    String self = dn.toNormalizedString();
    synchronized (lock) {
      if (names == null) {
        return;
      }
      Holder confirmed = null;
      for (String k : keys) {
        Holder h = names.get(k);
        if (h == null || !h.dn().equals(self)) {
          continue;
        }
        Holder next = change.apply(h);
        if (next == null) {
          names.remove(k);
        } else {
          // both names of one object keep sharing one holder
          confirmed = confirmed != null && confirmed.equals(next) ? confirmed : next;
          names.put(k, confirmed);
        }
      }
    }
  }

  /** Names may have changed other than through claims: read them again on next use. */
  void forget() {
    synchronized (lock) {
      names = null;
    }
  }

  private Map<String, Holder> loaded() throws LDAPException {
    if (names == null) {
      Map<String, Holder> read = new HashMap<>();
      List<LDAPException> failures = new ArrayList<>(1);
      reader.read(
          (dn, domain, sam, upn) -> {
            try {
              Holder holder = new Holder(dn.toNormalizedString(), false);
              for (String k : keys(domain, sam, upn)) {
                read.put(k, holder);
              }
            } catch (LDAPException e) {
              failures.add(e);
            }
          });
      if (!failures.isEmpty()) {
        throw failures.get(0);
      }
      names = read;
    }
    return names;
  }

  /**
   * Whether another object holds the name: a pending claim does (its write is in flight); a
   * confirmed holder is checked against the directory and dropped when stale.
   */
  private boolean takenByOther(
      Map<String, Holder> held,
      String key,
      String self,
      AdDomain domain,
      String attribute,
      String value)
      throws LDAPException {
    Holder h = held.get(key);
    if (h == null || h.dn().equals(self)) {
      return false;
    }
    if (h.pending() || verifier.heldByAnother(domain, attribute, value, self)) {
      return true;
    }
    held.remove(key);
    return false;
  }

  private List<String> keys(AdDomain domain, Optional<String> sam, Optional<String> upn)
      throws LDAPException {
    List<String> keys = new ArrayList<>(2);
    samKey(domain, sam).ifPresent(keys::add);
    upnKey(upn).ifPresent(keys::add);
    return keys;
  }

  private Optional<String> samKey(AdDomain domain, Optional<String> sam) throws LDAPException {
    if (sam.isEmpty()) {
      return Optional.empty();
    }
    String prefix =
        domainPrefixes.computeIfAbsent(
            domain.dn().toNormalizedString(), d -> "s" + nextPrefix.getAndIncrement() + ':');
    return Optional.of(prefix + normalize(samRule, sam.get()));
  }

  private Optional<String> upnKey(Optional<String> upn) throws LDAPException {
    return upn.isEmpty() ? Optional.empty() : Optional.of("u:" + normalize(upnRule, upn.get()));
  }

  private static String normalize(MatchingRule rule, String value) throws LDAPException {
    return rule.normalize(new ASN1OctetString(value)).stringValue();
  }
}
