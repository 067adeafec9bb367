#!/usr/bin/python3
"""Print the LDIF that extends a fresh Samba 4.17 schema (Windows Server 2012 R2 level) with what the
adwriteback writeback features touch, for scripts/samba-dc.sh.

1. Windows Server 2016 attributes and the msDS-KeyCredential class, taken verbatim from the Microsoft
   schema LDF that Samba ships (package samba-ad-provision) but does not load.
2. Exchange attributes of the hybrid writeback (shared/spec/permissions.md section 4 and 9.4) and of
   mail-enabled groups, with their real attributeID and schemaIDGUID where these are known. Where a value is
   not known, the attribute gets an OID under Microsoft's documented arc for private extensions
   (1.2.840.113556.1.8000.2554) and Samba generates the schemaIDGUID: look both up in the schema NC at run
   time, never hard-code them.
3. mayContain additions on the classes that hold them (systemMayContain of existing classes cannot be
   changed over LDAP), then schemaUpdateNow.

usage: schema_extension.py BASE_DN [LDF_DIR]
"""
import base64
import sys
import uuid

BASE_DN = sys.argv[1]
LDF_DIR = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/samba/setup/ad-schema"
SCHEMA_DN = "CN=Schema,CN=Configuration," + BASE_DN

# attributes new in the 2016 schema that users, devices and key credentials carry
WS2016_ATTRIBUTES = [
    "msDS-KeyCredentialLink", "msDS-KeyCredentialLink-BL", "msDS-ExternalDirectoryObjectId",
    "msDS-ComputerSID", "msDS-DeviceTrustType", "msDS-IsCompliant", "msDS-DeviceMDMStatus",
    "msDS-SourceAnchor", "msDS-KeyId", "msDS-KeyMaterial", "msDS-KeyUsage", "msDS-KeyPrincipal",
    "msDS-KeyPrincipalBL", "msDS-CustomKeyInformation", "msDS-DeviceDN",
    "msDS-KeyApproximateLastLogonTimeStamp",
]
WS2016_CLASSES = ["msDS-KeyCredential"]

PRIVATE_ARC = "1.2.840.113556.1.8000.2554.47110."  # not the real OIDs: see the module docstring
DN_OM_OBJECT_CLASS = "KwwCh3McAIVK"  # oMObjectClass of DN syntax (1.3.12.2.1011.28.0.714), base64
PUBLIC_INFORMATION = "e48d0154-bcf8-11d1-8702-00c04fb96050"
EXCHANGE_PERSONAL_INFORMATION = "b1b3a417-ec55-4191-b327-b72e33e38af2"

# (lDAPDisplayName, cn, attributeID or None, attributeSyntax, oMSyntax, single-valued,
#  schemaIDGUID or None, attributeSecurityGUID or None, linkID or None)
EXCHANGE_ATTRIBUTES = [
    ("mailNickname", "ms-Exch-Mail-Nickname", "1.2.840.113556.1.2.447", "2.5.5.12", 64, True,
     "bf9679b3-0de6-11d0-a285-00aa003049e2", None, None),
    ("targetAddress", "ms-Exch-Target-Address", "1.2.840.113556.1.2.352", "2.5.5.12", 64, True,
     "f0f8ff9f-1191-11d0-a060-00aa006c33ed", PUBLIC_INFORMATION, None),
    ("msExchRecipientDisplayType", "ms-Exch-Recipient-Display-Type",
     "1.2.840.113556.1.4.7000.102.50730", "2.5.5.9", 2, True,
     "b893abb0-767e-4f20-915f-3857bbc96afe", None, None),
    ("msExchRecipientTypeDetails", "ms-Exch-Recipient-Type-Details",
     "1.2.840.113556.1.4.7000.102.50855", "2.5.5.16", 65, True,
     "069ba1f8-540a-42a9-bf26-a7dd35475346", None, None),
    ("msExchRemoteRecipientType", "ms-Exch-Remote-Recipient-Type",
     "1.2.840.113556.1.4.7000.102.51611", "2.5.5.16", 65, True, None, None, None),
    ("msExchHideFromAddressLists", "ms-Exch-Hide-From-Address-Lists",
     "1.2.840.113556.1.4.7000.102.73", "2.5.5.8", 1, True,
     "a21c0b96-b093-11d2-aa06-00c04f8eedd8", None, None),
    ("msExchVersion", "ms-Exch-Version", "1.2.840.113556.1.4.7000.102.50853", "2.5.5.16", 65, True,
     None, None, None),
    ("msExchMailboxGuid", "ms-Exch-Mailbox-Guid", None, "2.5.5.10", 4, True,
     "9333af48-b09e-11d2-aa06-00c04f8eedd8", None, None),
    ("msExchRequireAuthToSendTo", "ms-Exch-Require-Authentication-To-Send-To", None, "2.5.5.8", 1,
     True, None, None, None),
    ("msExchArchiveStatus", "ms-Exch-Archive-Status", "1.2.840.113556.1.4.7000.102.51602",
     "2.5.5.9", 2, True, None, None, None),
    ("msExchUCVoiceMailSettings", "ms-Exch-UC-Voice-Mail-Settings",
     "1.2.840.113556.1.4.7000.102.51612", "2.5.5.12", 64, False, None, None, None),
    ("msExchUserHoldPolicies", "ms-Exch-User-Hold-Policies", "1.2.840.113556.1.4.7000.102.52071",
     "2.5.5.12", 64, False, None, None, None),
    ("msExchSafeSendersHash", "ms-Exch-Safe-Senders-Hash", "1.2.840.113556.1.4.7000.102.50765",
     "2.5.5.10", 4, True, "7cb4c7d3-8787-42b0-b438-3c5d479ad31e", EXCHANGE_PERSONAL_INFORMATION,
     None),
    ("msExchSafeRecipientsHash", "ms-Exch-Safe-Recipients-Hash",
     "1.2.840.113556.1.4.7000.102.50766", "2.5.5.10", 4, True,
     "6f606079-3a82-4c1b-8efb-dcc8c91d26fe", EXCHANGE_PERSONAL_INFORMATION, None),
    ("msExchBlockedSendersHash", "ms-Exch-Blocked-Senders-Hash",
     "1.2.840.113556.1.4.7000.102.50976", "2.5.5.10", 4, True,
     "66437984-c3c5-498f-b269-987819ef484b", EXCHANGE_PERSONAL_INFORMATION, None),
    ("publicDelegates", "ms-Exch-Public-Delegates", "1.2.840.113556.1.2.238", "2.5.5.1", 127, False,
     "f0f8ff9a-1191-11d0-a060-00aa006c33ed", None, 14),
    ("publicDelegatesBL", "ms-Exch-Public-Delegates-BL", None, "2.5.5.1", 127, False, None, None,
     15),
]

