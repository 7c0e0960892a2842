# shellcheck shell=bash
# Sourced by .ci/run: the npm tools the schemas tests drive, so that CI
# checks the schemas with validators and editors nobody on this project
# wrote. Installs node and npm (Debian's nodejs and npm) if missing, then
# ajv, ajv-formats and yaml-language-server, at fixed versions, into a cache
# folder, and exports RELACIONA_NODE_TOOLS (that folder) for
# schemas/tools_test.go: ajv in strict mode compiles every schema and
# validates every example; yaml-language-server, over stdio, reports a broken
# example's error at the right line. Fails the run if a tool is missing.
# request and lodash: the registry dependencies of the npm Open311 client
# (open311@0.0.12) that cmd/relaciona's serve_client_test.go drives.
__npm_tools_pkgs="ajv@8.20.0 ajv-formats@3.0.1 yaml-language-server@1.25.0 request@2.11.4 lodash@0.6.1"
__npm_tools_dir="${RELACIONA_NODE_TOOLS:-${HOME:-/root}/.cache/relaciona-npm}"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends nodejs npm >/tmp/ci-npm-apt.log 2>&1; }; then
    tail -30 /tmp/ci-npm-apt.log >&2
    echo "npm-tools: nodejs and npm did not install" >&2
    return 1
  fi
fi
# The folder records what it holds: installing again only when the list changes.
if [ "$(cat "$__npm_tools_dir/.relaciona-tools" 2>/dev/null)" != "$__npm_tools_pkgs" ]; then
  mkdir -p "$__npm_tools_dir" || return 1
  # shellcheck disable=SC2086 # the list is split on purpose
  if ! npm install --prefix "$__npm_tools_dir" --save-exact --no-audit --no-fund --loglevel=error $__npm_tools_pkgs >/tmp/ci-npm-install.log 2>&1; then
    tail -30 /tmp/ci-npm-install.log >&2
    echo "npm-tools: npm install of $__npm_tools_pkgs failed" >&2
    return 1
  fi
  echo "$__npm_tools_pkgs" >"$__npm_tools_dir/.relaciona-tools"
fi
for __m in ajv/dist/2020 ajv-formats; do
  if ! NODE_PATH="$__npm_tools_dir/node_modules" node -e "require('$__m')" >/dev/null 2>&1; then
    echo "npm-tools: node cannot load $__m from $__npm_tools_dir" >&2
    return 1
  fi
done
[ -x "$__npm_tools_dir/node_modules/.bin/yaml-language-server" ] || { echo "npm-tools: yaml-language-server is not in $__npm_tools_dir" >&2; return 1; }
export RELACIONA_NODE_TOOLS="$__npm_tools_dir"
unset __npm_tools_pkgs __npm_tools_dir __m
