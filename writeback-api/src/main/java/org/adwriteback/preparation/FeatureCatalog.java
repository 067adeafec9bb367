package org.adwriteback.preparation;

import static org.adwriteback.schema.DsaclsNotation.Inheritance.NONE;
import static org.adwriteback.schema.DsaclsNotation.Inheritance.SUB_OBJECTS_ONLY;
import static org.adwriteback.schema.DsaclsNotation.Inheritance.THIS_AND_SUB_OBJECTS;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.adwriteback.schema.DsaclsNotation.Inheritance;

/**
 * What each {@link WritebackFeature} grants and creates, per {@link PermissionMode}: the reference
 * table of this product, transcribed from {@code shared/spec/permissions.md} (section numbers in
 * each rationale).
 *
 * <p>Where Microsoft's grant is unverified or, as written, not effective (group writeback into an
 * OU, §1.4/§2.3; device writeback, §3.2; NGC keys, §3.3; user writeback, §3.5), the grant is the
 * least-privilege set with which the writeback works, proven by doing the writeback as the account
 * in the testkit and on Samba.
 */
public final class FeatureCatalog {

  /** The Exchange hybrid writeback attributes of users and inetOrgPersons (permissions.md §4). */
  public static final List<String> EXCHANGE_HYBRID_USER_ATTRIBUTES =
      List.of(
          "msDS-ExternalDirectoryObjectId",
          "msExchArchiveStatus",
          "msExchBlockedSendersHash",
          "msExchSafeRecipientsHash",
          "msExchSafeSendersHash",
          "msExchUCVoiceMailSettings",
          "msExchUserHoldPolicies",
          "proxyAddresses",
          "publicDelegates");

  private FeatureCatalog() {}

