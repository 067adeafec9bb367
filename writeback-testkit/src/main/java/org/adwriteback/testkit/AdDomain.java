package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.adwriteback.security.SddlContext;
import org.adwriteback.security.Sid;

/**
 * One domain of the test forest as the engine sees it: its naming context, DNS and NetBIOS names,
 * domain SID, the DC that serves it and its RID pool (MS-ADTS 3.1.1.5.2.4: the objectSid of a new
 * security principal is the SID of the domain whose NC holds it plus the next RID). The SDDL
 * context resolves {@code DA}, {@code DU} ... to this domain and {@code EA}, {@code SA} to the
 * forest root domain, as the default security descriptors of objects in this domain need (MS-DTYP
 * 2.5.1.1).
 */
final class AdDomain {

  /** The first RID handed out to new objects (the built-in accounts and groups sit below it). */
  static final long FIRST_RID = 1103;

  private final DN dn;
  private final String dnsName;
  private final String netbiosName;
  private final String sid;
  private final String domainControllerName;
  private final Optional<AdDomain> parent;
  private final SddlContext context;
  private final AtomicLong nextRid = new AtomicLong(FIRST_RID);

  private AdDomain(
      String dnsName,
      String netbiosName,
      String sid,
      String domainControllerName,
      Optional<AdDomain> parent)
      throws LDAPException {
    this.dnsName = dnsName;
    this.netbiosName = netbiosName;
    this.sid = sid;
    this.domainControllerName = domainControllerName;
    this.parent = parent;
    this.dn = new DN(dnOf(dnsName));
    Sid own = Sid.parse(sid);
    this.context = SddlContext.of(own, parent.map(p -> Sid.parse(p.sid())).orElse(own));
  }

  /** The forest root domain. */
  static AdDomain root(AdConfiguration config, String sid) throws LDAPException {
    return new AdDomain(
        config.dnsName(),
        config.netbiosName(),
        sid,
        config.domainControllerName(),
        Optional.empty());
  }

  /** A child domain of {@code root}. */
  static AdDomain child(AdConfiguration.ChildDomain child, AdDomain root, String sid)
      throws LDAPException {
    return new AdDomain(
        child.dnsName(), child.netbiosName(), sid, child.domainControllerName(), Optional.of(root));
  }

  private static String dnOf(String dnsName) {
    StringBuilder sb = new StringBuilder();
    for (String label : dnsName.split("\\.")) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append("DC=").append(label);
    }
    return sb.toString();
  }

  DN dn() {
    return dn;
  }

  String dnsName() {
    return dnsName;
  }

  String netbiosName() {
    return netbiosName;
  }

  String sid() {
    return sid;
  }

  /** The SID of a domain-relative account or group, e.g. {@code rid(512)} for Domain Admins. */
  Sid rid(long rid) {
    return Sid.parse(sid + "-" + rid);
  }

  String domainControllerName() {
    return domainControllerName;
  }

  /** The DNS host name of this domain's DC, e.g. {@code dc1.contoso.test}. */
  String dcDnsName() {
    return domainControllerName.toLowerCase(Locale.ROOT) + "." + dnsName;
  }

  /** The parent domain; empty for the forest root. */
  Optional<AdDomain> parent() {
    return parent;
  }

  boolean isForestRoot() {
    return parent.isEmpty();
  }

  /** The forest root domain. */
  AdDomain forestRoot() {
    return parent.map(AdDomain::forestRoot).orElse(this);
  }

  SddlContext context() {
    return context;
  }

  /** Takes the next RID of this domain's pool. */
  long takeRid() {
    return nextRid.getAndIncrement();
  }

  long peekRid() {
    return nextRid.get();
  }

  void restoreRid(long next) {
    nextRid.set(next);
  }

  /** Does {@code name} name this domain (NetBIOS or DNS name, case-insensitive)? */
  boolean isNamed(String name) {
    return name.equalsIgnoreCase(netbiosName) || name.equalsIgnoreCase(dnsName);
  }

  @Override
  public String toString() {
    return netbiosName + " (" + dnsName + ", " + sid + ")";
  }
}
