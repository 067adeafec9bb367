package org.adwriteback.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.schema.SchemaCatalog;
import org.adwriteback.security.AccessAce;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.AceFlags;
import org.adwriteback.security.ObjectAce;

/**
 * Says what an ACE does in plain words, the way the Advanced Security Settings dialog does: who,
 * allow or deny, which rights, on what, and where it applies (MS-DTYP 2.4.4, MS-ADTS 5.1.3.2 for
 * the DS rights).
 */
final class AceDescriptions {

  private static final String[][] RIGHTS = {
    {"1", "create child"},
    {"2", "delete child"},
    {"4", "list contents"},
    {"8", "validated write"},
    {"16", "read property"},
    {"32", "write property"},
    {"64", "delete tree"},
    {"128", "list object"},
    {"256", "control access"},
    {"65536", "delete"},
    {"131072", "read permissions"},
    {"262144", "change permissions"},
    {"524288", "take ownership"},
    {"1048576", "synchronize"},
    {"16777216", "access system security"},
    {"268435456", "generic all"},
    {"536870912", "generic execute"},
    {"1073741824", "generic write"},
    {"-2147483648", "generic read"},
  };

  private final SchemaCatalog catalog;

  AceDescriptions(SchemaCatalog catalog) {
    this.catalog = catalog;
  }

  /** Describes an ACE in one sentence. */
  String describe(Ace ace, String trustee) {
    StringBuilder sb = new StringBuilder();
    if (ace instanceof ObjectAce o) {
      sb.append(kind(o.type().name())).append(' ').append(trustee).append(": ");
      sb.append(rights(o.mask()));
      o.objectType().ifPresent(g -> sb.append(" ").append(objectTypeWords(g, o.mask())));
      sb.append(", ").append(appliesTo(o.flags(), o.inheritedObjectType()));
    } else if (ace instanceof AccessAce a) {
      sb.append(kind(a.type().name())).append(' ').append(trustee).append(": ");
      sb.append(rights(a.mask()));
      sb.append(", ").append(appliesTo(a.flags(), Optional.empty()));
    } else {
      sb.append("ACE of type 0x")
          .append(Integer.toHexString(ace.typeCode()))
          .append(" (kept as is; not an access ACE)");
    }
    if (ace.flags().isInherited()) {
      sb.append(" (inherited)");
    }
    return sb.toString();
  }

  private static String kind(String typeName) {
    if (typeName.contains("DENIED")) {
      return "deny";
    }
    if (typeName.contains("AUDIT")) {
      return "audit";
    }
    if (typeName.contains("ALARM")) {
      return "alarm";
    }
    return "allow";
  }

  private static String rights(AccessMask mask) {
    List<String> words = new ArrayList<>();
    int rest = mask.value();
    for (String[] r : RIGHTS) {
      int bit = Integer.parseInt(r[0]);
      if ((rest & bit) != 0) {
        words.add(r[1]);
        rest &= ~bit;
      }
    }
    if (rest != 0) {
      words.add("0x" + Integer.toHexString(rest));
    }
    return words.isEmpty() ? "no rights" : String.join(", ", words);
  }

  private String objectTypeWords(UUID guid, AccessMask mask) {
    int m = mask.value();
    if ((m & 0x100) != 0) {
      var right = catalog.extendedRight(guid);
      if (right.isPresent()) {
        return "'" + right.get().displayName().orElse(right.get().cn()) + "'";
      }
    }
    if ((m & 0x30) != 0) {
      var attribute = catalog.attribute(guid);
      if (attribute.isPresent()) {
        return "of property " + attribute.get().ldapDisplayName();
      }
      var set = catalog.propertySet(guid);
      if (set.isPresent()) {
        return "of property set '" + set.get().displayName().orElse(set.get().cn()) + "'";
      }
    }
    if ((m & 0x8) != 0) {
      var write = catalog.validatedWrite(guid);
      if (write.isPresent()) {
        return "'" + write.get().displayName().orElse(write.get().cn()) + "'";
      }
    }
    if ((m & 0x3) != 0) {
      var cls = catalog.schemaClass(guid);
      if (cls.isPresent()) {
        return "of " + cls.get().ldapDisplayName() + " objects";
      }
    }
    return "on " + guid;
  }

  private String appliesTo(AceFlags flags, Optional<UUID> inheritedObjectType) {
    String cls =
        inheritedObjectType
            .map(g -> catalog.schemaClass(g).map(c -> c.ldapDisplayName()).orElse(g.toString()))
            .map(n -> n + " ")
            .orElse("");
    boolean ci =
        flags.contains(AceFlags.CONTAINER_INHERIT) || flags.contains(AceFlags.OBJECT_INHERIT);
    boolean io = flags.isInheritOnly();
    boolean np = flags.contains(AceFlags.NO_PROPAGATE_INHERIT);
    if (!ci) {
      return "on this object only";
    }
    String scope = np ? "child " : "descendant ";
    if (io) {
      return "on " + scope + cls + "objects only";
    }
    return "on this object and " + scope + cls + "objects";
  }
}
