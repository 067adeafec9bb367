package org.adwriteback.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The socket factory the plain LDAP listener uses for StartTLS. UnboundID's listener handles
 * StartTLS before operation interceptors see it, but it upgrades the socket on the thread that
 * serves the connection and keeps serving that connection on the same thread; this factory marks
 * that thread, so the interceptor knows the connection is now encrypted.
 */
final class StartTlsSocketFactory extends SSLSocketFactory {

  private static final ThreadLocal<Boolean> UPGRADED = ThreadLocal.withInitial(() -> false);

  private final SSLSocketFactory delegate;

  StartTlsSocketFactory(SSLSocketFactory delegate) {
    this.delegate = delegate;
  }

  /** Returns whether the connection served by the current thread was upgraded by StartTLS. */
  static boolean upgradedOnThisThread() {
    return UPGRADED.get();
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose)
      throws IOException {
    Socket tls = delegate.createSocket(s, host, port, autoClose);
    UPGRADED.set(true);
    return tls;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return delegate.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return delegate.createSocket(host, port);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return delegate.createSocket(host, port, localHost, localPort);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return delegate.createSocket(host, port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return delegate.createSocket(address, port, localAddress, localPort);
  }
}
