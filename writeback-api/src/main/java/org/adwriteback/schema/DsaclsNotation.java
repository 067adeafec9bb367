package org.adwriteback.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.security.AccessAce;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.AceFlags;
import org.adwriteback.security.AceType;
import org.adwriteback.security.ObjectAce;
import org.adwriteback.security.Sid;

/**
 * The permission statements of dsacls.exe and of the Microsoft scripts that call it ({@code
 * CA;Reset Password;user}, {@code WP;lockoutTime;user}, {@code RPWP;;group}, {@code
 * GRGWCCDCSDDT;;group} with {@code /I:T}, {@code /I:S} or {@code /I:P}), parsed into {@link Ace}
 * values and rendered back.
 *
 * <p>Syntax (dsacls help, "Dsacls Syntax" on Microsoft Learn): {@code
 * [trustee:]perms[;[object/property][;inherited object type]]}, where perms is a run of two-letter
 * codes: GR GE GW GA (generic), SD (delete), DT (delete tree), RC WD WO (read/write DACL, owner),
 * CC DC (create/delete child), LC (list), WS (validated write), RP WP (read/write property), CA
 * (control access), LO (list object). The SDDL spellings CR, SW and GX are accepted as well.
 *
 * <p>Names resolve through a {@link SchemaCatalog} by what the rights need (MS-ADTS 5.1.3.2): with
 * CA an extended right (display name "Reset Password" or CN), with WS a validated write, with RP/WP
 * an attribute (lDAPDisplayName) or else a property set, with CC/DC a class; the inherited object
 * type is always a class. A GUID may be written instead of a name. A named object or inherited
 * object type makes an object ACE (ACCESS_ALLOWED_OBJECT / ACCESS_DENIED_OBJECT, MS-DTYP 2.4.4.3),
 * otherwise a plain ACCESS_ALLOWED / ACCESS_DENIED ACE.
 *
 * <p>Inheritance ({@code /I}) maps to AceFlags as .NET's ActiveDirectorySecurityInheritance does
 * (shared/spec/permissions.md §9.3): none → 0, T → CONTAINER_INHERIT, S → CONTAINER_INHERIT |
 * INHERIT_ONLY, P → CONTAINER_INHERIT | NO_PROPAGATE_INHERIT.
 *
 * <p>Generic rights (GR, GW, GE, GA) are kept as generic bits; AD stores them mapped (MS-ADTS
 * 5.1.3.2), so call {@link AccessMask#mapGenericToDs()} on the mask before comparing with a stored
 * ACE. Rendering writes GA, GR and GW for masks that contain all of their mapped bits.
 */
public final class DsaclsNotation {

  /** The {@code /I} inheritance options of dsacls. */
  public enum Inheritance {
    /** No {@code /I}: this object only (AceFlags 0). */
    NONE("", AceFlags.NONE),
    /** {@code /I:T}: this object and all sub objects (CONTAINER_INHERIT). */
    THIS_AND_SUB_OBJECTS("/I:T", AceFlags.CONTAINER_INHERIT),
    /** {@code /I:S}: sub objects only (CONTAINER_INHERIT | INHERIT_ONLY). */
    SUB_OBJECTS_ONLY("/I:S", AceFlags.union(AceFlags.CONTAINER_INHERIT, AceFlags.INHERIT_ONLY)),
    /** {@code /I:P}: propagate one level only (CONTAINER_INHERIT | NO_PROPAGATE_INHERIT). */
    PROPAGATE_ONE_LEVEL(
        "/I:P", AceFlags.union(AceFlags.CONTAINER_INHERIT, AceFlags.NO_PROPAGATE_INHERIT));

    private final String option;
    private final AceFlags flags;

    Inheritance(String option, AceFlags flags) {
      this.option = option;
      this.flags = flags;
    }

    /**
     * The command-line option ({@code /I:S}), empty for {@link #NONE}.
     *
     * @return the option text
     */
    public String option() {
      return option;
    }

    /**
     * The ACE flags this option sets.
     *
     * @return the flags
     */
    public AceFlags flags() {
      return flags;
    }

