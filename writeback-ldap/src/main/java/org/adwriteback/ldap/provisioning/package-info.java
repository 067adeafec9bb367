/**
 * Executes the writeback requests of {@code org.adwriteback.provisioning} against Active Directory
 * over LDAP: password reset and change, user, group and device writeback, Exchange hybrid
 * attributes (../shared/spec/permissions.md §4, §7), one at a time ({@link
 * org.adwriteback.ldap.provisioning.Provisioner}) or in bounded-parallel batches with retries and
 * dry runs ({@link org.adwriteback.ldap.provisioning.BatchWriter}).
 */
package org.adwriteback.ldap.provisioning;
