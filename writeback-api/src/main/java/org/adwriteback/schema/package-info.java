/**
 * The Active Directory schema catalog: attribute and class definitions (MS-ADTS 3.1.1.2), control
 * access rights, property sets and validated writes (MS-ADTS 5.1.3.2.1, 5.1.3.2.2), name ↔ GUID
 * lookups and the default security descriptor of each class, loaded from Microsoft's published
 * schema (see the README beside the resources).
 *
 * <p>Entry point: {@link org.adwriteback.schema.SchemaCatalog#standard()}.
 */
package org.adwriteback.schema;
