package org.adwriteback.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the shared TSV vectors from test resources (conventions in vectors/README.md). */
final class Vectors {

  /** The domain SID Samba's Windows run used for LA/LG (vectors README). */
  static final Sid SAMBA_TEST_DOMAIN = Sid.parse("S-1-5-21-2457507606-2709100691-398136650");

  static final SddlContext CONTEXT = SddlContext.of(SAMBA_TEST_DOMAIN);

  private Vectors() {}

  /** One data row: its 1-based line number and unescaped fields. */
  record Row(int line, List<String> fields) {
    String get(int i) {
      return i < fields.size() ? fields.get(i) : "";
    }

    @Override
    public String toString() {
      String f = get(1);
      return "line " + line + ": " + (f.length() > 80 ? f.substring(0, 80) + "..." : f);
    }
  }

  static List<Row> read(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource vectors/" + name);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<Row> rows = new ArrayList<>();
      String line = r.readLine(); // header
      int n = 1;
      while ((line = r.readLine()) != null) {
        n++;
        List<String> fields = new ArrayList<>();
        for (String f : line.split("\t", -1)) {
          fields.add(unescape(f));
        }
        rows.add(new Row(n, fields));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String unescape(String f) {
    if (f.indexOf('\\') < 0) {
      return f;
    }
    StringBuilder sb = new StringBuilder(f.length());
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c != '\\' || i + 1 == f.length()) {
        sb.append(c);
        continue;
      }
      char e = f.charAt(++i);
      switch (e) {
        case 't' -> sb.append('\t');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case '\\' -> sb.append('\\');
        case 'u' -> {
          sb.append((char) Integer.parseInt(f.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> sb.append('\\').append(e);
      }
    }
    return sb.toString();
  }
}
