/**
 * Windows security descriptors and their parts (SIDs, GUIDs, access masks, ACEs, ACLs), their
 * binary (MS-DTYP 2.4.6) and SDDL (MS-DTYP 2.5.1) forms, and the access-check and inheritance
 * algorithms (MS-DTYP 2.5.3).
 */
package org.adwriteback.security;
