#!/usr/bin/env python3
"""Generates the compact schema resources of org.adwriteback.schema from Microsoft's published AD schema.

Inputs (install with `apt-get install samba-ad-provision`, which ships Microsoft's schema LDFs and Samba's
transcription of MS-ADTS 6.1.1.2.7 under /usr/share/samba/setup):
  ad-schema/{Attributes_for_AD_DS__Windows_Server_2008_R2, Attributes_for_AD_DS__Windows_Server_2012,
             AD_DS_Attributes__Windows_Server_2012_R2, AD_DS_Attributes__Windows_Server_2016}.ldf (+ Classes)
  extended-rights.ldif
  and, next to this script, v1903-delta.ldf (schema 88 additions) and extended-rights-supplement.ldif.

Outputs (into the resource folder given as the only argument, default: the module's resource folder):
  ad-attributes.tsv, ad-classes.tsv, ad-control-access-rights.tsv

The output is deterministic (sorted by lDAPDisplayName / CN); rerunning on the same inputs gives identical
files. The script checks the result against ad-guids.tsv and ad-default-sd.tsv in the same folder and fails
on any disagreement.

Usage: python3 generate_schema_tsv.py [RESOURCE_DIR] [--samba-setup DIR]
"""

import base64
import os
import re
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(
    os.path.join(HERE, "..", "..", "main", "resources", "org", "adwriteback", "schema"))

# Schema LDF sets in release order, with the schema objectVersion they correspond to
# (Microsoft: "Active Directory Schema Versions": 47 = 2008 R2, 56 = 2012, 69 = 2012 R2, 87 = 2016,
# 88 = 2019 / v1903). An entry's "since" value is the first set that contains it; 47 means
# "Windows Server 2008 R2 or earlier".
VERSIONS = [
    (47, "Attributes_for_AD_DS__Windows_Server_2008_R2.ldf", "Classes_for_AD_DS__Windows_Server_2008_R2.ldf"),
    (56, "Attributes_for_AD_DS__Windows_Server_2012.ldf", "Classes_for_AD_DS__Windows_Server_2012.ldf"),
    (69, "AD_DS_Attributes__Windows_Server_2012_R2.ldf", "AD_DS_Classes__Windows_Server_2012_R2.ldf"),
    (87, "AD_DS_Attributes__Windows_Server_2016.ldf", "AD_DS_Classes__Windows_Server_2016.ldf"),
]
DELTA_88 = os.path.join(HERE, "v1903-delta.ldf")
RIGHTS_SUPPLEMENT = os.path.join(HERE, "extended-rights-supplement.ldif")
DISPLAY_NAMES = os.path.join(HERE, "windows-display-names.tsv")


def parse_ldif(path):
    """Returns a list of entries; each entry is a list of (attribute, value) pairs in file order."""
    with open(path, encoding="cp1252") as f:
        text = f.read().replace("\r\n", "\n")
    text = text.replace("${INC2012}", "").replace("${INC2016}", "")
    entries = []
    for block in re.split(r"\n\s*\n", text):
        lines = []
        for line in block.split("\n"):
            if line.startswith("#"):
                continue
            if line.startswith(" ") and lines:
                lines[-1] += line[1:]
            elif line.strip():
                lines.append(line.rstrip())
        pairs = []
        for line in lines:
            if line == "-":
                continue
            m = re.match(r"^([A-Za-z0-9-]+)(::?)\s?(.*)$", line)
            if not m:
                raise ValueError(f"{path}: cannot parse line {line!r}")
            name, sep, value = m.groups()
            if sep == "::":
                value = base64.b64decode(value)
            pairs.append((name, value))
        if pairs and pairs[0][0] == "dn":
            entries.append(pairs)
    return entries


def first(entry, name, default=None):
    for k, v in entry:
        if k.lower() == name.lower():
            return v
    return default


def every(entry, name):
    return [v for k, v in entry if k.lower() == name.lower()]


def guid(value):
    """Binary GUID in the MS-DTYP 2.3.4.2 layout -> registry string form."""
    if value is None:
        return ""
    if not isinstance(value, bytes) or len(value) != 16:
        raise ValueError(f"not a 16-byte GUID: {value!r}")
    return str(uuid.UUID(bytes_le=value))


def cn_of(entry):
    return re.match(r"^CN=([^,]+),", first(entry, "dn"), re.I).group(1)


def load_schema(setup):
    attrs, classes = {}, {}
    for version, attr_file, class_file in VERSIONS:
        for file_name, target, object_class in ((attr_file, attrs, "attributeSchema"),
                                                (class_file, classes, "classSchema")):
            for e in parse_ldif(os.path.join(setup, "ad-schema", file_name)):
                if object_class not in every(e, "objectClass"):
                    continue
                key = first(e, "lDAPDisplayName").lower()
                since = target[key][0] if key in target else version
                target[key] = (since, e)
    for e in parse_ldif(DELTA_88):
        if first(e, "changetype") == "add":
            attrs[first(e, "lDAPDisplayName").lower()] = (88, e)
        else:
            cn = cn_of(e)
            key = next(k for k, (_, c) in classes.items() if cn_of(c).lower() == cn.lower())
            since, c = classes[key]
            added = [(k, v) for k, v in e if k in ("systemMayContain", "mayContain")]
            classes[key] = (since, c + added)
    return attrs, classes


