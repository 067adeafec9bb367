package org.adwriteback.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Loads the Samba AD DC fixtures (fixtures/samba, see its README) for the security tests. */
final class SambaFixtures {

  static final Sid DOMAIN = Sid.parse("S-1-5-21-765564593-3758474354-1173743603");
  static final Sid SVC = DOMAIN.withRid(1111);
  static final Sid HELPER = DOMAIN.withRid(1112);
  static final Sid DOMAIN_ADMINS = DOMAIN.withRid(512);
  static final Sid DOMAIN_USERS = DOMAIN.withRid(513);

  static final UUID CLASS_USER = UUID.fromString("bf967aba-0de6-11d0-a285-00aa003049e2");
  static final UUID CLASS_GROUP = UUID.fromString("bf967a9c-0de6-11d0-a285-00aa003049e2");
  static final UUID CLASS_COMPUTER = UUID.fromString("bf967a86-0de6-11d0-a285-00aa003049e2");
  static final UUID CLASS_OU = UUID.fromString("bf967aa5-0de6-11d0-a285-00aa003049e2");

  private SambaFixtures() {}

  /** One row: dn, object class (may be empty), sd_flags, descriptor. */
  record Row(String dn, String objectClass, int sdFlags, SecurityDescriptor sd) {}

  static List<String[]> lines(String file) {
    try (InputStream in = SambaFixtures.class.getResourceAsStream("/fixtures/samba/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + file);
      }
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return reader.lines().skip(1).map(l -> l.split("\t", -1)).collect(Collectors.toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows of descriptors.tsv or inheritance.tsv keyed by "dn|sd_flags". */
  static Map<String, Row> descriptors(String file) {
    Map<String, Row> out = new LinkedHashMap<>();
    for (String[] l : lines(file)) {
      Row r =
          new Row(
              l[0],
              l[1],
              Integer.parseInt(l[2]),
              SecurityDescriptor.fromBytes(HexFormat.of().parseHex(l[3])));
      out.put(l[0] + "|" + l[2], r);
    }
    return out;
  }

  static SecurityDescriptor sd(String file, String dn, int sdFlags) {
    Row r = descriptors(file).get(dn + "|" + sdFlags);
    if (r == null) {
      throw new IllegalStateException("no row " + dn + " with sd_flags " + sdFlags + " in " + file);
    }
    return r.sd();
  }
}