    /**
     * Parses {@code /I:T}, {@code /I:S}, {@code /I:P} (case-insensitive) or the empty string.
     *
     * @param option the option
     * @return the inheritance
     * @throws DsaclsSyntaxException if it is none of these
     */
    public static Inheritance parse(String option) {
      String o = option.trim();
      for (Inheritance i : values()) {
        if (i.option.equalsIgnoreCase(o)) {
          return i;
        }
      }
      throw new DsaclsSyntaxException(option, 0, "expected /I:T, /I:S or /I:P");
    }

    /**
     * The option whose flags equal the inheritance bits of {@code flags} (INHERITED_ACE is
     * ignored).
     *
     * @param flags ACE flags
     * @return the option, or empty if dsacls cannot express the flags (e.g. OBJECT_INHERIT)
     */
    public static Optional<Inheritance> of(AceFlags flags) {
      AceFlags f = flags.without(AceFlags.INHERITED);
      for (Inheritance i : values()) {
        if (i.flags.equals(f)) {
          return Optional.of(i);
        }
      }
      return Optional.empty();
    }
  }

  /** dsacls letters in rendering order, with their mask bits. */
  private static final String[] LETTERS = {
    "GR", "GE", "GW", "GA", "CC", "DC", "SD", "DT", "RC", "WD", "WO", "LC", "WS", "RP", "WP", "CA",
    "LO"
  };

  private static final int[] BITS = {
    0x8000_0000,
    0x2000_0000,
    0x4000_0000,
    0x1000_0000,
    0x1,
    0x2,
    0x1_0000,
    0x40,
    0x2_0000,
    0x4_0000,
    0x8_0000,
    0x4,
    0x8,
    0x10,
    0x20,
    0x100,
    0x80
  };

  private static final int CC_DC = 0x3;
  private static final int RP_WP = 0x30;

  private DsaclsNotation() {}

  /**
   * Builds the allow ACE of a dsacls {@code /G} statement, resolving names in the standard catalog.
   *
   * @param trustee the SID of the account or group
   * @param permissions e.g. {@code CA;Reset Password;user}
   * @param inheritance the {@code /I} option
   * @return the ACE
   * @throws DsaclsSyntaxException if the statement is malformed
   * @throws UnknownSchemaObjectException if a name is not in the catalog
   */
  public static Ace grant(Sid trustee, String permissions, Inheritance inheritance) {
    return toAce(trustee, permissions, inheritance, false, SchemaCatalog.standard());
  }

  /**
   * Builds the deny ACE of a dsacls {@code /D} statement, resolving names in the standard catalog.
   *
   * @param trustee the SID of the account or group
   * @param permissions e.g. {@code WP;member;group}
   * @param inheritance the {@code /I} option
   * @return the ACE
   * @throws DsaclsSyntaxException if the statement is malformed
   * @throws UnknownSchemaObjectException if a name is not in the catalog
   */
  public static Ace deny(Sid trustee, String permissions, Inheritance inheritance) {
    return toAce(trustee, permissions, inheritance, true, SchemaCatalog.standard());
  }

