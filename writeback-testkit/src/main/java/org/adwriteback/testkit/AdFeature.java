package org.adwriteback.testkit;

/**
 * Active Directory behaviours of the testkit that a test can switch off, for example to imitate a
 * Samba DC configured with {@code ldap server require strong auth = no}, or to isolate a test from
 * a rule it does not care about. All features are on by default ({@link
 * AdConfiguration#forest(String)}).
 */
public enum AdFeature {
  /**
   * unicodePwd may only be written over an encrypted connection (LDAPS or after StartTLS), as
   * MS-ADTS 3.1.1.3.1.5.1 requires. When off, password writes over plain LDAP are accepted, as a
   * Samba DC with {@code ldap server require strong auth = no} does.
   */
  PASSWORDS_REQUIRE_ENCRYPTION,

  /**
   * New passwords must satisfy the domain policy: at least {@code minPwdLength} (7) characters and,
   * with {@code pwdProperties} bit 1 (complexity), characters from three of the five categories and
   * not containing the account name (MS-ADTS 3.1.1.3.1.5.1; the "Password must meet complexity
   * requirements" policy). When off, any password is accepted.
   */
  PASSWORD_POLICY,

  /**
   * sAMAccountName must be unique in the domain and userPrincipalName in the forest, and adds or
   * modifies that break this fail with AD's errors. When off, duplicates are stored.
   */
  UNIQUE_ACCOUNT_NAMES,

  /**
   * A simple bind checks the account state after the password: a disabled account (data 533), a
   * locked-out account (data 775) and an account whose password must change (pwdLastSet = 0, data
   * 773) are refused as AD refuses them. When off, only the password is checked.
   */
  ACCOUNT_STATE_ON_BIND,

  /**
   * Search filters with AD's matching rules work: LDAP_MATCHING_RULE_BIT_AND
   * (1.2.840.113556.1.4.803), LDAP_MATCHING_RULE_BIT_OR (1.2.840.113556.1.4.804) and
   * LDAP_MATCHING_RULE_IN_CHAIN (1.2.840.113556.1.4.1941), MS-ADTS 3.1.1.3.4.4; and AD's other
   * filter rules: a class name for objectCategory (3.1.1.3.1.3.5), approxMatch as equalityMatch
   * (3.1.1.3.1.3.1), SIDs in their string form, ambiguous name resolution (3.1.1.3.1.3.4). When
   * off, filters reach UnboundID's server unchanged, which knows none of these.
   */
  AD_MATCHING_RULES,

  /**
   * A subtree search returns only entries of the naming context its base is in: a search from the
   * domain root does not return Configuration or Schema entries (see {@link
   * #CONTINUATION_REFERENCES} for what it returns instead). When off, the in-memory server's nested
   * base DNs are searched as one tree, without references.
   */
  NAMING_CONTEXT_SCOPED_SEARCH,

  /**
   * With {@link #NAMING_CONTEXT_SCOPED_SEARCH}, a one-level or subtree search gets, after its
   * entries, a continuation reference to each naming context below its base's, as AD sends them
   * ({@code ldap://contoso.test/CN=Configuration,DC=contoso,DC=test}; {@link
   * ContinuationReferences}; none with the domain-scope control). Turn it off for code that follows
   * referrals (UnboundID's {@code setFollowReferrals(true)}, JNDI's {@code
   * java.naming.referral=follow}): the referenced DNS name does not lead to the testkit, so the
   * follow-up fails where on a real network it reaches a DC.
   */
  CONTINUATION_REFERENCES,

  /**
   * A connection that has not bound may read the rootDSE (a base search of the empty DN) and
   * nothing else: other searches and compares fail with operationsError (1) and {@code 000004DC:
   * LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be
   * completed on the connection.}, as Windows AD answers by default (dsHeuristics, MS-ADTS
   * 3.1.1.3.4.1; Samba answers the same result code with {@code 00002020: Operation unavailable
   * without authentication}). When off, anonymous connections read the directory as UnboundID's
   * server allows.
   */
  ANONYMOUS_READS_REFUSED,

  /**
   * Every add, delete, rename, modify and read of nTSecurityDescriptor by a bound account is
   * checked against the object's (or its parent's) DACL with the account's token, as a DC checks it
   * (MS-ADTS 3.1.1.5 and 5.1.3): CREATE_CHILD for the class on the parent, DELETE or DELETE_CHILD,
   * WRITE_PROPERTY per attribute and property set, WRITE_DAC / WRITE_OWNER / SeSecurityPrivilege
   * for the parts of the descriptor, the Reset Password and Change Password extended rights for
   * unicodePwd, READ_CONTROL to read the descriptor. Refusals are insufficientAccessRights (50)
   * with {@code 00002098: SecErr: DSID-03150E8B, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0};
   * updates without a bind are operationsError (1, {@code 000004DC}). Administrators pass through
   * the ACEs of the default descriptors, not by name. When off, every bound account may do
   * everything (descriptors are still computed and inherited).
   */
  ACL_ENFORCEMENT
}
