package org.adwriteback.testkit;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The constraints a client's add, modify or move must meet besides the access check, as AD enforces
 * them for originating updates (MS-ADTS 3.1.1.5.1.1, 3.1.1.5.2.2, 3.1.1.5.3.2): structure rules
 * (possible superiors), content rules (the attributes an object's classes allow), value syntax and
 * single-valuedness, the naming attribute and back links no client writes, and AD's answers for a
 * member added twice or removed while absent. The forest's own seeding (system sessions) is not
 * checked.
 */
final class UpdateConstraints {

  private final AdSchemaCatalog catalog;

  UpdateConstraints(AdSchemaCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Structure rules (MS-ADTS 3.1.1.2.2.3, "Structure Rules"): an object may only be placed under a
   * parent one of whose classes is a possible superior (possSuperiors or systemPossSuperiors) of
   * the object's structural class, one of its superclasses or an auxiliary class; otherwise AD
   * answers namingViolation with ERROR_DS_ILLEGAL_SUPERIOR.
   */
  void requirePossibleSuperior(
      Entry parent, List<AdSchemaCatalog.ClassDef> chain, List<AdSchemaCatalog.ClassDef> auxiliary)
      throws LDAPException {
    String[] parentClasses = parent.getObjectClassValues();
    if (parentClasses == null || chain.isEmpty()) {
      return;
    }
    Set<String> allowed = possibleSuperiors.computeIfAbsent(chain.get(0).name(), k -> union(chain));
    if (!auxiliary.isEmpty()) {
      allowed = new HashSet<>(allowed);
      allowed.addAll(union(auxiliary));
    }
    for (String c : parentClasses) {
      if (allowed.contains(AdSchemaCatalog.key(c))) {
        return;
      }
    }
    throw new LDAPException(
        ResultCode.NAMING_VIOLATION,
        AdDiagnostics.namingViolation(parent.getDN())
            + chain.get(0).name()
            + " may not be placed under "
            + parent.getDN()
            + " (its possible superiors: "
            + String.join(", ", new java.util.TreeSet<>(allowed))
            + ")",
        parent.getDN(),
        null);
  }

  private static Set<String> union(List<AdSchemaCatalog.ClassDef> classes) {
    Set<String> out = new HashSet<>();
    for (AdSchemaCatalog.ClassDef c : classes) {
      for (String p : c.possSuperiors()) {
        out.add(AdSchemaCatalog.key(p));
      }
    }
    return out;
  }

  /**
   * Content rules (MS-ADTS 3.1.1.2.2.3, "Content Rules"): every attribute of an object must be a
   * mustContain or mayContain (system or not) of one of its classes, their superclasses or their
   * auxiliary classes; otherwise AD answers objectClassViolation with ERROR_DS_OBJ_CLASS_VIOLATION
   * (0000207D, problem 6002). Names the schema does not define are left to the server's own check
   * (undefined attribute type).
   *
   * @param dn the object, for the message
   * @param objectClasses the object's objectClass values (as they will be after the update)
   * @param attributes the attribute names to check, with or without options
   */
  void requireAllowedAttributes(
      String dn, Collection<String> objectClasses, List<String> attributes) throws LDAPException {
    Set<String> allowed = allowedAttributes(objectClasses);
    for (String name : attributes) {
      String base = name.indexOf(';') < 0 ? name : name.substring(0, name.indexOf(';'));
      if (allowed.contains(AdSchemaCatalog.key(base))) {
        continue;
      }
      Optional<AdSchemaCatalog.AttributeDef> def = definition(base);
      if (def.isEmpty() || allowed.contains(AdSchemaCatalog.key(def.get().name()))) {
        continue; // undefined (the server answers), or named by its OID
      }
      throw new LDAPException(
          ResultCode.OBJECT_CLASS_VIOLATION,
          AdDiagnostics.updateError(0x207D, 0x0315119D, 6002, "OBJ_CLASS_VIOLATION")
              + "\n"
              + def.get().name()
              + " is not allowed on "
              + dn
              + ": none of its classes "
              + objectClasses
              + " (with their superclasses and auxiliary classes) has it as a mustContain or"
              + " mayContain; leave it out or add an auxiliary class that allows it");
    }
  }

  /** The attributes (lower-case names) an object with these objectClass values may hold. */
  Set<String> allowedAttributes(Collection<String> objectClasses) {
    List<String> key = new ArrayList<>(objectClasses.size());
    for (String c : objectClasses) {
      key.add(AdSchemaCatalog.key(c));
    }
    return allowedByClasses.computeIfAbsent(
        key,
        k -> {
          Set<String> out = new HashSet<>();
          for (String c : k) {
            for (String a : catalog.allowedAttributes(c)) {
              out.add(AdSchemaCatalog.key(a));
            }
          }
          return Set.copyOf(out);
        });
  }

  /** {@link #allowedAttributes} per objectClass list, as lower-case names. */
  private final Map<List<String>, Set<String>> allowedByClasses = new ConcurrentHashMap<>();

  /** The possible superiors of each structural class with its superclasses, keyed by name. */
  private final Map<String, Set<String>> possibleSuperiors = new ConcurrentHashMap<>();

  /**
   * Syntaxes whose values the server's equality rule can refuse: DN, OID, IA5 string, numeric
   * string, generalized/UTC time. Integer, Large Integer and Boolean are read by {@link
   * #checkValues} itself; the other string and binary syntaxes take any value.
   */
  private static final Set<String> RULE_CHECKED_SYNTAXES =
      Set.of("2.5.5.1", "2.5.5.2", "2.5.5.5", "2.5.5.6", "2.5.5.11");

  /**
   * The attribute named by its lDAPDisplayName or, through the server's schema, by its OID (as
   * OpenLDAP's tools may write it).
   */
  private Optional<AdSchemaCatalog.AttributeDef> definition(String name) {
    Optional<AdSchemaCatalog.AttributeDef> def = catalog.attribute(name);
    Schema schema = serverSchema;
    if (def.isPresent() || schema == null || name.isEmpty() || !Character.isDigit(name.charAt(0))) {
      return def;
    }
    AttributeTypeDefinition type = schema.getAttributeType(name);
    return type == null ? def : catalog.attribute(type.getNameOrOID());
  }

  /** The server's schema, for its equality rules and OIDs; null before the server exists. */
  private volatile Schema serverSchema;

  /**
   * From now on {@link #checkValues} also checks the syntaxes the server's equality rules check
   * (the testkit's server does not check value syntax itself, see AdDirectory), and both checks
   * know attributes named by their OID.
   */
  void useServerSchema(Schema schema) {
    this.serverSchema = schema;
  }

  /**
   * The schema constraints on values (MS-ADTS 3.1.1.5.1.1) that UnboundID's own check reports as an
   * objectClassViolation: more than one value of a single-valued attribute is constraintViolation;
   * a value that is not of the attribute's syntax (an Integer, Large Integer or Boolean that does
   * not read as one, a time that is not one...) is invalidAttributeSyntax, and a value of a DN
   * attribute that is not a DN is invalidDNSyntax (as Samba answers). Values added to a
   * single-valued attribute that has one already are checked by the caller.
   */
  void checkValues(String attribute, String[] values) throws LDAPException {
    Optional<AdSchemaCatalog.AttributeDef> def = definition(attribute);
    if (def.isEmpty() || values.length == 0) {
      return;
    }
    if (values.length > 1 && def.get().singleValued()) {
      throw singleValueViolation(def.get().name());
    }
    String syntax = def.get().syntax();
    for (String v : values) {
      boolean valid =
          switch (syntax) {
            case "2.5.5.8" -> v.equalsIgnoreCase("TRUE") || v.equalsIgnoreCase("FALSE");
            case "2.5.5.9" -> fitsIn(v, 32);
            case "2.5.5.16" -> fitsIn(v, 64);
            default -> true;
          };
      if (!valid) {
        throw syntaxViolation(def.get(), v);
      }
      checkRange(def.get(), v);
    }
    Schema schema = serverSchema;
    if (schema != null && RULE_CHECKED_SYNTAXES.contains(syntax)) {
      MatchingRule rule = MatchingRule.selectEqualityMatchingRule(def.get().name(), schema);
      for (String v : values) {
        try {
          if (syntax.equals("2.5.5.1")) {
            ParsedDns.parse(v); // what the DN rule's normalize does, kept for the checks after
          } else {
            rule.normalize(new ASN1OctetString(v));
          }
        } catch (LDAPException e) {
          throw syntaxViolation(def.get(), v);
        }
      }
    }
  }

  /**
   * rangeLower and rangeUpper as MS-ADA3 2.183 defines them: the value of an Integer or
   * LargeInteger, the length in characters of a String(Unicode), the length in bytes of the other
   * string syntaxes (the binary syntaxes, times, DN-Binary and DN-String are not checked here).
   * Outside: constraintViolation / ERROR_DS_RANGE_CONSTRAINT (Samba 4.17 answers
   * invalidAttributeSyntax, measured).
   */
  private static void checkRange(AdSchemaCatalog.AttributeDef def, String value)
      throws LDAPException {
    if (def.rangeLower().isEmpty() && def.rangeUpper().isEmpty()) {
      return;
    }
    long measured;
    String unit;
    switch (def.syntax()) {
      case "2.5.5.9", "2.5.5.16" -> {
        measured = Long.parseLong(value.trim());
        unit = null;
      }
      case "2.5.5.12" -> {
        measured = value.length();
        unit = "characters";
      }
      case "2.5.5.3", "2.5.5.4", "2.5.5.5", "2.5.5.6" -> {
        measured = value.getBytes(StandardCharsets.UTF_8).length;
        unit = "bytes";
      }
      default -> {
        return;
      }
    }
    long lower = def.rangeLower().orElse(Long.MIN_VALUE);
    long upper = def.rangeUpper().orElse(Long.MAX_VALUE);
    // AD's 32-bit Integer takes unsigned forms (groupType 2147483650), compared as written
    if (measured >= lower && measured <= upper) {
      return;
    }
    String range =
        unit == null
            ? "values from " + lower + " to " + upper + "; the value is " + measured
            : "from " + lower + " to " + upper + " " + unit + "; the value has " + measured;
    throw attributeViolation(
        AdDiagnostics.ERROR_DS_RANGE_CONSTRAINT,
        0x031519E1,
        Optional.of(def),
        def.name(),
        def.name() + " takes " + range);
  }

  /**
   * AD's answer to a value outside its attribute's syntax: invalidAttributeSyntax, or
   * invalidDNSyntax for a DN attribute (as Samba answers), with the conversion error's text.
   */
  private static LDAPException syntaxViolation(AdSchemaCatalog.AttributeDef def, String value) {
    String expected =
        switch (def.syntax()) {
          case "2.5.5.1" -> "a distinguished name, such as CN=name,OU=unit,DC=example,DC=com";
          case "2.5.5.2" -> "an object identifier";
          case "2.5.5.5" -> "an IA5 (ASCII) string";
          case "2.5.5.6" -> "a numeric string (digits and spaces)";
          case "2.5.5.8" -> "TRUE or FALSE";
          case "2.5.5.9", "2.5.5.16" -> "a decimal integer";
          default -> "a generalized time such as 20240131235959.0Z";
        };
    return new LDAPException(
        def.syntax().equals("2.5.5.1")
            ? ResultCode.INVALID_DN_SYNTAX
            : ResultCode.INVALID_ATTRIBUTE_SYNTAX,
        String.format(
            Locale.ROOT,
            "%08X: LdapErr: DSID-0C090D8A, comment: Error in attribute conversion operation,"
                + " data 0, v4563: '%s' is not a value of %s (%s)",
            AdDiagnostics.ERROR_INVALID_PARAMETER,
            value,
            def.name(),
            expected));
  }

  boolean singleValued(String attribute) {
    return catalog
        .attribute(attribute)
        .map(AdSchemaCatalog.AttributeDef::singleValued)
        .orElse(false);
  }

  LDAPException singleValueViolation(String attribute) {
    Optional<AdSchemaCatalog.AttributeDef> def = catalog.attribute(attribute);
    return attributeViolation(
        0x2081,
        0x031519E1,
        def,
        def.map(AdSchemaCatalog.AttributeDef::name).orElse(attribute),
        attribute + " is single-valued: give one value");
  }

  /**
   * The naming rules of MS-ADTS 3.1.1.3.1.2 and 3.1.1.5.1.2 for a new or renamed object of class
   * {@code structural} named {@code rdn} under {@code parent}: one attribute=value (invalidDNSyntax
   * / ERROR_DS_BAD_NAME_SYNTAX), the class's rDNAttID as the attribute (namingViolation /
   * ERROR_DS_RDN_DOESNT_MATCH_SCHEMA), no NUL (invalidDNSyntax) or line feed (namingViolation) and
   * fewer than 255 characters in the value, and the value within the attribute's range (cn: 64).
   */
  void checkName(RDN rdn, AdSchemaCatalog.ClassDef structural, String parent) throws LDAPException {
    if (rdn.isMultiValued()) {
      throw new LDAPException(
          ResultCode.INVALID_DN_SYNTAX,
          AdDiagnostics.namingError(AdDiagnostics.ERROR_DS_BAD_NAME_SYNTAX, 2006, parent)
              + "AD names an object by one attribute=value, not "
              + rdn
              + " (MS-ADTS 3.1.1.3.1.2.3)");
    }
    String type = catalog.canonicalName(rdn.getAttributeNames()[0]);
    String naming = structural.rdnAttribute();
    if (!naming.isEmpty() && !type.equalsIgnoreCase(naming)) {
      throw new LDAPException(
          ResultCode.NAMING_VIOLATION,
          AdDiagnostics.namingError(AdDiagnostics.ERROR_DS_RDN_DOESNT_MATCH_SCHEMA, 2005, parent)
              + "a "
              + structural.name()
              + " is named by "
              + naming
              + " ("
              + naming.toUpperCase(java.util.Locale.ROOT)
              + "=...), not "
              + type);
    }
    String value = rdn.getAttributeValues()[0];
    if (value.indexOf('\0') >= 0) {
      throw new LDAPException(
          ResultCode.INVALID_DN_SYNTAX,
          AdDiagnostics.namingError(AdDiagnostics.ERROR_DS_BAD_NAME_SYNTAX, 2006, parent)
              + "a name may not contain the character 0x0");
    }
    if (value.indexOf('\n') >= 0 || value.length() >= 255) {
      throw new LDAPException(
          ResultCode.NAMING_VIOLATION,
          AdDiagnostics.namingError(0x2099, 2005, parent)
              + "a name may not contain a line feed and has fewer than 255 characters");
    }
    checkValues(type, new String[] {value});
  }

  /**
   * Refuses an attribute the schema does not define as AD does: undefinedAttributeType with {@code
   * 00000057: LdapErr: ... Error in attribute conversion operation} (Samba 4.17 answers
   * noSuchAttribute, measured).
   */
  void requireDefined(String attribute) throws LDAPException {
    if (catalog.attribute(attribute).isEmpty()) {
      throw new LDAPException(
          ResultCode.UNDEFINED_ATTRIBUTE_TYPE,
          AdDiagnostics.attributeConversionError()
              + "\n"
              + attribute
              + " is not an attribute of this directory's schema; check the name (an Exchange"
              + " attribute needs the Exchange schema)");
    }
  }

  /**
   * AD's refusal of a DN value that names no object: constraintViolation /
   * ERROR_DS_NAME_REFERENCE_INVALID.
   */
  LDAPException referenceToNothing(String attribute, String value) {
    return attributeViolation(
        AdDiagnostics.ERROR_DS_NAME_REFERENCE_INVALID,
        0x03152392,
        catalog.attribute(attribute),
        attribute,
        attribute + ": " + value + " names no object; a DN value must name an existing object");
  }

  /**
   * AD's refusal of a client's write of a system-only attribute (whenCreated, objectGUID…):
   * constraintViolation / ERROR_DS_CANT_MOD_SYSTEM_ONLY (MS-ADTS 3.1.1.2.5).
   */
  LDAPException systemOnly(String attribute) {
    Optional<AdSchemaCatalog.AttributeDef> def = catalog.attribute(attribute);
    String name = def.map(AdSchemaCatalog.AttributeDef::name).orElse(attribute);
    return attributeViolation(
        AdDiagnostics.ERROR_DS_CANT_MOD_SYSTEM_ONLY,
        0x03151E8A,
        def,
        name,
        name + " is maintained by the directory and cannot be modified");
  }

  /**
   * A constraintViolation on one attribute as AD words it: {@link AdDiagnostics#attributeError}
   * naming the attribute ({@code def}'s internal id, 0 without one, and {@code name}), then {@code
   * explanation}.
   */
  private static LDAPException attributeViolation(
      int win32Error,
      int dsid,
      Optional<AdSchemaCatalog.AttributeDef> def,
      String name,
      String explanation) {
    return new LDAPException(
        ResultCode.CONSTRAINT_VIOLATION,
        AdDiagnostics.attributeError(
                win32Error, dsid, def.map(d -> attributeId(d.oid())).orElse(0), name)
            + explanation);
  }

  /** The internal id of a 1.2.840.113556.1.4.x attribute (MS-DRSR 5.16.4), else 0. */
  private static int attributeId(String oid) {
    String prefix = "1.2.840.113556.1.4.";
    if (oid.startsWith(prefix) && oid.indexOf('.', prefix.length()) < 0) {
      return 0x90000 + Integer.parseInt(oid.substring(prefix.length()));
    }
    return 0;
  }

  /** Does {@code v} read as a signed decimal integer of {@code bits} bits (AD's forms)? */
  private static boolean fitsIn(String v, int bits) {
    try {
      long n = Long.parseLong(v.trim());
      // AD takes 32-bit integers signed or unsigned (groupType 2147483650 and -2147483646)
      return bits == 64 || (n >= Integer.MIN_VALUE && n <= 0xFFFFFFFFL);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * A client may not write the naming attribute name (its value is the RDN's, changed by a Modify
   * DN) nor a back link such as memberOf (the directory keeps it from the forward link, MS-ADTS
   * 3.1.1.2.2.3).
   */
  void refuseNamesAndBackLinks(DN dn, Modification m) throws LDAPException {
    if (m.getAttributeName().equalsIgnoreCase("name")) {
      throw new LDAPException(
          ResultCode.NOT_ALLOWED_ON_RDN,
          AdDiagnostics.updateError(0x2016, 0x031A0F2B, 6004, "CANT_ON_RDN")
              + ": name is the RDN's value; rename "
              + dn
              + " with a Modify DN instead");
    }
    Optional<AdSchemaCatalog.AttributeDef> def = catalog.attribute(m.getAttributeName());
    if (def.isPresent() && def.get().linkId().filter(id -> id % 2 == 1).isPresent()) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          AdDiagnostics.serviceError(
                  AdDiagnostics.ERROR_DS_UNWILLING_TO_PERFORM, 0x031A1236, 5003, "WILL_NOT_PERFORM")
              + ": "
              + def.get().name()
              + " is a back link kept by the directory; write the forward link instead");
    }
  }

  /**
   * Applies one member modification to the group's members as AD checks it: adding a member already
   * there is entryAlreadyExists (ERROR_MEMBER_IN_GROUP), removing one that is not there is
   * unwillingToPerform (ERROR_MEMBER_NOT_IN_GROUP); other attributes answer attributeOrValueExists
   * and noSuchAttribute.
   */
  static void followMembers(Set<DN> members, Modification m) throws LDAPException {
    switch (m.getModificationType().intValue()) {
      case ModificationType.ADD_INT_VALUE -> {
        for (String v : m.getValues()) {
          if (!members.add(new DN(v))) {
            throw new LDAPException(
                ResultCode.ENTRY_ALREADY_EXISTS,
                AdDiagnostics.updateError(
                    AdDiagnostics.ERROR_MEMBER_IN_GROUP, 0x031A11C4, 6005, "ENTRY_EXISTS"));
          }
        }
      }
      case ModificationType.DELETE_INT_VALUE -> {
        if (!m.hasValue()) {
          members.clear();
        }
        for (String v : m.getValues()) {
          if (!members.remove(new DN(v))) {
            throw new LDAPException(
                ResultCode.UNWILLING_TO_PERFORM,
                AdDiagnostics.serviceError(
                    AdDiagnostics.ERROR_MEMBER_NOT_IN_GROUP, 0x031A1021, 5003, "WILL_NOT_PERFORM"));
          }
        }
      }
      case ModificationType.REPLACE_INT_VALUE -> {
        members.clear();
        for (String v : m.getValues()) {
          members.add(new DN(v));
        }
      }
      default -> {
        // increment does not apply to a DN attribute; the server refuses it
      }
    }
  }
}
