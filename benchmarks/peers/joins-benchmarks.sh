#!/usr/bin/env bash
# Runs JoinsBenchmarks and its pandas peer back to back, so that ratios come from one run on one machine.
# Usage, from the repository root: bash benchmarks/peers/joins-benchmarks.sh
set -euo pipefail
dotnet run -c Release --project benchmarks/PredictiveMaintenance.Benchmarks -- --filter '*JoinsBenchmarks*'
/usr/bin/python3 benchmarks/peers/joins_pandas.py
