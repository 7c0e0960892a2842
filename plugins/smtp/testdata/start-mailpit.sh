#!/usr/bin/env bash
# Start mailpit (a real SMTP server with an HTTP API to read what arrived)
# on loopback for the plugins/smtp integration tests, and print the settings
# the tests read, as shell assignments on stdout (eval them):
#
#	eval "$(bash plugins/smtp/testdata/start-mailpit.sh)"
#	go test -count=1 ./plugins/smtp/...
#
# Two instances, both on 127.0.0.1 only, with a self-signed certificate made
# here with openssl and SMTP AUTH against a password made here:
#   - SMTP_URL:  port 1025, STARTTLS required, API on MAILPIT_API (8025);
#   - SMTPS_URL: port 1465, implicit TLS (smtps), API on MAILPIT_SMTPS_API (8026).
# Both accept recipients at agency.example and example.org only: any other
# domain is refused at RCPT with 550, as a real server refuses an unknown user.
# Ports and the state folder may be changed through SMTP_PORT, SMTPS_PORT,
# MAILPIT_HTTP_PORT, MAILPIT_SMTPS_HTTP_PORT and MAILPIT_DIR. Running it again
# while the instances answer prints the same settings without starting anew.
# Exits non-zero if mailpit cannot be installed or does not come up.
# .ci/services.d/smtp.sh holds the same logic for CI.
set -euo pipefail
export PATH="$PATH:/usr/local/go/bin:$(go env GOPATH)/bin"
mailpit_version="v1.33.1"
dir="${MAILPIT_DIR:-${TMPDIR:-/tmp}/relaciona-mailpit}"
smtp_port="${SMTP_PORT:-1025}"
smtps_port="${SMTPS_PORT:-1465}"
http_port="${MAILPIT_HTTP_PORT:-8025}"
smtps_http_port="${MAILPIT_SMTPS_HTTP_PORT:-8026}"
user="relaciona"
recipients='@(agency\.example|example\.org)$'

log() { echo "start-mailpit: $*" >&2; }

if ! command -v mailpit >/dev/null 2>&1 ||
  ! go version -m "$(command -v mailpit)" 2>/dev/null | grep -Eq "^\s+mod\s+github.com/axllent/mailpit\s+${mailpit_version}"; then
  log "installing github.com/axllent/mailpit@${mailpit_version}"
  go install "github.com/axllent/mailpit@${mailpit_version}" >&2 || { log "go install of mailpit failed"; exit 1; }
fi

answers() { curl -fsS -o /dev/null -m 2 "http://127.0.0.1:$1/api/v1/info" 2>/dev/null; }

mkdir -p "$dir"
chmod 700 "$dir"
if ! { answers "$http_port" && answers "$smtps_http_port" && [ -s "$dir/password" ]; }; then
  # Stop what an earlier run of this script left half up; a pid file may be
  # stale (the pid reused by another program), so only a mailpit is stopped.
  for pidfile in "$dir"/*.pid; do
    [ -e "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "mailpit" ]; then
      kill "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
  command -v openssl >/dev/null 2>&1 || { log "openssl is missing (apt-get install openssl)"; exit 1; }
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=localhost" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1 || { log "openssl could not make a certificate"; exit 1; }
  openssl rand -hex 16 >"$dir/password"
  printf '%s:%s\n' "$user" "$(cat "$dir/password")" >"$dir/auth"
  chmod 600 "$dir/password" "$dir/auth" "$dir/key.pem"
  common=(--smtp-tls-cert "$dir/cert.pem" --smtp-tls-key "$dir/key.pem"
    --smtp-auth-file "$dir/auth" --smtp-disable-rdns --smtp-allowed-recipients "$recipients"
    --disable-version-check --quiet)
  setsid mailpit --smtp "127.0.0.1:$smtp_port" --listen "127.0.0.1:$http_port" --smtp-require-starttls \
    --log-file "$dir/mailpit.log" "${common[@]}" </dev/null >/dev/null 2>&1 &
  echo $! >"$dir/mailpit.pid"
  setsid mailpit --smtp "127.0.0.1:$smtps_port" --listen "127.0.0.1:$smtps_http_port" --smtp-require-tls \
    --log-file "$dir/mailpit-smtps.log" "${common[@]}" </dev/null >/dev/null 2>&1 &
  echo $! >"$dir/mailpit-smtps.pid"
  for _ in $(seq 1 60); do
    answers "$http_port" && answers "$smtps_http_port" && break
    sleep 0.5
  done
  if ! { answers "$http_port" && answers "$smtps_http_port"; }; then
    log "mailpit did not answer on 127.0.0.1:$http_port and :$smtps_http_port within 30 s"
    tail -20 "$dir"/mailpit*.log >&2 2>/dev/null || true
    exit 1
  fi
fi

q="from=relaciona%40agency.example&ca=$dir/cert.pem"
echo "SMTP_URL='smtp://$user@127.0.0.1:$smtp_port?$q&starttls=required'"
echo "SMTPS_URL='smtps://$user@127.0.0.1:$smtps_port?$q'"
echo "SMTP_PASSWORD='$(cat "$dir/password")'"
echo "MAILPIT_API='http://127.0.0.1:$http_port'"
echo "MAILPIT_SMTPS_API='http://127.0.0.1:$smtps_http_port'"
