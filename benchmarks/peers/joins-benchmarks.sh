#!/usr/bin/env bash
# Runs JoinsBenchmarks and its pandas peer back to back, so that ratios come from one run on one machine.
# Usage, from the repository root: bash benchmarks/peers/joins-benchmarks.sh
set -euo pipefail
# SingleCoreConfig runs out of process (pinned to one core); on the shared machine BenchmarkDotNet's build of that process
# can take longer than its default two minutes, hence the longer build timeout.
dotnet run -c Release --project benchmarks/PredictiveMaintenance.Benchmarks -- --filter '*JoinsBenchmarks*' --buildTimeout 1200
/usr/bin/python3 benchmarks/peers/joins_pandas.py