  /**
   * Builds the ACE of a permission statement.
   *
   * @param trustee the SID of the account or group
   * @param permissions {@code perms[;object[;inheritedObjectType]]}
   * @param inheritance the {@code /I} option
   * @param deny true for {@code /D}, false for {@code /G}
   * @param catalog where names are resolved
   * @return an {@link ObjectAce} if an object or inherited object type is named, else an {@link
   *     AccessAce}
   * @throws DsaclsSyntaxException if the statement is malformed
   * @throws UnknownSchemaObjectException if a name is not in the catalog
   */
  public static Ace toAce(
      Sid trustee,
      String permissions,
      Inheritance inheritance,
      boolean deny,
      SchemaCatalog catalog) {
    String[] parts = permissions.split(";", -1);
    if (parts.length > 3) {
      throw new DsaclsSyntaxException(
          permissions,
          permissions.indexOf(';', permissions.indexOf(';', permissions.indexOf(';') + 1) + 1),
          "at most three ';'-separated fields: perms;object;inherited object type");
    }
    AccessMask mask = parseMask(permissions, parts[0]);
    int objectAt = parts[0].length() + 1;
    Optional<UUID> objectType =
        parts.length > 1 && !parts[1].isBlank()
            ? Optional.of(resolveObject(permissions, objectAt, parts[1].trim(), mask, catalog))
            : Optional.empty();
    Optional<UUID> inherited =
        parts.length > 2 && !parts[2].isBlank()
            ? Optional.of(resolveClass(parts[2].trim(), catalog))
            : Optional.empty();
    AceFlags flags = inheritance.flags();
    if (objectType.isEmpty() && inherited.isEmpty()) {
      return deny ? AccessAce.deny(trustee, mask, flags) : AccessAce.allow(trustee, mask, flags);
    }
    return deny
        ? ObjectAce.deny(trustee, mask, objectType, inherited, flags)
        : ObjectAce.allow(trustee, mask, objectType, inherited, flags);
  }

  /**
   * Parses a full dsacls grant or deny argument: {@code [/G |/D ]SID:perms[;object[;inherited]]
   * [/I:T|S|P]}, e.g. {@code S-1-5-21-1-2-3-1105:CA;Reset Password;user /I:S}.
   *
   * @param statement the statement; the trustee must be a SID string (resolve {@code
   *     DOMAIN\account} names to their objectSid first)
   * @param catalog where names are resolved
   * @return the ACE ({@code /D} gives a deny ACE)
   * @throws DsaclsSyntaxException if the statement is malformed
   * @throws UnknownSchemaObjectException if a name is not in the catalog
   */
  public static Ace parse(String statement, SchemaCatalog catalog) {
    String s = statement.strip();
    boolean deny = false;
    if (s.regionMatches(true, 0, "/G ", 0, 3) || s.regionMatches(true, 0, "/D ", 0, 3)) {
      deny = Character.toUpperCase(s.charAt(1)) == 'D';
      s = s.substring(3).strip();
    }
    Inheritance inheritance = Inheritance.NONE;
    int slash = s.toUpperCase(Locale.ROOT).lastIndexOf("/I:");
    if (slash >= 0) {
      inheritance = Inheritance.parse(s.substring(slash));
      s = s.substring(0, slash).strip();
    }
    int colon = s.indexOf(':');
    if (colon <= 0) {
      throw new DsaclsSyntaxException(
          statement, 0, "expected SID:permissions (e.g. S-1-5-21-…-1105:CA;Reset Password;user)");
    }
    Sid trustee;
    try {
      trustee = Sid.parse(s.substring(0, colon).strip());
    } catch (IllegalArgumentException e) {
      throw new DsaclsSyntaxException(
          statement,
          0,
          "the trustee '"
              + s.substring(0, colon)
              + "' is not a SID string; resolve account names to their objectSid first");
    }
    return toAce(trustee, s.substring(colon + 1), inheritance, deny, catalog);
  }

  /**
   * Renders an ACE as a dsacls permission statement, with names from the standard catalog.
   *
   * @param ace an ACCESS_ALLOWED(_OBJECT) or ACCESS_DENIED(_OBJECT) ACE
   * @return e.g. {@code CA;Reset Password;user /I:S}
   * @throws IllegalArgumentException if dsacls cannot express the ACE
   */
  public static String toDsacls(Ace ace) {
    return toDsacls(ace, SchemaCatalog.standard());
  }

