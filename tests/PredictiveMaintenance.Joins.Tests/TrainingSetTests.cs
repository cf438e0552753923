using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictiveMaintenance.Features;

namespace PredictiveMaintenance.Joins.Tests;

public class TrainingSetTests
{
    private static readonly TrainingSetOptions CycleOptions = new()
    {
        Horizon = Duration.Cycles(5),
        EventWindows = [Duration.Cycles(3), Duration.Cycles(10)],
        ServiceWindows = [Duration.Cycles(20)],
        TimeToEventCap = Duration.Cycles(8),
    };

    [Fact]
    public void Build_Defaults_ColumnsInDocumentedOrderWithRoles()
    {
        TrainingSet set = TrainingSet.Build(TestData.Hourly(("1", 0, 48), ("2", 0, 5)), HandLogs());

        Assert.Equal(
            [
                "x",
                "hours_since_maintenance_comp1", "hours_since_maintenance_comp2",
                "hours_since_replacement_comp1", "hours_since_replacement_comp2",
                "hours_since_failure_comp1", "hours_since_failure_comp2",
                "maintenance_comp1_24h", "maintenance_comp2_24h", "maintenance_comp1_7d", "maintenance_comp2_7d",
                "errors_error1_24h", "errors_error2_24h", "errors_error1_7d", "errors_error2_7d",
                "services_90d", "services_365d",
                "age_years", "model_model1", "model_model3",
                "fails_within_24h", "fails_within_24h_comp1", "fails_within_24h_comp2", "failure_class_24h",
                "rul_hours", "rul_censored", "next_service_hours", "next_service_censored",
            ],
            set.Table.Schema.Channels.Select(c => c.Name));
        Assert.All(set.Table.Schema.Channels.Take(20), c => Assert.Equal(ChannelRole.Sensor, c.Role));
        Assert.All(set.Table.Schema.Channels.Skip(20), c => Assert.Equal(ChannelRole.Label, c.Role));
        Assert.Equal(20, set.FeatureColumns.Count);
        Assert.Equal(8, set.LabelColumns.Count);
        Assert.Equal(["comp1", "comp2"], set.Components);
        Assert.Equal(["error1", "error2"], set.ErrorTypes);
        Assert.Equal(["model1", "model3"], set.Models);
        Assert.Equal("fails_within_24h", set.FailsWithinColumn);
        Assert.Equal("failure_class_24h", set.FailureClassColumn);
        Assert.Equal("rul_hours", set.TimeToFailureColumn);
        Assert.Equal("rul_censored", set.TimeToFailureCensoredColumn);
        Assert.Equal("next_service_hours", set.TimeToServiceColumn);
        Assert.Equal("next_service_censored", set.TimeToServiceCensoredColumn);
        Assert.Equal(53, set.Table.RowCount);
    }

