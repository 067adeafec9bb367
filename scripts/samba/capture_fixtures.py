#!/usr/bin/python3
"""Capture real security descriptors and access decisions from a Samba AD DC started by
scripts/samba-dc.sh, as fixtures for the descriptor codec, the inheritance engine and the access
check (writeback-api/src/test/resources/fixtures/samba/, see the README there).

Everything goes over LDAPS with ldapsearch/ldapmodify as the tests would; Samba's python bindings
(python3-samba, installed with the DC) are used only to turn SDDL into ACE bytes for the set-up and to
render the captured descriptors as Samba's SDDL for readability.

usage: capture_fixtures.py DIR/connection.properties OUT_DIR
Re-runnable: it deletes and recreates OU=Fixtures under the domain root.
"""
import base64
import datetime
import os
import subprocess
import sys

from samba.dcerpc import security
from samba.ndr import ndr_pack, ndr_unpack

SD_FLAGS_OID = "1.2.840.113556.1.4.801"
TREE_DELETE_OID = "1.2.840.113556.1.4.805"
RESET_PASSWORD = "00299570-246d-11d0-a768-00aa006e0529"
USER = "bf967aba-0de6-11d0-a285-00aa003049e2"
GROUP = "bf967a9c-0de6-11d0-a285-00aa003049e2"
COMPUTER = "bf967a86-0de6-11d0-a285-00aa003049e2"
PWD_LAST_SET = "bf967a0a-0de6-11d0-a285-00aa003049e2"
LOCKOUT_TIME = "28630ebf-41d5-11d1-a9c1-0000f80367c1"
DESCRIPTION = "bf967950-0de6-11d0-a285-00aa003049e2"
SVC_PASSWORD = "Svc#Passw0rd1"
HELPER_PASSWORD = "Helper#Passw0rd1"

facts = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if "=" in line and not line.startswith("#"):
        key, value = line.rstrip("\n").split("=", 1)
        facts[key] = value.replace("\\\\", "\\")
OUT = sys.argv[2]
BASE = facts["BASE_DN"]
FIX = "OU=Fixtures," + BASE
env = dict(os.environ, LDAPTLS_CACERT=facts["CA_CERT"], LDAPTLS_REQCERT="demand")


def sd_flags_control(flags):
    return base64.b64encode(bytes([0x30, 0x03, 0x02, 0x01, flags])).decode()


def ldap(tool, args, ldif=None, who=None):
    bind_dn, password = who or (facts["ADMIN_DN"], facts["ADMIN_PASSWORD"])
    cmd = [tool, "-x", "-H", facts["LDAPS_URL"], "-D", bind_dn, "-w", password] + args
    return subprocess.run(cmd, input=ldif, capture_output=True, text=True, env=env)


def modify(ldif, who=None, sd_flags=None):
    args = ["-e", "!%s=%s" % (SD_FLAGS_OID, sd_flags_control(sd_flags))] if sd_flags else []
    result = ldap("ldapmodify", args, ldif, who)
    return result.returncode, " ".join(result.stderr.split())


def must(ldif, who=None, sd_flags=None):
    rc, err = modify(ldif, who, sd_flags)
    if rc != 0:
        sys.exit("ldapmodify failed (%d): %s\n%s" % (rc, err, ldif))


def read(dn, attrs, sd_flags=None):
    args = ["-LLL", "-o", "ldif-wrap=no", "-s", "base", "-b", dn]
    if sd_flags is not None:
        args[0:0] = ["-E", "!%s=::%s" % (SD_FLAGS_OID, sd_flags_control(sd_flags))]
    result = ldap("ldapsearch", args + attrs)
    if result.returncode != 0:
        sys.exit("ldapsearch %s failed: %s" % (dn, result.stderr))
    values = {}
    for line in result.stdout.splitlines():
        if line.startswith("#") or ":" not in line:
            continue
        key, _, value = line.partition(":")
        values.setdefault(key, []).append(
            base64.b64decode(value[2:]) if value.startswith(":") else value.strip())
    return values


def descriptor(dn, sd_flags):
    return read(dn, ["nTSecurityDescriptor"], sd_flags)["nTSecurityDescriptor"][0]


def structural_class(dn):
    return read(dn, ["objectClass"])["objectClass"][-1]


def sid_of(dn):
    return str(ndr_unpack(security.dom_sid, read(dn, ["objectSid"])["objectSid"][0]))


