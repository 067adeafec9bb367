package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.provisioning.DeviceUpsert;
import org.adwriteback.provisioning.DeviceView;
import org.adwriteback.provisioning.ExchangeHybridUpdate;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.GroupDelete;
import org.adwriteback.provisioning.GroupUpsert;
import org.adwriteback.provisioning.PasswordChange;
import org.adwriteback.provisioning.PasswordReset;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.SourceAnchor;
import org.adwriteback.provisioning.UserDelete;
import org.adwriteback.provisioning.UserUpsert;
import org.adwriteback.provisioning.WritebackRequest;
import org.adwriteback.provisioning.WritebackResult;

/**
 * Executes one writeback request at a time over a bound connection (permissions.md §4 and §7):
 * password reset and change, user, group and device writeback, Exchange hybrid attributes.
 *
 * <p>Every request is checked before anything is sent: its own {@link WritebackRequest#problems()},
 * then what only the directory can tell (the target container, the members, the schema attributes).
 * Objects are looked up by source anchor first, so re-running a request converges and creates
 * nothing twice; a DN taken by an object with another anchor gets a unique RDN, reported in the
 * result's notes, and is never overwritten. {@link #plan} answers what {@link #apply} would do
 * without writing. Thread-safe: one instance can serve a pool.
 */
public final class Provisioner {

  private final ProvisioningSettings settings;
  private volatile DirectoryInfo directory;

