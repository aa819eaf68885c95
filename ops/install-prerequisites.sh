#!/usr/bin/env bash
# Installs what FactLedger needs beside the .NET SDK: the PostgreSQL server programs (the app and the tests run their
# own server) and Chromium (the pages tests drive it). Idempotent and quiet: prints nothing when all is there.
set -euo pipefail

has_postgres_server() {
  [[ -n "${FACTLEDGER_PG_BIN:-}" && -x "$FACTLEDGER_PG_BIN/initdb" ]] && return 0
  command -v initdb >/dev/null 2>&1 && return 0
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-prerequisites: the .NET SDK (see global.json) is not on PATH; install it from Microsoft's packages." >&2
fi

missing=()
has_postgres_server || missing+=(postgresql)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-prerequisites: missing ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}" >&2
  echo "  (or set FACTLEDGER_PG_BIN to the directory holding initdb, or FACTLEDGER_CONNECTION / FACTLEDGER_TEST_CONNECTION to an existing server)" >&2
  exit 0
fi

echo "install-prerequisites: installing ${missing[*]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } </dev/null >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-prerequisites: apt-get failed to install ${missing[*]}" >&2
  exit 1
fi
