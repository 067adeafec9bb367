package org.adwriteback.provisioning;

import java.util.Arrays;
import java.util.Objects;

/**
 * A password held as a {@code char[]} that can be wiped: copied in, handed out as copies, never
 * printed.
 *
 * <p>{@link #toString()} never shows the characters and {@link #equals(Object)} is identity, so a
 * secret cannot leak through logs, messages or collections. The operations of {@code
 * org.adwriteback.ldap.provisioning} wipe the copies they make right after the request is sent; the
 * owner wipes the secret itself with {@link #wipe()} (or try-with-resources).
 */
public final class Secret implements AutoCloseable {

  private final char[] chars;
  private volatile boolean wiped;

  private Secret(char[] chars) {
    this.chars = chars;
  }

  /**
   * Copies a password; wipe your own array afterwards.
   *
   * @param password the characters
   * @return the secret
   */
  public static Secret of(char[] password) {
    return new Secret(Objects.requireNonNull(password, "password").clone());
  }

  /**
   * Returns a fresh copy of the characters; the caller wipes it.
   *
   * @return a copy
   * @throws IllegalStateException if the secret was wiped
   */
  public char[] copy() {
    if (wiped) {
      throw new IllegalStateException("the secret was wiped; create a new one for each request");
    }
    return chars.clone();
  }

  /**
   * Returns the number of characters.
   *
   * @return the length
   */
  public int length() {
    return chars.length;
  }

  /**
   * Tells whether {@link #wipe()} ran.
   *
   * @return true once wiped
   */
  public boolean isWiped() {
    return wiped;
  }

  /** Overwrites the characters with zeros; later {@link #copy()} calls fail. */
  public void wipe() {
    Arrays.fill(chars, '\0');
    wiped = true;
  }

  /** Same as {@link #wipe()}. */
  @Override
  public void close() {
    wipe();
  }

  @Override
  public String toString() {
    return "Secret[***]";
  }
}
