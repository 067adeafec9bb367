package org.adwriteback.preparation;

/**
 * How closely a preparation follows Microsoft's cmdlets.
 *
 * <p>{@link #MICROSOFT_EXACT} grants what the cmdlet grants (for example "read/write all
 * properties" on users for Exchange hybrid, {@code shared/spec/permissions.md} §2.5); {@link
 * #LEAST_PRIVILEGE} grants only what the writeback needs (write property on the listed attributes
 * only), proven sufficient by doing the writeback as the account.
 */
public enum PermissionMode {
  /** The ACEs Microsoft's PowerShell writes, bit for bit where the source is known. */
  MICROSOFT_EXACT,
  /** The narrowest ACEs with which the writeback still works. */
  LEAST_PRIVILEGE
}
