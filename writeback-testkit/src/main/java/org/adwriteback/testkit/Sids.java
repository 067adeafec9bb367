package org.adwriteback.testkit;

import java.security.SecureRandom;

/**
 * Random domain SIDs for new forests ({@code S-1-5-21-a-b-c}); parsing and the binary form of SIDs
 * are {@link org.adwriteback.security.Sid}'s.
 */
final class Sids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Sids() {}

  /** Returns a random domain SID {@code S-1-5-21-a-b-c}, as a new domain gets one. */
  static String randomDomainSid() {
    return "S-1-5-21-"
        + Integer.toUnsignedString(RANDOM.nextInt())
        + "-"
        + Integer.toUnsignedString(RANDOM.nextInt())
        + "-"
        + Integer.toUnsignedString(RANDOM.nextInt());
  }
}
