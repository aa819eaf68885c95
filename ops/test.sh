#!/usr/bin/env bash
# The test command: installs prerequisites, builds, runs every test assembly against real PostgreSQL, and ends with
# one line "N passed, N failed". Exits non-zero when a test failed, the build failed or a test assembly did not finish.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash ops/install-prerequisites.sh || exit 1

results=$(mktemp -d "${TMPDIR:-/tmp}/factledger-test-results.XXXXXX")
passed=0
failed=0
problems=()

summary() {
  for problem in "${problems[@]}"; do echo "ERROR: $problem" >&2; done
  if ((failed > 0 || ${#problems[@]} > 0)); then
    echo "Test results (trx) kept in $results" >&2
  else
    rm -rf "$results"
  fi
  echo "$passed passed, $failed failed"
}

if ! dotnet build FactLedger.sln -c Release --nologo -v quiet -clp:NoSummary </dev/null; then
  problems+=("the build failed (errors above)")
  summary
  exit 1
fi

# One dotnet test per test project, each with its own trx file: in a whole-solution run the trx loggers name their
# files by the second and can overwrite each other.
mapfile -t projects < <(find tests -name '*.Tests.csproj' | sort)
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  trx="$results/$name.trx"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$trx" --logger "console;verbosity=minimal" \
    --blame-hang-timeout 15min </dev/null
  exit_code=$?

  counters=$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null || true)
  project_passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  project_failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  if [[ -z "$project_passed" || -z "$project_failed" ]]; then
    problems+=("$name: no test results were written (exit code $exit_code); the test host crashed or never started")
    continue
  fi
  passed=$((passed + project_passed))
  failed=$((failed + project_failed))
  if ((exit_code != 0 && project_failed == 0)); then
    problems+=("$name: dotnet test exited with $exit_code but counted no failed test; the test run was aborted (output above)")
  fi
done

summary
((failed == 0 && ${#problems[@]} == 0))
