package org.adwriteback.cli;

import java.io.PrintWriter;
import org.adwriteback.ldap.WritebackException;
import org.adwriteback.preparation.PreparationException;
import org.adwriteback.security.SddlParseException;
import org.adwriteback.security.SecurityDescriptorFormatException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and the documented exit code: 2 usage, 3
 * connection/bind/TLS, 4 rights, 5 prerequisite, 1 anything else. Stack traces only with {@code
 * --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    int code;
    String message;
    if (ex instanceof UsageException) {
      code = 2;
      message = ex.getMessage();
    } else if (ex instanceof SddlParseException e) {
      code = 2;
      message = "invalid SDDL: " + e.getMessage();
    } else if (ex instanceof SecurityDescriptorFormatException e) {
      code = 2;
      message = "invalid security descriptor: " + e.getMessage();
    } else if (ex instanceof WritebackException e) {
      code = e.reason().exitCode();
      message = e.getMessage();
    } else if (ex instanceof PreparationException e) {
      code = e.reason() == PreparationException.Reason.PREREQUISITE_MISSING ? 5 : 2;
      message = e.getMessage();
    } else {
      code = 1;
      message = "unexpected error: " + ex;
    }
    err.println("writeback: " + message);
    if (verbose(parseResult)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
