package org.adwriteback.preparation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.adwriteback.schema.DsaclsNotation;
import org.adwriteback.security.AccessAce;
import org.adwriteback.security.AccessMask;
import org.adwriteback.security.Ace;
import org.adwriteback.security.AceFlags;
import org.adwriteback.security.ObjectAce;
import org.adwriteback.security.Sid;

/**
 * Turns a {@link PreparationRequest} and the {@link DirectoryFacts} of a forest into a {@link
 * PreparationPlan}: the objects to ensure, then one ACE-adding step per target object (so the LDAP
 * layer writes each DACL once), then the account hardening. Pure: reads nothing, writes nothing.
 *
 * <p>Grants come from {@link FeatureCatalog}. Generic rights in a grant ({@code GRGW}) are mapped
 * to DS rights with {@link AccessMask#mapGenericToDs()}, because AD never stores generic bits
 * (MS-ADTS 5.1.3.2, permissions.md §1.2).
 */
public final class PreparationPlanner {

  /** RDN of the hybrid-join service connection point (permissions.md §3.1). */
  public static final String HYBRID_JOIN_SCP_RDN = "CN=62a0ff2e-97b9-4513-943f-0d221bd30080";

  private PreparationPlanner() {}

  /**
   * Plans a request.
   *
   * @param request what to prepare
   * @param facts the target forest
   * @return the plan
   * @throws PreparationException when a prerequisite or an option is missing; nothing is planned
   *     then
   */
  public static PreparationPlan plan(PreparationRequest request, DirectoryFacts facts)
      throws PreparationException {
    checkOptions(request);
    for (WritebackFeature f : request.orderedFeatures()) {
      checkPrerequisites(f, request, facts);
    }
    List<PlanStep> steps = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, EnsureObject> objects = new LinkedHashMap<>();
    Map<String, List<PlannedAce>> grants = new LinkedHashMap<>();
    Map<String, WritebackFeature> grantOwner = new LinkedHashMap<>();

    for (WritebackFeature f : request.orderedFeatures()) {
      for (ObjectTemplate t : FeatureCatalog.objects(f)) {
        for (EnsureObject o : objectsFor(f, t, request, facts)) {
          objects.putIfAbsent(DirectoryFacts.normalize(o.dn()), o);
        }
      }
      for (GrantTemplate g :
          FeatureCatalog.grants(f, request.mode(), request.includeChangePassword())) {
        Ace ace = toAce(g, g.inheritance().flags().value(), f, facts);
        for (String dn : targetsFor(f, g.target(), request, facts)) {
          addGrant(grants, grantOwner, dn, new PlannedAce(ace, g, f));
        }
        if (request.includeAdminSdHolder()
            && f.adminSdHolderApplicable()
            && g.target() == TargetKind.SCOPE) {
          // Microsoft copies the ACE as it is (inherit-only ACEs then do nothing on protected
          // objects,
          // permissions.md §1.3); least privilege makes it effective on the object SDProp copies it
          // to.
          int flags =
              request.mode() == PermissionMode.MICROSOFT_EXACT
                  ? g.inheritance().flags().value()
                  : 0;
          Ace holderAce = toAce(g, flags, f, facts);
          for (DomainFacts d : domainsFor(f, request, facts)) {
            addGrant(grants, grantOwner, d.adminSdHolderDn(), new PlannedAce(holderAce, g, f));
          }
        }
      }
    }
    if (request.includeAdminSdHolder() && request.mode() == PermissionMode.MICROSOFT_EXACT) {
      notes.add(
          "AdminSDHolder receives the same inherit-only ACEs as Microsoft's cmdlets grant; they are not"
              + " effective on protected accounts (permissions.md §1.3). Use least-privilege mode for"
              + " effective AdminSDHolder grants.");
    }
    steps.addAll(objects.values());
    grants.forEach((dn, aces) -> steps.add(new GrantAces(grantOwner.get(dn), dn, aces)));
    if (request.features().contains(WritebackFeature.RESTRICTED_ACCOUNT)) {
      steps.add(restrictAccount(facts));
    }
    return new PreparationPlan(request, facts.accountName(), steps, notes);
  }

  private static void addGrant(
      Map<String, List<PlannedAce>> grants,
      Map<String, WritebackFeature> owner,
      String dn,
      PlannedAce planned) {
    String key = findKey(grants, dn);
    owner.putIfAbsent(key, planned.feature());
    List<PlannedAce> list = grants.computeIfAbsent(key, k -> new ArrayList<>());
    if (list.stream().noneMatch(p -> p.ace().equals(planned.ace()))) {
      list.add(planned);
    }
  }

  private static String findKey(Map<String, ?> map, String dn) {
    String wanted = DirectoryFacts.normalize(dn);
    for (String k : map.keySet()) {
      if (DirectoryFacts.normalize(k).equals(wanted)) {
        return k;
      }
    }
    return dn;
  }

