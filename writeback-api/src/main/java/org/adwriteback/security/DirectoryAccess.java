package org.adwriteback.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.schema.AttributeDefinition;
import org.adwriteback.schema.ControlAccessRight;
import org.adwriteback.schema.SchemaCatalog;

/**
 * Directory access checks by name (MS-ADTS 5.1.3.3): resolves classes, attributes, property sets
 * (an attribute's attributeSecurityGUID) and control access rights through a {@link SchemaCatalog},
 * builds the object type tree a DC builds for the operation, and runs {@link AccessCheck}.
 * Inheritance helpers ({@link #createChild}) resolve the class's defaultSecurityDescriptor and GUID
 * the same way.
 *
 * <p>Immutable and thread-safe.
 */
public final class DirectoryAccess {

  private final SchemaCatalog catalog;

  /**
   * Uses a catalog (the standard one, or one with a forest's extensions).
   *
   * @param catalog the schema catalog
   */
  public DirectoryAccess(SchemaCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /**
   * Uses {@link SchemaCatalog#standard()}.
   *
   * @return the instance
   */
  public static DirectoryAccess standard() {
    return new DirectoryAccess(SchemaCatalog.standard());
  }

  /**
   * Returns the catalog.
   *
   * @return the catalog
   */
  public SchemaCatalog catalog() {
    return catalog;
  }

  private UUID classGuid(String objectClass) {
    return catalog.requireClass(objectClass).schemaIdGuid();
  }

  /**
   * The object type tree for an operation on several attributes of an object: the class, each
   * property set involved with its attributes, then the attributes without a property set.
   *
   * @param objectClass the object's structural class
   * @param attributes lDAPDisplayNames
   * @return the tree
   * @throws org.adwriteback.schema.UnknownSchemaObjectException if a name is unknown
   */
  public ObjectTypeTree propertyTree(String objectClass, List<String> attributes) {
    Map<UUID, List<UUID>> bySet = new LinkedHashMap<>();
    List<UUID> loose = new ArrayList<>();
    for (String name : attributes) {
      AttributeDefinition a = catalog.requireAttribute(name);
      Optional<UUID> set = a.attributeSecurityGuid();
      List<UUID> target =
          set.isPresent() ? bySet.computeIfAbsent(set.get(), k -> new ArrayList<>()) : loose;
      if (!target.contains(a.schemaIdGuid())) {
        target.add(a.schemaIdGuid());
      }
    }
    ObjectTypeTree.Builder b = ObjectTypeTree.builder(classGuid(objectClass));
    bySet.forEach(b::propertySet);
    loose.forEach(g -> b.add(1, g));
    return b.build();
  }

  /**
   * May the token write an attribute of the object?
   *
   * @param sd the object's descriptor
   * @param token who asks
   * @param objectClass the object's structural class, e.g. {@code user}
   * @param attribute the attribute, e.g. {@code description}
   * @return true if RIGHT_DS_WRITE_PROPERTY is granted on the attribute
   */
  public boolean canWriteProperty(
      SecurityDescriptor sd, SecurityToken token, String objectClass, String attribute) {
    AttributeDefinition a = catalog.requireAttribute(attribute);
    return AccessCheck.canWriteProperty(
        sd, token, classGuid(objectClass), a.attributeSecurityGuid(), a.schemaIdGuid());
  }

  /**
   * May the token write all these attributes in one operation (a modify touching several)?
   *
   * @param sd the object's descriptor
   * @param token who asks
   * @param objectClass the object's structural class
   * @param attributes the attributes
   * @return true if WP is granted on every one of them
   */
  public boolean canWriteProperties(
      SecurityDescriptor sd, SecurityToken token, String objectClass, List<String> attributes) {
    ObjectTypeTree tree = propertyTree(objectClass, attributes);
    AccessCheckResult r = AccessCheck.check(sd, token, AccessMask.WRITE_PROPERTY, tree);
    for (String name : attributes) {
      if (!r.isGranted(tree.indexOf(catalog.requireAttribute(name).schemaIdGuid()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * May the token read an attribute of the object?
   *
   * @param sd the object's descriptor
   * @param token who asks
   * @param objectClass the object's structural class
   * @param attribute the attribute
   * @return true if RIGHT_DS_READ_PROPERTY is granted on the attribute
   */
  public boolean canReadProperty(
      SecurityDescriptor sd, SecurityToken token, String objectClass, String attribute) {
    AttributeDefinition a = catalog.requireAttribute(attribute);
    return AccessCheck.canReadProperty(
        sd, token, classGuid(objectClass), a.attributeSecurityGuid(), a.schemaIdGuid());
  }

  /**
   * Does the token hold a control access right (extended right) or validated write on the object?
   *
   * @param sd the object's descriptor
   * @param token who asks
   * @param objectClass the object's structural class
   * @param right the right's CN or display name, e.g. {@code User-Force-Change-Password} or {@code
   *     Reset Password}
   * @return true if granted (CR for an extended right, SW for a validated write)
   */
  public boolean hasControlAccess(
      SecurityDescriptor sd, SecurityToken token, String objectClass, String right) {
    ControlAccessRight r =
        catalog
            .controlAccessRight(right)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no control access right named '"
                            + right
                            + "' in the schema catalog; use its CN (User-Force-Change-Password)"
                            + " or display name (Reset Password)"));
    UUID cls = classGuid(objectClass);
    if (r.validAccesses() == AccessMask.SELF_WRITE.value()) {
      return AccessCheck.hasValidatedWrite(sd, token, cls, r.rightsGuid());
    }
    return AccessCheck.hasControlAccess(sd, token, cls, r.rightsGuid());
  }

  /**
   * Does the token hold a control access right, by GUID, whatever the object's class?
   *
   * @param sd the object's descriptor
   * @param token who asks
   * @param rightGuid the right's rightsGuid
   * @return true if RIGHT_DS_CONTROL_ACCESS is granted for it
   */
  public boolean hasControlAccess(SecurityDescriptor sd, SecurityToken token, UUID rightGuid) {
    return AccessCheck.hasControlAccess(sd, token, rightGuid);
  }

  /**
   * May the token create an object of this class under the parent?
   *
   * @param parentSd the parent's descriptor
   * @param token who asks
   * @param childClass the class to create, e.g. {@code user}
   * @return true if RIGHT_DS_CREATE_CHILD is granted for it
   */
  public boolean canCreateChild(
      SecurityDescriptor parentSd, SecurityToken token, String childClass) {
    return AccessCheck.canCreateChild(parentSd, token, classGuid(childClass));
  }

  /**
   * May the token delete a child of this class through the parent?
   *
   * @param parentSd the parent's descriptor
   * @param token who asks
   * @param childClass the child's class
   * @return true if RIGHT_DS_DELETE_CHILD is granted for it
   */
  public boolean canDeleteChild(
      SecurityDescriptor parentSd, SecurityToken token, String childClass) {
    return AccessCheck.canDeleteChild(parentSd, token, classGuid(childClass));
  }

  /**
   * May the token delete the object (DELETE on it, or DELETE_CHILD for its class on the parent)?
   *
   * @param sd the object's descriptor
   * @param parentSd the parent's descriptor, empty for a naming context root
   * @param token who asks
   * @param objectClass the object's structural class
   * @return true if deletion is allowed
   */
  public boolean canDelete(
      SecurityDescriptor sd,
      Optional<SecurityDescriptor> parentSd,
      SecurityToken token,
      String objectClass) {
    return AccessCheck.canDelete(sd, parentSd, token, classGuid(objectClass));
  }

  /**
   * The object types a new object of this class is created with, for {@link DescriptorInheritance}:
   * its structural class. Auxiliary classes attached dynamically (listed in the object's
   * objectClass) can be appended by the caller; the auxiliary classes the schema declares on the
   * class are not included, as Samba does not match them either.
   *
   * @param objectClass the structural class
   * @return a one-element list with its schemaIDGUID
   */
  public List<UUID> objectTypes(String objectClass) {
    return List.of(classGuid(objectClass));
  }

  /**
   * The descriptor of a new directory object of this class: the class's defaultSecurityDescriptor
   * overlaid by the supplied one, inheritance from the parent (see {@link DescriptorInheritance}).
   *
   * @param parentSd the parent's descriptor, empty for a naming context root
   * @param objectClass the new object's structural class
   * @param supplied the descriptor sent with the add, if any
   * @param context the domain (and forest root) SIDs for the aliases of the default descriptor
   * @param defaultOwner the creator's default owner
   * @param defaultGroup the creator's primary group
   * @return the new descriptor
   */
  public SecurityDescriptor createChild(
      Optional<SecurityDescriptor> parentSd,
      String objectClass,
      Optional<SecurityDescriptor> supplied,
      SddlContext context,
      Sid defaultOwner,
      Sid defaultGroup) {
    Optional<SecurityDescriptor> classDefault =
        catalog
            .defaultSecurityDescriptor(objectClass)
            .map(s -> SecurityDescriptor.fromSddl(s, context));
    SecurityDescriptor creator = DescriptorInheritance.creatorDescriptor(supplied, classDefault);
    return DescriptorInheritance.createChild(
        parentSd, creator, objectTypes(objectClass), true, defaultOwner, defaultGroup);
  }
}
