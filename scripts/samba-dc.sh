#!/usr/bin/env bash
# A disposable Samba Active Directory domain controller on 127.0.0.1, the integration oracle of
# adwriteback (tests tagged "samba", see README "Integration suite").
#
# usage: samba-dc.sh install | start DIR | stop DIR | status DIR | env DIR
#
#   install     installs the Debian packages (apt-get update once; system services are kept from starting)
#   start DIR   provisions the domain CONTOSO.TEST (NetBIOS CONTOSO) into DIR when DIR is new, starts the DC
#               bound to 127.0.0.1 only, waits for LDAP and LDAPS, extends the schema on the first start and
#               writes DIR/connection.properties. Prints the timing of each step.
#   stop DIR    stops the DC started from DIR by its PID (TERM, KILL after SAMBA_STOP_TIMEOUT seconds)
#   status DIR  exit 0 if the DC of DIR runs and LDAP answers, 3 if it is stopped
#   env DIR     prints DIR/connection.properties
#
# Must run as root: Samba's AD DC expects it and its LDAP ports (389, 636, 3268, 3269) are fixed.
# Settings (environment):
#   SAMBA_STRONG_AUTH     value of "ldap server require strong auth" (default no: simple binds and password
#                         writes over plain LDAP are accepted, unlike Windows; yes makes plain binds fail with 8)
#   SAMBA_ADMIN_PASSWORD  Administrator password of a new domain (default: random per provision)
#   SAMBA_START_TIMEOUT   seconds to wait for LDAP+LDAPS (default 60); SAMBA_STOP_TIMEOUT (default 20)
#   SAMBA_LOG_LEVEL       Samba log level (default 1)
#   SAMBA_HOST_IP         loopback address the DC binds to (default 127.0.0.1; use another one, e.g. 127.0.0.5 after
#                         `ip addr add 127.0.0.5/8 dev lo`, when a second DC runs on the same machine)
# Only test credentials live in DIR; connection.properties and the CA are world-readable on purpose.
set -euo pipefail

readonly PACKAGES="samba samba-ad-dc samba-ad-provision winbind ldap-utils krb5-user openssl"
readonly REALM=CONTOSO.TEST
readonly REALM_LC=contoso.test
readonly NETBIOS=CONTOSO
readonly DC_NAME=DC1
readonly HOST_IP=${SAMBA_HOST_IP:-127.0.0.1}
case "$HOST_IP" in 127.*) ;; *) echo "samba-dc: SAMBA_HOST_IP must be in 127.0.0.0/8, got $HOST_IP" >&2; exit 2 ;; esac
readonly BASE_DN="DC=contoso,DC=test"
readonly TRUSTSTORE_PASSWORD=changeit
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly HERE

fail() { echo "samba-dc: ERROR: $*" >&2; exit 1; }
say() { echo "samba-dc: $*" >&2; }
clock() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(clock)" 'BEGIN { printf "%.1f", b - a }'; }
require_root() { [ "$(id -u)" -eq 0 ] || fail "run as root (Samba's AD DC and its fixed LDAP ports need it)"; }

instance_dir() {
  [ -n "${1:-}" ] || fail "missing DIR argument"
  local d
  d="$(realpath -m -- "$1")"
  case "$d" in / | /tmp | /etc | /usr | /var | /root | /home) fail "refusing to use $d as the instance directory" ;; esac
  echo "$d"
}

# ------------------------------------------------------------------------------------------------- install

