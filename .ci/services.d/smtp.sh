# shellcheck shell=bash
# Sourced by .ci/run: start mailpit (a real SMTP server, installed with
# go install github.com/axllent/mailpit@v1.33.1) on loopback, with STARTTLS
# required on 1025 and implicit TLS on 1465, SMTP AUTH, and its HTTP API on
# 8025/8026, through plugins/smtp/testdata/start-mailpit.sh (the script a
# developer runs too), and export SMTP_URL, SMTPS_URL, SMTP_PASSWORD,
# MAILPIT_API and MAILPIT_SMTPS_API for the plugins/smtp and
# plugins/conformance integration tests. Fails the run if it does not come up.
__smtp_env="$(bash plugins/smtp/testdata/start-mailpit.sh)" || { echo "smtp: start-mailpit.sh failed" >&2; return 1; }
case "$__smtp_env" in *SMTP_URL=*) ;; *) echo "smtp: start-mailpit.sh printed no SMTP_URL" >&2; return 1 ;; esac
eval "$__smtp_env" || return 1
export SMTP_URL SMTPS_URL SMTP_PASSWORD MAILPIT_API MAILPIT_SMTPS_API
curl -fsS -o /dev/null -m 10 "$MAILPIT_API/api/v1/info" || { echo "smtp: mailpit's API does not answer on $MAILPIT_API" >&2; return 1; }
unset __smtp_env
