package org.adwriteback.security;

import java.util.Optional;

/**
 * The AceType byte of an ACE header (MS-DTYP 2.4.4.1) with the SDDL token of MS-DTYP 2.5.1.1 {@code
 * ace-type} where one exists, and the record of the {@link Ace} hierarchy that models it.
 */
public enum AceType {
  /** ACCESS_ALLOWED_ACE_TYPE 0x00, SDDL {@code A}; {@link AccessAce}. */
  ACCESS_ALLOWED(0x00, "A", Kind.ALLOW),
  /** ACCESS_DENIED_ACE_TYPE 0x01, SDDL {@code D}; {@link AccessAce}. */
  ACCESS_DENIED(0x01, "D", Kind.DENY),
  /** SYSTEM_AUDIT_ACE_TYPE 0x02, SDDL {@code AU}; {@link AccessAce}. */
  SYSTEM_AUDIT(0x02, "AU", Kind.AUDIT),
  /** SYSTEM_ALARM_ACE_TYPE 0x03 (reserved), SDDL {@code AL}; {@link AccessAce}. */
  SYSTEM_ALARM(0x03, "AL", Kind.ALARM),
  /** ACCESS_ALLOWED_COMPOUND_ACE_TYPE 0x04 (reserved, no layout defined); {@link OpaqueAce}. */
  ACCESS_ALLOWED_COMPOUND(0x04, null, Kind.ALLOW),
  /** ACCESS_ALLOWED_OBJECT_ACE_TYPE 0x05, SDDL {@code OA}; {@link ObjectAce}. */
  ACCESS_ALLOWED_OBJECT(0x05, "OA", Kind.ALLOW),
  /** ACCESS_DENIED_OBJECT_ACE_TYPE 0x06, SDDL {@code OD}; {@link ObjectAce}. */
  ACCESS_DENIED_OBJECT(0x06, "OD", Kind.DENY),
  /** SYSTEM_AUDIT_OBJECT_ACE_TYPE 0x07, SDDL {@code OU}; {@link ObjectAce}. */
  SYSTEM_AUDIT_OBJECT(0x07, "OU", Kind.AUDIT),
  /** SYSTEM_ALARM_OBJECT_ACE_TYPE 0x08 (reserved), SDDL {@code OL}; {@link ObjectAce}. */
  SYSTEM_ALARM_OBJECT(0x08, "OL", Kind.ALARM),
  /** ACCESS_ALLOWED_CALLBACK_ACE_TYPE 0x09, SDDL {@code XA}; {@link CallbackAce}. */
  ACCESS_ALLOWED_CALLBACK(0x09, "XA", Kind.ALLOW),
  /** ACCESS_DENIED_CALLBACK_ACE_TYPE 0x0A, SDDL {@code XD}; {@link CallbackAce}. */
  ACCESS_DENIED_CALLBACK(0x0A, "XD", Kind.DENY),
  /** ACCESS_ALLOWED_CALLBACK_OBJECT_ACE_TYPE 0x0B, SDDL {@code ZA}; {@link CallbackObjectAce}. */
  ACCESS_ALLOWED_CALLBACK_OBJECT(0x0B, "ZA", Kind.ALLOW),
  /** ACCESS_DENIED_CALLBACK_OBJECT_ACE_TYPE 0x0C, no SDDL token; {@link CallbackObjectAce}. */
  ACCESS_DENIED_CALLBACK_OBJECT(0x0C, null, Kind.DENY),
  /** SYSTEM_AUDIT_CALLBACK_ACE_TYPE 0x0D, SDDL {@code XU}; {@link CallbackAce}. */
  SYSTEM_AUDIT_CALLBACK(0x0D, "XU", Kind.AUDIT),
  /** SYSTEM_ALARM_CALLBACK_ACE_TYPE 0x0E (reserved), no SDDL token; {@link CallbackAce}. */
  SYSTEM_ALARM_CALLBACK(0x0E, null, Kind.ALARM),
  /** SYSTEM_AUDIT_CALLBACK_OBJECT_ACE_TYPE 0x0F, no SDDL token; {@link CallbackObjectAce}. */
  SYSTEM_AUDIT_CALLBACK_OBJECT(0x0F, null, Kind.AUDIT),
  /**
   * SYSTEM_ALARM_CALLBACK_OBJECT_ACE_TYPE 0x10 (reserved), no SDDL token; {@link
   * CallbackObjectAce}.
   */
  SYSTEM_ALARM_CALLBACK_OBJECT(0x10, null, Kind.ALARM),
  /** SYSTEM_MANDATORY_LABEL_ACE_TYPE 0x11, SDDL {@code ML}; {@link MandatoryLabelAce}. */
  SYSTEM_MANDATORY_LABEL(0x11, "ML", Kind.OTHER),
  /** SYSTEM_RESOURCE_ATTRIBUTE_ACE_TYPE 0x12, SDDL {@code RA}; {@link ResourceAttributeAce}. */
  SYSTEM_RESOURCE_ATTRIBUTE(0x12, "RA", Kind.OTHER),
  /** SYSTEM_SCOPED_POLICY_ID_ACE_TYPE 0x13, SDDL {@code SP}; {@link ScopedPolicyIdAce}. */
  SYSTEM_SCOPED_POLICY_ID(0x13, "SP", Kind.OTHER),
  /** SYSTEM_PROCESS_TRUST_LABEL_ACE_TYPE 0x14 (SDDL {@code TL}); kept as {@link OpaqueAce}. */
  SYSTEM_PROCESS_TRUST_LABEL(0x14, null, Kind.OTHER),
  /** SYSTEM_ACCESS_FILTER_ACE_TYPE 0x15 (SDDL {@code FL}); kept as {@link OpaqueAce}. */
  SYSTEM_ACCESS_FILTER(0x15, null, Kind.OTHER);

