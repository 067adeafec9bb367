#!/usr/bin/env bash
# Sums the Surefire and Failsafe XML reports under the modules' target/ folders and prints
# "PASSED FAILED SKIPPED" (three numbers) for .ci/run's closing line.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
tests = failed = skipped = 0
for f in glob.glob("*/target/surefire-reports/TEST-*.xml") + glob.glob("*/target/failsafe-reports/TEST-*.xml"):
    r = ET.parse(f).getroot()
    tests += int(r.get("tests", 0))
    failed += int(r.get("failures", 0)) + int(r.get("errors", 0))
    skipped += int(r.get("skipped", 0))
print(tests - failed - skipped, failed, skipped)
PY