# class -> attributes added to its mayContain. mailRecipient is an auxiliary class of user, contact
# and group, so the Exchange attributes reach all three through it.
MAY_CONTAIN = {
    "User": ["msDS-KeyCredentialLink", "msDS-KeyPrincipalBL"],
    "ms-DS-Device": ["msDS-KeyCredentialLink", "msDS-ComputerSID", "msDS-DeviceTrustType",
                     "msDS-IsCompliant", "msDS-DeviceMDMStatus"],
    "Mail-Recipient": ["msDS-ExternalDirectoryObjectId"]
    + [a[0] for a in EXCHANGE_ATTRIBUTES if a[0] != "publicDelegatesBL"],
    # back links must be allowed somewhere for Samba to maintain them (Windows needs no entry)
    "Top": ["msDS-KeyCredentialLink-BL", "publicDelegatesBL", "msDS-SourceAnchor"],
}


def ldf_entries(path):
    text = open(path, encoding="cp1252").read().replace("\r\n", "\n").replace("\n ", "")
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        name = [line.split(":", 1)[1].strip() for line in lines
                if line.startswith("lDAPDisplayName:")]
        if name:
            yield name[0], lines


def from_ldf(file_name, wanted):
    found = {}
    for name, lines in ldf_entries(LDF_DIR + "/" + file_name):
        if name in wanted:
            found[name] = "\n".join(lines).replace("DC=X", BASE_DN)
    missing = [name for name in wanted if name not in found]
    if missing:
        sys.exit("not in %s: %s" % (file_name, ", ".join(missing)))
    return [found[name] for name in wanted]


def guid_value(text):
    return base64.b64encode(uuid.UUID(text).bytes_le).decode()


def exchange_entry(index, attribute):
    name, cn, oid, syntax, om_syntax, single, guid, security_guid, link_id = attribute
    lines = [
        "dn: CN=%s,%s" % (cn, SCHEMA_DN), "changetype: add", "objectClass: top",
        "objectClass: attributeSchema", "cn: " + cn, "lDAPDisplayName: " + name,
        "adminDisplayName: " + cn, "attributeID: " + (oid or PRIVATE_ARC + str(index)),
        "attributeSyntax: " + syntax, "oMSyntax: %d" % om_syntax,
        "isSingleValued: " + ("TRUE" if single else "FALSE"), "searchFlags: 0",
        "showInAdvancedViewOnly: TRUE",
    ]
    if guid:
        lines.append("schemaIDGUID:: " + guid_value(guid))
    if security_guid:
        lines.append("attributeSecurityGUID:: " + guid_value(security_guid))
    if syntax == "2.5.5.1":
        lines.append("oMObjectClass:: " + DN_OM_OBJECT_CLASS)
    if link_id is not None:
        lines.append("linkID: %d" % link_id)
    return "\n".join(lines)


def schema_update_now():
    return "dn:\nchangetype: modify\nadd: schemaUpdateNow\nschemaUpdateNow: 1\n-"


def main():
    entries = from_ldf("AD_DS_Attributes__Windows_Server_2016.ldf", WS2016_ATTRIBUTES)
    entries += [exchange_entry(i + 1, a) for i, a in enumerate(EXCHANGE_ATTRIBUTES)]
    entries.append(schema_update_now())
    for cls in from_ldf("AD_DS_Classes__Windows_Server_2016.ldf", WS2016_CLASSES):
        entries.append(cls)
    for cn, names in MAY_CONTAIN.items():
        entries.append("dn: CN=%s,%s\nchangetype: modify\nadd: mayContain\n%s\n-" % (
            cn, SCHEMA_DN, "\n".join("mayContain: " + n for n in names)))
    entries.append(schema_update_now())
    print("\n\n".join(entries) + "\n")


main()
