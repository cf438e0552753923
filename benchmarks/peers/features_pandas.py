"""pandas 1.5.3 peer of the Features benchmarks (benchmarks/PredictiveMaintenance.Benchmarks/Features*Benchmarks.cs).

Same shapes as the .NET benchmarks: one series of 10 million values (window 64), and 1,000 assets of 10,000 hourly
rows. Each operation runs 2 times to warm up and 9 times measured; the median is printed, in milliseconds, as a
Markdown table. Single-threaded, as pandas is. Run with Debian's interpreter:

    /usr/bin/python3 benchmarks/peers/features_pandas.py
"""
import statistics
import sys
import time

import numpy as np
import pandas as pd

assert pd.__version__ == "1.5.3", pd.__version__


ONLY = sys.argv[1] if len(sys.argv) > 1 else ""


def median_ms(operation, warmup=2, iterations=9):
    for _ in range(warmup):
        operation()
    timings = []
    for _ in range(iterations):
        start = time.perf_counter()
        operation()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def readings(length, seed):
    return 170 + np.random.default_rng(seed).random(length) * 30


rows = []


def measure(name, operation):
    if name.startswith(ONLY):
        rows.append((name, median_ms(operation)))


series = pd.Series(readings(10_000_000, 42))
for name in ["sum", "mean", "std", "min", "max", "median"]:
    measure(f"rolling {name}, 10M values, window 64", lambda: getattr(series.rolling(64), name)())
measure("rolling quantile 0.9, 10M values, window 64", lambda: series.rolling(64).quantile(0.9))

assets, per_asset = 1_000, 10_000
frame = pd.DataFrame({
    "asset": np.repeat(np.arange(assets), per_asset),
    "time": np.tile(pd.date_range("2015-01-01", periods=per_asset, freq="H").to_numpy(), assets),
    "x": np.concatenate([readings(per_asset, a) for a in range(assets)]),
})
for name in ["mean", "std"]:
    measure(f"grouped rolling {name}, 1,000 x 10,000, window 64", lambda: getattr(frame.groupby("asset")["x"].rolling(64), name)())
measure("tumbling mean 1 day, 1,000 x 10,000", lambda: frame.groupby(["asset", pd.Grouper(key="time", freq="1D")])["x"].mean())

print(f"pandas {pd.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}")
print("| operation | pandas median (ms) |")
print("|---|---:|")
for name, ms in rows:
    print(f"| {name} | {ms:.1f} |")
