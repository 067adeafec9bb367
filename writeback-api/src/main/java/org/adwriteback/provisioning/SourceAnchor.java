package org.adwriteback.provisioning;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.adwriteback.security.GuidBytes;

/**
 * The cloud identity of a written-back object: its Entra object id, and the two on-premises forms
 * it is stored in (permissions.md §4 and §7).
 *
 * <p>{@link #consistencyGuid()} is the 16-byte MS-DTYP 2.3.4.2 form stored in {@code
 * mS-DS-ConsistencyGuid}; {@link #cloudAnchor(ObjectKind)} is the string form {@code
 * User_<objectId>} stored in {@code msDS-ExternalDirectoryObjectId} (and {@code Group_…} in
 * adminDescription, {@code Device_…} in msDS-CloudAnchor). Both are looked up before anything is
 * created, which makes every write idempotent.
 *
 * @param objectId the Entra object id
 */
public record SourceAnchor(UUID objectId) {

  /** Checks the id is not null. */
  public SourceAnchor {
    Objects.requireNonNull(objectId, "objectId");
  }

  /**
   * Parses an object id in registry form ({@code 8-4-4-4-12} hex digits, optionally in braces).
   *
   * @param text the object id
   * @return the anchor, or empty when the text is not a GUID
   */
  public static Optional<SourceAnchor> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    if (t.startsWith("{") && t.endsWith("}")) {
      t = t.substring(1, t.length() - 1);
    }
    if (t.length() != 36) {
      return Optional.empty();
    }
    // 8-4-4-4-12 hex digits, read by hand: a batch parses every member id of every group (twice,
    // checked and then resolved), and a regular expression made that half of a group batch's CPU
    long high = 0;
    long low = 0;
    int digits = 0;
    for (int i = 0; i < 36; i++) {
      char ch = t.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (ch != '-') {
          return Optional.empty();
        }
        continue;
      }
      int v = hexDigit(ch);
      if (v < 0) {
        return Optional.empty();
      }
      if (digits < 16) {
        high = (high << 4) | v;
      } else {
        low = (low << 4) | v;
      }
      digits++;
    }
    return Optional.of(new SourceAnchor(new UUID(high, low)));
  }

  /** The value of an ASCII hex digit, or -1 (other scripts' digits are not accepted). */
  private static int hexDigit(char ch) {
    if (ch >= '0' && ch <= '9') {
      return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
      return ch - 'a' + 10;
    }
    if (ch >= 'A' && ch <= 'F') {
      return ch - 'A' + 10;
    }
    return -1;
  }

  /**
   * Returns the {@code mS-DS-ConsistencyGuid} value: the object id in the MS-DTYP 2.3.4.2 layout.
   *
   * @return 16 new bytes
   */
  public byte[] consistencyGuid() {
    return GuidBytes.toBytes(objectId);
  }

  /**
   * Returns the anchor string of a kind of object, {@code <Prefix>_<objectId>} in lower case.
   *
   * @param kind user, group or device
   * @return e.g. {@code User_5f0c…}
   */
  public String cloudAnchor(ObjectKind kind) {
    return kind.prefix() + text();
  }

  /**
   * Returns the last 12 hex digits of the object id, the suffix of the {@code <displayName>_<last
   * 12>} group RDN.
   *
   * @return 12 lower-case hex digits
   */
  public String last12() {
    String t = text();
    return t.substring(t.length() - 12);
  }

  /**
   * Returns the object id in lower-case registry form.
   *
   * @return {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}
   */
  public String text() {
    return objectId.toString().toLowerCase(Locale.ROOT);
  }
}
