package org.adwriteback.provisioning;

/**
 * The three junk-mail filter hashes of Exchange hybrid writeback (permissions.md §4, §9.4), written
 * only when the cloud mailbox is authoritative ({@code cloudSOAExchMailbox}).
 */
public enum MailboxHash {
  /** msExchBlockedSendersHash (octet string). */
  BLOCKED_SENDERS("msExchBlockedSendersHash"),
  /** msExchSafeRecipientsHash (octet string). */
  SAFE_RECIPIENTS("msExchSafeRecipientsHash"),
  /** msExchSafeSendersHash (octet string). */
  SAFE_SENDERS("msExchSafeSendersHash");

  private final String attribute;

  MailboxHash(String attribute) {
    this.attribute = attribute;
  }

  /**
   * Returns the LDAP attribute.
   *
   * @return the lDAPDisplayName
   */
  public String attribute() {
    return attribute;
  }
}
