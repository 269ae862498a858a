#!/usr/bin/env bash
# Runs the deterministic simulation of the Sync engine (tests/CallCrm.Connectors.Sync.Tests/Simulation) over many seeds.
#   scripts/simulate.sh                 10,000 seeds (1..10000)
#   scripts/simulate.sh --seeds N       N seeds (1..N)
#   scripts/simulate.sh --seed S        just seed S (replays a failure: same seed, same trace)
#   scripts/simulate.sh --first F       start at seed F (with --seeds)
# A failing seed is printed with its violations and its trace. The normal test suite runs 500 seeds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seeds=10000
seed=""
first=1
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --first) first="$2"; shift 2 ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

export CALLCRM_SIM_SEEDS="$seeds" CALLCRM_SIM_FIRST_SEED="$first"
if [ -n "$seed" ]; then
  export CALLCRM_SIM_SEED="$seed"
fi

dotnet test tests/CallCrm.Connectors.Sync.Tests/CallCrm.Connectors.Sync.Tests.csproj \
  --filter "FullyQualifiedName~Simulation.SimulationTests.Every_seed" --logger "console;verbosity=normal"