    [Fact]
    public void Build_HandExample_ValuesAsComputedByHand()
    {
        // Asset 1, hourly from 2015-01-01T00:00Z (hours 0..47): comp1 replaced at 10 and 30, comp2 serviced at 10,
        // comp1 failed at 30; error1 at 5 and 6, error2 at 29. Asset 2 has no events and no install date.
        TrainingSet set = TrainingSet.Build(TestData.Hourly(("1", 0, 48), ("2", 0, 5)), HandLogs());
        double At(string column, int hour, string asset = "1") => TestData.ValueAt(set.Table, column, asset, TestData.Hour(hour));

        // At hour 30 the replacement and the failure stamped 30 are not yet known; at 31 they are.
        Assert.Equal(20, At("hours_since_maintenance_comp1", 30));
        Assert.Equal(1, At("hours_since_maintenance_comp1", 31));
        Assert.Equal(20, At("hours_since_maintenance_comp2", 30));
        Assert.Equal(20, At("hours_since_replacement_comp1", 30));
        Assert.Equal(double.NaN, At("hours_since_replacement_comp2", 30));
        Assert.Equal(double.NaN, At("hours_since_failure_comp1", 30));
        Assert.Equal(1, At("hours_since_failure_comp1", 31));

        // Windows [t - W, t): at 30 the 24 h window starts at 6, so error1 at 6 counts and error1 at 5 does not.
        Assert.Equal(1, At("maintenance_comp1_24h", 30));
        Assert.Equal(2, At("maintenance_comp1_24h", 31));
        Assert.Equal(1, At("errors_error1_24h", 30));
        Assert.Equal(2, At("errors_error1_24h", 29));
        Assert.Equal(1, At("errors_error2_24h", 30));
        Assert.Equal(2, At("errors_error1_7d", 30));

        // comp1 and comp2 serviced together at 10 are one visit.
        Assert.Equal(1, At("services_90d", 30));
        Assert.Equal(2, At("services_90d", 31));

        // Install date 2010-01-01: 1,826 days before 2015-01-01.
        Assert.Equal(1826 / 365.25, At("age_years", 0), 12);
        Assert.Equal((1826 + (47 / 24.0)) / 365.25, At("age_years", 47), 12);
        Assert.Equal(double.NaN, At("age_years", 0, "2"));
        Assert.Equal(1, At("model_model3", 0));
        Assert.Equal(0, At("model_model1", 0));
        Assert.Equal(1, At("model_model1", 4, "2"));

        // Horizon [t, t + 24h): the failure at 30 labels hours 7..30.
        Assert.Equal(0, At("fails_within_24h", 6));
        Assert.Equal(1, At("fails_within_24h", 7));
        Assert.Equal(1, At("fails_within_24h", 30));
        Assert.Equal(0, At("fails_within_24h", 31));
        Assert.Equal(24, set.Table.GetChannel("fails_within_24h").ToArray().Sum());
        Assert.Equal(1, At("fails_within_24h_comp1", 30));
        Assert.Equal(0, At("fails_within_24h_comp2", 30));
        Assert.Equal(1, At("failure_class_24h", 30));
        Assert.Equal(0, At("failure_class_24h", 31));

        Assert.Equal(30, At("rul_hours", 0));
        Assert.Equal(0, At("rul_hours", 30));
        Assert.Equal(double.NaN, At("rul_hours", 31));
        Assert.Equal(1, At("rul_censored", 31));
        Assert.Equal(0, At("rul_censored", 30));
        Assert.Equal(19, At("next_service_hours", 11));
        Assert.Equal(double.NaN, At("next_service_hours", 31));

        // Censored: asset 1 after hour 30 (17 rows) and every row of asset 2 (5 rows), for both labels.
        Assert.Equal(22, set.CensoredRows);
        Assert.Equal(22, set.ServiceCensoredRows);
        Assert.Equal(22, set.Table.GetChannel("rul_censored").ToArray().Sum());
    }

    [Fact]
    public void Build_WithFeatureTable_FeaturesFollowTelemetryChannels()
    {
        TelemetryTable telemetry = TestData.Hourly(("1", 0, 48), ("2", 0, 5));
        TelemetryTable features = RunningSum(telemetry);

        TrainingSet set = TrainingSet.Build(telemetry, features, HandLogs());

        Assert.Equal(["x", "x_sum", "hours_since_maintenance_comp1"], set.Table.Schema.Channels.Take(3).Select(c => c.Name));
        Assert.Equal(ChannelRole.Sensor, set.Table.Schema.Channels[1].Role);
        Assert.Equal(TestData.Column(features, "x_sum"), TestData.Column(set.Table, "x_sum"));
        Assert.Contains("x_sum", set.FeatureColumns);
        Assert.Equal(
            TestData.Column(TrainingSet.Build(telemetry, HandLogs()).Table, "rul_hours"),
            TestData.Column(set.Table, "rul_hours"));
    }

