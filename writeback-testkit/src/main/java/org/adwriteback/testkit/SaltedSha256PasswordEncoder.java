package org.adwriteback.testkit;

import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldap.listener.InMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import com.unboundid.ldap.sdk.ResultCode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * How the testkit stores unicodePwd: {@code {SSHA256}} + base64(SHA-256(password ‖ salt) ‖ salt),
 * with a 16-byte random salt, the format of UnboundID's {@code
 * SaltedMessageDigestInMemoryPasswordEncoder}. That encoder shares one {@link MessageDigest}
 * between all connections without synchronisation, so two binds checked at the same moment could
 * corrupt each other's digest and fail with invalid credentials (52e) although the password was
 * right; this one takes a digest per call. AD never discloses its password storage; the testkit
 * stores no clear text and never returns the value.
 */
final class SaltedSha256PasswordEncoder extends InMemoryPasswordEncoder {

  private static final int DIGEST_LENGTH = 32;
  private static final int SALT_LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  SaltedSha256PasswordEncoder() {
    super("{SSHA256}", Base64PasswordEncoderOutputFormatter.getInstance());
  }

  @Override
  protected byte[] encodePassword(
      byte[] clearPassword, ReadOnlyEntry userEntry, List<Modification> modifications) {
    byte[] salt = new byte[SALT_LENGTH];
    RANDOM.nextBytes(salt);
    byte[] digest = digest(clearPassword, salt);
    byte[] out = Arrays.copyOf(digest, DIGEST_LENGTH + SALT_LENGTH);
    System.arraycopy(salt, 0, out, DIGEST_LENGTH, SALT_LENGTH);
    Arrays.fill(digest, (byte) 0);
    return out;
  }

  @Override
  protected void ensurePreEncodedPasswordAppearsValid(
      byte[] encoded, ReadOnlyEntry userEntry, List<Modification> modifications)
      throws LDAPException {
    if (encoded.length <= DIGEST_LENGTH) {
      throw new LDAPException(
          ResultCode.CONSTRAINT_VIOLATION,
          "a pre-encoded {SSHA256} password needs a 32-byte digest followed by a salt");
    }
  }

  @Override
  protected boolean passwordMatches(byte[] clearPassword, byte[] encoded, ReadOnlyEntry userEntry) {
    if (encoded.length <= DIGEST_LENGTH) {
      return false;
    }
    byte[] salt = Arrays.copyOfRange(encoded, DIGEST_LENGTH, encoded.length);
    byte[] computed = digest(clearPassword, salt);
    boolean same = MessageDigest.isEqual(computed, Arrays.copyOf(encoded, DIGEST_LENGTH));
    Arrays.fill(computed, (byte) 0);
    return same;
  }

  @Override
  protected byte[] extractClearPassword(byte[] encoded, ReadOnlyEntry userEntry)
      throws LDAPException {
    throw new LDAPException(
        ResultCode.NOT_SUPPORTED,
        "a salted SHA-256 password cannot be turned back into clear text");
  }

  @Override
  public void toString(StringBuilder buffer) {
    buffer.append("SaltedSha256PasswordEncoder(prefix='").append(getPrefix()).append("')");
  }

  private static byte[] digest(byte[] clearPassword, byte[] salt) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(clearPassword);
      sha.update(salt);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
