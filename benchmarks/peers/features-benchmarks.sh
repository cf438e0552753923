#!/usr/bin/env bash
# Runs the Features benchmarks and their pandas peer back to back, so that ratios come from one run on one machine.
# Usage, from the repository root: bash benchmarks/peers/features-benchmarks.sh [BenchmarkDotNet filter [pandas subset]]
#   bash benchmarks/peers/features-benchmarks.sh                                # everything
#   bash benchmarks/peers/features-benchmarks.sh '*FeaturesRolling*' rolling    # rolling sum/mean/std/min/max only
set -euo pipefail
filter="${1:-*Features*}"
dotnet run -c Release --project benchmarks/PredictiveMaintenance.Benchmarks -- --filter "$filter"
/usr/bin/python3 benchmarks/peers/features_pandas.py "${2:-}"
