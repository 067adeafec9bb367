package org.adwriteback.security;

/**
 * Thrown when a string is not valid SDDL (MS-DTYP 2.5.1). The message gives the character offset of
 * the problem and what was expected there. This is the only exception the SDDL parser throws for
 * malformed input.
 */
public final class SddlParseException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Character offset of the problem. */
  private final int offset;

  /** What was expected or wrong. */
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param sddl the input (quoted in the message, shortened if long)
   * @param offset character offset of the problem
   * @param reason what was expected there
   */
  public SddlParseException(String sddl, int offset, String reason) {
    super(
        "invalid SDDL at offset " + offset + ": " + reason + " in '" + excerpt(sddl, offset) + "'");
    this.offset = offset;
    this.reason = reason;
  }

  private static String excerpt(String s, int offset) {
    if (s.length() <= 120) {
      return s;
    }
    int from = Math.max(0, Math.min(offset, s.length()) - 50);
    int to = Math.min(s.length(), from + 100);
    return (from > 0 ? "..." : "") + s.substring(from, to) + (to < s.length() ? "..." : "");
  }

  /**
   * Returns the character offset of the problem.
   *
   * @return the offset into the SDDL string
   */
  public int offset() {
    return offset;
  }

  /**
   * Returns what was expected or wrong, without the offset.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}