    [Fact]
    public void Build_FeatureSpec_RollingFeaturesFollowTelemetryChannels()
    {
        TelemetryTable telemetry = TestData.Hourly(("1", 0, 48), ("2", 0, 5));
        FeatureSpec spec = FeatureSpec.Parse("x: mean(3h), max(24h), lag(1)");

        TrainingSet set = TrainingSet.Build(telemetry, HandLogs(), new TrainingSetOptions { Features = spec, FeatureOptions = new FeatureComputerOptions { MaxDegreeOfParallelism = 1 } });

        Assert.Equal(["x", "x_mean_3h", "x_max_24h", "x_lag_1", "hours_since_maintenance_comp1"], set.Table.Schema.Channels.Take(5).Select(c => c.Name));
        TelemetryTable expected = new FeatureComputer(spec).Compute(telemetry);
        foreach (string name in spec.OutputNames)
        {
            Assert.Equal(TestData.Column(expected, name), TestData.Column(set.Table, name));
        }

        // Hour 5 of asset 1 (x is the row number): mean of rows 3..5, maximum of rows 0..5, previous row.
        Assert.Equal(4, TestData.ValueAt(set.Table, "x_mean_3h", "1", TestData.Hour(5)));
        Assert.Equal(5, TestData.ValueAt(set.Table, "x_max_24h", "1", TestData.Hour(5)));
        Assert.Equal(4, TestData.ValueAt(set.Table, "x_lag_1", "1", TestData.Hour(5)));
        Assert.Equal(["x", "x_mean_3h", "x_max_24h", "x_lag_1"], set.FeatureColumns.Take(4));
    }

    [Fact]
    public void Build_TumblingSpec_ThrowsBecauseBucketsAreStampedWithTheirStart()
    {
        var options = new TrainingSetOptions { Features = FeatureSpec.Parse("tumbling(3h); x: mean") };

        var error = Assert.Throws<SchemaException>(() => TrainingSet.Build(TestData.Hourly(("1", 0, 6)), HandLogs(), options));
        Assert.Equal(
            $"TrainingSetOptions.Features is the tumbling spec '{options.Features}', whose buckets are stamped with their start but summarise rows up to their end; " +
            "use rolling windows, or compute the buckets yourself and build the training set on them stamped with their end.",
            error.Message);
    }

    [Fact]
    public void Build_FeatureTableOfOtherRows_ThrowsNamingTheDifference()
    {
        TelemetryTable telemetry = TestData.Hourly(("1", 0, 48), ("2", 0, 5));

        var fewer = Assert.Throws<SchemaException>(() => TrainingSet.Build(telemetry, RunningSum(TestData.Hourly(("1", 0, 48))), HandLogs()));
        Assert.Equal("The feature table must have the telemetry's rows (the same assets and times), but it has 48 rows, the telemetry 53.", fewer.Message);
        var shifted = Assert.Throws<SchemaException>(() => TrainingSet.Build(telemetry, RunningSum(TestData.Hourly(("1", 0, 48), ("2", 1, 5))), HandLogs()));
        Assert.Equal("The feature table must have the telemetry's rows (the same assets and times), but its times differ from row 48 on.", shifted.Message);
        var other = Assert.Throws<SchemaException>(() => TrainingSet.Build(telemetry, RunningSum(TestData.Hourly(("1", 0, 48), ("3", 0, 5))), HandLogs()));
        Assert.Equal("The feature table must have the telemetry's rows (the same assets and times), but its assets or their row counts differ.", other.Message);
    }

