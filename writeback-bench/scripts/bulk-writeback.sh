#!/usr/bin/env bash
# Bulk writeback throughput: BatchWriter against OpenLDAP's ldapadd, same server, same run (issue 9).
#
# usage: writeback-bench/scripts/bulk-writeback.sh [users] [groups] [members] [parallelism]
#   SAMBA_PROPERTIES=DIR/connection.properties  also measures the Samba DC of scripts/samba-dc.sh
#   SAMBA_PEER_PROPERTIES=DIR2/connection.properties  a second, equally fresh DC for ldapadd (a DC's add
#     cost grows with its size, so on one shared DC whoever writes second is at a disadvantage)
# Needs: the benchmarks jar (mvn -B -o -pl writeback-bench -am package -DskipTests) and ldapadd
# (Debian package ldap-utils). Prints one line per phase: objects/s of both and the ratio ours/ldapadd.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$HERE/../target/benchmarks.jar"
[ -f "$JAR" ] || { echo "missing $JAR: mvn -B -o -pl writeback-bench -am package -DskipTests" >&2; exit 1; }
command -v ldapadd >/dev/null || { echo "ldapadd missing: apt-get install -y ldap-utils" >&2; exit 1; }
USERS=${1:-10000} GROUPS_N=${2:-1000} MEMBERS=${3:-10} PAR=${4:-4}
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -r); users=$USERS groups=$GROUPS_N members=$MEMBERS parallelism=$PAR"
# a fixed heap: both contestants write to servers in this JVM, and a heap that shrinks after the
# collection before each phase (BulkWriteback.settle) and grows again charges that to the phase
java -Xms2g -Xmx2g -cp "$JAR" org.adwriteback.bench.BulkWriteback testkit "$USERS" "$GROUPS_N" "$MEMBERS" "$PAR"
if [ -n "${SAMBA_PROPERTIES:-}" ]; then
  java -Xmx1g -cp "$JAR" org.adwriteback.bench.BulkWriteback samba "$USERS" "$GROUPS_N" "$MEMBERS" "$PAR" \
    "$SAMBA_PROPERTIES" ${SAMBA_PEER_PROPERTIES:+"$SAMBA_PEER_PROPERTIES"}
fi