def pwd(password):
    return base64.b64encode(('"%s"' % password).encode("utf-16-le")).decode()


def add(dn, *attrs):
    must("dn: %s\nchangetype: add\n%s\n" % (dn, "\n".join(attrs)))


def add_user(dn, name, password):
    add(dn, "objectClass: user", "sAMAccountName: " + name, "unicodePwd:: " + pwd(password),
        "userAccountControl: 512")


def add_aces(dn, sddl_aces):
    """Insert ACEs (SDDL) at the start of the DACL, read and written with SD flags = DACL only."""
    sd = ndr_unpack(security.descriptor, descriptor(dn, 4))
    domain = security.dom_sid(facts["DOMAIN_SID"])
    new_aces = security.descriptor.from_sddl("D:" + sddl_aces, domain).dacl.aces
    for index, ace in enumerate(new_aces):
        sd.dacl_add(ace, index)
    must("dn: %s\nchangetype: modify\nreplace: nTSecurityDescriptor\nnTSecurityDescriptor:: %s\n-\n"
         % (dn, base64.b64encode(ndr_pack(sd)).decode()), sd_flags=4)


def row(dn, sd_flags):
    raw = descriptor(dn, sd_flags)
    sddl = ndr_unpack(security.descriptor, raw).as_sddl()
    return (dn, structural_class(dn), str(sd_flags), raw.hex()), (dn, str(sd_flags), sddl)


def write_tsv(name, header, rows):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as out:
        out.write("\t".join(header) + "\n")
        for r in rows:
            out.write("\t".join(r) + "\n")


def capture(targets, name):
    rows, sddl_rows = [], []
    for dn, flags in targets:
        r, s = row(dn, flags)
        rows.append(r)
        sddl_rows.append(s)
    write_tsv(name + ".tsv", ["dn", "object_class", "sd_flags", "hex"], rows)
    write_tsv(name + "-sddl.tsv", ["dn", "sd_flags", "samba_sddl"], sddl_rows)


