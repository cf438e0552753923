using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictiveMaintenance.Features;

namespace PredictiveMaintenance.Joins.Tests;

/// <summary>
/// The leakage property of the training set: a feature at time t reads telemetry rows at or before t and events
/// before t (docs/joins.md, "Time semantics"), so no row after t and no event at or after t can change it. The
/// features include the telemetry itself and rolling features from the Features package.
/// </summary>
public class TrainingSetLeakageTests
{
    private static readonly TrainingSetOptions Options = new()
    {
        Horizon = Duration.Hours(3),
        EventWindows = [Duration.Hours(2), Duration.Hours(12)],
        ServiceWindows = [Duration.Days(1)],

        // Fixed vocabularies: otherwise a category seen only in one future would add a column to one side.
        Components = ["c1", "c2", "c3", "c10"],
        ErrorTypes = ["e1", "e2"],
        Models = ["model1", "model2"],

        // Windowed features of the telemetry too, so the property covers the whole builder.
        Features = FeatureSpec.Parse("x: mean(2h), std(3h), max(90min), count(5h), lag(1), diff(2), ewm_mean(span=4), ewm_var(halflife=2h)"),
        FeatureOptions = new FeatureComputerOptions { MaxDegreeOfParallelism = 1 },
    };

    [Property(MaxTest = 500, Replay = "(2086271,1885123)")]
    public Property Build_FutureRowsAndEventsChanged_FeaturesUpToTheCutUnchanged()
    {
        // Two histories share the past (rows at or before the cut, events before it) and differ in everything after:
        // rows added, dropped and altered, events moved, added, dropped and recategorised, including events stamped
        // at the cut itself, which the rows at the cut must not see either.
        Gen<(History A, History B, long Cut)> pairs =
            from past in Histories.Of(TimeKind.UtcTimestamp)
            from futureA in Histories.Of(TimeKind.UtcTimestamp)
            from futureB in Histories.Of(TimeKind.UtcTimestamp)
            from cut in Gen.Choose(0, 60)
            let at = TestData.Epoch2015 + (cut * UnixTime.MicrosecondsPerHour / 2)
            select (Splice(past, futureA, at), Splice(past, futureB, at), at);

        return Prop.ForAll(pairs.ToArbitrary(), pair =>
        {
            TrainingSet a = TrainingSet.Build(pair.A.Table, pair.A.Logs(), Options);
            TrainingSet b = TrainingSet.Build(pair.B.Table, pair.B.Logs(), Options);
            for (int code = 0; code < a.Table.AssetCount; code++)
            {
                string asset = a.Table.AssetIds[code];
                ReadOnlySpan<long> times = a.Table.GetTimes(code);
                for (int i = 0; i < times.Length && times[i] <= pair.Cut; i++)
                {
                    foreach (string feature in a.FeatureColumns)
                    {
                        double left = a.Table.GetChannel(feature)[a.Table.GetAssetRows(code)][i];
                        double right = TestData.ValueAt(b.Table, feature, asset, times[i]);
                        if (BitConverter.DoubleToInt64Bits(left) != BitConverter.DoubleToInt64Bits(right))
                        {
                            return false.Label($"{feature} of {asset} at {a.Table.Schema.FormatTime(times[i])}: {left} and {right}");
                        }
                    }
                }
            }

            return a.FeatureColumns.SequenceEqual(b.FeatureColumns).Label("same feature columns");
        });
    }

    [Fact]
    public void Build_PastEventChanged_FeaturesChange()
    {
        // The counterpart of the property: an event before t does reach the features at t.
        TelemetryTable rows = TestData.Hourly(("1", 0, 10));
        DateTime Hour(int hours) => UnixTime.ToDateTime(TestData.Hour(hours));
        MaintenanceLogs early = MaintenanceLogs.FromRecords([new MaintenanceEvent("1", Hour(3), "comp1", MaintenanceKind.Replacement)], [], []);
        MaintenanceLogs late = MaintenanceLogs.FromRecords([new MaintenanceEvent("1", Hour(4), "comp1", MaintenanceKind.Replacement)], [], []);

        TrainingSet a = TrainingSet.Build(rows, early);
        TrainingSet b = TrainingSet.Build(rows, late);

        Assert.Equal(1, TestData.ValueAt(a.Table, "hours_since_replacement_comp1", "1", TestData.Hour(4)));
        Assert.Equal(double.NaN, TestData.ValueAt(b.Table, "hours_since_replacement_comp1", "1", TestData.Hour(4)));
    }

    /// <summary>The rows of <paramref name="past"/> at or before <paramref name="cut"/> and its events before it, with the rest from <paramref name="future"/>.</summary>
    private static History Splice(History past, History future, long cut)
    {
        var builder = new TelemetryTableBuilder(past.Table.Schema);
        foreach ((TelemetryTable table, bool keepPast) in (ReadOnlySpan<(TelemetryTable, bool)>)[(past.Table, true), (future.Table, false)])
        {
            for (int r = 0; r < table.RowCount; r++)
            {
                if (table.Times[r] <= cut == keepPast)
                {
                    builder.Add(table.AssetIds[table.GetAssetCodeOfRow(r)], table.Times[r], [table.GetChannel(0)[r] + (keepPast ? 0 : 1000)]);
                }
            }
        }

        LoggedEvent[] Join(LoggedEvent[] before, LoggedEvent[] after) => [.. before.Where(e => e.Time < cut), .. after.Where(e => e.Time >= cut)];
        return new History(
            builder.Build(),
            Join(past.Maintenance, future.Maintenance),
            Join(past.Replacements, future.Replacements),
            Join(past.Failures, future.Failures),
            Join(past.Errors, future.Errors),
            past.Assets);
    }
}
