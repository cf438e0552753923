"""Produces the golden feature values the Features tests compare against, with pandas 1.5.3.

Run once from this folder with Debian's interpreter (python3-pandas 1.5.3, numpy 1.24.2):

    /usr/bin/python3 generate.py

It writes inputs.csv (the telemetry), and for each spec file (*.spec, the FeatureSpec text) a CSV of the expected
columns, named as FeatureSpec names them. Times are int64 microseconds since the Unix epoch; NaN is an empty field.
The tests read only the committed files; this script documents how they were made.
"""
import numpy as np
import pandas as pd

assert pd.__version__ == "1.5.3", pd.__version__

rng = np.random.default_rng(20240611)
US = 1_000_000

frames = []
for asset, length in [("1", 400), ("2", 257), ("10", 1)]:
    gaps = np.where(rng.random(length) < 0.5, 3600, rng.integers(1, 3 * 3600, length))
    seconds = 1_420_070_400 + rng.integers(0, 86_400) + np.cumsum(gaps)
    a = np.round(rng.normal(170, 15, length), 4)
    b = np.round(rng.normal(450, 60, length) + np.linspace(0, 200, length), 4)
    a[rng.random(length) < 0.1] = np.nan
    b[rng.random(length) < 0.05] = np.nan
    # A flat stretch, where pandas forces variance and skewness to 0 and kurtosis to -3.
    if length > 100:
        a[60:75] = 171.5
    frames.append(pd.DataFrame({"asset": asset, "time_us": seconds * US, "a": a, "b": b}))

inputs = pd.concat(frames, ignore_index=True)
inputs.to_csv("inputs.csv", index=False, float_format="%.17g", na_rep="")
inputs["time"] = pd.to_datetime(inputs["time_us"] * 1000)
groups = inputs.groupby("asset", sort=False)


def per_asset(column, fn):
    """Applies fn to each asset's series (indexed by time) and returns values aligned with inputs."""
    out = pd.Series(np.nan, index=inputs.index)
    for _, frame in groups:
        series = pd.Series(frame[column].to_numpy(), index=pd.DatetimeIndex(frame["time"]))
        out.loc[frame.index] = np.asarray(fn(series), dtype=float)
    return out


def slope(window_values, window_times, scale):
    mask = ~np.isnan(window_values)
    x, y = window_times[mask], window_values[mask]
    if len(y) < 2 or np.ptp(x) == 0:
        return np.nan
    return np.polyfit(x - x.mean(), y, 1)[0] * scale


def rolling_slope_rows(series, window):
    values = series.to_numpy()
    return [slope(values[max(0, i - window + 1): i + 1], np.arange(max(0, i - window + 1), i + 1, dtype=float), 1.0)
            if np.count_nonzero(~np.isnan(values[max(0, i - window + 1): i + 1])) >= 1 else np.nan
            for i in range(len(values))]


def rolling_slope_time(series, span_us):
    values = series.to_numpy()
    times = series.index.asi8 // 1000
    result = []
    for i in range(len(values)):
        lo = np.searchsorted(times, times[i] - span_us, side="right")
        result.append(slope(values[lo: i + 1], times[lo: i + 1].astype(float), float(US)))
    return result