  /**
   * The options some features need (the OUs of user and group writeback, the tenant of hybrid
   * join), all missing ones in one error, so that a request is not corrected one option per run.
   */
  private static void checkOptions(PreparationRequest request) throws PreparationException {
    List<String> missing = new ArrayList<>();
    WritebackFeature first = null;
    for (WritebackFeature f : request.orderedFeatures()) {
      Optional<String> problem = missingOption(f, request);
      if (problem.isPresent()) {
        missing.add(problem.get());
        first = first == null ? f : first;
      }
    }
    if (first != null) {
      throw new PreparationException(
          PreparationException.Reason.INCOMPLETE_REQUEST, first, String.join("; ", missing));
    }
  }

  private static Optional<String> missingOption(WritebackFeature f, PreparationRequest request) {
    if (f == WritebackFeature.GROUP && request.groupOu().isEmpty()) {
      return Optional.of(
          "group writeback needs the OU the groups are written to: give --group-ou DN");
    }
    if (f == WritebackFeature.USER && request.userOu().isEmpty()) {
      return Optional.of("user writeback needs the OU the users are written to: give --user-ou DN");
    }
    if (f == WritebackFeature.HYBRID_JOIN
        && (request.tenantId().isEmpty() || request.tenantDomain().isEmpty())) {
      return Optional.of(
          "hybrid join needs the tenant: give --tenant-id GUID and --tenant-domain NAME (a verified"
              + " domain of the tenant)");
    }
    return Optional.empty();
  }

  private static void checkPrerequisites(
      WritebackFeature f, PreparationRequest request, DirectoryFacts facts)
      throws PreparationException {
    if (facts.schemaVersion() < f.minimumSchemaVersion()) {
      throw new PreparationException(
          PreparationException.Reason.PREREQUISITE_MISSING,
          f,
          f.cliName()
              + " needs schema objectVersion "
              + f.minimumSchemaVersion()
              + " ("
              + schemaName(f.minimumSchemaVersion())
              + ") or later; this forest has "
              + facts.schemaVersion()
              + ". Run adprep /forestprep from "
              + schemaName(f.minimumSchemaVersion())
              + " media as a Schema Admin first.");
    }
    if (f.requiresExchangeSchema() && !facts.exchangeSchema()) {
      throw new PreparationException(
          PreparationException.Reason.PREREQUISITE_MISSING,
          f,
          f.cliName()
              + " needs the Exchange schema (class publicFolder), which this forest does not have."
              + " Run Exchange's /PrepareSchema first, or leave the feature out.");
    }
    List<String> dns = new ArrayList<>(request.scopes().getOrDefault(f, List.of()));
    if (f == WritebackFeature.GROUP) {
      dns.add(request.groupOu().orElseThrow());
    }
    if (f == WritebackFeature.USER) {
      dns.add(request.userOu().orElseThrow());
    }
    for (String dn : dns) {
      if (facts.domainOf(dn).isEmpty()) {
        throw new PreparationException(
            PreparationException.Reason.TARGET_OUTSIDE_FOREST,
            f,
            dn
                + " is in none of the domains of this forest ("
                + String.join(", ", facts.domains().stream().map(DomainFacts::dn).toList())
                + "); give a DN below one of them");
      }
    }
  }

  private static String schemaName(int version) {
    return switch (version) {
      case 69 -> "Windows Server 2012 R2";
      case 87 -> "Windows Server 2016";
      case 88 -> "Windows Server 2019";
      default -> "objectVersion " + version;
    };
  }

  private static Ace toAce(GrantTemplate g, int flags, WritebackFeature f, DirectoryFacts facts)
      throws PreparationException {
    AccessMask mask = DsaclsNotation.parseMask(g.rights()).mapGenericToDs();
    Optional<UUID> objectType = resolve(g.objectType(), g, f, facts);
    Optional<UUID> inheritedObjectType = resolve(g.inheritedObjectType(), g, f, facts);
    AceFlags aceFlags = AceFlags.of(flags);
    if (objectType.isPresent() || inheritedObjectType.isPresent()) {
      return ObjectAce.allow(facts.accountSid(), mask, objectType, inheritedObjectType, aceFlags);
    }
    return AccessAce.allow(facts.accountSid(), mask, aceFlags);
  }

  private static Optional<UUID> resolve(
      Optional<String> name, GrantTemplate g, WritebackFeature f, DirectoryFacts facts)
      throws PreparationException {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Optional<UUID> guid = facts.guids().resolve(name.get());
    if (guid.isEmpty()) {
      throw new PreparationException(
          PreparationException.Reason.PREREQUISITE_MISSING,
          f,
          "the schema of this forest has no '"
              + name.get()
              + "' (needed by "
              + f.cliName()
              + ": "
              + g.dsaclsPermission()
              + "). Extend the schema"
              + (name.get().startsWith("msExch") || name.get().equals("publicDelegates")
                  ? " with Exchange's /PrepareSchema"
                  : "")
              + (f == WritebackFeature.EXCHANGE_HYBRID
                  ? ", or use the Microsoft-exact mode, which grants all properties"
                  : "")
              + ".");
    }
    return guid;
  }

