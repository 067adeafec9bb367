package org.adwriteback.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Active Directory schema catalog: attributes and classes (MS-ADTS 3.1.1.2), control access
 * rights, property sets and validated writes (MS-ADTS 5.1.3.2.1, 5.1.3.2.2), with name ↔ GUID
 * lookups, property set membership, class chains and default security descriptors.
 *
 * <p>{@link #standard()} is Microsoft's base schema up to Windows Server 2019 (schema {@code
 * objectVersion} 88), loaded once from the resources beside this class. Instances are immutable and
 * safe to share between threads.
 *
 * <p>Name lookups are case-insensitive: attributes and classes by {@code lDAPDisplayName} or {@code
 * cn} (the lDAPDisplayName wins if both match different objects, e.g. {@code comment}), control
 * access rights by {@code cn} or Windows display name ({@code "Reset Password"} or {@code
 * User-Force-Change-Password}). GUID lookups are per kind, because one GUID can name two objects
 * (see {@link SchemaObjectKind}); {@link #findAll(UUID)} returns all of them.
 *
 * <p>Methods returning {@link Optional} report "not found" as empty; the {@code require…} methods
 * throw {@link UnknownSchemaObjectException} with the closest known names.
 */
public final class SchemaCatalog {

  private final List<AttributeDefinition> attributes;
  private final List<ClassDefinition> classes;
  private final List<ControlAccessRight> rights;
  private final NameIndex<AttributeDefinition> attributeNames;
  private final NameIndex<ClassDefinition> classNames;
  private final Map<SchemaObjectKind, NameIndex<ControlAccessRight>> rightNames;
  private final Map<SchemaObjectKind, Map<UUID, SchemaObject>> byGuid;
  private final Map<UUID, List<AttributeDefinition>> attributesBySecurityGuid;

  private SchemaCatalog(
      Collection<AttributeDefinition> attributes,
      Collection<ClassDefinition> classes,
      Collection<ControlAccessRight> rights) {
    this.attributes = List.copyOf(attributes);
    this.classes = List.copyOf(classes);
    this.rights = List.copyOf(rights);
    this.attributeNames =
        new NameIndex<>(
            this.attributes, AttributeDefinition::ldapDisplayName, a -> List.of(a.cn()));
    this.classNames =
        new NameIndex<>(this.classes, ClassDefinition::ldapDisplayName, c -> List.of(c.cn()));
    Map<SchemaObjectKind, NameIndex<ControlAccessRight>> rn = new HashMap<>();
    for (SchemaObjectKind k :
        List.of(
            SchemaObjectKind.EXTENDED_RIGHT,
            SchemaObjectKind.PROPERTY_SET,
            SchemaObjectKind.VALIDATED_WRITE)) {
      rn.put(
          k,
          new NameIndex<>(
              this.rights.stream().filter(r -> r.kind() == k).toList(),
              ControlAccessRight::cn,
              r -> r.displayName().map(List::of).orElse(List.of())));
    }
    this.rightNames = Map.copyOf(rn);
    Map<SchemaObjectKind, Map<UUID, SchemaObject>> g = new HashMap<>();
    for (SchemaObjectKind k : SchemaObjectKind.values()) {
      g.put(k, new HashMap<>());
    }
    List<SchemaObject> all = new ArrayList<>(this.attributes);
    all.addAll(this.classes);
    all.addAll(this.rights);
    for (SchemaObject o : all) {
      SchemaObject clash = g.get(o.kind()).putIfAbsent(o.guid(), o);
      if (clash != null) {
        throw new IllegalArgumentException(
            o.kind()
                + " GUID "
                + o.guid()
                + " is used by both "
                + clash.name()
                + " and "
                + o.name());
      }
    }
    Map<SchemaObjectKind, Map<UUID, SchemaObject>> frozen = new HashMap<>();
    g.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
    this.byGuid = Map.copyOf(frozen);
    Map<UUID, List<AttributeDefinition>> members = new HashMap<>();
    for (AttributeDefinition a : this.attributes) {
      a.attributeSecurityGuid()
          .ifPresent(s -> members.computeIfAbsent(s, x -> new ArrayList<>()).add(a));
    }
    Map<UUID, List<AttributeDefinition>> frozenMembers = new HashMap<>();
    members.forEach((k, v) -> frozenMembers.put(k, List.copyOf(v)));
    this.attributesBySecurityGuid = Map.copyOf(frozenMembers);
    for (ClassDefinition c : this.classes) {
      if (classNames.find(c.subClassOf()).isEmpty()) {
        throw new IllegalArgumentException(
            "class " + c.ldapDisplayName() + " is a subclass of unknown class " + c.subClassOf());
      }
    }
  }

  /** Lazy holder: the standard catalog is loaded on first use, once. */
  private static final class Standard {
    static final SchemaCatalog INSTANCE =
        new SchemaCatalog(
            SchemaResources.attributes(),
            SchemaResources.classes(),
            SchemaResources.controlAccessRights());
  }

  /**
   * Microsoft's base Active Directory schema up to Windows Server 2019 (schema objectVersion 88):
   * 1499 attributes, 269 classes, 82 control access rights. Loaded on first call, then shared.
   *
   * @return the standard catalog
   */
  public static SchemaCatalog standard() {
    return Standard.INSTANCE;
  }

  /**
   * A catalog of the given definitions, e.g. the standard ones plus a forest's schema extensions.
   *
   * @param attributes attribute definitions (unique lDAPDisplayName and schemaIDGUID)
   * @param classes class definitions (unique names and GUIDs; every subClassOf must be present)
   * @param rights control access rights (unique CN and GUID per kind)
   * @return the catalog
   * @throws IllegalArgumentException if names or GUIDs clash or a superclass is missing
   */
  public static SchemaCatalog of(
      Collection<AttributeDefinition> attributes,
      Collection<ClassDefinition> classes,
      Collection<ControlAccessRight> rights) {
    return new SchemaCatalog(attributes, classes, rights);
  }

  /**
   * All attribute definitions.
   *
   * @return the attributes, sorted by lDAPDisplayName for the standard catalog
   */
  public List<AttributeDefinition> attributes() {
    return attributes;
  }

  /**
   * All class definitions.
   *
   * @return the classes
   */
  public List<ClassDefinition> classes() {
    return classes;
  }

  /**
   * All control access rights (extended rights, property sets, validated writes).
   *
   * @return the rights
   */
  public List<ControlAccessRight> controlAccessRights() {
    return rights;
  }

  // ---- attributes

  /**
   * Finds an attribute by lDAPDisplayName or CN, case-insensitively.
   *
   * @param name e.g. {@code pwdLastSet} or {@code Pwd-Last-Set}
   * @return the attribute, or empty
   */
  public Optional<AttributeDefinition> attribute(String name) {
    return attributeNames.find(name);
  }

  /**
   * Finds an attribute by its {@code schemaIDGUID}.
   *
   * @param schemaIdGuid the GUID
   * @return the attribute, or empty
   */
  public Optional<AttributeDefinition> attribute(UUID schemaIdGuid) {
    return typed(SchemaObjectKind.ATTRIBUTE, schemaIdGuid, AttributeDefinition.class);
  }

  /**
   * Returns the attribute with this lDAPDisplayName or CN.
   *
   * @param name the name
   * @return the attribute
   * @throws UnknownSchemaObjectException if there is none; the message lists close names
   */
  public AttributeDefinition requireAttribute(String name) {
    return attribute(name).orElseThrow(() -> unknown(SchemaObjectKind.ATTRIBUTE, name));
  }

  // ---- classes

  /**
   * Finds a class by lDAPDisplayName or CN, case-insensitively.
   *
   * @param name e.g. {@code inetOrgPerson} or {@code msDS-Device}
   * @return the class, or empty
   */
  public Optional<ClassDefinition> schemaClass(String name) {
    return classNames.find(name);
  }

  /**
   * Finds a class by its {@code schemaIDGUID}.
   *
   * @param schemaIdGuid the GUID
   * @return the class, or empty
   */
  public Optional<ClassDefinition> schemaClass(UUID schemaIdGuid) {
    return typed(SchemaObjectKind.CLASS, schemaIdGuid, ClassDefinition.class);
  }

  /**
   * Returns the class with this lDAPDisplayName or CN.
   *
   * @param name the name
   * @return the class
   * @throws UnknownSchemaObjectException if there is none; the message lists close names
   */
  public ClassDefinition requireClass(String name) {
    return schemaClass(name).orElseThrow(() -> unknown(SchemaObjectKind.CLASS, name));
  }

  /**
   * The superclass chain of a class, from the class itself to {@code top} (MS-ADTS 3.1.1.2.4.2):
   * {@code user} → user, organizationalPerson, person, top.
   *
   * @param name the class's lDAPDisplayName or CN
   * @return the chain, most specific first
   * @throws UnknownSchemaObjectException if the class is unknown
   */
  public List<ClassDefinition> classChain(String name) {
    List<ClassDefinition> chain = new ArrayList<>();
    ClassDefinition c = requireClass(name);
    while (true) {
      if (chain.contains(c)) {
        throw new IllegalStateException("subClassOf cycle at " + c.ldapDisplayName());
      }
      chain.add(c);
      if (c.isTop()) {
        return List.copyOf(chain);
      }
      c = requireClass(c.subClassOf());
    }
  }

  /**
   * The auxiliary classes an object of this class carries (MS-ADTS 3.1.1.2.4.4): those declared on
   * every class of its chain, and, transitively, those declared on the auxiliary classes and their
   * superclasses, without {@code top}. For {@code user}: securityPrincipal, mailRecipient, … .
   *
   * @param name the class's lDAPDisplayName or CN
   * @return the auxiliary classes, in declaration order, without duplicates
   * @throws UnknownSchemaObjectException if a class is unknown
   */
  public List<ClassDefinition> auxiliaryClasses(String name) {
    Set<ClassDefinition> out = new LinkedHashSet<>();
    List<ClassDefinition> work = new ArrayList<>(classChain(name));
    for (int i = 0; i < work.size(); i++) {
      for (String aux : work.get(i).auxiliaryClasses()) {
        for (ClassDefinition a : classChain(aux)) {
          if (!a.isTop() && out.add(a)) {
            work.add(a);
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The attributes an object of this class must have: mustContain of its chain and auxiliary
   * classes (MS-ADTS 3.1.1.2.4.5).
   *
   * @param name the class's lDAPDisplayName or CN
   * @return lDAPDisplayNames, without duplicates
   */
  public Set<String> mustContain(String name) {
    return collect(name, ClassDefinition::mustContain);
  }

  /**
   * The optional attributes of this class: mayContain of its chain and auxiliary classes.
   *
   * @param name the class's lDAPDisplayName or CN
   * @return lDAPDisplayNames, without duplicates
   */
  public Set<String> mayContain(String name) {
    return collect(name, ClassDefinition::mayContain);
  }

  /**
   * The classes an object of this class may be created under: possSuperiors of its chain (MS-ADTS
   * 3.1.1.2.4.6).
   *
   * @param name the class's lDAPDisplayName or CN
   * @return class lDAPDisplayNames, without duplicates
   */
  public Set<String> possSuperiors(String name) {
    Set<String> out = new LinkedHashSet<>();
    for (ClassDefinition c : classChain(name)) {
      out.addAll(c.possSuperiors());
    }
    return Set.copyOf(out);
  }

  private Set<String> collect(String name, Function<ClassDefinition, List<String>> part) {
    Set<String> out = new LinkedHashSet<>();
    for (ClassDefinition c : classChain(name)) {
      out.addAll(part.apply(c));
    }
    for (ClassDefinition c : auxiliaryClasses(name)) {
      out.addAll(part.apply(c));
    }
    return Set.copyOf(out);
  }

  /**
   * The {@code defaultSecurityDescriptor} of a class, as SDDL (Windows Server v1903 schema).
   *
   * @param name the class's lDAPDisplayName or CN
   * @return the SDDL, or empty for classes without one
   * @throws UnknownSchemaObjectException if the class is unknown
   */
  public Optional<String> defaultSecurityDescriptor(String name) {
    return requireClass(name).defaultSecurityDescriptor();
  }

  // ---- control access rights

  /**
   * Finds a control access right of any kind by CN or display name, case-insensitively.
   *
   * @param name e.g. {@code "Reset Password"}, {@code User-Force-Change-Password}
   * @return the right, or empty
   */
  public Optional<ControlAccessRight> controlAccessRight(String name) {
    for (NameIndex<ControlAccessRight> index : rightNames.values()) {
      Optional<ControlAccessRight> hit = index.find(name);
      if (hit.isPresent()) {
        return hit;
      }
    }
    return Optional.empty();
  }

  /**
   * Finds an extended right by CN or display name.
   *
   * @param name e.g. {@code "Replicating Directory Changes All"}
   * @return the right, or empty
   */
  public Optional<ExtendedRight> extendedRight(String name) {
    return rightNames
        .get(SchemaObjectKind.EXTENDED_RIGHT)
        .find(name)
        .map(ExtendedRight.class::cast);
  }

  /**
   * Finds an extended right by {@code rightsGuid}.
   *
   * @param rightsGuid the GUID
   * @return the right, or empty
   */
  public Optional<ExtendedRight> extendedRight(UUID rightsGuid) {
    return typed(SchemaObjectKind.EXTENDED_RIGHT, rightsGuid, ExtendedRight.class);
  }

  /**
   * Returns the extended right with this CN or display name.
   *
   * @param name the name
   * @return the right
   * @throws UnknownSchemaObjectException if there is none; the message lists close names
   */
  public ExtendedRight requireExtendedRight(String name) {
    return extendedRight(name).orElseThrow(() -> unknown(SchemaObjectKind.EXTENDED_RIGHT, name));
  }

  /**
   * Finds a property set by CN or display name.
   *
   * @param name e.g. {@code "Personal Information"} or {@code Personal-Information}
   * @return the property set, or empty
   */
  public Optional<PropertySet> propertySet(String name) {
    return rightNames.get(SchemaObjectKind.PROPERTY_SET).find(name).map(PropertySet.class::cast);
  }

  /**
   * Finds a property set by {@code rightsGuid}.
   *
   * @param rightsGuid the GUID
   * @return the property set, or empty
   */
  public Optional<PropertySet> propertySet(UUID rightsGuid) {
    return typed(SchemaObjectKind.PROPERTY_SET, rightsGuid, PropertySet.class);
  }

  /**
   * Finds a validated write by CN or display name.
   *
   * @param name e.g. {@code "Validated write to DNS host name"} or {@code Validated-SPN}
   * @return the validated write, or empty
   */
  public Optional<ValidatedWrite> validatedWrite(String name) {
    return rightNames
        .get(SchemaObjectKind.VALIDATED_WRITE)
        .find(name)
        .map(ValidatedWrite.class::cast);
  }

  /**
   * Finds a validated write by {@code rightsGuid}.
   *
   * @param rightsGuid the GUID
   * @return the validated write, or empty
   */
  public Optional<ValidatedWrite> validatedWrite(UUID rightsGuid) {
    return typed(SchemaObjectKind.VALIDATED_WRITE, rightsGuid, ValidatedWrite.class);
  }

  /**
   * The property set an attribute belongs to ({@code attributeSecurityGUID}, MS-ADTS 5.1.3.2.1).
   * Empty if it belongs to none, or if its attributeSecurityGUID names no property set (e.g. {@code
   * msDS-KeyCredentialLink}, whose GUID is the validated write DS-Validated-Write-Computer; see
   * {@link #attributeSecurityRight(String)}).
   *
   * @param attribute the attribute's lDAPDisplayName or CN
   * @return the property set, or empty
   * @throws UnknownSchemaObjectException if the attribute is unknown
   */
  public Optional<PropertySet> propertySetOf(String attribute) {
    return requireAttribute(attribute).attributeSecurityGuid().flatMap(this::propertySet);
  }

  /**
   * The control access right named by an attribute's {@code attributeSecurityGUID}, of any kind.
   *
   * @param attribute the attribute's lDAPDisplayName or CN
   * @return the right, or empty (no GUID, or a GUID whose right was deleted from the schema)
   * @throws UnknownSchemaObjectException if the attribute is unknown
   */
  public Optional<ControlAccessRight> attributeSecurityRight(String attribute) {
    Optional<UUID> g = requireAttribute(attribute).attributeSecurityGuid();
    if (g.isEmpty()) {
      return Optional.empty();
    }
    List<SchemaObject> hits = findAll(g.get());
    return hits.stream()
        .filter(ControlAccessRight.class::isInstance)
        .map(ControlAccessRight.class::cast)
        .findFirst();
  }

  /**
   * The attributes whose {@code attributeSecurityGUID} is this property set's {@code rightsGuid}.
   *
   * @param propertySet the property set
   * @return its member attributes (empty for sets without members, e.g. Email-Information)
   */
  public List<AttributeDefinition> members(PropertySet propertySet) {
    return attributesBySecurityGuid.getOrDefault(propertySet.rightsGuid(), List.of());
  }

  // ---- generic lookups

  /**
   * Finds an object of a given kind by name (attributes/classes: lDAPDisplayName or CN; rights: CN
   * or display name).
   *
   * @param kind the kind
   * @param name the name
   * @return the object, or empty
   */
  public Optional<SchemaObject> find(SchemaObjectKind kind, String name) {
    return switch (kind) {
      case ATTRIBUTE -> attribute(name).map(SchemaObject.class::cast);
      case CLASS -> schemaClass(name).map(SchemaObject.class::cast);
      default -> rightNames.get(kind).find(name).map(SchemaObject.class::cast);
    };
  }

  /**
   * Finds an object of a given kind by GUID.
   *
   * @param kind the kind
   * @param guid the schemaIDGUID or rightsGuid
   * @return the object, or empty
   */
  public Optional<SchemaObject> find(SchemaObjectKind kind, UUID guid) {
    return Optional.ofNullable(byGuid.get(kind).get(guid));
  }

  /**
   * Returns the object of a given kind with this name.
   *
   * @param kind the kind
   * @param name the name
   * @return the object
   * @throws UnknownSchemaObjectException if there is none; the message lists close names
   */
  public SchemaObject require(SchemaObjectKind kind, String name) {
    return find(kind, name).orElseThrow(() -> unknown(kind, name));
  }

  /**
   * Every object this GUID names, in {@link SchemaObjectKind} order: usually one, two for the
   * coincidences listed there (e.g. attribute {@code member} and validated write Self-Membership).
   *
   * @param guid the GUID
   * @return the objects, possibly empty
   */
  public List<SchemaObject> findAll(UUID guid) {
    Objects.requireNonNull(guid, "guid");
    List<SchemaObject> out = new ArrayList<>(2);
    for (SchemaObjectKind k : SchemaObjectKind.values()) {
      SchemaObject o = byGuid.get(k).get(guid);
      if (o != null) {
        out.add(o);
      }
    }
    return List.copyOf(out);
  }

  private <T extends SchemaObject> Optional<T> typed(
      SchemaObjectKind kind, UUID guid, Class<T> type) {
    return find(kind, guid).map(type::cast);
  }

  private UnknownSchemaObjectException unknown(SchemaObjectKind kind, String name) {
    List<String> suggestions =
        switch (kind) {
          case ATTRIBUTE -> attributeNames.suggestions(name);
          case CLASS -> classNames.suggestions(name);
          default -> rightNames.get(kind).suggestions(name);
        };
    return new UnknownSchemaObjectException(kind, name, suggestions);
  }
}