rolling = {
    # Row windows, pandas' default min_periods (the window) unless min= is given.
    "a_sum_5": per_asset("a", lambda s: s.rolling(5).sum()),
    "a_mean_5": per_asset("a", lambda s: s.rolling(5).mean()),
    "a_mean_24_mp1": per_asset("a", lambda s: s.rolling(24, min_periods=1).mean()),
    "a_var_5": per_asset("a", lambda s: s.rolling(5).var()),
    "a_std_24_mp3": per_asset("a", lambda s: s.rolling(24, min_periods=3).std()),
    "a_min_5": per_asset("a", lambda s: s.rolling(5).min()),
    "a_max_24_mp1": per_asset("a", lambda s: s.rolling(24, min_periods=1).max()),
    "a_median_5_mp1": per_asset("a", lambda s: s.rolling(5, min_periods=1).median()),
    "a_median_24": per_asset("a", lambda s: s.rolling(24).median()),
    "a_q10_24_mp1": per_asset("a", lambda s: s.rolling(24, min_periods=1).quantile(0.1)),
    "a_q90_5": per_asset("a", lambda s: s.rolling(5).quantile(0.9)),
    "a_count_5": per_asset("a", lambda s: s.rolling(5, min_periods=5).count()),
    "a_skew_24_mp3": per_asset("a", lambda s: s.rolling(24, min_periods=3).skew()),
    "a_kurt_24_mp4": per_asset("a", lambda s: s.rolling(24, min_periods=4).kurt()),
    "a_rms_5": per_asset("a", lambda s: (s ** 2).rolling(5).mean() ** 0.5),
    "a_ptp_5": per_asset("a", lambda s: s.rolling(5).max() - s.rolling(5).min()),
    "a_slope_24_mp2": per_asset("a", lambda s: rolling_slope_rows(s, 24)),
    # Time windows: (t - span, t], pandas' default min_periods of 1.
    "b_mean_3h": per_asset("b", lambda s: s.rolling("3h").mean()),
    "b_sum_1d": per_asset("b", lambda s: s.rolling("1d").sum()),
    "b_std_1d": per_asset("b", lambda s: s.rolling("1d").std()),
    "b_var_3h": per_asset("b", lambda s: s.rolling("3h").var()),
    "b_min_3h": per_asset("b", lambda s: s.rolling("3h").min()),
    "b_max_1d": per_asset("b", lambda s: s.rolling("1d").max()),
    "b_median_1d": per_asset("b", lambda s: s.rolling("1d").median()),
    "b_q75_3h": per_asset("b", lambda s: s.rolling("3h").quantile(0.75)),
    "b_count_1d": per_asset("b", lambda s: s.rolling("1d").count()),
    "b_skew_1d": per_asset("b", lambda s: s.rolling("1d").skew()),
    "b_kurt_1d": per_asset("b", lambda s: s.rolling("1d").kurt()),
    "b_slope_1d": per_asset("b", lambda s: rolling_slope_time(s, 24 * 3600 * US)),
    # Lags, differences and exponentially weighted statistics (adjust=True, ignore_na=False).
    "a_lag_2": per_asset("a", lambda s: s.shift(2)),
    "b_diff_1": per_asset("b", lambda s: s.diff(1)),
    "a_ewm_mean_span5": per_asset("a", lambda s: s.ewm(span=5).mean()),
    "a_ewm_var_span5": per_asset("a", lambda s: s.ewm(span=5).var()),
    "b_ewm_mean_halflife3": per_asset("b", lambda s: s.ewm(halflife=3).mean()),
    "b_ewm_var_alpha0p3": per_asset("b", lambda s: s.ewm(alpha=0.3).var()),
    "b_ewm_mean_com2": per_asset("b", lambda s: s.ewm(com=2).mean()),
    "b_ewm_mean_halflife2h": per_asset("b", lambda s: s.ewm(halflife="2h", times=s.index).mean()),
}

spec = ("a: sum(5), mean(5), mean(24, min=1), var(5), std(24, min=3), min(5), max(24, min=1), median(5, min=1), "
        "median(24), quantile(0.1, 24, min=1), quantile(0.9, 5), count(5), skew(24, min=3), kurt(24, min=4), rms(5), "
        "ptp(5), slope(24, min=2); "
        "b: mean(3h), sum(1d), std(1d), var(3h), min(3h), max(1d), median(1d), quantile(0.75, 3h), count(1d), "
        "skew(1d), kurt(1d), slope(1d); "
        "a: lag(2); b: diff(1); a: ewm_mean(span=5), ewm_var(span=5); "
        "b: ewm_mean(halflife=3), ewm_var(alpha=0.3), ewm_mean(com=2), ewm_mean(halflife=2h)")
with open("rolling.spec", "w") as f:
    f.write(spec + "\n")
out = inputs[["asset", "time_us"]].copy()
for name, values in rolling.items():
    out[name] = values
out.to_csv("rolling.csv", index=False, float_format="%.17g", na_rep="")


def tumbling(freq, origin, spec_text, columns, file):
    grouped = inputs.groupby(["asset", pd.Grouper(key="time", freq=freq, origin=origin)], sort=False)
    size = grouped.size()
    table = pd.DataFrame(index=size.index)
    for name, (column, fn) in columns.items():
        table[name] = fn(grouped[column])
    table = table[size > 0].reset_index()
    table["time_us"] = table["time"].astype("int64") // 1000
    table = table[["asset", "time_us", *columns]]
    table.to_csv(file + ".csv", index=False, float_format="%.17g", na_rep="")
    with open(file + ".spec", "w") as f:
        f.write(spec_text + "\n")


tumbling("3h", "epoch", "tumbling(3h); a: mean, sum, std, min, max, median, count, quantile(0.9), skew; b: var, kurt", {
    "a_mean": ("a", lambda g: g.mean()),
    "a_sum": ("a", lambda g: g.sum()),
    "a_std": ("a", lambda g: g.std()),
    "a_min": ("a", lambda g: g.min()),
    "a_max": ("a", lambda g: g.max()),
    "a_median": ("a", lambda g: g.median()),
    "a_count": ("a", lambda g: g.count()),
    "a_q90": ("a", lambda g: g.quantile(0.9)),
    "a_skew": ("a", lambda g: g.skew()),
    "b_var": ("b", lambda g: g.var()),
    "b_kurt": ("b", lambda g: g.apply(lambda s: s.kurt())),
}, "tumbling_3h")

tumbling("1D", pd.Timestamp("2015-01-01 06:00:00"), "tumbling(1d, origin=2015-01-01T06:00:00Z); b: mean, max, count", {
    "b_mean": ("b", lambda g: g.mean()),
    "b_max": ("b", lambda g: g.max()),
    "b_count": ("b", lambda g: g.count()),
}, "tumbling_1d")