  /** What an ACE type does in an access check or audit. */
  public enum Kind {
    /** Grants rights. */
    ALLOW,
    /** Denies rights. */
    DENY,
    /** Generates audit records (SACL). */
    AUDIT,
    /** Raises alarms (reserved types, unused by Windows). */
    ALARM,
    /** Mandatory label, resource attribute, scoped policy and the like. */
    OTHER
  }

  private static final AceType[] BY_CODE = new AceType[0x16];

  static {
    for (AceType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final int code;
  private final String sddl;
  private final Kind kind;

  // isObjectType() and isCallback() as fields: the parser asks for every ACE.
  private final boolean objectType;
  private final boolean callback;

  AceType(int code, String sddl, Kind kind) {
    this.code = code;
    this.sddl = sddl;
    this.kind = kind;
    // object: 0x05-0x08 and the callback-object types 0x0B, 0x0C, 0x0F, 0x10 (MS-DTYP 2.4.4.1)
    this.objectType =
        (code >= 0x05 && code <= 0x08)
            || code == 0x0B
            || code == 0x0C
            || code == 0x0F
            || code == 0x10;
    this.callback = code >= 0x09 && code <= 0x10;
  }

  /**
   * Returns the AceType byte.
   *
   * @return 0x00 to 0x15
   */
  public int code() {
    return code;
  }

  /**
   * Returns the SDDL {@code ace-type} token, if SDDL has one.
   *
   * @return the token such as {@code OA}, or empty
   */
  public Optional<String> sddlToken() {
    return Optional.ofNullable(sddl);
  }

  String sddlOrNull() {
    return sddl;
  }

  /**
   * Returns what this ACE type does.
   *
   * @return allow, deny, audit, alarm or other
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Tells whether ACEs of this type carry the object-type GUID fields (MS-DTYP 2.4.4.3).
   *
   * @return true for the object and callback-object types
   */
  public boolean isObjectType() {
    return objectType;
  }

  /**
   * Tells whether ACEs of this type carry callback application data (conditional expressions).
   *
   * @return true for the callback types
   */
  public boolean isCallback() {
    return callback;
  }

  /**
   * Looks a type up by its byte value.
   *
   * @param code the AceType byte
   * @return the type, or empty if MS-DTYP defines none with that value
   */
  public static Optional<AceType> fromCode(int code) {
    return Optional.ofNullable(byCode(code));
  }

  static AceType byCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
