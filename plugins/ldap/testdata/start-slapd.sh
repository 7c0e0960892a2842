#!/usr/bin/env bash
# start-slapd.sh: start a throw-away OpenLDAP (slapd from Debian) on
# loopback with the test tree of plugins/ldap, for its integration tests.
#
#   eval "export $(plugins/ldap/testdata/start-slapd.sh | tail -n 1)"
#   go test -count=1 ./plugins/ldap/...
#
# It installs slapd and ldap-utils non-interactively when missing, makes a
# CA and a server certificate, writes its own slapd.conf under
# $LDAP_DIR (default /tmp/relaciona-slapd; a slapd it started before is
# stopped and its data wiped), listens on 127.0.0.1 only (ldap with
# StartTLS on $LDAP_PORT, default 3389; ldaps on $LDAPS_PORT, default
# 6636), loads tree.ldif, and makes a read-only account with a fresh
# random password. Its last line is the settings the tests read:
#   LDAP_URL=... LDAP_BIND_DN=... LDAP_PASSWORD=... LDAP_CA_FILE=... LDAPS_URL=... LDAP_PID_FILE=...
# It exits non-zero, saying why, when slapd does not come up.
# Stop it with: kill "$(cat /tmp/relaciona-slapd/slapd.pid)".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${LDAP_DIR:-/tmp/relaciona-slapd}"
port="${LDAP_PORT:-3389}"
sport="${LDAPS_PORT:-6636}"
base="dc=relaciona,dc=test"
say() { echo "start-slapd: $*" >&2; }

if ! command -v slapd >/dev/null 2>&1 && [ ! -x /usr/sbin/slapd ] || ! command -v ldapadd >/dev/null 2>&1; then
  say "installing slapd and ldap-utils"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -q --no-install-recommends slapd ldap-utils >"/tmp/relaciona-slapd-apt.log" 2>&1 \
    || { apt-get update -q && apt-get install -y -q --no-install-recommends slapd ldap-utils; } >>"/tmp/relaciona-slapd-apt.log" 2>&1; } \
    || { tail -20 /tmp/relaciona-slapd-apt.log >&2; say "could not install slapd"; exit 1; }
fi
slapd=$(command -v slapd || echo /usr/sbin/slapd)

# A slapd this script started before: stop it and start clean.
# alive: a process that runs (a zombie left for an init that does not reap
# is dead).
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
stop_slapd() {
  local pid
  pid="$(cat "$dir/slapd.pid" 2>/dev/null || true)"
  if alive "$pid" && grep -q slapd "/proc/$pid/comm" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
  fi
}
stop_slapd
for p in "$port" "$sport"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    say "port $p on 127.0.0.1 is taken by another program; set LDAP_PORT / LDAPS_PORT"; exit 1
  fi
done
rm -rf "$dir"
mkdir -p "$dir/data"
chmod 700 "$dir"

# Certificates: a CA, and a server certificate for 127.0.0.1 and localhost.
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=relaciona test CA" \
  -keyout "$dir/ca.key" -out "$dir/ca.crt" >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$dir/server.key" -out "$dir/server.csr" >/dev/null 2>&1
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$dir/san.ext"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 30 \
  -extfile "$dir/san.ext" -out "$dir/server.crt" >/dev/null 2>&1

rootpw="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
readpw="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
cat >"$dir/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile $dir/slapd.pid
argsfile $dir/slapd.args
TLSCACertificateFile $dir/ca.crt
TLSCertificateFile $dir/server.crt
TLSCertificateKeyFile $dir/server.key
database mdb
maxsize 67108864
suffix "$base"
rootdn "cn=admin,$base"
rootpw $(slappasswd -s "$rootpw")
directory $dir/data
index uid eq
index member eq
overlay memberof
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="cn=reader,$base" read by * none
CONF

# Start slapd and load the tree; on a failure (a slapd that stops
# answering while it loads, as a loaded machine has shown once), start
# again from empty data, three times at most.
start_and_load() {
  rm -rf "$dir/data" && mkdir -p "$dir/data"
  "$slapd" -f "$dir/slapd.conf" -h "ldap://127.0.0.1:$port/ ldaps://127.0.0.1:$sport/" >"$dir/slapd.log" 2>&1 \
    || { cat "$dir/slapd.log" >&2; say "slapd did not start"; return 1; }
  local up=""
  for _ in $(seq 100); do
    if ldapwhoami -x -H "ldap://127.0.0.1:$port" -D "cn=admin,$base" -w "$rootpw" >/dev/null 2>&1; then up=1; break; fi
    sleep 0.1
  done
  [ -n "$up" ] || { cat "$dir/slapd.log" >&2; say "slapd does not answer on 127.0.0.1:$port"; return 1; }
  {
    cat "$here/tree.ldif"
    printf '\ndn: cn=reader,%s\nobjectClass: applicationProcess\nobjectClass: simpleSecurityObject\ncn: reader\nuserPassword: %s\n' \
      "$base" "$(slappasswd -s "$readpw")"
  } | ldapadd -x -H "ldap://127.0.0.1:$port" -D "cn=admin,$base" -w "$rootpw" >"$dir/load.log" 2>&1 \
    || { cat "$dir/load.log" >&2; say "loading tree.ldif failed"; return 1; }
}
loaded=""
for attempt in 1 2 3; do
  if start_and_load; then loaded=1; break; fi
  stop_slapd
  [ "$attempt" = 3 ] || say "attempt $attempt failed; starting again"
done
[ -n "$loaded" ] || { say "slapd did not come up with the test tree"; exit 1; }

# The check the tests rely on: the reader sees carla's memberOf over StartTLS.
LDAPTLS_CACERT="$dir/ca.crt" ldapsearch -x -ZZ -H "ldap://127.0.0.1:$port" -D "cn=reader,$base" -w "$readpw" \
  -b "ou=people,$base" "(uid=carla)" memberOf 2>"$dir/check.log" | grep -q "^memberOf: cn=sfia-4" \
  || { cat "$dir/check.log" >&2; say "the reader cannot read the tree over StartTLS (or memberOf is missing)"; exit 1; }
printf '%s\n' "$readpw" >"$dir/reader.password"
chmod 600 "$dir/reader.password"
say "slapd up on 127.0.0.1:$port (StartTLS) and 127.0.0.1:$sport (ldaps), data in $dir"
echo "LDAP_URL=ldap://127.0.0.1:$port/$base LDAP_BIND_DN=cn=reader,$base LDAP_PASSWORD=$readpw LDAP_CA_FILE=$dir/ca.crt LDAPS_URL=ldaps://127.0.0.1:$sport/$base LDAP_PID_FILE=$dir/slapd.pid"
