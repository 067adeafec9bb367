/**
 * Applies adwriteback preparation plans and writeback operations to Active Directory over LDAP,
 * with the UnboundID LDAP SDK.
 */
module org.adwriteback.ldap {
  requires transitive org.adwriteback.api;
  requires transitive unboundid.ldapsdk;
  requires org.slf4j;

  exports org.adwriteback.ldap;
  exports org.adwriteback.ldap.preparation;
  exports org.adwriteback.ldap.provisioning;
}