def load_rights(setup):
    rights = []
    for path in (os.path.join(setup, "extended-rights.ldif"), RIGHTS_SUPPLEMENT):
        for e in parse_ldif(path):
            if "controlAccessRight" in every(e, "objectClass"):
                rights.append(e)
    return rights


def joined(values):
    for v in values:
        if "," in v or "\t" in v:
            raise ValueError(f"value would break the list encoding: {v!r}")
    return ",".join(values)


def write_tsv(path, header_lines, columns, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in header_lines:
            f.write("# " + line + "\n" if line else "#\n")
        f.write("\t".join(columns) + "\n")
        for row in rows:
            if len(row) != len(columns) or any("\t" in c or "\n" in c for c in row):
                raise ValueError(f"bad row {row!r}")
            f.write("\t".join(row) + "\n")


SOURCE_NOTE = [
    "Generated by writeback-api/src/build/schema/generate_schema_tsv.py; do not edit by hand.",
    "Source: Microsoft's published Active Directory schema LDF files (Windows Server 2008 R2, 2012, 2012 R2, 2016),",
    "as shipped by Samba (source4/setup/ad-schema, Debian package samba-ad-provision 4.17), plus the schema 88",
    "(Windows Server 2019 / v1903) delta in src/build/schema/v1903-delta.ldf. Licence: see README.md here.",
    "Lists are comma separated; empty = absent. 'since' = schema objectVersion of the first LDF set holding the",
    "entry (47 = Windows Server 2008 R2 or earlier, 56 = 2012, 69 = 2012 R2, 87 = 2016, 88 = 2019).",
]


def attribute_rows(attrs):
    rows = []
    for key in sorted(attrs, key=str.lower):
        since, e = attrs[key]
        om_class = first(e, "oMObjectClass")
        rows.append([
            first(e, "lDAPDisplayName"), cn_of(e), first(e, "attributeID"), first(e, "attributeSyntax"),
            first(e, "oMSyntax"), om_class.hex() if isinstance(om_class, bytes) else "",
            first(e, "isSingleValued"), guid(first(e, "schemaIDGUID")),
            guid(first(e, "attributeSecurityGUID")), first(e, "linkID", ""),
            first(e, "systemOnly", "FALSE"), first(e, "searchFlags", "0"), first(e, "systemFlags", "0"),
            first(e, "rangeLower", ""), first(e, "rangeUpper", ""),
            first(e, "isMemberOfPartialAttributeSet", "FALSE"), first(e, "isDefunct", "FALSE"), str(since),
        ])
    return rows


def class_rows(classes):
    by_cn = {cn_of(e).lower(): first(e, "lDAPDisplayName") for _, e in classes.values()}
    rows = []
    for key in sorted(classes, key=str.lower):
        since, e = classes[key]
        category = re.match(r"^CN=([^,]+),", first(e, "defaultObjectCategory"), re.I).group(1)
        rows.append([
            first(e, "lDAPDisplayName"), cn_of(e), first(e, "governsID"), guid(first(e, "schemaIDGUID")),
            first(e, "subClassOf"), first(e, "objectClassCategory"), first(e, "rDNAttID"),
            by_cn[category.lower()], first(e, "systemOnly", "FALSE"), first(e, "defaultHidingValue", "TRUE"),
            first(e, "systemFlags", "0"),
            joined(every(e, "systemPossSuperiors")), joined(every(e, "possSuperiors")),
            joined(every(e, "systemMustContain")), joined(every(e, "mustContain")),
            joined(every(e, "systemMayContain")), joined(every(e, "mayContain")),
            joined(every(e, "systemAuxiliaryClass")), joined(every(e, "auxiliaryClass")), str(since),
        ])
    return rows, {first(e, "lDAPDisplayName"): first(e, "defaultSecurityDescriptor", "") for _, e in
                  classes.values()}


KIND_BY_VALID_ACCESSES = {"256": "extended-right", "48": "property-set", "8": "validated-write"}


def load_display_names():
    """rightsGuid (or rightsGuid/kind where one GUID names two rights) -> Windows displayName."""
    names = {}
    for row in read_vector_tsv(DISPLAY_NAMES):
        names[row["rightsGuid"]] = row["displayName"]
    return names


def right_rows(rights):
    windows_names = load_display_names()
    used = set()
    rows = []
    for e in sorted(rights, key=lambda r: cn_of(r).lower()):
        valid = first(e, "validAccesses")
        kind = KIND_BY_VALID_ACCESSES[valid]
        rights_guid = str(uuid.UUID(first(e, "rightsGuid")))
        display = first(e, "displayName", "")
        for key in (rights_guid + "/" + kind, rights_guid):
            if key in windows_names:
                display = windows_names[key]
                used.add(key)
                break
        rows.append([
            kind, cn_of(e), display,
            rights_guid, valid,
            joined(sorted(str(uuid.UUID(g)) for g in every(e, "appliesTo"))),
        ])
    unused = set(windows_names) - used
    if unused:
        raise SystemExit(f"windows-display-names.tsv entries match no right: {sorted(unused)}")
    return rows


def read_vector_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, l.split("\t"))) for l in lines[1:] if l]


