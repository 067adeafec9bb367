package org.adwriteback.provisioning;

/** How a written-back user is removed when its cloud object goes away. */
public enum DeleteMode {
  /** Disable the account (userAccountControl gets ACCOUNTDISABLE 0x2); the object stays. */
  SOFT,
  /** Delete the object. */
  HARD
}
