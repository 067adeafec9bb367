package org.adwriteback.schema;

/**
 * Thrown when a dsacls permission statement ({@link DsaclsNotation}) is malformed: says where and
 * what was expected.
 */
public final class DsaclsSyntaxException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The statement that failed. */
  private final String statement;

  /** The character offset of the problem in {@link #statement}. */
  private final int offset;

  /**
   * Creates the exception.
   *
   * @param statement the statement that failed
   * @param offset the character offset of the problem
   * @param problem what was wrong or expected
   */
  public DsaclsSyntaxException(String statement, int offset, String problem) {
    super("dsacls statement '" + statement + "' at offset " + offset + ": " + problem);
    this.statement = statement;
    this.offset = offset;
  }

  /**
   * The statement that failed.
   *
   * @return the input
   */
  public String statement() {
    return statement;
  }

  /**
   * The character offset of the problem.
   *
   * @return the offset
   */
  public int offset() {
    return offset;
  }
}
