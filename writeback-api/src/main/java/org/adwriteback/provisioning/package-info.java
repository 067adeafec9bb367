/**
 * Writeback operations as pure values: the requests a sync engine sends to on-premises Active
 * Directory (password reset and change, cloud users, Microsoft 365 groups, registered devices,
 * Exchange hybrid attributes) and the typed per-item results, following
 * ../shared/spec/permissions.md §4 and §7. Executing them over LDAP is the job of {@code
 * org.adwriteback.ldap.provisioning}.
 */
package org.adwriteback.provisioning;