  private static List<DomainFacts> domainsFor(
      WritebackFeature f, PreparationRequest request, DirectoryFacts facts) {
    List<String> scoped = request.scopes().getOrDefault(f, List.of());
    if (scoped.isEmpty()) {
      return facts.domains();
    }
    Set<DomainFacts> set = new LinkedHashSet<>();
    for (String dn : scoped) {
      facts.domainOf(dn).ifPresent(set::add);
    }
    return List.copyOf(set);
  }

  private static List<String> targetsFor(
      WritebackFeature f, TargetKind kind, PreparationRequest request, DirectoryFacts facts) {
    return switch (kind) {
      case SCOPE -> {
        List<String> scoped = request.scopes().getOrDefault(f, List.of());
        yield scoped.isEmpty() ? facts.domains().stream().map(DomainFacts::dn).toList() : scoped;
      }
      case DOMAIN_ROOT -> domainsFor(f, request, facts).stream().map(DomainFacts::dn).toList();
      case GROUP_OU -> List.of(request.groupOu().orElseThrow());
      case USER_OU -> List.of(request.userOu().orElseThrow());
      case REGISTERED_DEVICES ->
          domainsFor(f, request, facts).stream().map(DomainFacts::registeredDevicesDn).toList();
      case DEVICE_REGISTRATION_CONFIGURATION -> List.of(facts.deviceRegistrationConfigurationDn());
      case DEVICE_REGISTRATION_SERVICES -> List.of(servicesDn(facts));
      case DEVICE_REGISTRATION_SERVICE -> List.of(serviceDn(facts));
      case HYBRID_JOIN_SCP -> List.of(scpDn(facts));
      case ACCOUNT -> List.of(facts.accountDn());
    };
  }

  private static String servicesDn(DirectoryFacts facts) {
    return "CN=Device Registration Services," + facts.deviceRegistrationConfigurationDn();
  }

  private static String serviceDn(DirectoryFacts facts) {
    return "CN=DeviceRegistrationService," + servicesDn(facts);
  }

  private static String scpDn(DirectoryFacts facts) {
    return HYBRID_JOIN_SCP_RDN + "," + facts.deviceRegistrationConfigurationDn();
  }

  private static List<EnsureObject> objectsFor(
      WritebackFeature f, ObjectTemplate t, PreparationRequest request, DirectoryFacts facts) {
    List<EnsureObject> out = new ArrayList<>();
    for (String dn : targetsFor(f, t.kind(), request, facts)) {
      Map<String, List<String>> attributes = new LinkedHashMap<>();
      List<String> converge = List.of();
      if (t.kind() == TargetKind.DEVICE_REGISTRATION_SERVICE) {
        attributes.put(
            "msDS-DeviceLocation",
            List.of(domainsFor(f, request, facts).get(0).registeredDevicesDn()));
        attributes.put("msDS-IsEnabled", List.of("TRUE"));
      } else if (t.kind() == TargetKind.HYBRID_JOIN_SCP) {
        attributes.put(
            "keywords",
            List.of(
                "azureADName:" + request.tenantDomain().orElseThrow(),
                "azureADId:" + request.tenantId().orElseThrow()));
        converge = List.of("keywords");
      }
      out.add(new EnsureObject(f, dn, t.objectClass(), attributes, converge));
    }
    return out;
  }

  private static RestrictAccount restrictAccount(DirectoryFacts facts) {
    Sid domainSid =
        facts
            .domainOf(facts.accountDn())
            .map(DomainFacts::sid)
            .orElse(facts.forestRootDomain().sid());
    AccessMask all = AccessMask.GENERIC_ALL.mapGenericToDs();
    AccessMask read = AccessMask.GENERIC_READ.mapGenericToDs();
    List<Ace> aces =
        List.of(
            AccessAce.allow(Sid.LOCAL_SYSTEM, all, AceFlags.NONE),
            AccessAce.allow(
                facts.forestRootDomain().sid().withRid(Sid.RID_ENTERPRISE_ADMINS),
                all,
                AceFlags.NONE),
            AccessAce.allow(domainSid.withRid(Sid.RID_DOMAIN_ADMINS), all, AceFlags.NONE),
            AccessAce.allow(Sid.BUILTIN_ADMINISTRATORS, all, AceFlags.NONE),
            AccessAce.allow(Sid.ENTERPRISE_DOMAIN_CONTROLLERS, read, AceFlags.NONE),
            AccessAce.allow(Sid.AUTHENTICATED_USERS, read, AceFlags.NONE));
    return new RestrictAccount(WritebackFeature.RESTRICTED_ACCOUNT, facts.accountDn(), aces);
  }
}