    [Fact]
    public void Build_CmapssConvention_RulCappedAt125Cycles()
    {
        // Run to failure: engine 1 runs cycles 1..200 and fails at its last cycle, engine 2 cycles 1..100.
        TelemetryTable engines = TestData.Table(TimeKind.Cycle, ("1", [.. Enumerable.Range(1, 200).Select(c => (long)c)]), ("2", [.. Enumerable.Range(1, 100).Select(c => (long)c)]));
        EventTable failures = EventTable.Create(TimeKind.Cycle, [new("1", 200, "engine"), new("2", 100, "engine")]);
        EventTable none = EventTable.Empty(TimeKind.Cycle);
        var options = new TrainingSetOptions
        {
            Horizon = Duration.Cycles(30),
            EventWindows = [Duration.Cycles(10)],
            ServiceWindows = [],
            TimeToEventCap = Duration.Cycles(125),
        };

        TrainingSet set = TrainingSet.Build(engines, new MaintenanceLogs(none, none, failures, none), options);

        Assert.Equal([.. Enumerable.Range(1, 200).Select(c => (double)Math.Min(200 - c, 125)), .. Enumerable.Range(1, 100).Select(c => (double)(100 - c))], TestData.Column(set.Table, "rul_cycles"));
        Assert.Equal(0, set.CensoredRows);
        Assert.Equal(60, TestData.Column(set.Table, "fails_within_30cycles").Sum());
        Assert.Contains("cycles_since_failure_engine", set.FeatureColumns);
        // No maintenance is logged at all, so the time to service is censored, except where the engine still runs
        // 125 cycles later: then the capped value is known (engine 1, cycles 1..75).
        Assert.Equal(300 - 75, set.ServiceCensoredRows);
        Assert.Equal(125, TestData.ValueAt(set.Table, "next_service_cycles", "1", 75));
        Assert.Equal(double.NaN, TestData.ValueAt(set.Table, "next_service_cycles", "1", 76));
        Assert.DoesNotContain("age_years", set.FeatureColumns);
    }

    [Fact]
    public void Build_TimeKindsDiffer_ThrowsNamingBoth()
    {
        TelemetryTable engines = TestData.Table(TimeKind.Cycle, ("1", [1, 2]));

        var logs = Assert.Throws<SchemaException>(() => TrainingSet.Build(engines, HandLogs()));
        Assert.Equal("The logs count time as UtcTimestamp, but the telemetry table's time column is Cycle.", logs.Message);
        EventTable none = EventTable.Empty(TimeKind.Cycle);
        var horizon = Assert.Throws<SchemaException>(() => TrainingSet.Build(engines, new MaintenanceLogs(none, none, none, none)));
        Assert.Equal("The label horizon is the time span 24h, but the table's time column counts cycles; use Duration.Cycles.", horizon.Message);
        var mixed = Assert.Throws<SchemaException>(() => new MaintenanceLogs(none, none, EventTable.Empty(TimeKind.UtcTimestamp), none));
        Assert.Equal("The logs must count time alike: the maintenance log is Cycle, the failure log UtcTimestamp.", mixed.Message);
    }

