/**
 * Preparation of Active Directory for Entra Connect writeback over LDAP: forest discovery ({@link
 * org.adwriteback.ldap.preparation.ForestDiscovery}), connector account resolution ({@link
 * org.adwriteback.ldap.preparation.AccountResolver}), the idempotent DACL edit with dry run, undo
 * and restore ({@link org.adwriteback.ldap.preparation.DirectoryPreparer}), verification by access
 * check as the account ({@link org.adwriteback.ldap.preparation.DirectoryVerifier}) and the audit
 * of objects a grant does not reach ({@link org.adwriteback.ldap.preparation.DirectoryAuditor}).
 * Follows shared/spec/permissions.md and MS-ADTS 6.1.3 for descriptor updates.
 */
package org.adwriteback.ldap.preparation;
