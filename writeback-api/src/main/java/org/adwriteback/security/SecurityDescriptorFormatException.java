package org.adwriteback.security;

/**
 * Thrown when bytes are not a valid self-relative security descriptor, ACL, ACE or SID (MS-DTYP
 * 2.4.6, 2.4.5, 2.4.4, 2.4.2). The message names the byte offset and what was wrong there. This is
 * the only exception the binary parser throws for malformed input.
 */
public final class SecurityDescriptorFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Byte offset of the problem. */
  private final int offset;

  /** What was wrong. */
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param offset byte offset of the problem in the parsed buffer
   * @param reason what was wrong there
   */
  public SecurityDescriptorFormatException(int offset, String reason) {
    super("malformed security descriptor at byte " + offset + ": " + reason);
    this.offset = offset;
    this.reason = reason;
  }

  /**
   * Returns the byte offset of the problem.
   *
   * @return the offset into the parsed buffer
   */
  public int offset() {
    return offset;
  }

  /**
   * Returns what was wrong, without the offset.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}
