package org.adwriteback.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.adwriteback.security.SecurityToken;
import org.adwriteback.security.Sid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which cached tokens a change of a group's members drops ({@link TokenCache#membersChanged}):
 * exactly those built through a member added or removed, every one whose primary group was missing,
 * and any computation that overlapped the drop. Entries live in a map here, and the builder counts
 * its calls, so a token kept or built again is seen directly.
 */
class TokenCacheDropTest {

  private static final String DOMAIN = "S-1-5-21-1-2-3";

  private final Map<String, Entry> entries = new HashMap<>();
  private final AtomicInteger builds = new AtomicInteger();
  private Runnable duringBuild = () -> {};
  private TokenCache cache;

  @BeforeEach
  void entries() throws Exception {
    put("CN=alice,DC=x", 1101, "CN=Inner,DC=x");
    put("CN=bob,DC=x", 1102);
    put("CN=Inner,DC=x", 1201, "CN=Outer,DC=x");
    put("CN=Outer,DC=x", 1202);
    cache =
        new TokenCache(
            dn -> entries.get(key(dn)),
            sid ->
                entries.values().stream()
                    .filter(
                        e ->
                            Sid.fromBytes(e.getAttributeValueBytes("objectSid"))
                                .toString()
                                .equals(sid))
                    .findFirst(),
            (account, resource, lookup, bySid) -> {
              builds.incrementAndGet();
              duringBuild.run();
              // the transitive memberOf walk and the primary group, as AdSecurity.token reads them
              List<Sid> groups = new ArrayList<>();
              String primary = account.getAttributeValue("primaryGroupID");
              if (primary != null) {
                bySid.apply(DOMAIN + "-" + primary);
              }
              List<String> todo = new ArrayList<>(memberOf(account));
              while (!todo.isEmpty()) {
                Entry g = lookup.apply(todo.remove(0));
                if (g != null) {
                  groups.add(Sid.fromBytes(g.getAttributeValueBytes("objectSid")));
                  todo.addAll(memberOf(g));
                }
              }
              return SecurityToken.of(
                  Sid.fromBytes(account.getAttributeValueBytes("objectSid")), groups);
            });
  }

  private static List<String> memberOf(Entry e) {
    String[] v = e.getAttributeValues("memberOf");
    return v == null ? List.of() : List.of(v);
  }

  private static String key(String dn) {
    try {
      return DN.normalize(dn);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private Entry put(String dn, int rid, String... memberOf) {
    Entry e = new Entry(dn);
    e.addAttribute("objectSid", Sid.parse(DOMAIN + "-" + rid).toBytes());
    if (memberOf.length > 0) {
      e.addAttribute("memberOf", memberOf);
    }
    entries.put(key(dn), e);
    return e;
  }

  private SecurityToken token(String dn) throws Exception {
    return cache.of(new DN(dn), Optional.empty()).orElseThrow().token();
  }

  private void changed(String... members) throws Exception {
    List<DN> dns = new ArrayList<>();
    for (String m : members) {
      dns.add(new DN(m));
    }
    cache.membersChanged(dns);
  }

  @Test
  void aChangeOfUnrelatedMembersKeepsTheToken() throws Exception {
    token("CN=alice,DC=x");
    token("CN=bob,DC=x");
    assertThat(builds).hasValue(2);
    changed("CN=bob,DC=x", "CN=somebody else,DC=x");
    token("CN=alice,DC=x");
    assertThat(builds).as("alice's token is not built through bob").hasValue(2);
    token("CN=bob,DC=x");
    assertThat(builds).as("bob's token is").hasValue(3);
  }

  @Test
  void aChangeOfAGroupTheTokenWasBuiltThroughDropsIt() throws Exception {
    assertThat(token("CN=alice,DC=x").groups()).hasSize(2);
    // Outer's own membership changes (Outer joins Top): alice reaches Outer through Inner
    put("CN=Top,DC=x", 1203);
    put("CN=Outer,DC=x", 1202, "CN=Top,DC=x");
    changed("cn=OUTER, dc=X"); // another spelling of the same DN
    assertThat(token("CN=alice,DC=x").groups()).hasSize(3);
    assertThat(builds).hasValue(2);
  }

  @Test
  void aTokenWhosePrimaryGroupWasMissingIsDroppedByAnyChange() throws Exception {
    Entry carol = put("CN=carol,DC=x", 1103);
    carol.addAttribute("primaryGroupID", "1299"); // no such group yet
    token("CN=carol,DC=x");
    changed("CN=nobody,DC=x");
    token("CN=carol,DC=x");
    assertThat(builds).hasValue(2);
    put("CN=Primary,DC=x", 1299);
    token("CN=carol,DC=x"); // found now: built through it, and kept
    changed("CN=nobody,DC=x");
    token("CN=carol,DC=x");
    assertThat(builds).hasValue(3);
  }

  @Test
  void aComputationThatOverlapsADropIsNotKept() throws Exception {
    // the drop happens while alice's token is built, after it read Inner: it must not be kept
    duringBuild =
        () -> {
          duringBuild = () -> {};
          try {
            changed("CN=Inner,DC=x");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    token("CN=alice,DC=x");
    token("CN=alice,DC=x");
    assertThat(builds).hasValue(2);
    token("CN=alice,DC=x");
    assertThat(builds).as("the second build is kept").hasValue(2);
  }

  @Test
  void aFullInvalidationDropsEveryToken() throws Exception {
    token("CN=alice,DC=x");
    token("CN=bob,DC=x");
    cache.invalidate();
    token("CN=alice,DC=x");
    token("CN=bob,DC=x");
    assertThat(builds).hasValue(4);
  }
}
