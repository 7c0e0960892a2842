# Sourced by .ci/run: start PostgreSQL (installing it if missing) and export
# PG_DSN for the plugins/postgres tests. Fails the run if it does not come up.
# shellcheck shell=bash
__pg_line="$(bash ../shared/scripts/start-postgres.sh | tail -n 1)" || { echo "postgres: start-postgres.sh failed" >&2; return 1 2>/dev/null || exit 1; }
case "$__pg_line" in
  PG_DSN=*) eval "export $__pg_line" ;;
  *) echo "postgres: start-postgres.sh printed no PG_DSN line" >&2; return 1 2>/dev/null || exit 1 ;;
esac
unset __pg_line
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "postgres: server on 127.0.0.1:5432 is not ready" >&2; return 1 2>/dev/null || exit 1; }