    [Fact]
    public void Build_ColumnNameTaken_ThrowsSchemaException()
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("asset", "time", "age_years"));
        builder.Add("1", TestData.Hour(0), [1.0]);

        var error = Assert.Throws<SchemaException>(() => TrainingSet.Build(builder.Build(), HandLogs()));
        Assert.Equal("Column 'age_years' appears more than once in the telemetry schema.", error.Message);
    }

    [Fact]
    public void Build_ExplicitVocabularies_FixColumnsAndIgnoreOtherComponents()
    {
        var options = new TrainingSetOptions { Components = ["comp2", "comp9"], ErrorTypes = ["error2"], Models = ["model3"], EventWindows = [Duration.Days(1)], ServiceWindows = [] };

        TrainingSet set = TrainingSet.Build(TestData.Hourly(("1", 0, 48)), HandLogs(), options);

        Assert.Equal(
            [
                "x", "hours_since_maintenance_comp2", "hours_since_maintenance_comp9", "hours_since_replacement_comp2", "hours_since_replacement_comp9",
                "hours_since_failure_comp2", "hours_since_failure_comp9", "maintenance_comp2_1d", "maintenance_comp9_1d", "errors_error2_1d",
                "age_years", "model_model3",
                "fails_within_24h", "fails_within_24h_comp2", "fails_within_24h_comp9", "failure_class_24h", "rul_hours", "rul_censored", "next_service_hours", "next_service_censored",
            ],
            set.Table.Schema.Channels.Select(c => c.Name));

        // Only comp1 ever fails, and it is not listed: no failure labels, every time-to-failure censored.
        Assert.Equal(0, TestData.Column(set.Table, "fails_within_24h").Sum());
        Assert.Equal(48, set.CensoredRows);
        Assert.Equal(19, TestData.ValueAt(set.Table, "next_service_hours", "1", TestData.Hour(11)));
    }

    [Fact]
    public void Build_RepeatedVocabularyOrWindow_Throws()
    {
        TelemetryTable rows = TestData.Hourly(("1", 0, 2));
        var components = Assert.Throws<ArgumentException>(() => TrainingSet.Build(rows, HandLogs(), new TrainingSetOptions { Components = ["a", "a"] }));
        Assert.Equal("TrainingSetOptions.Components holds 'a' more than once.", components.Message);
        var windows = Assert.Throws<ArgumentException>(() => TrainingSet.Build(rows, HandLogs(), new TrainingSetOptions { EventWindows = [Duration.Hours(24), Duration.Days(1)] }));
        Assert.Equal("TrainingSetOptions.EventWindows holds the windows 24h and 1d, which are the same length.", windows.Message);
    }

    [Property(MaxTest = 300, Replay = "(2094190,2094581)")]
    public Property Build_AnyHistory_EveryColumnMatchesReference() =>
        Prop.ForAll(Histories.Of(TimeKind.Cycle).ToArbitrary(), history =>
        {
            TrainingSet set = TrainingSet.Build(history.Table, history.Logs(), CycleOptions);
            TelemetryTable table = history.Table;
            string[] components = [.. set.Components];
            var expected = new List<(string Name, double[] Values)> { ("x", TestData.Column(table, "x")) };
            expected.AddRange(components.Select(c => ($"cycles_since_maintenance_{c}", Reference.TimeSince(table, history.Maintenance, c))));
            expected.AddRange(components.Select(c => ($"cycles_since_replacement_{c}", Reference.TimeSince(table, history.Replacements, c))));
            expected.AddRange(components.Select(c => ($"cycles_since_failure_{c}", Reference.TimeSince(table, history.Failures, c))));
            foreach (long window in (long[])[3, 10])
            {
                expected.AddRange(components.Select(c => ($"maintenance_{c}_{window}cycles", Reference.CountInWindow(table, history.Maintenance, window, c))));
            }

            foreach (long window in (long[])[3, 10])
            {
                expected.AddRange(set.ErrorTypes.Select(e => ($"errors_{e}_{window}cycles", Reference.CountInWindow(table, history.Errors, window, e))));
            }

            expected.Add(("services_20cycles", Reference.VisitsInWindow(table, history.Maintenance, 20)));
            expected.AddRange(set.Models.Select(m => ($"model_{m}", Reference.Rows(table).Select(row => history.Assets.Any(a => a.AssetId == row.Asset && a.Model == m) ? 1.0 : 0.0).ToArray())));
            expected.Add(("fails_within_5cycles", Reference.OccursWithin(table, history.Failures, 5, components)));
            expected.AddRange(components.Select(c => ($"fails_within_5cycles_{c}", Reference.OccursWithin(table, history.Failures, 5, c))));
            expected.Add(("failure_class_5cycles", Reference.FirstWithin(table, history.Failures, 5, components)));
            double[] rul = Reference.TimeUntil(table, history.Failures, 8, components);
            double[] service = Reference.TimeUntil(table, history.Maintenance, 8);
            expected.Add(("rul_cycles", rul));
            expected.Add(("rul_censored", [.. rul.Select(v => double.IsNaN(v) ? 1.0 : 0.0)]));
            expected.Add(("next_service_cycles", service));
            expected.Add(("next_service_censored", [.. service.Select(v => double.IsNaN(v) ? 1.0 : 0.0)]));

            return expected.Select(e => e.Name).SequenceEqual(set.Table.Schema.Channels.Select(c => c.Name)).Label("column names")
                .And(expected.All(e => e.Values.SequenceEqual(TestData.Column(set.Table, e.Name))))
                .Label(string.Join(", ", expected.Where(e => !e.Values.SequenceEqual(TestData.Column(set.Table, e.Name))).Select(e => e.Name)))
                .And(set.CensoredRows == rul.Count(double.IsNaN) && set.ServiceCensoredRows == service.Count(double.IsNaN)).Label("censored counts");
        });

    [Fact]
    public void SplitByAsset_Fraction_DisjointCompleteAndDeterministic()
    {
        TrainingSet set = TrainingSet.Build(TestData.Hourly([.. Enumerable.Range(1, 20).Select(a => (a.ToString(System.Globalization.CultureInfo.InvariantCulture), 0, 10))]), HandLogs());

        TrainTestSplit split = set.SplitByAsset(0.25, seed: 7);
        TrainTestSplit again = set.SplitByAsset(0.25, seed: 7);
        TrainTestSplit other = set.SplitByAsset(0.25, seed: 8);

        Assert.Equal(5, split.Test.Table.AssetCount);
        Assert.Equal(15, split.Train.Table.AssetCount);
        Assert.Empty(split.Train.Table.AssetIds.Intersect(split.Test.Table.AssetIds));
        Assert.Equal(set.Table.AssetIds.Order(), split.Train.Table.AssetIds.Concat(split.Test.Table.AssetIds).Order());
        Assert.Equal(50, split.Test.Table.RowCount);
        Assert.Equal(150, split.Train.Table.RowCount);
        Assert.Equal(split.Test.Table.AssetIds, again.Test.Table.AssetIds);
        Assert.NotEqual(split.Test.Table.AssetIds, other.Test.Table.AssetIds);
        Assert.Equal(set.Table.Schema, split.Train.Table.Schema);
        TelemetryTable holder = split.Train.Table.TryGetAssetCode("1", out _) ? split.Train.Table : split.Test.Table;
        Assert.Equal(TestData.Column(set.Table.SelectAssets(["1"]), "next_service_hours"), TestData.Column(holder.SelectAssets(["1"]), "next_service_hours"));
    }

    [Fact]
    public void SplitByAsset_FractionOutOfRange_ThrowsAndSmallFleetsKeepBothSides()
    {
        TrainingSet set = TrainingSet.Build(TestData.Hourly(("1", 0, 3), ("2", 0, 3)), HandLogs());

        Assert.Throws<ArgumentOutOfRangeException>(() => set.SplitByAsset(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.SplitByAsset(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.SplitByAsset(double.NaN, 1));
        TrainTestSplit split = set.SplitByAsset(0.01, seed: 3);
        Assert.Equal(1, split.Test.Table.AssetCount);
        Assert.Equal(1, split.Train.Table.AssetCount);
    }

    [Fact]
    public void SplitByAsset_ExplicitAssets_GoToTest()
    {
        TrainingSet set = TrainingSet.Build(TestData.Hourly(("1", 0, 3), ("2", 0, 4), ("3", 0, 5)), HandLogs());

        TrainTestSplit split = set.SplitByAsset(["2", "9"]);

        Assert.Equal(["1", "3"], split.Train.Table.AssetIds);
        Assert.Equal(["2"], split.Test.Table.AssetIds);
        Assert.Equal(4, split.Test.Table.RowCount);
    }

    [Fact]
    public void SplitByTime_Embargo_TrainEndsAHorizonBeforeTheCutAndIsRelabelledFromTheKnownPast()
    {
        // Asset 1 fails at hours 40 and 70, asset 2 at hour 80; rows at hours 0..99; cut-off at hour 60.
        TrainingSet set = TrainingSet.Build(TestData.Hourly(("1", 0, 100), ("2", 0, 100)), SplitLogs());

        TrainTestSplit split = set.SplitByTime(TestData.Hour(60));
        TelemetryTable train = split.Train.Table, test = split.Test.Table;

        // Train: hours 0..35 (the embargo drops [36, 60)); test: hours 60..99.
        Assert.Equal(72, train.RowCount);
        Assert.Equal(TestData.Hour(35), train.Times.ToArray().Max());
        Assert.Equal(80, test.RowCount);
        Assert.Equal(TestData.Hour(60), test.Times.ToArray().Min());

        // The failure at 40 is known at the cut: it labels train hours 17..35 of asset 1; asset 2's failure at 80 is
        // not, so its train rows are censored rather than labelled from the future.
        Assert.Equal(19, TestData.Column(train, "fails_within_24h").Sum());
        Assert.Equal(40, TestData.ValueAt(train, "rul_hours", "1", TestData.Hour(0)));
        Assert.Equal(double.NaN, TestData.ValueAt(train, "rul_hours", "2", TestData.Hour(0)));
        Assert.Equal(80, TestData.ValueAt(set.Table, "rul_hours", "2", TestData.Hour(0)));
        Assert.Equal(36, split.Train.CensoredRows);

        // Test rows keep the labels built from the whole log: asset 1 censored after 70, asset 2 after 80.
        Assert.Equal(29 + 19, split.Test.CensoredRows);
        Assert.Equal(10, TestData.ValueAt(test, "rul_hours", "1", TestData.Hour(60)));
        Assert.Equal(-1, split.Train.Logs.Failures.Times.IndexOf(TestData.Hour(70)));
    }

    [Fact]
    public void SplitByTime_NoEmbargo_TrainReachesTheCutWithTruncatedLabels()
    {
        TrainingSet set = TrainingSet.Build(TestData.Hourly(("1", 0, 100), ("2", 0, 100)), SplitLogs());

        TrainTestSplit split = set.SplitByTime(UnixTime.ToDateTime(TestData.Hour(60)), embargo: false);

        Assert.Equal(120, split.Train.Table.RowCount);
        Assert.Equal(TestData.Hour(59), split.Train.Table.Times.ToArray().Max());

        // Only the failure at 40 labels train rows (hours 17..40); built from the whole log, 47..59 would see 70 too.
        Assert.Equal(24, TestData.Column(split.Train.Table, "fails_within_24h").Sum());
        Assert.Equal(37, TestData.Column(set.Table, "fails_within_24h").Take(60).Sum());
        Assert.Equal(19 + 60, split.Train.CensoredRows);
    }

    [Fact]
    public void SplitByTime_CycleTableWithDateTime_Throws()
    {
        EventTable none = EventTable.Empty(TimeKind.Cycle);
        TrainingSet set = TrainingSet.Build(TestData.Table(TimeKind.Cycle, ("1", [1, 2, 3])), new MaintenanceLogs(none, none, none, none), CycleOptions);

        var error = Assert.Throws<SchemaException>(() => set.SplitByTime(new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("The time column 'time' counts cycles; give the cut-off as a cycle number.", error.Message);
        Assert.Equal(2, set.SplitByTime(2L, embargo: false).Test.Table.RowCount);
    }

    [Fact]
    public void DownSample_Ratio_KeepsMinorityAndSamplesMajorityInOrder()
    {
        TrainingSet set = TrainingSet.Build(TestData.Hourly(("1", 0, 100), ("2", 0, 100)), SplitLogs());
        double[] labels = TestData.Column(set.Table, "fails_within_24h");
        Assert.Equal(72, labels.Sum());

        TrainingSet sampled = set.DownSample("fails_within_24h", majorityPerMinority: 1.5, seed: 11);
        TrainingSet again = set.DownSample("fails_within_24h", majorityPerMinority: 1.5, seed: 11);
        TrainingSet other = set.DownSample("fails_within_24h", majorityPerMinority: 1.5, seed: 12);

        double[] kept = TestData.Column(sampled.Table, "fails_within_24h");
        Assert.Equal(72, kept.Sum());
        Assert.Equal(72 + 108, kept.Length);
        Assert.Equal(sampled.Table.Times.ToArray(), again.Table.Times.ToArray());
        Assert.NotEqual(sampled.Table.Times.ToArray(), other.Table.Times.ToArray());
        Assert.Equal(200, set.DownSample("fails_within_24h", majorityPerMinority: 10, seed: 1).Table.RowCount);

        // Rows stay in table order and keep their values.
        Assert.Equal(TestData.ValueAt(set.Table, "x", "2", TestData.Hour(70)), TestData.ValueAt(sampled.Table, "x", "2", TestData.Hour(70)));
    }

    [Fact]
    public void DownSample_MultiClassWithNaN_BalancesMostFrequentClassAndDropsNaN()
    {
        TrainingSet set = TrainingSet.Build(TestData.Hourly(("1", 0, 100), ("2", 0, 100)), SplitLogs());

        TrainingSet classes = set.DownSample("failure_class_24h", majorityPerMinority: 1, seed: 5);
        TrainingSet rul = set.DownSample("rul_censored", majorityPerMinority: 1, seed: 5);

        Assert.Equal(144, classes.Table.RowCount);
        Assert.Equal(72, TestData.Column(classes.Table, "failure_class_24h").Count(v => v != 0));
        Assert.Equal(2 * set.CensoredRows, rul.Table.RowCount);
        Assert.Equal(set.CensoredRows, rul.CensoredRows);
        Assert.Equal(0, set.DownSample("rul_hours", 1, 1).Table.GetChannel("rul_hours").ToArray().Count(double.IsNaN));
    }

    [Fact]
    public void DownSample_SingleClassOrBadRatio_Throws()
    {
        TrainingSet set = TrainingSet.Build(TestData.Hourly(("2", 0, 10)), HandLogs());

        var error = Assert.Throws<DataQualityException>(() => set.DownSample("fails_within_24h", 1, 1));
        Assert.Equal("The label 'fails_within_24h' has a single class (0) in its 10 labelled rows; there is no minority to balance against.", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.DownSample("fails_within_24h", 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.DownSample("fails_within_24h", double.PositiveInfinity, 1));
        Assert.Throws<SchemaException>(() => set.DownSample("nope", 1, 1));
    }

    /// <summary>A causal feature table of the same rows: the running sum of x per asset.</summary>
    private static TelemetryTable RunningSum(TelemetryTable telemetry)
    {
        double[] sums = new double[telemetry.RowCount];
        for (int a = 0; a < telemetry.AssetCount; a++)
        {
            double sum = 0;
            for (int r = telemetry.AssetOffsets[a]; r < telemetry.AssetOffsets[a + 1]; r++)
            {
                sums[r] = sum += telemetry.GetChannel(0)[r];
            }
        }

        return telemetry.WithChannels(telemetry.Schema.WithChannels([new ChannelDefinition("x_sum")]), [sums]);
    }

    /// <summary>The logs of the hand example: see <see cref="Build_HandExample_ValuesAsComputedByHand"/>.</summary>
    private static MaintenanceLogs HandLogs()
    {
        DateTime Hour(int hours) => UnixTime.ToDateTime(TestData.Hour(hours));
        return MaintenanceLogs.FromRecords(
            [
                new MaintenanceEvent("1", Hour(10), "comp1", MaintenanceKind.Replacement),
                new MaintenanceEvent("1", Hour(10), "comp2", MaintenanceKind.Scheduled),
                new MaintenanceEvent("1", Hour(30), "comp1", MaintenanceKind.Replacement),
            ],
            [new ErrorEvent("1", Hour(5), "error1"), new ErrorEvent("1", Hour(6), "error1"), new ErrorEvent("1", Hour(29), "error2")],
            [new FailureEvent("1", Hour(30), "comp1")],
            [new AssetAttributes("1", "model3", new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc)), new AssetAttributes("2", "model1")]);
    }

    /// <summary>Asset 1 fails at hours 40 (comp1) and 70 (comp2), asset 2 at hour 80 (comp1).</summary>
    private static MaintenanceLogs SplitLogs()
    {
        DateTime Hour(int hours) => UnixTime.ToDateTime(TestData.Hour(hours));
        FailureEvent[] failures = [new("1", Hour(40), "comp1"), new("1", Hour(70), "comp2"), new("2", Hour(80), "comp1")];
        return MaintenanceLogs.FromRecords(
            failures.Select(f => new MaintenanceEvent(f.AssetId, f.Time, f.Component, MaintenanceKind.Replacement)), [], failures);
    }
}
