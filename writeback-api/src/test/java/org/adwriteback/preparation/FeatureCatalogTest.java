package org.adwriteback.preparation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FeatureCatalogTest {

  private static List<String> dsacls(WritebackFeature f, PermissionMode mode, boolean changePwd) {
    return FeatureCatalog.grants(f, mode, changePwd).stream()
        .map(
            g ->
                g.dsaclsPermission()
                    + (g.inheritance().option().isEmpty() ? "" : " ")
                    + g.inheritance().option())
        .collect(Collectors.toList());
  }

  @Test
  void passwordWritebackIsTheCmdletsThreeGrantsPlusUnexpireOnTheRoot() {
    assertThat(dsacls(WritebackFeature.PASSWORD, PermissionMode.MICROSOFT_EXACT, false))
        .containsExactly(
            "CA;Reset Password;user /I:S",
            "WP;lockoutTime;user /I:S",
            "WP;pwdLastSet;user /I:S",
            "CA;Unexpire Password /I:T");
  }

  @Test
  void changePasswordOnlyWhenAsked() {
    assertThat(dsacls(WritebackFeature.PASSWORD, PermissionMode.MICROSOFT_EXACT, true))
        .contains("CA;Change Password;user /I:S");
  }

  @Test
  void passwordHashSyncGrantsBothReplicationRightsOnTheObjectOnly() {
    assertThat(dsacls(WritebackFeature.PASSWORD_HASH_SYNC, PermissionMode.MICROSOFT_EXACT, false))
        .containsExactly(
            "CA;Replicating Directory Changes", "CA;Replicating Directory Changes All");
  }

  @Test
  void exchangeHybridExactIsReadWriteAllPropertiesOnFourClasses() {
    assertThat(dsacls(WritebackFeature.EXCHANGE_HYBRID, PermissionMode.MICROSOFT_EXACT, false))
        .containsExactly(
            "RPWP;;user /I:S",
            "RPWP;;inetOrgPerson /I:S",
            "RPWP;;group /I:S",
            "RPWP;;contact /I:S");
  }

  @Test
  void exchangeHybridLeastPrivilegeWritesOnlyTheListedAttributes() {
    List<GrantTemplate> grants =
        FeatureCatalog.grants(
            WritebackFeature.EXCHANGE_HYBRID, PermissionMode.LEAST_PRIVILEGE, false);
    assertThat(grants).allSatisfy(g -> assertThat(g.rights()).isEqualTo("WP"));
    assertThat(grants).allSatisfy(g -> assertThat(g.objectType()).isPresent());
    assertThat(grants).hasSize(FeatureCatalog.EXCHANGE_HYBRID_USER_ATTRIBUTES.size() * 2 + 2);
    assertThat(dsacls(WritebackFeature.EXCHANGE_HYBRID, PermissionMode.LEAST_PRIVILEGE, false))
        .contains("WP;proxyAddresses;contact /I:S", "WP;msExchUCVoiceMailSettings;user /I:S");
  }

  @Test
  void groupWritebackExactKeepsTheCmdletsAceAndMakesCreationInTheOuPossible() {
    assertThat(dsacls(WritebackFeature.GROUP, PermissionMode.MICROSOFT_EXACT, false))
        .containsExactly("GRGWCCDCSDDT;;group /I:S", "CCDC;group /I:T");
  }

  @Test
  void leastPrivilegeNeverGrantsGenericRightsOrTouchesTheWholeDomainForOuFeatures() {
    for (WritebackFeature f : WritebackFeature.values()) {
      for (GrantTemplate g : FeatureCatalog.grants(f, PermissionMode.LEAST_PRIVILEGE, true)) {
        if (f != WritebackFeature.HYBRID_JOIN && f != WritebackFeature.DEVICE) {
          assertThat(g.rights()).as(f + " " + g).doesNotContain("GA", "GW");
        }
      }
    }
    assertThat(FeatureCatalog.grants(WritebackFeature.GROUP, PermissionMode.LEAST_PRIVILEGE, false))
        .allSatisfy(g -> assertThat(g.target()).isEqualTo(TargetKind.GROUP_OU));
  }

  @Test
  void deviceWritebackCreatesItsObjectsParentsFirst() {
    assertThat(FeatureCatalog.objects(WritebackFeature.DEVICE))
        .extracting(ObjectTemplate::objectClass)
        .containsExactly(
            "msDS-DeviceContainer",
            "container",
            "msDS-DeviceRegistrationServiceContainer",
            "msDS-DeviceRegistrationService");
  }

  @Test
  void everyFeatureButTheAccountHardeningGrantsSomething() {
    for (WritebackFeature f : WritebackFeature.values()) {
      for (PermissionMode m : PermissionMode.values()) {
        if (f != WritebackFeature.RESTRICTED_ACCOUNT) {
          assertThat(FeatureCatalog.grants(f, m, false)).as(f + " " + m).isNotEmpty();
        }
      }
    }
  }

  @Test
  void featuresAreFoundByTheirCommandLineNames() {
    assertThat(WritebackFeature.fromCliName("Password-Hash-Sync"))
        .contains(WritebackFeature.PASSWORD_HASH_SYNC);
    assertThat(WritebackFeature.fromCliName("nope")).isEmpty();
    assertThat(WritebackFeature.cliNames())
        .isEqualTo(
            "device group password exchange-hybrid user hybrid-join ngc-keys password-hash-sync"
                + " consistency-guid basic-read exchange-public-folder restricted-account");
  }
}
