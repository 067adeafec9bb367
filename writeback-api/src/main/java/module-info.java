/**
 * The adwriteback model: Windows security descriptors (MS-DTYP 2.4), access checks and inheritance
 * (MS-DTYP 2.5.3, MS-ADTS 5.1.3), the Active Directory schema GUID catalog, writeback features and
 * preparation plans and writeback requests and results.
 *
 * <p>This module has no runtime dependencies.
 */
module org.adwriteback.api {
  exports org.adwriteback.preparation;
  exports org.adwriteback.provisioning;
  exports org.adwriteback.schema;
  exports org.adwriteback.security;
}
