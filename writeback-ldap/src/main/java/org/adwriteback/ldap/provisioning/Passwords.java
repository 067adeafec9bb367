package org.adwriteback.ldap.provisioning;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.adwriteback.ldap.PolicyHintsControl;
import org.adwriteback.provisioning.FailureKind;
import org.adwriteback.provisioning.PasswordChange;
import org.adwriteback.provisioning.PasswordReset;
import org.adwriteback.provisioning.ProvisioningSettings;
import org.adwriteback.provisioning.Secret;
import org.adwriteback.provisioning.WritebackResult;

/**
 * Password reset and change (MS-ADTS 3.1.1.3.1.5.1; permissions.md §7). Passwords exist only as
 * {@code char[]}/{@code byte[]} copies that are zeroed in {@code finally}; no password reaches a
 * log, a message or a String.
 */
final class Passwords {

  private Passwords() {}

  static WritebackResult reset(
      LDAPConnection c, DirectoryInfo d, ProvisioningSettings s, PasswordReset r, boolean dryRun)
      throws LDAPException, ItemFailure {
    requireEncrypted(c, s);
    String dn = Lookups.account(c, d, s, r.account(), "1.1").getDN();
    List<String> notes = new ArrayList<>();
    Control hints = policyHints(d, s, notes);
    List<String> attributes = new ArrayList<>(List.of("unicodePwd"));
    if (r.unlock()) {
      attributes.add("lockoutTime");
    }
    if (r.mustChange()) {
      attributes.add("pwdLastSet");
    }
    if (dryRun) {
      return new WritebackResult.Updated(dn, sorted(attributes), notes);
    }
    byte[] value = unicodePwd(r.newPassword());
    try {
      List<Modification> mods = new ArrayList<>();
      mods.add(new Modification(ModificationType.REPLACE, "unicodePwd", value));
      if (r.unlock()) {
        mods.add(new Modification(ModificationType.REPLACE, "lockoutTime", "0"));
      }
      if (r.mustChange()) {
        mods.add(new Modification(ModificationType.REPLACE, "pwdLastSet", "0"));
      }
      ModifyRequest modify = new ModifyRequest(dn, mods);
      if (hints != null) {
        modify.addControl(hints);
      }
      c.modify(modify);
    } catch (LDAPException e) {
      if (Failures.isTransient(e)) {
        throw e;
      }
      throw refused(c, e, "reset the password of " + dn);
    } finally {
      Arrays.fill(value, (byte) 0);
    }
    return new WritebackResult.Updated(dn, sorted(attributes), notes);
  }

  static WritebackResult change(
      LDAPConnection c, DirectoryInfo d, ProvisioningSettings s, PasswordChange r, boolean dryRun)
      throws LDAPException, ItemFailure {
    requireEncrypted(c, s);
    String dn = Lookups.account(c, d, s, r.account(), "1.1").getDN();
    if (dryRun) {
      return new WritebackResult.Updated(dn, List.of("unicodePwd"), List.of());
    }
    byte[] oldValue = unicodePwd(r.oldPassword());
    byte[] newValue = unicodePwd(r.newPassword());
    try {
      c.modify(
          new ModifyRequest(
              dn,
              new Modification(ModificationType.DELETE, "unicodePwd", oldValue),
              new Modification(ModificationType.ADD, "unicodePwd", newValue)));
    } catch (LDAPException e) {
      if (Failures.isTransient(e)) {
        // a change is not idempotent: the first attempt may have been applied
        throw new ItemFailure(
            FailureKind.UNAVAILABLE,
            "the connection failed while changing the password of "
                + dn
                + " ("
                + e.getResultCode().getName()
                + "); the change may or may not have been applied: check with a bind using the new"
                + " password before retrying");
      }
      throw refused(c, e, "change the password of " + dn);
    } finally {
      Arrays.fill(oldValue, (byte) 0);
      Arrays.fill(newValue, (byte) 0);
    }
    return new WritebackResult.Updated(dn, List.of("unicodePwd"), List.of());
  }

  /**
   * Classifies a refused password write. AD takes unicodePwd only over an encrypted connection and
   * otherwise answers 53 {@code 0000001F} (MS-ADTS 3.1.1.3.1.5.1): said so with the remedy, when
   * the caller allowed a plain connection.
   */
  private static ItemFailure refused(LDAPConnection c, LDAPException e, String what) {
    ItemFailure f = Failures.classify(e, what);
    if (c.getSSLSession() == null && e.getResultCode() == ResultCode.UNWILLING_TO_PERFORM) {
      return new ItemFailure(
          f.kind(),
          f.getMessage()
              + "; AD accepts unicodePwd only over an encrypted connection: use ldaps:// or"
              + " StartTLS");
    }
    return f;
  }

  /** Refuses to go on when a password would cross an unencrypted connection. */
  static void requireEncrypted(LDAPConnection c, ProvisioningSettings s) throws ItemFailure {
    if (c.getSSLSession() == null && !s.allowUnencrypted()) {
      throw new ItemFailure(
          FailureKind.UNENCRYPTED_CONNECTION,
          "refusing to send a password to "
              + c.getConnectedAddress()
              + ":"
              + c.getConnectedPort()
              + " over an unencrypted connection: use ldaps:// or StartTLS (only a loopback test"
              + " server may be used with allowUnencrypted)");
    }
  }

  /** Encodes a password as AD's unicodePwd value: UTF-16LE of the password in double quotes. */
  static byte[] unicodePwd(Secret secret) {
    char[] plain = secret.copy();
    char[] quoted = new char[plain.length + 2];
    try {
      quoted[0] = '"';
      System.arraycopy(plain, 0, quoted, 1, plain.length);
      quoted[quoted.length - 1] = '"';
      ByteBuffer buffer = StandardCharsets.UTF_16LE.encode(CharBuffer.wrap(quoted));
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      if (buffer.hasArray()) {
        Arrays.fill(buffer.array(), (byte) 0);
      }
      return out;
    } finally {
      Arrays.fill(plain, '\0');
      Arrays.fill(quoted, '\0');
    }
  }

  private static Control policyHints(DirectoryInfo d, ProvisioningSettings s, List<String> notes)
      throws ItemFailure {
    boolean advertised = d.supportsControl(PolicyHintsControl.POLICY_HINTS_OID);
    switch (s.policyHints()) {
      case OFF:
        return null;
      case NON_CRITICAL:
        if (!advertised) {
          notes.add(
              "the server does not advertise the policy hints control; it was sent non-critical"
                  + " and password history may not apply to this reset");
        }
        return PolicyHintsControl.enforce(false);
      case REQUIRED:
        if (!advertised) {
          throw new ItemFailure(
              FailureKind.PREREQUISITE_MISSING,
              "the server does not support the policy hints control "
                  + PolicyHintsControl.POLICY_HINTS_OID
                  + " (Windows Server 2012 R2 or later does); nothing was sent. Use policy hints"
                  + " AUTO or NON_CRITICAL to reset without history enforcement");
        }
        return PolicyHintsControl.enforce(true);
      case AUTO:
      default:
        if (!advertised) {
          notes.add(
              "the server does not advertise the policy hints control; the reset was sent"
                  + " without it, so password history was not checked");
          return null;
        }
        return PolicyHintsControl.enforce(true);
    }
  }

  static List<String> sorted(List<String> attributes) {
    List<String> copy = new ArrayList<>(attributes);
    copy.sort(String.CASE_INSENSITIVE_ORDER);
    return copy;
  }
}
