package org.adwriteback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.RootDSE;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.adwriteback.ldap.AdConnections;
import org.adwriteback.ldap.ConnectionSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

  @Test
  void servesAForestThatAnLdapsClientTrustingThePrintedCaCanBindTo() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cl = WritebackCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    ServeCommand serve = cl.getSubcommands().get("serve").getCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> cl.execute("serve", "--domain", "fabrikam.test"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!out.toString().contains("CA certificate") && System.nanoTime() < deadline) {
      assertThat(exit).isNotDone();
      Thread.sleep(50);
    }
    String printed = out.toString();
    String ldaps = find(printed, "LDAPS\\s+(\\S+)");
    String password = find(printed, "password (\\S+)");
    Path ca = Path.of(find(printed, "CA certificate (\\S+)"));
    ConnectionSettings settings =
        ConnectionSettings.forUrl(ldaps)
            .trustCaCertificate(ca)
            .bind("Administrator@fabrikam.test", password.toCharArray())
            .build();
    try (LDAPConnection c = AdConnections.open(settings)) {
      RootDSE root = c.getRootDSE();
      assertThat(root.getAttributeValue("defaultNamingContext")).isEqualTo("DC=fabrikam,DC=test");
    } finally {
      serve.stop.countDown();
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("stopped");
  }

  private static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("output has " + regex + ":\n" + text).isTrue();
    return m.group(1);
  }
}