  /**
   * Creates a provisioner.
   *
   * @param settings target containers and options
   */
  public Provisioner(ProvisioningSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Returns the settings.
   *
   * @return the settings
   */
  public ProvisioningSettings settings() {
    return settings;
  }

  /**
   * Applies a request.
   *
   * @param connection a bound connection (LDAPS or StartTLS for password operations)
   * @param request the request
   * @return what was done; {@link WritebackResult.Failed} with {@link FailureKind#UNAVAILABLE} when
   *     the server could not be reached (a batch retries those)
   */
  public WritebackResult apply(LDAPConnection connection, WritebackRequest request) {
    return once(connection, request, false);
  }

  /**
   * Tells what {@link #apply} would do, reading but writing nothing (dry run).
   *
   * @param connection a bound connection
   * @param request the request
   * @return the result the request would have
   */
  public WritebackResult plan(LDAPConnection connection, WritebackRequest request) {
    return once(connection, request, true);
  }

  /**
   * Reads the members of a group with range retrieval ({@code member;range=0-1499}, MS-ADTS
   * 3.1.1.3.1.3.3), so groups larger than the server's MaxValRange are read completely.
   *
   * @param connection a bound connection
   * @param groupDn the group
   * @return the member DNs
   * @throws WritebackException if the group cannot be read
   */
  public List<String> readMembers(LDAPConnection connection, String groupDn)
      throws WritebackException {
    try {
      return RangedValues.read(connection, groupDn, "member");
    } catch (LDAPException e) {
      throw WritebackException.from(e, "read the members of " + groupDn, "");
    }
  }

  /**
   * Reads a written-back device with its owner and users resolved to {@code DOMAIN\sam}.
   *
   * @param connection a bound connection
   * @param deviceId the device id (msDS-DeviceID)
   * @return the device, or empty when there is none with that id
   * @throws WritebackException if the directory cannot be read or the id is not a GUID
   */
  public Optional<DeviceView> readDevice(LDAPConnection connection, String deviceId)
      throws WritebackException {
    try {
      return Devices.read(connection, directory(connection), settings, deviceId);
    } catch (LDAPException e) {
      throw WritebackException.from(e, "read the device " + deviceId, "");
    } catch (ItemFailure f) {
      throw new WritebackException(
          f.kind() == FailureKind.INVALID_INPUT
              ? WritebackException.Reason.INVALID_INPUT
              : WritebackException.Reason.PREREQUISITE_MISSING,
          f.getMessage());
    }
  }

  private WritebackResult once(LDAPConnection c, WritebackRequest r, boolean dryRun) {
    try {
      return execute(c, r, dryRun);
    } catch (LDAPException e) {
      return new WritebackResult.Failed(
          FailureKind.UNAVAILABLE,
          "could not "
              + (dryRun ? "plan " : "apply ")
              + r.key()
              + ": "
              + e.getResultCode().getName()
              + " ("
              + e.getResultCode().intValue()
              + ") "
              + String.valueOf(e.getDiagnosticMessage())
              + ". The server was unreachable or busy; run the request again");
    }
  }

  /**
   * Runs a request; permanent failures become {@link WritebackResult.Failed}, transient ones are
   * thrown so that a batch can retry them.
   */
  WritebackResult execute(LDAPConnection c, WritebackRequest r, boolean dryRun)
      throws LDAPException {
    return execute(c, r, dryRun, null);
  }

  /**
   * Reads what a batch of creations needs to know about the domain once (see {@link BatchIndex}).
   */
  BatchIndex loadIndex(LDAPConnection c, Collection<SourceAnchor> groupAnchors)
      throws LDAPException {
    return BatchIndex.load(c, directory(c), settings, groupAnchors);
  }

  /**
   * Reads again, for an index read for an earlier batch, whether the groups of this batch exist
   * (see {@link BatchIndex#refreshGroups}).
   */
  BatchIndex refreshIndex(
      LDAPConnection c, BatchIndex previous, Collection<SourceAnchor> groupAnchors)
      throws LDAPException {
    return previous.refreshGroups(c, directory(c), groupAnchors);
  }

  /** Runs a request, using the batch index when there is one (null: look everything up). */
  WritebackResult execute(LDAPConnection c, WritebackRequest r, boolean dryRun, BatchIndex index)
      throws LDAPException {
    List<String> problems = r.problems();
    if (!problems.isEmpty()) {
      return new WritebackResult.Failed(
          FailureKind.INVALID_INPUT, r.key() + " was not sent: " + String.join("; ", problems));
    }
    try {
      DirectoryInfo d = directory(c);
      if (r instanceof PasswordReset reset) {
        return Passwords.reset(c, d, settings, reset, dryRun);
      } else if (r instanceof PasswordChange change) {
        return Passwords.change(c, d, settings, change, dryRun);
      } else if (r instanceof UserUpsert user) {
        WritebackResult result = Users.upsert(c, d, settings, user, dryRun, index);
        if (index != null && result instanceof WritebackResult.Created created) {
          index.recordUser(user.anchor(), created.dn());
        }
        return result;
      } else if (r instanceof UserDelete delete) {
        return Users.delete(c, d, settings, delete, dryRun);
      } else if (r instanceof GroupUpsert group) {
        WritebackResult result = Groups.upsert(c, d, settings, group, dryRun, index);
        if (index != null && result instanceof WritebackResult.Created created) {
          index.recordGroup(group.anchor(), created.dn());
        }
        return result;
      } else if (r instanceof GroupDelete delete) {
        return Groups.delete(c, d, delete, dryRun);
      } else if (r instanceof DeviceUpsert device) {
        return Devices.upsert(c, d, settings, device, dryRun);
      } else if (r instanceof ExchangeHybridUpdate exchange) {
        return ExchangeHybrid.update(c, d, settings, exchange, dryRun);
      }
      throw new IllegalStateException("unknown request type " + r.getClass().getName());
    } catch (ItemFailure f) {
      return f.toResult();
    } catch (LDAPException e) {
      if (Failures.isTransient(e)) {
        throw e;
      }
      return Failures.classify(e, "write " + r.key()).toResult();
    }
  }

  private DirectoryInfo directory(LDAPConnection c) throws LDAPException {
    DirectoryInfo d = directory;
    if (d == null) {
      synchronized (this) {
        d = directory;
        if (d == null) {
          d = DirectoryInfo.read(c);
          directory = d;
        }
      }
    }
    return d;
  }
}
