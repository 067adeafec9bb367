/**
 * An in-memory Active Directory-like forest for tests, on UnboundID's InMemoryDirectoryServer, with
 * a JUnit 5 extension.
 */
module org.adwriteback.testkit {
  requires transitive org.adwriteback.api;
  requires transitive unboundid.ldapsdk;
  requires org.slf4j;
  requires static transitive org.junit.jupiter.api;

  exports org.adwriteback.testkit;
}
