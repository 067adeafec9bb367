package org.adwriteback.ldap.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Range retrieval (MS-ADTS 3.1.1.3.1.3.3) against an LDAP server that answers as AD does with a
 * MaxValRange of 10: {@code member;range=0-9} for a plain request of a larger attribute, the next
 * slice for {@code member;range=10-*}, the last one named {@code member;range=20-*}. An in-memory
 * server with an interceptor stands in for AD here, so that the requests can be counted; the
 * testkit, which applies MaxValRange itself, is read in one test too; RangedValuesOnSambaTest reads
 * a group of 1,600 members from Samba (which returns every value to a plain request, and slices
 * only when asked).
 */
class RangedValuesTest {

  private static final int MAX_VAL_RANGE = 10;
  private static final String BASE = "dc=contoso,dc=test";

  private InMemoryDirectoryServer server;
  private final MaxValRange limit = new MaxValRange();

  @BeforeEach
  void start() throws LDAPException {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    config.setSchema(null);
    config.addInMemoryOperationInterceptor(limit);
    server = new InMemoryDirectoryServer(config);
    server.add(
        new Entry(BASE, new Attribute("objectClass", "domain"), new Attribute("dc", "contoso")));
    server.startListening();
  }

  @AfterEach
  void stop() {
    server.shutDown(true);
  }

  private String group(int members) throws LDAPException {
    String dn = "cn=g" + members + "," + BASE;
    Entry e = new Entry(dn, new Attribute("objectClass", "group"));
    List<String> values = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      values.add(String.format(Locale.ROOT, "cn=u%03d,%s", i, BASE));
    }
    if (!values.isEmpty()) {
      e.addAttribute("member", values);
    }
    server.add(e);
    return dn;
  }

  @Test
  void readsEveryRangeUntilTheOneEndingWithAStar() throws LDAPException {
    String dn = group(25);
    try (LDAPConnection c = server.getConnection()) {
      List<String> values = RangedValues.read(c, dn, "member");
      assertThat(values).hasSize(25).doesNotHaveDuplicates();
      assertThat(values.get(0)).isEqualTo("cn=u000," + BASE);
      assertThat(values.get(24)).isEqualTo("cn=u024," + BASE);
    }
    assertThat(limit.requested).containsExactly("member", "member;range=10-*", "member;range=20-*");
  }

  @Test
  void readsAGroupLargerThanTheTestkitsMaxValRange() throws Exception {
    // the testkit applies MaxValRange itself: a group of 25 with a limit of 10 comes in 3 slices
    try (var ad =
        org.adwriteback.testkit.AdDirectory.start(
            org.adwriteback.testkit.AdConfiguration.forest("contoso.test").toBuilder()
                .maxValRange(MAX_VAL_RANGE)
                .build())) {
      String ou = ad.addOu("Ranged");
      List<String> members = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        members.add(new com.unboundid.ldap.sdk.DN(ad.addUser(ou, "u" + i)).toNormalizedString());
      }
      String dn = ad.addGroup(ou, "Large");
      try (LDAPConnection c = ad.connection()) {
        c.modify(
            dn,
            new com.unboundid.ldap.sdk.Modification(
                com.unboundid.ldap.sdk.ModificationType.ADD,
                "member",
                members.toArray(new String[0])));
        assertThat(c.getEntry(dn, "member").getAttribute("member")).isNull();
        List<String> read = new ArrayList<>();
        for (String v : RangedValues.read(c, dn, "member")) {
          read.add(new com.unboundid.ldap.sdk.DN(v).toNormalizedString());
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(members);
      }
    }
  }

  @Test
  void anAttributeWithinTheLimitIsReadInOneRequest() throws LDAPException {
    String dn = group(MAX_VAL_RANGE);
    try (LDAPConnection c = server.getConnection()) {
      assertThat(RangedValues.read(c, dn, "member")).hasSize(MAX_VAL_RANGE);
    }
    assertThat(limit.requested).containsExactly("member");
  }

  @Test
  void anEmptyGroupHasNoMembersAndAMissingOneIsNoSuchObject() throws LDAPException {
    String dn = group(0);
    try (LDAPConnection c = server.getConnection()) {
      assertThat(RangedValues.read(c, dn, "member")).isEmpty();
      assertThatThrownBy(() -> RangedValues.read(c, "cn=none," + BASE, "member"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT));
    }
  }

  @Test
  void aServerWhoseRangesDoNotAdvanceIsADecodingErrorNotALoop() throws LDAPException {
    String dn = group(25);
    limit.stuck = true;
    try (LDAPConnection c = server.getConnection()) {
      assertThatThrownBy(() -> RangedValues.read(c, dn, "member"))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.DECODING_ERROR));
    }
    assertThat(limit.requested).hasSizeLessThanOrEqualTo(3);
  }

  /** Answers requests for member as AD does with MaxValRange = 10. */
  private static final class MaxValRange extends InMemoryOperationInterceptor {

    private static final Pattern RANGE =
        Pattern.compile("member;range=(\\d+)-(\\*|\\d+)", Pattern.CASE_INSENSITIVE);

    final List<String> requested = new ArrayList<>();
    volatile boolean stuck;

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
      SearchRequest r = request.getRequest().duplicate();
      List<String> attributes = new ArrayList<>();
      for (String a : r.getAttributes()) {
        Matcher m = RANGE.matcher(a);
        if (m.matches()) {
          requested.add(a);
          request.setProperty("start", Integer.parseInt(m.group(1)));
          attributes.add("member");
        } else {
          if (a.equalsIgnoreCase("member")) {
            requested.add(a);
            request.setProperty("start", 0);
          }
          attributes.add(a);
        }
      }
      r.setAttributes(attributes);
      request.setRequest(r);
    }

    @Override
    public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
      Object start = result.getProperty("start");
      Entry e = result.getSearchEntry().duplicate();
      String[] values = e.getAttributeValues("member");
      if (start == null || values == null) {
        return;
      }
      int from = stuck ? 0 : (Integer) start;
      if (from == 0 && values.length <= MAX_VAL_RANGE) {
        return;
      }
      int to = Math.min(values.length, from + MAX_VAL_RANGE) - 1;
      String name = "member;range=" + from + "-" + (to == values.length - 1 ? "*" : to);
      List<String> slice = List.of(values).subList(from, to + 1);
      e.removeAttribute("member");
      e.addAttribute(new Attribute(name, slice));
      result.setSearchEntry(e);
    }
  }
}
