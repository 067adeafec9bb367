package org.adwriteback.preparation;

import java.util.Objects;
import org.adwriteback.security.Sid;

/**
 * One domain of the forest as the directory describes it: its naming context, DNS and NetBIOS names
 * (from its crossRef in {@code CN=Partitions}, MS-ADTS 6.1.1.2.1.1.5) and its {@code objectSid}.
 *
 * @param dn the domain naming context, e.g. {@code DC=contoso,DC=test}
 * @param dnsName the DNS name, e.g. {@code contoso.test}
 * @param netbiosName the NetBIOS name, e.g. {@code CONTOSO}
 * @param sid the domain SID
 */
public record DomainFacts(String dn, String dnsName, String netbiosName, Sid sid) {

  /** Validates the components. */
  public DomainFacts {
    Objects.requireNonNull(dn, "dn");
    Objects.requireNonNull(dnsName, "dnsName");
    Objects.requireNonNull(netbiosName, "netbiosName");
    Objects.requireNonNull(sid, "sid");
  }

  /**
   * Returns the DN of {@code CN=AdminSDHolder,CN=System} in this domain (MS-ADTS 3.1.1.6.1).
   *
   * @return the AdminSDHolder DN
   */
  public String adminSdHolderDn() {
    return "CN=AdminSDHolder,CN=System," + dn;
  }

  /**
   * Returns the DN of {@code CN=RegisteredDevices} in this domain, the container for written-back
   * devices.
   *
   * @return the RegisteredDevices DN
   */
  public String registeredDevicesDn() {
    return "CN=RegisteredDevices," + dn;
  }
}