  /**
   * Returns the grants of a feature.
   *
   * @param feature the feature
   * @param mode Microsoft-exact or least-privilege
   * @param includeChangePassword for {@link WritebackFeature#PASSWORD}: also grant Change Password,
   *     as the seed article and several Microsoft pages do
   * @return the grants in the order they are applied
   */
  public static List<GrantTemplate> grants(
      WritebackFeature feature, PermissionMode mode, boolean includeChangePassword) {
    List<GrantTemplate> g = new ArrayList<>();
    switch (feature) {
      case PASSWORD_HASH_SYNC -> {
        g.add(
            grant(
                TargetKind.SCOPE,
                "CA",
                "Replicating Directory Changes",
                null,
                NONE,
                "§2.1 DS-Replication-Get-Changes on the domain root"));
        g.add(
            grant(
                TargetKind.SCOPE,
                "CA",
                "Replicating Directory Changes All",
                null,
                NONE,
                "§2.1 DS-Replication-Get-Changes-All on the domain root"));
      }
      case PASSWORD -> {
        g.add(
            grant(
                TargetKind.SCOPE,
                "CA",
                "Reset Password",
                "user",
                SUB_OBJECTS_ONLY,
                "§2.2 reset the password of descendant users"));
        if (includeChangePassword) {
          g.add(
              grant(
                  TargetKind.SCOPE,
                  "CA",
                  "Change Password",
                  "user",
                  SUB_OBJECTS_ONLY,
                  "§2.2 change (old+new) passwords, as the seed article grants"));
        }
        g.add(
            grant(
                TargetKind.SCOPE,
                "WP",
                "lockoutTime",
                "user",
                SUB_OBJECTS_ONLY,
                "§2.2 unlock descendant users"));
        g.add(
            grant(
                TargetKind.SCOPE,
                "WP",
                "pwdLastSet",
                "user",
                SUB_OBJECTS_ONLY,
                "§2.2 must-change flag of descendant users"));
        g.add(
            grant(
                TargetKind.DOMAIN_ROOT,
                "CA",
                "Unexpire Password",
                null,
                THIS_AND_SUB_OBJECTS,
                "§2.2 Unexpire Password on the domain root (Entra Connect 2.1.15.0; MS-SAMR 3.1.1.8.7)"));
      }
      case EXCHANGE_HYBRID -> {
        if (mode == PermissionMode.MICROSOFT_EXACT) {
          for (String cls : List.of("user", "inetOrgPerson", "group", "contact")) {
            g.add(
                grant(
                    TargetKind.SCOPE,
                    "RPWP",
                    null,
                    cls,
                    SUB_OBJECTS_ONLY,
                    "§2.5 read/write all properties of descendant " + cls + " objects"));
          }
        } else {
          for (String cls : List.of("user", "inetOrgPerson")) {
            for (String attribute : EXCHANGE_HYBRID_USER_ATTRIBUTES) {
              g.add(
                  grant(
                      TargetKind.SCOPE,
                      "WP",
                      attribute,
                      cls,
                      SUB_OBJECTS_ONLY,
                      "§2.5/§4 least privilege: write only the hybrid attribute " + attribute));
            }
          }
          for (String cls : List.of("group", "contact")) {
            g.add(
                grant(
                    TargetKind.SCOPE,
                    "WP",
                    "proxyAddresses",
                    cls,
                    SUB_OBJECTS_ONLY,
                    "§2.5/§4 least privilege: proxyAddresses of descendant " + cls + " objects"));
          }
        }
      }
      case CONSISTENCY_GUID ->
          g.add(
              grant(
                  TargetKind.SCOPE,
                  "RPWP",
                  "mS-DS-ConsistencyGuid",
                  "user",
                  SUB_OBJECTS_ONLY,
                  "§2.4 read/write the source anchor of descendant users"));
      case BASIC_READ -> {
        for (String cls :
            List.of(
                "computer",
                "device",
                "foreignSecurityPrincipal",
                "user",
                "inetOrgPerson",
                "group",
                "contact")) {
          g.add(
              grant(
                  TargetKind.SCOPE,
                  "RP",
                  null,
                  cls,
                  SUB_OBJECTS_ONLY,
                  "§2.7 read all properties of descendant " + cls + " objects"));
        }
        g.add(
            grant(
                TargetKind.DOMAIN_ROOT,
                "CA",
                "Replicating Directory Changes",
                null,
                NONE,
                "§2.7 Replicating Directory Changes on the domain root (Entra Connect 2.0.25.1)"));
      }
      case EXCHANGE_PUBLIC_FOLDER ->
          g.add(
              grant(
                  TargetKind.SCOPE,
                  "RP",
                  null,
                  "publicFolder",
                  SUB_OBJECTS_ONLY,
                  "§2.6 read all properties of descendant public folders"));
      case GROUP -> {
        if (mode == PermissionMode.MICROSOFT_EXACT) {
          g.add(
              grant(
                  TargetKind.SCOPE,
                  "GRGWCCDCSDDT",
                  null,
                  "group",
                  SUB_OBJECTS_ONLY,
                  "§2.3 generic read/write, create/delete child, delete, delete tree on descendant groups"));
        } else {
          g.add(
              grant(
                  TargetKind.GROUP_OU,
                  "RPWP",
                  null,
                  "group",
                  SUB_OBJECTS_ONLY,
                  "least privilege: read/write the properties of written-back groups only"));
        }
        g.add(
            grant(
                TargetKind.GROUP_OU,
                "CCDC",
                "group",
                null,
                THIS_AND_SUB_OBJECTS,
                "§2.3 [INF] create/delete group objects in the group OU (the cmdlet's inherit-only ACE alone"
                    + " grants no create-child)"));
      }
      case USER -> {
        g.add(
            grant(
                TargetKind.USER_OU,
                "CCDC",
                "user",
                null,
                THIS_AND_SUB_OBJECTS,
                "§3.5 create/delete user objects in the user OU"));
        g.add(
            grant(
                TargetKind.USER_OU,
                "RPWP",
                null,
                "user",
                SUB_OBJECTS_ONLY,
                "§3.5 read/write the properties of written-back users"));
        g.add(
            grant(
                TargetKind.USER_OU,
                "CA",
                "Reset Password",
                "user",
                SUB_OBJECTS_ONLY,
                "§3.5 set the initial password of written-back users"));
      }
      case HYBRID_JOIN ->
          g.add(
              grant(
                  TargetKind.DEVICE_REGISTRATION_CONFIGURATION,
                  "GRGW",
                  null,
                  null,
                  THIS_AND_SUB_OBJECTS,
                  "§3.1 generic read/write on the Device Registration Configuration container and the SCP"));
      case DEVICE -> {
        g.add(
            grant(
                TargetKind.REGISTERED_DEVICES,
                "CCDC",
                "msDS-Device",
                null,
                THIS_AND_SUB_OBJECTS,
                "§3.2 [INF] create/delete msDS-Device objects in RegisteredDevices"));
        g.add(
            grant(
                TargetKind.REGISTERED_DEVICES,
                "RPWP",
                null,
                "msDS-Device",
                SUB_OBJECTS_ONLY,
                "§3.2 [INF] read/write the properties of written-back devices"));
        g.add(
            grant(
                TargetKind.DEVICE_REGISTRATION_CONFIGURATION,
                "GRGW",
                null,
                null,
                THIS_AND_SUB_OBJECTS,
                "§3.2 read/write on the Device Registration Configuration objects"));
      }
      case NGC_KEYS -> {
        g.add(
            grant(
                TargetKind.SCOPE,
                "RPWP",
                "msDS-KeyCredentialLink",
                "user",
                SUB_OBJECTS_ONLY,
                "§3.3 [INF] read/write msDS-KeyCredentialLink of descendant users"));
        g.add(
            grant(
                TargetKind.SCOPE,
                "RPWP",
                "msDS-KeyCredentialLink",
                "msDS-Device",
                SUB_OBJECTS_ONLY,
                "§3.3 [INF] read/write msDS-KeyCredentialLink of descendant devices"));
      }
      case RESTRICTED_ACCOUNT -> {
        // a replacement of the account's DACL, not a grant: see PreparationPlanner
      }
    }
    return List.copyOf(g);
  }

  /**
   * Returns the objects a feature needs, parents first.
   *
   * @param feature the feature
   * @return the objects to create when missing
   */
  public static List<ObjectTemplate> objects(WritebackFeature feature) {
    return switch (feature) {
      case DEVICE ->
          List.of(
              new ObjectTemplate(TargetKind.REGISTERED_DEVICES, "msDS-DeviceContainer"),
              new ObjectTemplate(TargetKind.DEVICE_REGISTRATION_CONFIGURATION, "container"),
              new ObjectTemplate(
                  TargetKind.DEVICE_REGISTRATION_SERVICES,
                  "msDS-DeviceRegistrationServiceContainer"),
              new ObjectTemplate(
                  TargetKind.DEVICE_REGISTRATION_SERVICE, "msDS-DeviceRegistrationService"));
      case HYBRID_JOIN ->
          List.of(
              new ObjectTemplate(TargetKind.DEVICE_REGISTRATION_CONFIGURATION, "container"),
              new ObjectTemplate(TargetKind.HYBRID_JOIN_SCP, "serviceConnectionPoint"));
      default -> List.of();
    };
  }

  private static GrantTemplate grant(
      TargetKind target,
      String rights,
      String objectType,
      String inheritedObjectType,
      Inheritance inheritance,
      String rationale) {
    return new GrantTemplate(
        target,
        rights,
        Optional.ofNullable(objectType),
        Optional.ofNullable(inheritedObjectType),
        inheritance,
        rationale);
  }
}