cmd_install() {
  require_root
  local wanted=() p
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || wanted+=("$p")
  done
  if [ ${#wanted[@]} -eq 0 ]; then
    say "packages already installed"
    return 0
  fi
  local t0
  t0=$(clock)
  # apt would start smbd/nmbd/winbind on all interfaces: a policy-rc.d answering 101 forbids it
  local policy=/usr/sbin/policy-rc.d ours=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    ours=1
  fi
  local rc=0
  {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null &&
      apt-get install -y -q --no-install-recommends "${wanted[@]}" >/dev/null
  } || rc=$?
  [ "$ours" -eq 1 ] && rm -f "$policy"
  [ "$rc" -eq 0 ] || fail "apt-get failed (rc $rc) installing: ${wanted[*]}"
  say "installed ${wanted[*]} in $(elapsed "$t0") s"
}

# --------------------------------------------------------------------------------------------------- start

write_smb_conf() { # DIR
  local d="$1"
  mkdir -p "$d/etc" "$d/run" "$d/log"
  # provision reads an existing non-empty smb.conf as-is (given with -s), so the system one is never used
  cat >"$d/etc/smb.conf" <<EOF
# written by adwriteback scripts/samba-dc.sh on every start
[global]
	netbios name = $DC_NAME
	workgroup = $NETBIOS
	realm = $REALM
	server role = active directory domain controller
	interfaces = $HOST_IP
	bind interfaces only = yes
	server services = ldap, kdc
	private dir = $d/private
	lock directory = $d
	state directory = $d/state
	cache directory = $d/cache
	binddns dir = $d/bind-dns
	pid directory = $d/run
	ncalrpc dir = $d/run/ncalrpc
	winbindd socket directory = $d/run/winbindd
	ntp signd socket directory = $d/run/ntp_signd
	log file = $d/log/samba.log
	logging = file
	log level = ${SAMBA_LOG_LEVEL:-1}
	ldap server require strong auth = ${SAMBA_STRONG_AUTH:-no}
	dsdb:schema update allowed = true
	tls enabled = yes
	tls keyfile = $d/tls/server.key
	tls certfile = $d/tls/server.pem
	tls cafile = $d/tls/ca.pem
[sysvol]
	path = $d/state/sysvol
	read only = no
[netlogon]
	path = $d/state/sysvol/$REALM_LC/scripts
	read only = no
EOF
}

random_password() {
  # complexity needs three of upper, lower, digit, symbol; the hex part adds lower case and digits
  echo "Wb-$(openssl rand -hex 12)"
}

provision() { # DIR
  local d="$1"
  rm -rf "$d/etc" "$d/private" "$d/state" "$d/cache" "$d/bind-dns" "$d/run" "$d/log" "$d/tls" "$d"/*.tdb \
    "$d/admin.password" "$d/.provisioned" "$d/.extended"
  mkdir -p "$d"
  chmod 755 "$d"
  write_smb_conf "$d"
  local password="${SAMBA_ADMIN_PASSWORD:-$(random_password)}"
  samba-tool domain provision -s "$d/etc/smb.conf" --targetdir="$d" --realm="$REALM" --domain="$NETBIOS" \
    --host-name="$DC_NAME" --host-ip="$HOST_IP" --server-role=dc --dns-backend=NONE --use-rfc2307 \
    --adminpass="$password" >"$d/log/provision.log" 2>&1 ||
    {
      tail -20 "$d/log/provision.log" >&2
      fail "provision failed, see $d/log/provision.log"
    }
  umask 077
  echo "$password" >"$d/admin.password"
  umask 022
  touch "$d/.provisioned"
}

make_tls() { # DIR: own CA and a server certificate valid for 127.0.0.1, localhost and the DC's names
  local t="$1/tls"
  mkdir -p "$t"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/O=adwriteback test/CN=$REALM test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$t/ca.key" -out "$t/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=dc1.$REALM_LC" -keyout "$t/server.key" \
    -out "$t/server.csr" 2>/dev/null
  cat >"$t/server.ext" <<EOF
subjectAltName = DNS:dc1.$REALM_LC, DNS:$REALM_LC, DNS:localhost, IP:$HOST_IP
extendedKeyUsage = serverAuth
keyUsage = critical, digitalSignature, keyEncipherment
basicConstraints = CA:FALSE
EOF
  openssl x509 -req -sha256 -days 3650 -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" \
    -CAcreateserial -extfile "$t/server.ext" -out "$t/server.pem" 2>/dev/null
  rm -f "$t/server.csr" "$t/server.ext" "$t/ca.srl"
  chmod 600 "$t/server.key" "$t/ca.key" # Samba refuses a key others can read
  rm -f "$t/truststore.p12"
  keytool -importcert -noprompt -alias contoso-test-ca -file "$t/ca.pem" -keystore "$t/truststore.p12" \
    -storetype PKCS12 -storepass "$TRUSTSTORE_PASSWORD" >/dev/null 2>&1 || fail "keytool could not write the truststore"
  chmod 644 "$t/ca.pem" "$t/server.pem" "$t/truststore.p12"
}

samba_pid() { # DIR -> PID of the running DC of DIR, or nothing
  local f="$1/run/samba-dc.pid" p
  [ -s "$f" ] || return 0
  p="$(tr -dc 0-9 <"$f")"
  # Samba renames its process title, so compare the executable instead of the command line
  if [ -n "$p" ] && [ "$(readlink -f "/proc/$p/exe" 2>/dev/null)" = "$(readlink -f "$(command -v samba)")" ]; then
    echo "$p"
  fi
}

ldap_answers() { # DIR: plain rootDSE and LDAPS with our CA and hostname check both answer
  ldapsearch -x -H "ldap://$HOST_IP" -o nettimeout=2 -l 2 -s base -b '' dnsHostName >/dev/null 2>&1 &&
    LDAPTLS_CACERT="$1/tls/ca.pem" LDAPTLS_REQCERT=demand \
      ldapsearch -x -H "ldaps://$HOST_IP" -o nettimeout=2 -l 2 -s base -b '' dnsHostName >/dev/null 2>&1
}

admin_modify() { # DIR, LDIF on stdin
  LDAPTLS_CACERT="$1/tls/ca.pem" ldapmodify -x -H "ldaps://$HOST_IP" -D "Administrator@$REALM_LC" \
    -y "$1/admin.password.nonl"
}

first_start() { # DIR: password policy and schema extension, once per domain
  local d="$1"
  [ -e "$d/.extended" ] && return 0
  # tests change the same password several times in a row: no minimum age, no history (length and
  # complexity stay as in AD)
  printf 'dn: %s\nchangetype: modify\nreplace: minPwdAge\nminPwdAge: 0\n-\nreplace: pwdHistoryLength\npwdHistoryLength: 0\n-\n' \
    "$BASE_DN" | admin_modify "$d" >/dev/null || fail "could not relax the password policy"
  local ldif="$d/log/schema-extension.ldif"
  /usr/bin/python3 "$HERE/samba/schema_extension.py" "$BASE_DN" >"$ldif" || fail "could not build the schema extension"
  admin_modify "$d" <"$ldif" >"$d/log/schema-extension.log" 2>&1 ||
    {
      grep -B3 -iE 'ldap_(add|modify)|error' "$d/log/schema-extension.log" | tail -20 >&2
      fail "schema extension failed, see $d/log/schema-extension.log"
    }
  touch "$d/.extended"
}

domain_sid() { # DIR
  LDAPTLS_CACERT="$1/tls/ca.pem" ldapsearch -LLL -x -H "ldaps://$HOST_IP" -D "Administrator@$REALM_LC" \
    -y "$1/admin.password.nonl" -b "$BASE_DN" -s base objectSid | awk '/^objectSid::/ { print $2 }' |
    /usr/bin/python3 -c '
import base64, struct, sys
b = base64.b64decode(sys.stdin.read().strip())
authority = int.from_bytes(b[2:8], "big")
subs = struct.unpack("<%dI" % b[1], b[8:8 + 4 * b[1]])
print("S-%d-%d" % (b[0], authority) + "".join("-%d" % s for s in subs))'
}

write_properties() { # DIR
  local d="$1" sid
  sid="$(domain_sid "$d")"
  [ -n "$sid" ] || fail "could not read the domain SID"
  # java.util.Properties: backslash is the only character of these values that needs escaping
  cat >"$d/connection.properties.new" <<EOF
# Samba AD DC of $d, written by scripts/samba-dc.sh (test credentials only)
LDAP_URL=ldap://$HOST_IP:389
LDAPS_URL=ldaps://$HOST_IP:636
LDAP_HOST=$HOST_IP
BASE_DN=$BASE_DN
CONFIG_DN=CN=Configuration,$BASE_DN
SCHEMA_DN=CN=Schema,CN=Configuration,$BASE_DN
ADMIN_DN=CN=Administrator,CN=Users,$BASE_DN
ADMIN_UPN=Administrator@$REALM_LC
ADMIN_PASSWORD=$(cat "$d/admin.password")
CA_CERT=$d/tls/ca.pem
TRUSTSTORE_P12=$d/tls/truststore.p12
TRUSTSTORE_PASSWORD=$TRUSTSTORE_PASSWORD
DOMAIN_SID=$sid
NETBIOS=$NETBIOS
REALM=$REALM
STRONG_AUTH=${SAMBA_STRONG_AUTH:-no}
SAMBA_VERSION=$(samba -V | awk '{ print $2 }')
SMB_CONF=$d/etc/smb.conf
EOF
  mv "$d/connection.properties.new" "$d/connection.properties"
  chmod 644 "$d/connection.properties"
}

cmd_start() {
  require_root
  command -v samba >/dev/null && command -v ldapsearch >/dev/null && command -v keytool >/dev/null ||
    fail "samba, ldap-utils or keytool missing: run '$0 install' (keytool comes with the JDK)"
  local d t0 t pid
  d="$(instance_dir "${1:-}")"
  t0=$(clock)
  pid="$(samba_pid "$d")"
  [ -z "$pid" ] || fail "the DC of $d already runs (pid $pid); stop it first"
  ! ldapsearch -x -H "ldap://$HOST_IP" -o nettimeout=1 -l 1 -s base -b '' >/dev/null 2>&1 ||
    fail "another LDAP server answers on $HOST_IP:389"
  if [ ! -e "$d/.provisioned" ]; then
    t=$(clock)
    provision "$d"
    say "provisioned $REALM in $(elapsed "$t") s"
  fi
  write_smb_conf "$d"
  tr -d '\n' <"$d/admin.password" >"$d/admin.password.nonl"
  chmod 600 "$d/admin.password.nonl"
  if [ ! -s "$d/tls/truststore.p12" ]; then
    t=$(clock)
    make_tls "$d"
    say "CA, server certificate and truststore made in $(elapsed "$t") s"
  fi
  t=$(clock)
  # -F keeps samba in the foreground so $! is its PID; setsid detaches it from the caller's session
  setsid samba -F -M single -s "$d/etc/smb.conf" </dev/null >>"$d/log/stdout.log" 2>&1 &
  echo $! >"$d/run/samba-dc.pid"
  local deadline=$(($(date +%s) + ${SAMBA_START_TIMEOUT:-60}))
  until ldap_answers "$d"; do
    if [ -z "$(samba_pid "$d")" ]; then
      tail -20 "$d/log/samba.log" >&2 || true
      fail "samba exited during start-up"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -20 "$d/log/samba.log" >&2 || true
      cmd_stop "$d"
      fail "LDAP and LDAPS did not answer within ${SAMBA_START_TIMEOUT:-60} s"
    fi
    sleep 0.1
  done
  say "LDAP and LDAPS answer $(elapsed "$t") s after launch"
  if [ ! -e "$d/.extended" ]; then
    t=$(clock)
    first_start "$d" || {
      cmd_stop "$d"
      exit 1
    }
    say "password policy relaxed and schema extended in $(elapsed "$t") s"
  fi
  write_properties "$d"
  say "started in $(elapsed "$t0") s: $d/connection.properties"
}

# ---------------------------------------------------------------------------------------------- stop & co

cmd_stop() {
  require_root
  local d pid t0
  d="$(instance_dir "${1:-}")"
  pid="$(samba_pid "$d")"
  if [ -z "$pid" ]; then
    say "not running: $d"
    rm -f "$d/run/samba-dc.pid" "$d/run/samba.pid"
    return 0
  fi
  t0=$(clock)
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(($(date +%s) + ${SAMBA_STOP_TIMEOUT:-20}))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      say "no exit after TERM, sending KILL to $pid"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
  done
  rm -f "$d/run/samba-dc.pid" "$d/run/samba.pid"
  say "stopped pid $pid in $(elapsed "$t0") s"
}

cmd_status() {
  local d pid
  d="$(instance_dir "${1:-}")"
  pid="$(samba_pid "$d")"
  if [ -z "$pid" ]; then
    echo "stopped: $d"
    return 3
  fi
  if ldap_answers "$d"; then
    echo "running: pid $pid, ldap://$HOST_IP, ldaps://$HOST_IP"
  else
    echo "running (pid $pid) but LDAP does not answer"
    return 1
  fi
}

cmd_env() {
  local d
  d="$(instance_dir "${1:-}")"
  [ -s "$d/connection.properties" ] || fail "no connection.properties in $d: run '$0 start $d' first"
  cat "$d/connection.properties"
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start "${2:-}" ;;
  stop) cmd_stop "${2:-}" ;;
  status) cmd_status "${2:-}" ;;
  env) cmd_env "${2:-}" ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
