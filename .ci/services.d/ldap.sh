# shellcheck shell=bash
# Sourced by .ci/run: start OpenLDAP (slapd, installed from Debian when
# missing) on 127.0.0.1 with the test tree of plugins/ldap, and export
# LDAP_URL, LDAP_BIND_DN, LDAP_PASSWORD, LDAP_CA_FILE, LDAPS_URL and
# LDAP_PID_FILE for its integration tests. The work is done by
# plugins/ldap/testdata/start-slapd.sh, which a developer runs too. Fails
# (non-zero) if slapd does not come up.
__ldap_line="$(bash plugins/ldap/testdata/start-slapd.sh | tail -n 1)" || { echo "ldap: start-slapd.sh failed" >&2; return 1 2>/dev/null || exit 1; }
case "$__ldap_line" in
  LDAP_URL=*) eval "export $__ldap_line" ;;
  *) echo "ldap: start-slapd.sh printed no LDAP_URL line" >&2; return 1 2>/dev/null || exit 1 ;;
esac
unset __ldap_line
[ -n "${LDAP_URL:-}" ] && [ -n "${LDAP_PASSWORD:-}" ] && [ -s "${LDAP_CA_FILE:-}" ] || { echo "ldap: LDAP_URL, LDAP_PASSWORD or LDAP_CA_FILE missing" >&2; return 1 2>/dev/null || exit 1; }
