package org.adwriteback.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds ACEs from the SDDL ACE strings the vectors are written in, e.g. {@code
 * (OA;CIIO;GA;;bf967a9c-0de6-11d0-a285-00aa003049e2;DA)}, so the tests transcribe the vectors
 * literally. Test-only: a small subset (types A D OA OD AU OU, the flag and right letters, the
 * aliases the vectors use, domain SIDs relative to {@link SambaFixtures#DOMAIN}). The real SDDL
 * codec lives in {@code Sddl}.
 */
final class TestAces {

  private static final Map<String, Integer> FLAGS =
      Map.of("OI", 0x01, "CI", 0x02, "NP", 0x04, "IO", 0x08, "ID", 0x10, "SA", 0x40, "FA", 0x80);

  private static final Map<String, Integer> RIGHTS =
      Map.ofEntries(
          Map.entry("CC", 0x1),
          Map.entry("DC", 0x2),
          Map.entry("LC", 0x4),
          Map.entry("SW", 0x8),
          Map.entry("RP", 0x10),
          Map.entry("WP", 0x20),
          Map.entry("DT", 0x40),
          Map.entry("LO", 0x80),
          Map.entry("CR", 0x100),
          Map.entry("SD", 0x10000),
          Map.entry("RC", 0x20000),
          Map.entry("WD", 0x40000),
          Map.entry("WO", 0x80000),
          Map.entry("GA", 0x10000000),
          Map.entry("GX", 0x20000000),
          Map.entry("GW", 0x40000000),
          Map.entry("GR", 0x80000000));

  private TestAces() {}

  static Sid sid(String s) {
    return switch (s) {
      case "DA" -> SambaFixtures.DOMAIN.withRid(512);
      case "DU" -> SambaFixtures.DOMAIN.withRid(513);
      case "EA" -> SambaFixtures.DOMAIN.withRid(519);
      case "LG" -> SambaFixtures.DOMAIN.withRid(501);
      case "AU" -> Sid.AUTHENTICATED_USERS;
      case "WD" -> Sid.EVERYONE;
      case "CO" -> Sid.CREATOR_OWNER;
      case "CG" -> Sid.CREATOR_GROUP;
      case "NU" -> Sid.NETWORK;
      case "SY" -> Sid.LOCAL_SYSTEM;
      case "PS" -> Sid.SELF;
      case "BA" -> Sid.BUILTIN_ADMINISTRATORS;
      case "AO" -> Sid.ACCOUNT_OPERATORS;
      case "OW" -> AccessCheck.OWNER_RIGHTS;
      default -> Sid.parse(s);
    };
  }

  static int rights(String s) {
    if (s.startsWith("0x")) {
      return (int) Long.parseLong(s.substring(2), 16);
    }
    int v = 0;
    for (int i = 0; i < s.length(); i += 2) {
      Integer r = RIGHTS.get(s.substring(i, i + 2));
      if (r == null) {
        throw new IllegalArgumentException("right " + s.substring(i, i + 2) + " in " + s);
      }
      v |= r;
    }
    return v;
  }

  static AceFlags flags(String s) {
    int v = 0;
    for (int i = 0; i < s.length(); i += 2) {
      v |= FLAGS.get(s.substring(i, i + 2));
    }
    return AceFlags.of(v);
  }

  private static Optional<UUID> guid(String s) {
    return s.isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(s));
  }

  /** Parses one ACE "(type;flags;rights;object;inherited;sid)". */
  static Ace ace(String text) {
    String t = text.trim();
    if (!t.startsWith("(") || !t.endsWith(")")) {
      throw new IllegalArgumentException("not an ACE string: " + text);
    }
    String[] p = t.substring(1, t.length() - 1).split(";", -1);
    AceFlags f = flags(p[1]);
    AccessMask m = AccessMask.of(rights(p[2]));
    Sid sid = sid(p[5]);
    return switch (p[0]) {
      case "A" -> new AccessAce(AceType.ACCESS_ALLOWED, f, m, sid);
      case "D" -> new AccessAce(AceType.ACCESS_DENIED, f, m, sid);
      case "AU" -> new AccessAce(AceType.SYSTEM_AUDIT, f, m, sid);
      case "OA" -> new ObjectAce(AceType.ACCESS_ALLOWED_OBJECT, f, m, guid(p[3]), guid(p[4]), sid);
      case "OD" -> new ObjectAce(AceType.ACCESS_DENIED_OBJECT, f, m, guid(p[3]), guid(p[4]), sid);
      case "OU" -> new ObjectAce(AceType.SYSTEM_AUDIT_OBJECT, f, m, guid(p[3]), guid(p[4]), sid);
      default -> throw new IllegalArgumentException("ACE type " + p[0] + " in " + text);
    };
  }

  /** Parses a run of ACE strings "(..)(..)". */
  static List<Ace> aces(String text) {
    List<Ace> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int end = text.indexOf(')', i);
      out.add(ace(text.substring(i, end + 1)));
      i = end + 1;
    }
    return out;
  }

  static Acl acl(String text) {
    return Acl.of(aces(text));
  }

  /** A descriptor with owner, group and DACL; {@code protectedDacl} sets P. */
  static SecurityDescriptor sd(String owner, String group, boolean protectedDacl, String dacl) {
    return SecurityDescriptor.of(
        ControlFlags.of(protectedDacl ? ControlFlags.DACL_PROTECTED : 0),
        owner == null ? Optional.empty() : Optional.of(sid(owner)),
        group == null ? Optional.empty() : Optional.of(sid(group)),
        Optional.empty(),
        Optional.of(acl(dacl)));
  }
}
