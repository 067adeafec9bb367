package org.adwriteback.ldap.preparation;

/**
 * The totals of one {@link DirectoryAuditor} run; the findings themselves went to the caller's
 * callback as they were found.
 *
 * @param scanned objects of the feature's classes examined
 * @param returned entries the search returned (every class the filter matched)
 * @param flagged objects the account cannot write back
 * @param ldapOperations LDAP requests sent (one per page, plus the token read)
 */
public record AuditSummary(long scanned, long returned, long flagged, long ldapOperations) {}
