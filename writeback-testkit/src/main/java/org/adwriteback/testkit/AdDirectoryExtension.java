package org.adwriteback.testkit;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs an {@link AdDirectory} for tests. Register it with
 * {@code @RegisterExtension}:
 *
 * <ul>
 *   <li>in a {@code static} field, one directory serves the whole test class and is restored to the
 *       state right after start before every test (unless {@link #keepingState()});
 *   <li>in an instance field, every test gets a fresh directory.
 * </ul>
 *
 * <pre>{@code
 * @RegisterExtension
 * static AdDirectoryExtension ad = AdDirectoryExtension.forest("contoso.test");
 *
 * @Test
 * void resetsAPassword(AdDirectory directory, LDAPConnection admin) { ... }
 * }</pre>
 *
 * <p>Test and lifecycle methods may declare parameters of type {@link AdDirectory} and {@link
 * LDAPConnection} (an LDAPS connection bound as the Administrator, closed after the test). The
 * directory and connections live in the extension context's store and are closed by JUnit.
 */
public final class AdDirectoryExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AdDirectoryExtension.class);

  private final AdConfiguration config;
  private final boolean restoreBetweenTests;

  private AdDirectoryExtension(AdConfiguration config, boolean restoreBetweenTests) {
    this.config = config;
    this.restoreBetweenTests = restoreBetweenTests;
  }

  /**
   * An extension for the {@link AdConfiguration#forest(String)} preset.
   *
   * @param dnsName the domain's DNS name
   * @return the extension
   */
  public static AdDirectoryExtension forest(String dnsName) {
    return of(AdConfiguration.forest(dnsName));
  }

  /**
   * An extension for the {@link AdConfiguration#twoDomainForest(String)} preset: the forest root
   * domain and the child domain {@code emea.<dnsName>} in one server.
   *
   * @param dnsName the forest root domain's DNS name
   * @return the extension
   */
  public static AdDirectoryExtension twoDomainForest(String dnsName) {
    return of(AdConfiguration.twoDomainForest(dnsName));
  }

  /**
   * An extension for a configuration.
   *
   * @param config the configuration
   * @return the extension
   */
  public static AdDirectoryExtension of(AdConfiguration config) {
    return new AdDirectoryExtension(Objects.requireNonNull(config, "config"), true);
  }

  /**
   * Returns an extension whose configuration is changed by {@code change}, e.g. {@code .configure(b
   * -> b.exchangeSchema(true))}.
   *
   * @param change edits a builder holding the current configuration
   * @return a new extension
   */
  public AdDirectoryExtension configure(UnaryOperator<AdConfiguration.Builder> change) {
    return new AdDirectoryExtension(change.apply(config.toBuilder()).build(), restoreBetweenTests);
  }

  /**
   * Returns an extension that does not restore a shared directory between tests, so tests of a
   * class see each other's changes (only meaningful for a static field).
   *
   * @return a new extension
   */
  public AdDirectoryExtension keepingState() {
    return new AdDirectoryExtension(config, false);
  }

  /**
   * Returns the configuration directories are started with.
   *
   * @return the configuration
   */
  public AdConfiguration configuration() {
    return config;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws LDAPException {
    context.getStore(NAMESPACE).put(key(), new Shared(AdDirectory.start(config)));
  }

  @Override
  public void beforeEach(ExtensionContext context) throws LDAPException {
    Shared shared = shared(context);
    if (shared == null) {
      context.getStore(NAMESPACE).put(key(), new Shared(AdDirectory.start(config)));
    } else if (restoreBetweenTests) {
      shared.directory().reset();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == AdDirectory.class || type == LDAPConnection.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Shared shared = shared(context);
    if (shared == null) {
      throw new ParameterResolutionException(
          "no AdDirectory is running for "
              + parameter.getDeclaringExecutable()
              + ": an instance-field AdDirectoryExtension starts its directory before each test,"
              + " so @BeforeAll methods cannot receive it; register the extension in a static"
              + " field instead");
    }
    if (parameter.getParameter().getType() == AdDirectory.class) {
      return shared.directory();
    }
    try {
      LDAPConnection c = shared.directory().connection();
      context.getStore(NAMESPACE).put(new Object(), (AutoCloseable) c::close);
      return c;
    } catch (LDAPException e) {
      throw new ParameterResolutionException(
          "cannot open an LDAPS connection to the test directory: " + e.getMessage(), e);
    }
  }

  private Shared shared(ExtensionContext context) {
    Object value = context.getStore(NAMESPACE).get(key());
    if (value != null && !(value instanceof Shared)) {
      throw new ExtensionConfigurationException(
          "the extension store holds a "
              + value.getClass().getName()
              + " where an AdDirectory was expected; is AdDirectoryExtension registered twice?");
    }
    return (Shared) value;
  }

  private String key() {
    return "directory@" + System.identityHashCode(this);
  }

  /** The running directory as a store value JUnit closes with its context. */
  private record Shared(AdDirectory directory) implements AutoCloseable {
    @Override
    public void close() {
      directory.close();
    }
  }
}
