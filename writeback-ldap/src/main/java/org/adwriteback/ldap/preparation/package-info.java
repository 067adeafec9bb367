/**
 * Preparation of Active Directory for Entra Connect writeback over LDAP: forest discovery ({@link
 * org.adwriteback.ldap.preparation.ForestDiscovery}), connector account resolution ({@link
 * org.adwriteback.ldap.preparation.AccountResolver}), the idempotent DACL edit with dry run, undo
 * and restore ({@link org.adwriteback.ldap.preparation.DirectoryPreparer}), verification and audit.
 * Follows shared/spec/permissions.md and MS-ADTS 6.1.3 for descriptor updates.
 */
package org.adwriteback.ldap.preparation;
