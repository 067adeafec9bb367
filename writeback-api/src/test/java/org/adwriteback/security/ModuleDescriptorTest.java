package org.adwriteback.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins the published JPMS descriptor: the module name, what it exports and what it needs at run
 * time.
 */
class ModuleDescriptorTest {

  private static ModuleDescriptor descriptor() throws IOException {
    try (InputStream in = Files.newInputStream(Path.of("target", "classes", "module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }

  @Test
  void exportsOnlyThePublicPackages() throws IOException {
    ModuleDescriptor d = descriptor();
    assertThat(d.name()).isEqualTo("org.adwriteback.api");
    assertThat(
            d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
        .isEqualTo(
            Set.of(
                "org.adwriteback.preparation",
                "org.adwriteback.provisioning",
                "org.adwriteback.schema",
                "org.adwriteback.security"));
    assertThat(d.exports()).allMatch(e -> !e.isQualified());
  }

  @Test
  void requiresOnlyTheDeclaredModules() throws IOException {
    Set<String> required =
        descriptor().requires().stream()
            .map(ModuleDescriptor.Requires::name)
            .filter(n -> !n.equals("java.base"))
            .collect(Collectors.toSet());
    assertThat(required).isEqualTo(Set.of());
  }
}
