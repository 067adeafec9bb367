package org.adwriteback.cli;

/** A command-line mistake the user can fix; printed as one line, exit code 2. */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and what to do
   */
  public UsageException(String message) {
    super(message);
  }
}
