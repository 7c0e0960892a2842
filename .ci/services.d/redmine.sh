# shellcheck shell=bash
# Sourced by .ci/run: start Redmine 5 on 127.0.0.1:3300 and export
# REDMINE_URL and REDMINE_API_KEY for the plugins/redmine integration tests.
# Fails (non-zero) if Redmine does not come up.
redmine_env="$(../shared/scripts/start-redmine.sh | tail -n 1)" || return 1
# Debian's Redmine keeps its data in SQLite with no busy timeout, so a
# write that meets another (the conformance suite writes from several
# goroutines) fails at once with "database is locked", a 500 to the client.
# Give SQLite 5 s to wait for the lock, and restart Redmine once to read it.
redmine_db_yml=/etc/redmine/default/database.yml
if [ -f "$redmine_db_yml" ] && ! grep -q '^[[:space:]]*timeout:' "$redmine_db_yml"; then
  sed -i '/^production:/a\  timeout: 5000' "$redmine_db_yml" || return 1
  ../shared/scripts/stop-redmine.sh || return 1
  redmine_env="$(../shared/scripts/start-redmine.sh | tail -n 1)" || return 1
fi
case "$redmine_env" in REDMINE_URL=*) ;; *) echo "start-redmine.sh printed no settings" >&2; return 1 ;; esac
eval "export $redmine_env" || return 1
[ -n "${REDMINE_URL:-}" ] && [ -n "${REDMINE_API_KEY:-}" ] || { echo "REDMINE_URL or REDMINE_API_KEY missing" >&2; return 1; }
curl -fsS -o /dev/null -m 30 -H "X-Redmine-API-Key: $REDMINE_API_KEY" "$REDMINE_URL/users/current.json" || { echo "Redmine's REST API does not answer" >&2; return 1; }
unset redmine_env redmine_db_yml
