package org.adwriteback.testkit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.schema.EntryValidator;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the content-rule check (MS-ADTS 3.1.1.2.2.3: each attribute must be allowed by the entry's
 * classes) out of UnboundID's in-memory server, so that the testkit makes it instead, on what
 * clients write and outside the server's write lock. (The value-syntax check is moved the same way,
 * through the server's configuration: {@code AdDirectory} turns it off and {@link
 * UpdateConstraints#checkValues} checks what clients write.)
 *
 * <p>Why: UnboundID validates every added or modified entry while it holds the one write lock of
 * the whole directory, and for the content check it rebuilds the union of the MAY lists of the
 * entry's classes on every write: for an AD user about 400 attribute types, the largest single cost
 * of an add or modify under the lock (JFR, 10k-user forest: a third of it). Every write waits
 * behind it, including the memberOf back link a group add writes for each member, which
 * re-validated the whole member entry. {@link UpdateConstraints#requireAllowedAttributes} checks
 * the attribute names from a set cached per objectClass list, in the client's connection thread.
 *
 * <p>UnboundID offers no setting for this check ({@code InMemoryDirectoryServerConfig} controls
 * only the syntax and structural-class checks), so the server's validator is reached by reflection
 * on two private fields. When they are not there (another UnboundID version), nothing changes: the
 * server keeps its check, the testkit does not add its own, and the results are UnboundID's, only
 * slower. The validator's other checks (undefined attributes, required attributes, single values,
 * object classes) stay in place.
 */
final class ServerSchemaChecks {

  private static final Logger LOG = LoggerFactory.getLogger(ServerSchemaChecks.class);

  private ServerSchemaChecks() {}

  /** UnboundID's request handler behind the server (a private field). */
  static Object handler(InMemoryDirectoryServer server) throws ReflectiveOperationException {
    Field field = InMemoryDirectoryServer.class.getDeclaredField("inMemoryHandler");
    field.setAccessible(true);
    return field.get(server);
  }

  /** A private field of UnboundID's request handler, made accessible. */
  static Field handlerField(Object handler, String name) throws NoSuchFieldException {
    Field field = handler.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  /**
   * Turns off the server's check that each attribute is allowed by the entry's classes.
   *
   * @param server the server, before it takes requests
   * @return true when the caller must now make that check itself (on what clients write), false
   *     when the server still makes it
   */
  static boolean takeOverAllowedAttributeCheck(InMemoryDirectoryServer server) {
    try {
      Object handler = handler(server);
      Field validatorField = handlerField(handler, "entryValidatorRef");
      if (!(validatorField.get(handler) instanceof AtomicReference<?> ref)
          || !(ref.get() instanceof EntryValidator validator)) {
        return false;
      }
      validator.setCheckProhibitedAttributes(false);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug(
          "UnboundID's in-memory server keeps its own allowed-attribute check"
              + " (its validator is not where this version expects it): {}",
          e.toString());
      return false;
    }
  }
}
