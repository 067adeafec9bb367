/**
 * LDAP access to Active Directory: AD-specific controls, discovery, DACL edits, verification, audit
 * and writeback operations over the UnboundID LDAP SDK.
 */
package org.adwriteback.ldap;
