"""Plots the scale runs (results/scale-*.json) into docs/scale.png.

Run from the repository root with /usr/bin/python3 (Debian's matplotlib):
    /usr/bin/python3 benchmarks/PredictiveMaintenance.ScaleRun/plot_scale.py
"""
import glob
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

runs = sorted((json.load(open(p)) for p in glob.glob(os.path.join(HERE, "results", "scale-*.json"))), key=lambda r: r["Assets"])
assets = [r["Assets"] for r in runs]
labels = [f"{r['Assets']:,}" + (" (partial)" if r.get("StoppedBy") else "") for r in runs]

fig, (cost, memory) = plt.subplots(1, 2, figsize=(11, 4.2))
for stage in ["simulate", "ingest+clean", "features", "delta telemetry", "delta features", "overall"]:
    ns = [1e9 * next(s for s in r["Stages"] if s["Name"] == stage)["CpuSeconds"] / r["AcceptedRows"] for r in runs]
    cost.plot(assets, ns, marker="o", linewidth=2.5 if stage == "overall" else 1.2, label=stage)
cost.set_xscale("log")
cost.set_xticks(assets, labels)
cost.set_ylim(bottom=0)
cost.set_xlabel("assets (one year hourly, 4 channels)")
cost.set_ylabel("CPU ns per row")
cost.set_title("Cost per row by stage (flat = linear scaling)")
cost.legend(fontsize=8)
cost.grid(alpha=0.3)

memory.plot(assets, [r["PeakWorkingSetBytes"] / 1e9 for r in runs], marker="o", label="peak working set")
memory.plot(assets, [r["PeakHeapBytes"] / 1e9 for r in runs], marker="s", label="peak GC heap")
memory.axhline(4, color="red", linestyle="--", label="4 GB target")
memory.set_xscale("log")
memory.set_xticks(assets, labels)
memory.set_ylim(bottom=0)
memory.set_xlabel("assets")
memory.set_ylabel("GB")
memory.set_title("Peak memory (batches of 1M rows)")
memory.legend(fontsize=8)
memory.grid(alpha=0.3)

fig.tight_layout()
fig.savefig(os.path.join(ROOT, "docs", "scale.png"), dpi=110)
print("wrote docs/scale.png")