def cross_check(out, attr_rows, cls_rows, rts_rows, default_sds):
    errors = []
    known = {}
    for r in attr_rows:
        known[("attribute", r[0].lower())] = (r[7], r[8])
    for r in cls_rows:
        known[("class", r[0].lower())] = (r[3], "")
    for r in rts_rows:
        known[(r[0], r[1].lower())] = (r[3], "")
    seen = set()
    for row in read_vector_tsv(os.path.join(out, "ad-guids.tsv")):
        key = (row["kind"], row["name"].lower())
        seen.add(key)
        if key not in known:
            errors.append(f"ad-guids.tsv {key} missing from the generated data")
            continue
        g, ps = known[key]
        if g != row["guid"]:
            errors.append(f"ad-guids.tsv {key}: guid {row['guid']} != generated {g}")
        expected_ps = row["property_set"].split(" ")[0] if row["property_set"] else ""
        if row["kind"] == "attribute" and re.fullmatch(r"[0-9a-f-]{36}", expected_ps) and ps != expected_ps:
            errors.append(f"ad-guids.tsv {key}: attributeSecurityGUID {expected_ps} != generated {ps}")
    for key in known:
        if key not in seen:
            errors.append(f"generated {key} not in ad-guids.tsv")
    for row in read_vector_tsv(os.path.join(out, "ad-default-sd.tsv")):
        ldf_sd = default_sds.get(row["class"])
        if ldf_sd is None:
            errors.append(f"ad-default-sd.tsv class {row['class']} unknown")
        elif ldf_sd != row["defaultSecurityDescriptor"]:
            # v1903 SDs are authoritative for the catalog; report differences to the 2016 LDF for the record.
            print(f"note: defaultSecurityDescriptor of {row['class']} differs between 2016 LDF and v1903",
                  file=sys.stderr)
    if errors:
        raise SystemExit("cross-check failed:\n  " + "\n  ".join(errors))


def main(argv):
    out, setup = DEFAULT_OUT, "/usr/share/samba/setup"
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--samba-setup":
            setup = args.pop(0)
        else:
            out = a
    attrs, classes = load_schema(setup)
    attr_rows = attribute_rows(attrs)
    cls_rows, default_sds = class_rows(classes)
    rts_rows = right_rows(load_rights(setup))
    cross_check(out, attr_rows, cls_rows, rts_rows, default_sds)
    write_tsv(os.path.join(out, "ad-attributes.tsv"), ["attributeSchema objects (MS-ADTS 3.1.1.2.3)."] + SOURCE_NOTE,
              ["lDAPDisplayName", "cn", "attributeID", "attributeSyntax", "oMSyntax", "oMObjectClass",
               "isSingleValued", "schemaIDGUID", "attributeSecurityGUID", "linkID", "systemOnly", "searchFlags",
               "systemFlags", "rangeLower", "rangeUpper", "isMemberOfPartialAttributeSet", "isDefunct", "since"],
              attr_rows)
    write_tsv(os.path.join(out, "ad-classes.tsv"), ["classSchema objects (MS-ADTS 3.1.1.2.4)."] + SOURCE_NOTE,
              ["lDAPDisplayName", "cn", "governsID", "schemaIDGUID", "subClassOf", "objectClassCategory",
               "rDNAttID", "defaultObjectCategory", "systemOnly", "defaultHidingValue", "systemFlags",
               "systemPossSuperiors", "possSuperiors", "systemMustContain", "mustContain", "systemMayContain",
               "mayContain", "systemAuxiliaryClass", "auxiliaryClass", "since"], cls_rows)
    write_tsv(os.path.join(out, "ad-control-access-rights.tsv"),
              ["controlAccessRight objects (MS-ADTS 5.1.3.2.1 / 6.1.1.2.7). kind from validAccesses:",
               "256 (CR) = extended-right, 48 (RP|WP) = property-set, 8 (SW) = validated-write.",
               "Generated by writeback-api/src/build/schema/generate_schema_tsv.py; do not edit by hand.",
               "Source: Samba's source4/setup/extended-rights.ldif (a transcription of MS-ADTS 6.1.1.2.7 and of",
               "Microsoft's Schema-Updates.md) plus src/build/schema/extended-rights-supplement.ldif; displayName",
               "as Windows stores it from src/build/schema/windows-display-names.tsv where listed there."],
              ["kind", "cn", "displayName", "rightsGuid", "validAccesses", "appliesTo"], rts_rows)
    print(f"{len(attr_rows)} attributes, {len(cls_rows)} classes, {len(rts_rows)} control access rights -> {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
