"""pandas 1.5.3 peer of JoinsBenchmarks (benchmarks/PredictiveMaintenance.Benchmarks/JoinsBenchmarks.cs).

Builds the same 47 join and label columns of the Azure training set, with the same definitions (docs/joins.md, "Time
semantics": features read events e < t, windows [t - W, t); labels read e >= t, horizons [t, t + 24h)), for the
full-size telemetry grid (machines 1..100, hourly from 2015-01-01 06:00, 8,761 rows each: the rows of
AzureTelemetryGenerator.Table(); the sensor values do not enter the joins) and the real logs in samples/data/azure-pdm.

The pandas way: merge_asof by machine for the times since the last event and until the next one, and
numpy.searchsorted per machine for the window counts and the horizon labels. The logs are read before timing; the
measured operation sorts them and builds every column. It runs 2 times to warm up and 9 times measured; the median
is printed in milliseconds, with a checksum per column (sum of the non-NaN values and count of NaN) to compare with
the .NET builder. Single-threaded, as pandas is. Run with Debian's interpreter, from the repository root:

    /usr/bin/python3 benchmarks/peers/joins_pandas.py [--checksums]
"""
import statistics
import sys
import time

import numpy as np
import pandas as pd

assert pd.__version__ == "1.5.3", pd.__version__

DATA = "samples/data/azure-pdm/"
HOUR = np.int64(3_600_000_000)
DAY = 24 * HOUR
COMPONENTS = ["comp1", "comp2", "comp3", "comp4"]
ERRORS = ["error1", "error2", "error3", "error4", "error5"]
MODELS = ["model1", "model2", "model3", "model4"]


def micros(series):
    return series.values.astype("datetime64[us]").astype(np.int64)


def read_logs():
    maint = pd.read_csv(DATA + "PdM_maint.csv.gz")
    errors = pd.read_csv(DATA + "PdM_errors.csv.gz")
    failures = pd.read_csv(DATA + "PdM_failures.csv.gz")
    machines = pd.read_csv(DATA + "PdM_machines.csv.gz")
    for log in (maint, errors, failures):
        log["t"] = micros(pd.to_datetime(log["datetime"]))
    return maint, errors, failures, machines


def telemetry(machines=100, hours=8761):
    start = micros(pd.Series(pd.to_datetime(["2015-01-01 06:00:00"])))[0]
    rows = pd.DataFrame({
        "machineID": np.repeat(np.arange(1, machines + 1), hours),
        "t": np.tile(start + np.arange(hours, dtype=np.int64) * HOUR, machines),
    })
    # merge_asof needs the rows ordered by time; the other kernels group by machine and do not mind.
    return rows.sort_values("t", kind="stable", ignore_index=True)


def since(rows, log, category_column, categories, name):
    """Hours since the last event of each category strictly before t: merge_asof without exact matches."""
    out = {}
    for category in categories:
        events = log.loc[log[category_column] == category, ["machineID", "t"]].sort_values("t").rename(columns={"t": "e"})
        joined = pd.merge_asof(rows, events, left_on="t", right_on="e", by="machineID", allow_exact_matches=False)
        out[f"hours_since_{name}_{category}"] = ((joined["t"] - joined["e"]) / HOUR).values
    return out


def per_machine(rows, log, category_column, category, kernel):
    """Applies kernel(event_times, row_times) per machine over sorted event times (all categories when category is None)."""
    result = np.empty(len(rows))
    selected = log if category is None else log[log[category_column] == category]
    by_machine = {m: np.sort(g["t"].values) for m, g in selected.groupby("machineID")}
    empty = np.empty(0, dtype=np.int64)
    for machine, index in rows.groupby("machineID").indices.items():
        result[index] = kernel(by_machine.get(machine, empty), rows["t"].values[index])
    return result


def window_count(width):
    return lambda events, t: np.searchsorted(events, t, "left") - np.searchsorted(events, t - width, "left")


def within(horizon):
    return lambda events, t: (np.searchsorted(events, t + horizon, "left") > np.searchsorted(events, t, "left")).astype(float)


def until(rows, events_log):
    events = events_log[["machineID", "t"]].sort_values("t").rename(columns={"t": "e"})
    joined = pd.merge_asof(rows, events, left_on="t", right_on="e", by="machineID", direction="forward")
    hours = ((joined["e"] - joined["t"]) / HOUR).values
    return hours, np.isnan(hours).astype(float)


def build(rows, maint, errors, failures, machines):
    columns = {}
    columns.update(since(rows, maint, "comp", COMPONENTS, "maintenance"))
    columns.update(since(rows, maint, "comp", COMPONENTS, "replacement"))   # every Azure record is a replacement
    columns.update(since(rows, failures, "failure", COMPONENTS, "failure"))
    for name, width in (("24h", DAY), ("7d", 7 * DAY)):
        for component in COMPONENTS:
            columns[f"maintenance_{component}_{name}"] = per_machine(rows, maint, "comp", component, window_count(width))
    for name, width in (("24h", DAY), ("7d", 7 * DAY)):
        for error in ERRORS:
            columns[f"errors_{error}_{name}"] = per_machine(rows, errors, "errorID", error, window_count(width))
    visits = maint.drop_duplicates(["machineID", "t"])
    for name, width in (("90d", 90 * DAY), ("365d", 365 * DAY)):
        columns[f"services_{name}"] = per_machine(rows, visits, None, None, window_count(width))
    attributes = rows[["machineID"]].merge(machines, on="machineID", how="left")
    installed = micros(pd.Series(pd.to_datetime(["2015-01-01"])))[0] - (attributes["age"].values * 365.25 * DAY)
    columns["age_years"] = (rows["t"].values - installed) / (365.25 * DAY)
    for model in MODELS:
        columns[f"model_{model}"] = (attributes["model"].values == model).astype(float)
    columns["fails_within_24h"] = per_machine(rows, failures, None, None, within(DAY))
    for component in COMPONENTS:
        columns[f"fails_within_24h_{component}"] = per_machine(rows, failures, "failure", component, within(DAY))
    first = failures.sort_values(["t", "failure"]).drop_duplicates(["machineID", "t"])[["machineID", "t", "failure"]].rename(columns={"t": "e"})
    joined = pd.merge_asof(rows, first, left_on="t", right_on="e", by="machineID", direction="forward", tolerance=DAY - 1)
    columns["failure_class_24h"] = joined["failure"].map({c: i + 1 for i, c in enumerate(COMPONENTS)}).fillna(0).values
    columns["rul_hours"], columns["rul_censored"] = until(rows, failures)
    columns["next_service_hours"], columns["next_service_censored"] = until(rows, maint)
    return columns


def median_ms(operation, warmup=2, iterations=9):
    for _ in range(warmup):
        operation()
    timings = []
    for _ in range(iterations):
        start = time.perf_counter()
        operation()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


logs = read_logs()
rows = telemetry()
if "--checksums" in sys.argv:
    for name, values in build(rows, *logs).items():
        print(f"{name}\t{np.nansum(values):.6f}\t{int(np.isnan(values).sum())}")
else:
    print(f"| operation | median |\n|---|---:|\n| pandas 1.5.3, 876,100 rows, 47 columns | {median_ms(lambda: build(rows, *logs)):.1f} ms |")