  /**
   * Renders an ACE as a dsacls permission statement: {@code perms[;object[;inherited]]}, then
   * {@code " /I:X"} unless the inheritance is {@link Inheritance#NONE}. Whether it is a grant or a
   * deny is not part of the statement (see {@link AceType}). GUIDs the catalog does not know are
   * written as GUIDs. The INHERITED_ACE flag is ignored.
   *
   * @param ace an ACCESS_ALLOWED(_OBJECT) or ACCESS_DENIED(_OBJECT) ACE
   * @param catalog where GUIDs are named
   * @return the statement
   * @throws IllegalArgumentException if dsacls cannot express the ACE (other ACE types, rights
   *     without a dsacls letter, flags other than the {@code /I} options)
   */
  public static String toDsacls(Ace ace, SchemaCatalog catalog) {
    AccessMask mask;
    Optional<UUID> objectType = Optional.empty();
    Optional<UUID> inherited = Optional.empty();
    if (ace instanceof AccessAce a
        && (a.type() == AceType.ACCESS_ALLOWED || a.type() == AceType.ACCESS_DENIED)) {
      mask = a.mask();
    } else if (ace instanceof ObjectAce o
        && (o.type() == AceType.ACCESS_ALLOWED_OBJECT
            || o.type() == AceType.ACCESS_DENIED_OBJECT)) {
      mask = o.mask();
      objectType = o.objectType();
      inherited = o.inheritedObjectType();
    } else {
      throw new IllegalArgumentException(
          "dsacls only writes allow and deny ACEs (plain or object), not " + ace);
    }
    Inheritance inheritance =
        Inheritance.of(ace.flags())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "dsacls /I cannot express ACE flags "
                            + ace.flags()
                            + " (only none, CI, CI|IO, CI|NP)"));
    StringBuilder b = new StringBuilder(formatMask(mask));
    String object = objectType.map(g -> nameObject(g, mask.value(), catalog)).orElse("");
    String inh =
        inherited
            .map(g -> catalog.schemaClass(g).map(ClassDefinition::name).orElse(g.toString()))
            .orElse("");
    if (!object.isEmpty() || !inh.isEmpty()) {
      b.append(';').append(object);
    }
    if (!inh.isEmpty()) {
      b.append(';').append(inh);
    }
    if (inheritance != Inheritance.NONE) {
      b.append(' ').append(inheritance.option());
    }
    return b.toString();
  }

  /**
   * Parses a run of dsacls permission letters.
   *
   * @param letters e.g. {@code GRGWCCDCSDDT}
   * @return the mask, generic bits unmapped
   * @throws DsaclsSyntaxException if a letter pair is unknown or the run is empty
   */
  public static AccessMask parseMask(String letters) {
    return parseMask(letters, letters);
  }

  private static AccessMask parseMask(String statement, String letters) {
    String l = letters.strip().toUpperCase(Locale.ROOT);
    int lead = letters.indexOf(letters.strip());
    if (l.isEmpty()) {
      throw new DsaclsSyntaxException(statement, 0, "no permission letters (e.g. RPWP, CA)");
    }
    if ((l.length() & 1) != 0) {
      throw new DsaclsSyntaxException(
          statement,
          lead + l.length() - 1,
          "permission letters come in pairs (GR GE GW GA SD DT RC WD WO CC DC LC WS RP WP CA LO)");
    }
    int mask = 0;
    for (int i = 0; i < l.length(); i += 2) {
      String pair =
          switch (l.substring(i, i + 2)) {
            case "CR" -> "CA";
            case "SW", "VW" -> "WS";
            case "GX" -> "GE";
            default -> l.substring(i, i + 2);
          };
      int bit = bitOf(pair);
      if (bit == 0) {
        throw new DsaclsSyntaxException(
            statement,
            lead + i,
            "unknown permission '"
                + letters.strip().substring(i, i + 2)
                + "'; dsacls knows GR GE GW GA SD DT RC WD WO CC DC LC WS RP WP CA LO");
      }
      mask |= bit;
    }
    return AccessMask.of(mask);
  }

  private static int bitOf(String pair) {
    for (int i = 0; i < LETTERS.length; i++) {
      if (LETTERS[i].equals(pair)) {
        return BITS[i];
      }
    }
    return 0;
  }

  /**
   * Renders a mask as dsacls letters; GA, GR and GW stand for their full mapped bit sets (MS-ADTS
   * 5.1.3.2).
   *
   * @param mask the mask
   * @return the letters
   * @throws IllegalArgumentException if the mask has bits dsacls has no letter for
   */
  public static String formatMask(AccessMask mask) {
    int m = mask.value();
    int generic = 0;
    if ((m & AccessMask.DS_GENERIC_ALL.value()) == AccessMask.DS_GENERIC_ALL.value()) {
      generic |= AccessMask.GENERIC_ALL.value();
      m &= ~AccessMask.DS_GENERIC_ALL.value();
    } else {
      int gr = AccessMask.DS_GENERIC_READ.value();
      int gw = AccessMask.DS_GENERIC_WRITE.value();
      int rest = m;
      if ((m & gr) == gr) {
        generic |= AccessMask.GENERIC_READ.value();
        rest &= ~gr;
      }
      if ((m & gw) == gw) {
        generic |= AccessMask.GENERIC_WRITE.value();
        rest &= ~gw;
      }
      m = rest;
    }
    m |= generic;
    StringBuilder b = new StringBuilder();
    int left = m;
    for (int i = 0; i < LETTERS.length; i++) {
      if ((m & BITS[i]) != 0) {
        b.append(LETTERS[i]);
        left &= ~BITS[i];
      }
    }
    if (left != 0) {
      throw new IllegalArgumentException(
          String.format(
              "dsacls has no letter for access bits 0x%08X of mask 0x%08X", left, mask.value()));
    }
    if (b.length() == 0) {
      throw new IllegalArgumentException("an empty access mask has no dsacls form");
    }
    return b.toString();
  }

  /** The kinds an object type GUID or name can be, in the order the mask's rights ask for. */
  private static List<SchemaObjectKind> kindsFor(int mask) {
    List<SchemaObjectKind> kinds = new ArrayList<>();
    if ((mask & AccessMask.CONTROL_ACCESS.value()) != 0) {
      kinds.add(SchemaObjectKind.EXTENDED_RIGHT);
    }
    if ((mask & AccessMask.SELF_WRITE.value()) != 0) {
      kinds.add(SchemaObjectKind.VALIDATED_WRITE);
    }
    if ((mask & RP_WP) != 0) {
      kinds.add(SchemaObjectKind.ATTRIBUTE);
      kinds.add(SchemaObjectKind.PROPERTY_SET);
    }
    if ((mask & CC_DC) != 0) {
      kinds.add(SchemaObjectKind.CLASS);
    }
    return kinds;
  }

  private static UUID resolveObject(
      String statement, int at, String name, AccessMask mask, SchemaCatalog catalog) {
    Optional<UUID> literal = guid(name);
    if (literal.isPresent()) {
      return literal.get();
    }
    List<SchemaObjectKind> kinds = kindsFor(mask.value());
    if (kinds.isEmpty()) {
      throw new DsaclsSyntaxException(
          statement,
          at,
          "'"
              + name
              + "' names an object type, but none of the rights takes one"
              + " (CA, WS, RP, WP, CC or DC do)");
    }
    for (SchemaObjectKind k : kinds) {
      Optional<SchemaObject> hit = catalog.find(k, name);
      if (hit.isPresent()) {
        return hit.get().guid();
      }
    }
    return catalog.require(kinds.get(0), name).guid();
  }

  private static UUID resolveClass(String name, SchemaCatalog catalog) {
    return guid(name).orElseGet(() -> catalog.requireClass(name).schemaIdGuid());
  }

  private static Optional<UUID> guid(String text) {
    String t =
        text.startsWith("{") && text.endsWith("}") ? text.substring(1, text.length() - 1) : text;
    if (t.length() == 36 && t.charAt(8) == '-') {
      try {
        return Optional.of(UUID.fromString(t));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static String nameObject(UUID guid, int mask, SchemaCatalog catalog) {
    for (SchemaObjectKind k : kindsFor(mask)) {
      Optional<SchemaObject> hit = catalog.find(k, guid);
      if (hit.isPresent()) {
        SchemaObject o = hit.get();
        return o instanceof ControlAccessRight r ? r.displayName().orElse(r.cn()) : o.name();
      }
    }
    return guid.toString();
  }
}
