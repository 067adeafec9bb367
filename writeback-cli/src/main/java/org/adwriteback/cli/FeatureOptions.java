package org.adwriteback.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.adwriteback.preparation.PermissionMode;
import org.adwriteback.preparation.PreparationRequest;
import org.adwriteback.preparation.WritebackFeature;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The options that say what to prepare: features, connector account, targets and mode. */
final class FeatureOptions {

  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  /** Either named features or all of them. */
  static final class Which {
    @Option(
        names = "--feature",
        paramLabel = "F",
        description =
            "a feature, repeatable: device group password exchange-hybrid user hybrid-join ngc-keys"
                + " password-hash-sync consistency-guid basic-read exchange-public-folder"
                + " restricted-account")
    List<String> features = new ArrayList<>();

    @Option(names = "--all", description = "every feature")
    boolean all;
  }

  @Option(
      names = "--account",
      required = true,
      paramLabel = "ACCOUNT",
      description = "the connector account: DOMAIN\\sam, UPN, DN or SID")
  String account;

  @Option(
      names = "--target",
      paramLabel = "DN",
      description = "grant on this container instead of every domain root (repeatable)")
  List<String> targets = new ArrayList<>();

  @Option(names = "--group-ou", paramLabel = "DN", description = "OU for written-back groups")
  String groupOu;

  @Option(names = "--user-ou", paramLabel = "DN", description = "OU for written-back users")
  String userOu;

  @Option(names = "--tenant-id", paramLabel = "GUID", description = "Entra tenant ID (hybrid-join)")
  String tenantId;

  @Option(
      names = "--tenant-domain",
      paramLabel = "NAME",
      description = "verified domain of the tenant (hybrid-join)")
  String tenantDomain;

  @Option(
      names = "--least-privilege",
      description = "grant only what the writeback needs instead of Microsoft's exact ACEs")
  boolean leastPrivilege;

  @Option(
      names = "--include-admin-sd-holder",
      description = "also grant on CN=AdminSDHolder (protected accounts)")
  boolean includeAdminSdHolder;

  @Option(names = "--include-change-password", description = "password: also grant Change Password")
  boolean includeChangePassword;

  /** Returns the selected features. */
  Set<WritebackFeature> features() throws UsageException {
    if (which.all) {
      return EnumSet.allOf(WritebackFeature.class);
    }
    Set<WritebackFeature> set = EnumSet.noneOf(WritebackFeature.class);
    for (String name : which.features) {
      for (String part : name.split(",")) {
        set.add(
            WritebackFeature.fromCliName(part)
                .orElseThrow(
                    () ->
                        new UsageException(
                            "unknown feature '"
                                + part
                                + "'; use one of: "
                                + WritebackFeature.cliNames())));
      }
    }
    return set;
  }

  /** Whether {@code --all} was given (and not a list of features). */
  boolean all() {
    return which.all;
  }

  /** Builds the request; sample defaults fill OUs and tenant for the embedded forest. */
  PreparationRequest toRequest(EmbeddedForest.Defaults defaults) throws UsageException {
    return toRequest(defaults, Set.of());
  }

  /**
   * Builds the request without the features {@code leftOut}; sample defaults fill OUs and tenant
   * for the embedded forest.
   */
  PreparationRequest toRequest(EmbeddedForest.Defaults defaults, Set<WritebackFeature> leftOut)
      throws UsageException {
    Set<WritebackFeature> features = EnumSet.copyOf(features());
    features.removeAll(leftOut);
    try {
      PreparationRequest.Builder b =
          PreparationRequest.builder(account)
              .features(features)
              .mode(
                  leastPrivilege ? PermissionMode.LEAST_PRIVILEGE : PermissionMode.MICROSOFT_EXACT)
              .includeAdminSdHolder(includeAdminSdHolder)
              .includeChangePassword(includeChangePassword);
      if (!targets.isEmpty()) {
        for (WritebackFeature f : features) {
          if (f != WritebackFeature.RESTRICTED_ACCOUNT) {
            b.scope(f, targets);
          }
        }
      }
      String g = groupOu != null ? groupOu : defaults == null ? null : defaults.groupOu();
      String u = userOu != null ? userOu : defaults == null ? null : defaults.userOu();
      if (g != null) {
        b.groupOu(g);
      }
      if (u != null) {
        b.userOu(u);
      }
      String td =
          tenantDomain != null ? tenantDomain : defaults == null ? null : defaults.tenantDomain();
      String tid = tenantId != null ? tenantId : defaults == null ? null : defaults.tenantId();
      if (td != null || tid != null) {
        if (td == null || tid == null) {
          throw new UsageException("--tenant-id and --tenant-domain go together");
        }
        UUID id;
        try {
          id = UUID.fromString(tid);
        } catch (IllegalArgumentException e) {
          throw new UsageException("--tenant-id '" + tid + "' is not a GUID");
        }
        b.tenant(id, td);
      }
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