def main():
    os.makedirs(OUT, exist_ok=True)
    ldap("ldapdelete", ["-e", "!" + TREE_DELETE_OID, FIX])
    ldap("ldapdelete", ["-e", "!" + TREE_DELETE_OID, "CN=RegisteredDevices," + BASE])
    add(FIX, "objectClass: organizationalUnit")

    # ---- plain objects of each class, created by Administrator
    add_user("CN=Fixture User," + FIX, "fixture.user", "User#Passw0rd1")
    add("CN=Fixture Group," + FIX, "objectClass: group", "sAMAccountName: fixture.group")
    add("CN=FIXPC01," + FIX, "objectClass: computer", "sAMAccountName: FIXPC01$",
        "userAccountControl: 4096")
    add("CN=Fixture Contact," + FIX, "objectClass: contact")
    add("CN=RegisteredDevices," + BASE, "objectClass: msDS-DeviceContainer")
    device = "CN=0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0,CN=RegisteredDevices," + BASE
    add(device, "objectClass: msDS-Device", "displayName: FIXPHONE",
        "msDS-DeviceID:: " + base64.b64encode(bytes(range(16))).decode(),
        "altSecurityIdentities: X509:<SHA1-TP-PUBKEY>AAAA", "msDS-IsEnabled: TRUE")
    capture([
        (BASE, 15), (BASE, 4), ("CN=Users," + BASE, 15), (FIX, 15),
        ("CN=Fixture User," + FIX, 15), ("CN=Fixture Group," + FIX, 15),
        ("CN=FIXPC01," + FIX, 15), ("CN=Fixture Contact," + FIX, 15),
        ("CN=AdminSDHolder,CN=System," + BASE, 15), ("CN=RegisteredDevices," + BASE, 15),
        (device, 15), ("CN=User,CN=Schema,CN=Configuration," + BASE, 15),
    ], "descriptors")

    # ---- inheritance: an OU with explicit ACEs of several kinds, then children created under it
    svc_dn = "CN=svc-fixture," + FIX
    add_user(svc_dn, "svc-fixture", SVC_PASSWORD)
    helper_dn = "CN=helper-fixture," + FIX
    add_user(helper_dn, "helper-fixture", HELPER_PASSWORD)
    svc, helper = sid_of(svc_dn), sid_of(helper_dn)
    parent = "OU=Inherit," + FIX
    add(parent, "objectClass: organizationalUnit")
    add_aces(parent, "".join([
        "(OD;CI;WP;%s;%s;%s)" % (DESCRIPTION, USER, helper),   # object deny, user only
        "(A;CI;RPWP;;;%s)" % svc,                              # CI: everything below
        "(A;OI;RC;;;%s)" % svc,                                # OI alone (no meaning for DS objects)
        "(A;CIIO;WP;;;%s)" % helper,                           # inherit only
        "(OA;CIIO;RP;%s;%s;%s)" % (PWD_LAST_SET, USER, svc),   # object ACE, inheritedObjectType user
        "(OA;CI;CR;%s;%s;%s)" % (RESET_PASSWORD, USER, svc),   # extended right for users
        "(OA;CI;CCDC;%s;;%s)" % (GROUP, helper),               # objectType only (create groups)
        "(A;CINP;SD;;;%s)" % helper,                           # no propagate: one level only
        "(A;CI;RPWP;;;CO)",                                    # CREATOR OWNER
        "(A;CI;GA;;;%s)" % helper,                             # generic all
        "(A;CIIO;GR;;;%s)" % svc,                              # generic read, inherit only
    ]))
    child_ou = "OU=Child," + parent
    add(child_ou, "objectClass: organizationalUnit")
    add_user("CN=Inherit User," + parent, "inherit.user", "User#Passw0rd1")
    add("CN=Inherit Group," + parent, "objectClass: group", "sAMAccountName: inherit.group")
    add("CN=INHPC01," + parent, "objectClass: computer", "sAMAccountName: INHPC01$",
        "userAccountControl: 4096")
    add_user("CN=Grandchild User," + child_ou, "grandchild.user", "User#Passw0rd1")
    capture([
        (parent, 4), (parent, 15), (child_ou, 15), ("CN=Inherit User," + parent, 15),
        ("CN=Inherit Group," + parent, 15), ("CN=INHPC01," + parent, 15),
        ("CN=Grandchild User," + child_ou, 15),
    ], "inheritance")

    # ---- access decisions: a plain account before and after grants on OU=Access
    access = "OU=Access," + FIX
    add(access, "objectClass: organizationalUnit")
    target = "CN=Access Target," + access
    add_user(target, "access.target", "Target#Passw0rd1")
    as_svc = (svc_dn, SVC_PASSWORD)
    operations = [
        ("reset unicodePwd", target,
         "changetype: modify\nreplace: unicodePwd\nunicodePwd:: {password}\n-"),
        ("write lockoutTime", target, "changetype: modify\nreplace: lockoutTime\nlockoutTime: 0\n-"),
        ("write description", target,
         "changetype: modify\nreplace: description\ndescription: written by svc\n-"),
        ("create user", "CN=svc-created%d," + access,
         "changetype: add\nobjectClass: user\nsAMAccountName: svc-created%d"),
        ("create group", "CN=svc-group%d," + access,
         "changetype: add\nobjectClass: group\nsAMAccountName: svc-group%d"),
        ("write own description", svc_dn,
         "changetype: modify\nreplace: description\ndescription: self\n-"),
    ]
    results = []
    grants = "(OA;CI;CR;%s;%s;%s)(OA;CI;WP;%s;%s;%s)(OA;;CC;%s;;%s)" % (
        RESET_PASSWORD, USER, svc, LOCKOUT_TIME, USER, svc, USER, svc)

    def attempt(state, round_number):
        for what, dn, change in operations:
            dn = dn.replace("%d", str(round_number))
            change = change.replace("%d", str(round_number)).replace(
                "{password}", pwd("Reset#Passw0rd%d" % round_number))
            rc, err = modify("dn: %s\n%s\n" % (dn, change), who=as_svc)
            results.append(("svc-fixture", state, what, dn, str(rc), err))

    attempt("before_grant", 1)
    add_aces(access, grants)
    attempt("after_grant", 2)
    write_tsv("access-checks.tsv", ["actor", "state", "operation", "target_dn", "result_code",
                                    "diagnostic"], results)
    with open(os.path.join(OUT, "capture-info.txt"), "w", encoding="utf-8") as out:
        out.write("samba_version=%s\ncaptured_utc=%s\ndomain_sid=%s\nsvc_sid=%s\nhelper_sid=%s\n"
                  "access_grants=%s\n" % (
                      facts["SAMBA_VERSION"],
                      datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                      facts["DOMAIN_SID"], svc, helper, grants))


main()
