package org.adwriteback.testkit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The immutable description of an in-memory test forest: its DNS and NetBIOS names, the domain SID,
 * the administrator password, the schema version, whether the Exchange schema extension is present,
 * the listener ports, the clock and the {@link AdFeature}s that are on.
 *
 * <p>Start from a preset and change what the test needs:
 *
 * <pre>{@code
 * AdConfiguration config =
 *     AdConfiguration.forest("contoso.test").toBuilder()
 *         .schemaVersion(AdSchemaVersion.WINDOWS_2016)
 *         .exchangeSchema(true)
 *         .build();
 * }</pre>
 *
 * <p>A forest with several domains has the forest root domain ({@link #dnsName()}) and child
 * domains below it, each with its own naming context, NetBIOS name, domain SID and RID pool; the
 * configuration and schema partitions are shared (MS-ADTS 6.1.1.2.1.1.5):
 *
 * <pre>{@code
 * AdConfiguration.twoDomainForest("contoso.test")        // contoso.test + emea.contoso.test
 * AdConfiguration.forest("contoso.test").toBuilder()
 *     .childDomain("emea")                                 // EMEA, random SID
 *     .childDomain("apac", "ASIA", "S-1-5-21-1-2-3")       // given NetBIOS name and SID
 *     .build();
 * }</pre>
 *
 * <p>The builder checks every value when it is set and names the bad value in the exception. Values
 * left unset are chosen when the directory starts: a random domain SID {@code S-1-5-21-a-b-c} per
 * domain and a random administrator password (there is no built-in default password; read it from
 * {@link AdDirectory#adminPassword()}; every domain's Administrator has it).
 */
public final class AdConfiguration {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern DOMAIN_SID =
      Pattern.compile("S-1-5-21-(\\d{1,10})-(\\d{1,10})-(\\d{1,10})");
  private static final String NETBIOS_FORBIDDEN = "\\/:*?\"<>|.,~!@#$%^&'(){}_ ";

  private final String dnsName;
  private final String netbiosName;
  private final String domainControllerName;
  private final Optional<String> domainSid;
  private final char[] adminPassword;
  private final AdSchemaVersion schemaVersion;
  private final boolean exchangeSchema;
  private final int ldapPort;
  private final int ldapsPort;
  private final int maxValRange;
  private final int maxPageSize;
  private final Clock clock;
  private final Set<AdFeature> features;
  private final List<ChildDomain> childDomains;

  /**
   * A child domain of the forest root domain: {@code <label>.<root dns name>}, naming context
   * {@code DC=<label>,<root naming context>}, with its own NetBIOS name, domain SID (random at each
   * start unless given) and domain controller {@code <LABEL>-DC1}. AD records it as a crossRef with
   * {@code trustParent} pointing at the root domain's crossRef (MS-ADTS 6.1.1.2.1.1.5).
   *
   * @param label the first DNS label, lower case, such as {@code emea}
   * @param dnsName the full DNS name, such as {@code emea.contoso.test}
   * @param netbiosName the NetBIOS name, upper case, such as {@code EMEA}
   * @param domainSid the domain SID if one was given
   */
  public record ChildDomain(
      String label, String dnsName, String netbiosName, Optional<String> domainSid) {

    /** Checks for nulls. */
    public ChildDomain {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(dnsName, "dnsName");
      Objects.requireNonNull(netbiosName, "netbiosName");
      Objects.requireNonNull(domainSid, "domainSid");
    }

    /**
     * Returns the distinguished name of the child domain's naming context.
     *
     * @return for example {@code DC=emea,DC=contoso,DC=test}
     */
    public String domainDn() {
      return dnOf(dnsName);
    }

    /**
     * Returns the host name of the child domain's domain controller, without the domain.
     *
     * @return for example {@code EMEA-DC1}
     */
    public String domainControllerName() {
      String name = label.toUpperCase(Locale.ROOT);
      return (name.length() > 11 ? name.substring(0, 11) : name) + "-DC1";
    }
  }

  private AdConfiguration(Builder b) {
    this.dnsName = b.dnsName;
    this.netbiosName =
        b.netbiosName != null ? b.netbiosName : defaultNetbiosName(Objects.requireNonNull(dnsName));
    this.domainControllerName = b.domainControllerName;
    this.domainSid = Optional.ofNullable(b.domainSid);
    this.adminPassword = b.adminPassword == null ? null : b.adminPassword.clone();
    this.schemaVersion = b.schemaVersion;
    this.exchangeSchema = b.exchangeSchema;
    this.ldapPort = b.ldapPort;
    this.ldapsPort = b.ldapsPort;
    this.maxValRange = b.maxValRange;
    this.maxPageSize = b.maxPageSize;
    this.clock = b.clock;
    this.features = Collections.unmodifiableSet(EnumSet.copyOf(b.features));
    List<ChildDomain> children = new ArrayList<>();
    for (String[] c : b.children) {
      children.add(
          new ChildDomain(
              c[0],
              c[0] + "." + dnsName,
              c[1] != null ? c[1] : defaultNetbiosName(c[0] + "." + dnsName),
              Optional.ofNullable(c[2])));
    }
    this.childDomains = List.copyOf(children);
  }

  /**
   * The preset for a forest of two domains: the forest root {@code dnsName} as in {@link
   * #forest(String)} and the child domain {@code emea.<dnsName>} (NetBIOS name {@code EMEA}), each
   * with a random domain SID. For forest-wide preparation, which Microsoft's cmdlets run on every
   * domain of the forest.
   *
   * @param dnsName the forest root domain's DNS name, such as {@code contoso.test}
   * @return the configuration
   * @throws IllegalArgumentException if {@code dnsName} is not a valid DNS domain name
   */
  public static AdConfiguration twoDomainForest(String dnsName) {
    return builder().dnsName(dnsName).childDomain("emea").build();
  }

  /**
   * The preset for a single-domain forest named {@code dnsName}: NetBIOS name from the first label,
   * Windows Server 2019 schema (88) without Exchange, ephemeral ports, the system UTC clock and all
   * features on.
   *
   * @param dnsName the forest root domain's DNS name, such as {@code contoso.test}
   * @return the configuration
   * @throws IllegalArgumentException if {@code dnsName} is not a valid DNS domain name
   */
  public static AdConfiguration forest(String dnsName) {
    return builder().dnsName(dnsName).build();
  }

  /**
   * Returns a builder with the preset values and no DNS name; {@link Builder#build()} requires one.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this configuration's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.dnsName = dnsName;
    b.netbiosName = netbiosName;
    b.domainControllerName = domainControllerName;
    b.domainSid = domainSid.orElse(null);
    b.adminPassword = adminPassword == null ? null : adminPassword.clone();
    b.schemaVersion = schemaVersion;
    b.exchangeSchema = exchangeSchema;
    b.ldapPort = ldapPort;
    b.ldapsPort = ldapsPort;
    b.maxValRange = maxValRange;
    b.maxPageSize = maxPageSize;
    b.clock = clock;
    b.features = EnumSet.copyOf(features);
    for (ChildDomain c : childDomains) {
      b.children.add(new String[] {c.label(), c.netbiosName(), c.domainSid().orElse(null)});
    }
    return b;
  }

  /**
   * Returns the DNS name of the domain, lower case.
   *
   * @return for example {@code contoso.test}
   */
  public String dnsName() {
    return dnsName;
  }

  /**
   * Returns the NetBIOS (pre-Windows 2000) domain name, upper case.
   *
   * @return for example {@code CONTOSO}
   */
  public String netbiosName() {
    return netbiosName;
  }

  /**
   * Returns the host name of the one domain controller, without the domain.
   *
   * @return for example {@code DC1}
   */
  public String domainControllerName() {
    return domainControllerName;
  }

  /**
   * Returns the domain SID if one was given; otherwise each start picks a random one.
   *
   * @return the SID in {@code S-1-5-21-a-b-c} form
   */
  public Optional<String> domainSid() {
    return domainSid;
  }

  /**
   * Returns a copy of the administrator password if one was given; otherwise each start generates
   * one. The caller may clear the returned array.
   *
   * @return a fresh copy of the password
   */
  public Optional<char[]> adminPassword() {
    return adminPassword == null ? Optional.empty() : Optional.of(adminPassword.clone());
  }

  /**
   * Returns the schema version.
   *
   * @return the version
   */
  public AdSchemaVersion schemaVersion() {
    return schemaVersion;
  }

  /**
   * Returns whether the Exchange schema extension (the attributes hybrid writeback writes, {@code
   * mailNickname}, {@code msExch*}, class {@code publicFolder}) is present.
   *
   * @return true if present
   */
  public boolean exchangeSchema() {
    return exchangeSchema;
  }

  /**
   * Returns the plain LDAP port, 0 for an ephemeral port.
   *
   * @return the port
   */
  public int ldapPort() {
    return ldapPort;
  }

  /**
   * Returns the LDAPS port, 0 for an ephemeral port.
   *
   * @return the port
   */
  public int ldapsPort() {
    return ldapsPort;
  }

  /**
   * Returns the most values of one attribute a search returns at once (the LDAP policy MaxValRange,
   * MS-ADTS 3.1.1.3.4.6); more come through range retrieval (3.1.1.3.1.3.3).
   *
   * @return the limit, 1500 unless set
   */
  public int maxValRange() {
    return maxValRange;
  }

  /**
   * Returns the most entries one search result or one page of a paged search holds (the LDAP policy
   * MaxPageSize, MS-ADTS 3.1.1.3.4.6): a search without the paged-results control that matches more
   * returns this many and sizeLimitExceeded, and a larger page size is cut to it.
   *
   * @return the limit, 1000 unless set
   */
  public int maxPageSize() {
    return maxPageSize;
  }

  /**
   * Returns the clock that stamps whenCreated, whenChanged and pwdLastSet.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns the features that are on.
   *
   * @return an unmodifiable set
   */
  public Set<AdFeature> features() {
    return features;
  }

  /**
   * Returns whether a feature is on.
   *
   * @param feature the feature
   * @return true if on
   */
  public boolean has(AdFeature feature) {
    return features.contains(feature);
  }

  /**
   * Returns the child domains of the forest root domain, in the order they were added; empty for a
   * single-domain forest.
   *
   * @return an unmodifiable list
   */
  public List<ChildDomain> childDomains() {
    return childDomains;
  }

  /**
   * Returns the distinguished name of the domain naming context, e.g. {@code DC=contoso,DC=test}.
   */
  String domainDn() {
    return dnOf(dnsName);
  }

  private static String dnOf(String dnsName) {
    StringBuilder sb = new StringBuilder();
    for (String label : dnsName.split("\\.")) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append("DC=").append(label);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "AdConfiguration{dnsName="
        + dnsName
        + ", netbiosName="
        + netbiosName
        + ", domainSid="
        + domainSid.orElse("(random)")
        + ", adminPassword="
        + (adminPassword == null ? "(generated)" : "(given)")
        + ", schemaVersion="
        + schemaVersion
        + ", exchangeSchema="
        + exchangeSchema
        + ", ldapPort="
        + ldapPort
        + ", ldapsPort="
        + ldapsPort
        + ", maxValRange="
        + maxValRange
        + ", maxPageSize="
        + maxPageSize
        + ", features="
        + features
        + (childDomains.isEmpty() ? "" : ", childDomains=" + childDomains)
        + '}';
  }

  private static String defaultNetbiosName(String dnsName) {
    String first = dnsName.split("\\.")[0].toUpperCase(Locale.ROOT);
    first = first.replace("_", "");
    return first.length() > 15 ? first.substring(0, 15) : first;
  }

  /** Checks a domain SID string and returns it; used by the builder and the directory. */
  static String checkDomainSid(String sid) {
    Objects.requireNonNull(sid, "domainSid");
    var m = DOMAIN_SID.matcher(sid);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "domain SID '"
              + sid
              + "' is not of the form S-1-5-21-<a>-<b>-<c> (three 32-bit sub-authorities)");
    }
    for (int i = 1; i <= 3; i++) {
      if (Long.parseLong(m.group(i)) > 0xFFFFFFFFL) {
        throw new IllegalArgumentException(
            "domain SID '"
                + sid
                + "': sub-authority "
                + m.group(i)
                + " does not fit in 32 bits (maximum 4294967295)");
      }
    }
    return sid;
  }

  /**
   * Builds an {@link AdConfiguration}. Each setter validates its argument and throws {@link
   * IllegalArgumentException} naming the bad value; {@link #build()} checks what depends on several
   * values.
   */
  public static final class Builder {
    private String dnsName;
    private String netbiosName;
    private String domainControllerName = "DC1";
    private String domainSid;
    private char[] adminPassword;
    private AdSchemaVersion schemaVersion = AdSchemaVersion.WINDOWS_2019;
    private boolean exchangeSchema;
    private int ldapPort;
    private int ldapsPort;
    private int maxValRange = 1500;
    private int maxPageSize = 1000;
    private Clock clock = Clock.systemUTC();
    private EnumSet<AdFeature> features = EnumSet.allOf(AdFeature.class);
    private final List<String[]> children = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a child domain {@code <label>.<forest root dns name>} with the NetBIOS name {@code
     * LABEL} and a random domain SID.
     *
     * @param label one DNS label of letters, digits and inner hyphens, such as {@code emea}
     * @return this builder
     * @throws IllegalArgumentException if the label is malformed or already used
     */
    public Builder childDomain(String label) {
      return addChild(label, null, null);
    }

    /**
     * Adds a child domain with a given NetBIOS name and a random domain SID.
     *
     * @param label one DNS label, such as {@code emea}
     * @param netbiosName 1-15 characters, as for {@link #netbiosName(String)}
     * @return this builder
     */
    public Builder childDomain(String label, String netbiosName) {
      return addChild(label, checkNetbios(netbiosName), null);
    }

    /**
     * Adds a child domain with a given NetBIOS name and domain SID.
     *
     * @param label one DNS label, such as {@code emea}
     * @param netbiosName 1-15 characters, as for {@link #netbiosName(String)}
     * @param domainSid {@code S-1-5-21-a-b-c}, different from every other domain's
     * @return this builder
     */
    public Builder childDomain(String label, String netbiosName, String domainSid) {
      return addChild(label, checkNetbios(netbiosName), checkDomainSid(domainSid));
    }

    /**
     * Removes every child domain, leaving a single-domain forest.
     *
     * @return this builder
     */
    public Builder withoutChildDomains() {
      children.clear();
      return this;
    }

    private Builder addChild(String label, String netbios, String sid) {
      Objects.requireNonNull(label, "label");
      String lower = label.toLowerCase(Locale.ROOT);
      if (!DNS_LABEL.matcher(lower).matches()) {
        throw new IllegalArgumentException(
            "child domain label '"
                + label
                + "' must be one DNS label of 1-63 letters, digits or inner hyphens (such as emea)");
      }
      for (String[] c : children) {
        if (c[0].equals(lower)) {
          throw new IllegalArgumentException("child domain '" + label + "' is already added");
        }
      }
      children.add(new String[] {lower, netbios, sid});
      return this;
    }

    /**
     * Sets the DNS name of the forest root domain; upper case is folded to lower case.
     *
     * @param dnsName at least two labels of letters, digits and hyphens, such as {@code
     *     contoso.test}
     * @return this builder
     */
    public Builder dnsName(String dnsName) {
      Objects.requireNonNull(dnsName, "dnsName");
      String lower = dnsName.toLowerCase(Locale.ROOT);
      String[] labels = lower.split("\\.", -1);
      if (labels.length < 2 || lower.length() > 253) {
        throw new IllegalArgumentException(
            "DNS name '"
                + dnsName
                + "' must have at least two labels (such as contoso.test) and at most 253"
                + " characters");
      }
      for (String label : labels) {
        if (!DNS_LABEL.matcher(label).matches()) {
          throw new IllegalArgumentException(
              "DNS name '"
                  + dnsName
                  + "': label '"
                  + label
                  + "' must be 1-63 letters, digits or inner hyphens");
        }
      }
      this.dnsName = lower;
      return this;
    }

    /**
     * Sets the NetBIOS domain name; upper case is applied. Default: the first DNS label.
     *
     * @param netbiosName 1-15 characters without {@code \/:*?"<>|.} and spaces
     * @return this builder
     */
    public Builder netbiosName(String netbiosName) {
      this.netbiosName = checkNetbios(netbiosName);
      return this;
    }

    private static String checkNetbios(String netbiosName) {
      Objects.requireNonNull(netbiosName, "netbiosName");
      if (netbiosName.isEmpty() || netbiosName.length() > 15) {
        throw new IllegalArgumentException(
            "NetBIOS name '" + netbiosName + "' must have 1 to 15 characters");
      }
      for (char c : netbiosName.toCharArray()) {
        if (NETBIOS_FORBIDDEN.indexOf(c) >= 0 || c < 0x20 || c > 0x7e) {
          throw new IllegalArgumentException(
              "NetBIOS name '" + netbiosName + "' contains the forbidden character '" + c + "'");
        }
      }
      return netbiosName.toUpperCase(Locale.ROOT);
    }

    /**
     * Sets the domain controller's host name (without the domain). Default {@code DC1}.
     *
     * @param name 1-15 letters, digits or hyphens
     * @return this builder
     */
    public Builder domainControllerName(String name) {
      Objects.requireNonNull(name, "domainControllerName");
      if (!name.matches("[A-Za-z0-9-]{1,15}")) {
        throw new IllegalArgumentException(
            "domain controller name '" + name + "' must be 1-15 letters, digits or hyphens");
      }
      this.domainControllerName = name.toUpperCase(Locale.ROOT);
      return this;
    }

    /**
     * Sets the domain SID. Default: a random one at each start.
     *
     * @param domainSid {@code S-1-5-21-a-b-c} with 32-bit sub-authorities
     * @return this builder
     */
    public Builder domainSid(String domainSid) {
      this.domainSid = checkDomainSid(domainSid);
      return this;
    }

    /**
     * Sets the administrator password; the array is copied, so the caller may clear it. Default: a
     * random password at each start. With {@link AdFeature#PASSWORD_POLICY} on, {@link #build()}
     * checks it against the domain policy.
     *
     * @param password the password, not empty
     * @return this builder
     */
    public Builder adminPassword(char[] password) {
      Objects.requireNonNull(password, "adminPassword");
      if (password.length == 0) {
        throw new IllegalArgumentException("the admin password must not be empty");
      }
      if (adminPassword != null) {
        Arrays.fill(adminPassword, '\0');
      }
      this.adminPassword = password.clone();
      return this;
    }

    /**
     * Sets the schema version. Default {@link AdSchemaVersion#WINDOWS_2019}.
     *
     * @param version the version
     * @return this builder
     */
    public Builder schemaVersion(AdSchemaVersion version) {
      this.schemaVersion = Objects.requireNonNull(version, "schemaVersion");
      return this;
    }

    /**
     * Sets the schema version by its {@code objectVersion} number.
     *
     * @param objectVersion 69, 87 or 88
     * @return this builder
     */
    public Builder schemaVersion(int objectVersion) {
      this.schemaVersion = AdSchemaVersion.ofObjectVersion(objectVersion);
      return this;
    }

    /**
     * Sets whether the Exchange schema extension is present. Default false.
     *
     * @param present true to add the Exchange attributes and classes
     * @return this builder
     */
    public Builder exchangeSchema(boolean present) {
      this.exchangeSchema = present;
      return this;
    }

    /**
     * Sets the plain LDAP port. Default 0 (ephemeral).
     *
     * @param port 0-65535
     * @return this builder
     */
    public Builder ldapPort(int port) {
      this.ldapPort = checkPort("LDAP", port);
      return this;
    }

    /**
     * Sets the LDAPS port. Default 0 (ephemeral).
     *
     * @param port 0-65535
     * @return this builder
     */
    public Builder ldapsPort(int port) {
      this.ldapsPort = checkPort("LDAPS", port);
      return this;
    }

    /**
     * Sets MaxValRange, the most values of one attribute a search returns at once; a client reads
     * the rest with range retrieval ({@code member;range=1500-*}). Default 1500, as AD's default
     * LDAP policy; a small value lets a test exercise range retrieval with a few members.
     *
     * @param values at least 1
     * @return this builder
     */
    public Builder maxValRange(int values) {
      if (values < 1) {
        throw new IllegalArgumentException("maxValRange must be at least 1, not " + values);
      }
      this.maxValRange = values;
      return this;
    }

    /**
     * Sets MaxPageSize, the most entries a search returns without paging and the largest page a
     * paged search gets. Default 1000, as AD's default LDAP policy, so that code which forgets to
     * page fails against the testkit as it fails against a domain controller; a small value lets a
     * test exercise paging with a few objects.
     *
     * @param entries at least 1
     * @return this builder
     */
    public Builder maxPageSize(int entries) {
      if (entries < 1) {
        throw new IllegalArgumentException("maxPageSize must be at least 1, not " + entries);
      }
      this.maxPageSize = entries;
      return this;
    }

    /**
     * Sets the clock for timestamps. Default the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets exactly the features that are on.
     *
     * @param features the features; may be empty
     * @return this builder
     */
    public Builder features(Set<AdFeature> features) {
      Objects.requireNonNull(features, "features");
      this.features =
          features.isEmpty() ? EnumSet.noneOf(AdFeature.class) : EnumSet.copyOf(features);
      return this;
    }

    /**
     * Switches features off.
     *
     * @param off the features to switch off
     * @return this builder
     */
    public Builder without(AdFeature... off) {
      for (AdFeature f : off) {
        features.remove(Objects.requireNonNull(f, "feature"));
      }
      return this;
    }

    /**
     * Switches features on.
     *
     * @param on the features to switch on
     * @return this builder
     */
    public Builder with(AdFeature... on) {
      for (AdFeature f : on) {
        features.add(Objects.requireNonNull(f, "feature"));
      }
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalStateException if no DNS name was set, if both ports are the same non-zero
     *     number, or if the given admin password breaks the password policy
     */
    public AdConfiguration build() {
      if (dnsName == null) {
        throw new IllegalStateException(
            "no DNS name set: call dnsName(\"contoso.test\") or start from"
                + " AdConfiguration.forest(name)");
      }
      if (ldapPort != 0 && ldapPort == ldapsPort) {
        throw new IllegalStateException(
            "LDAP and LDAPS cannot both listen on port " + ldapPort + "; use different ports or 0");
      }
      checkChildren();
      if (adminPassword != null && features.contains(AdFeature.PASSWORD_POLICY)) {
        PasswordPolicy.DEFAULT
            .violation(adminPassword, "Administrator")
            .ifPresent(
                why -> {
                  throw new IllegalStateException(
                      "the admin password does not meet the domain password policy: "
                          + why
                          + "; choose another or switch off AdFeature.PASSWORD_POLICY");
                });
      }
      return new AdConfiguration(this);
    }

    /** NetBIOS names and SIDs are unique in a forest; a child's DNS name fits in 253 characters. */
    private void checkChildren() {
      Set<String> netbios = new java.util.HashSet<>();
      Set<String> sids = new java.util.HashSet<>();
      netbios.add(netbiosName != null ? netbiosName : defaultNetbiosName(dnsName));
      if (domainSid != null) {
        sids.add(domainSid);
      }
      for (String[] c : children) {
        String name = c[1] != null ? c[1] : defaultNetbiosName(c[0] + "." + dnsName);
        if (!netbios.add(name)) {
          throw new IllegalStateException(
              "child domain '"
                  + c[0]
                  + "' would have the NetBIOS name "
                  + name
                  + ", which another domain of the forest has; give it another one");
        }
        if (c[2] != null && !sids.add(c[2])) {
          throw new IllegalStateException(
              "child domain '"
                  + c[0]
                  + "' has the domain SID "
                  + c[2]
                  + " of another domain; every domain needs its own");
        }
        if (c[0].length() + 1 + dnsName.length() > 253) {
          throw new IllegalStateException(
              "child domain '" + c[0] + "." + dnsName + "' is longer than 253 characters");
        }
      }
    }

    private static int checkPort(String what, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            what + " port " + port + " is out of range; use 0 (ephemeral) to 65535");
      }
      return port;
    }
  }
}
