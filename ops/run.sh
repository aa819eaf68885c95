#!/usr/bin/env bash
# The main command: installs prerequisites, then runs FactLedger (migrate, ingest the seed articles, serve).
# Arguments go to `factledger start`, e.g. ops/run.sh --urls http://127.0.0.1:5080
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
bash ops/install-prerequisites.sh
exec dotnet run -c Release --project src/FactLedger.Cli -- start "$@"
