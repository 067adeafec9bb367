package org.adwriteback.security;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The SID aliases of SDDL (MS-DTYP 2.5.1.1 {@code sid-token}): well-known SIDs, domain-relative
 * RIDs (need the domain SID) and forest-relative RIDs (need the forest root domain SID).
 */
final class SddlAliases {

  private enum Scope {
    WELL_KNOWN,
    DOMAIN,
    FOREST
  }

  private record Entry(String alias, Scope scope, Sid sid, long rid) {}

  private static final Map<String, Entry> BY_ALIAS = new HashMap<>();
  private static final Map<Sid, String> WELL_KNOWN_BY_SID = new HashMap<>();
  private static final Map<Long, String> DOMAIN_BY_RID = new HashMap<>();
  private static final Map<Long, String> FOREST_BY_RID = new HashMap<>();

  static {
    wk("AA", "S-1-5-32-579");
    wk("AC", "S-1-15-2-1");
    wk("AN", "S-1-5-7");
    wk("AO", "S-1-5-32-548");
    wk("AS", "S-1-18-1");
    wk("AU", "S-1-5-11");
    wk("BA", "S-1-5-32-544");
    wk("BG", "S-1-5-32-546");
    wk("BO", "S-1-5-32-551");
    wk("BU", "S-1-5-32-545");
    wk("CD", "S-1-5-32-574");
    wk("CG", "S-1-3-1");
    wk("CO", "S-1-3-0");
    wk("CY", "S-1-5-32-569");
    wk("ED", "S-1-5-9");
    wk("ER", "S-1-5-32-573");
    wk("ES", "S-1-5-32-576");
    wk("HA", "S-1-5-32-578");
    wk("HI", "S-1-16-12288");
    wk("IS", "S-1-5-32-568");
    wk("IU", "S-1-5-4");
    wk("LS", "S-1-5-19");
    wk("LU", "S-1-5-32-559");
    wk("LW", "S-1-16-4096");
    wk("ME", "S-1-16-8192");
    wk("MP", "S-1-16-8448");
    wk("MS", "S-1-5-32-577");
    wk("MU", "S-1-5-32-558");
    wk("NO", "S-1-5-32-556");
    wk("NS", "S-1-5-20");
    wk("NU", "S-1-5-2");
    wk("OW", "S-1-3-4");
    wk("PO", "S-1-5-32-550");
    wk("PS", "S-1-5-10");
    wk("PU", "S-1-5-32-547");
    wk("RA", "S-1-5-32-575");
    wk("RC", "S-1-5-12");
    wk("RD", "S-1-5-32-555");
    wk("RE", "S-1-5-32-552");
    wk("RM", "S-1-5-32-580");
    wk("RU", "S-1-5-32-554");
    wk("SI", "S-1-16-16384");
    wk("SO", "S-1-5-32-549");
    wk("SS", "S-1-18-2");
    wk("SU", "S-1-5-6");
    wk("SY", "S-1-5-18");
    wk("UD", "S-1-5-84-0-0-0-0-0");
    wk("WD", "S-1-1-0");
    wk("WR", "S-1-5-33");
    domain("AP", 525);
    domain("CA", 517);
    domain("CN", 522);
    domain("DA", 512);
    domain("DC", 515);
    domain("DD", 516);
    domain("DG", 514);
    domain("DU", 513);
    domain("KA", 526);
    domain("LA", 500);
    domain("LG", 501);
    domain("PA", 520);
    domain("RS", 553);
    forest("EA", 519);
    forest("EK", 527);
    forest("RO", 498);
    forest("SA", 518);
  }

  private SddlAliases() {}

  private static void wk(String alias, String sid) {
    Sid s = Sid.parse(sid);
    BY_ALIAS.put(alias, new Entry(alias, Scope.WELL_KNOWN, s, 0));
    WELL_KNOWN_BY_SID.put(s, alias);
  }

  private static void domain(String alias, long rid) {
    BY_ALIAS.put(alias, new Entry(alias, Scope.DOMAIN, null, rid));
    DOMAIN_BY_RID.put(rid, alias);
  }

  private static void forest(String alias, long rid) {
    BY_ALIAS.put(alias, new Entry(alias, Scope.FOREST, null, rid));
    FOREST_BY_RID.put(rid, alias);
  }

  /** Result of looking up an alias: the SID, or why it could not be resolved. */
  record Resolution(Sid sid, String problem) {}

  static Resolution resolve(String alias, SddlContext context) {
    Entry e = BY_ALIAS.get(alias.toUpperCase(Locale.ROOT));
    if (e == null) {
      return new Resolution(null, "unknown SID alias '" + alias + "'");
    }
    return switch (e.scope) {
      case WELL_KNOWN -> new Resolution(e.sid, null);
      case DOMAIN ->
          context
              .domainSid()
              .map(d -> new Resolution(d.withRid(e.rid), null))
              .orElse(
                  new Resolution(
                      null,
                      "SID alias "
                          + e.alias
                          + " is domain-relative; pass an SddlContext with the domain SID"));
      case FOREST ->
          context
              .forestRootDomainSid()
              .map(d -> new Resolution(d.withRid(e.rid), null))
              .orElse(
                  new Resolution(
                      null,
                      "SID alias "
                          + e.alias
                          + " is forest-relative; pass an SddlContext with the forest root domain SID"));
    };
  }

  /** Returns the alias Windows prints for a SID, or null to print it in full. */
  static String aliasFor(Sid sid, SddlContext context) {
    String wk = WELL_KNOWN_BY_SID.get(sid);
    if (wk != null) {
      return wk;
    }
    if (sid.subAuthorityCount() == 0) {
      return null;
    }
    if (context.domainSid().isPresent() && sid.isInDomain(context.domainSid().get())) {
      String a = DOMAIN_BY_RID.get(sid.rid());
      if (a != null) {
        return a;
      }
    }
    if (context.forestRootDomainSid().isPresent()
        && sid.isInDomain(context.forestRootDomainSid().get())) {
      return FOREST_BY_RID.get(sid.rid());
    }
    return null;
  }
}
