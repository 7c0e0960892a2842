# shellcheck shell=bash
# Sourced by .ci/run: start Request Tracker 5 (REST2) on 127.0.0.1:8380 and
# export RT_URL, RT_REST2_URL, RT_TOKEN, RT_USER, RT_PASSWORD for the
# plugins/rt integration tests. Fails (non-zero) if RT does not come up.
rt_env="$(../shared/scripts/start-rt.sh | tail -n 1)" || return 1
case "$rt_env" in RT_URL=*) ;; *) echo "start-rt.sh printed no settings" >&2; return 1 ;; esac
eval "export $rt_env" || return 1
[ -n "${RT_URL:-}" ] && [ -n "${RT_TOKEN:-}" ] || { echo "RT_URL or RT_TOKEN missing" >&2; return 1; }
curl -fsS -o /dev/null -m 30 -H "Authorization: token $RT_TOKEN" "$RT_URL/REST/2.0/queues/all" || { echo "RT REST2 does not answer" >&2; return 1; }
unset rt_env
