namespace PredictiveMaintenance.Features.Tests.Computation;

public class FeatureComputerTests
{
    private static readonly long Hour = UnixTime.MicrosecondsPerHour;

    private static TelemetryTable Table()
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("machineID", "datetime", "volt", "rotate"));
        builder.Add("2", 0, [10, 1]);
        builder.Add("2", Hour, [20, 2]);
        builder.Add("2", 3 * Hour, [double.NaN, 3]);
        builder.Add("10", 2 * Hour, [5, 4]);
        return builder.Build();
    }

    [Fact]
    public void Compute_RollingSpec_OneRowPerInputRowWithFeatureChannels()
    {
        var computer = new FeatureComputer(FeatureSpec.Parse("volt: mean(2h), sum(2, min=1); rotate: lag(1)"));

        TelemetryTable features = computer.Compute(Table());

        Assert.Equal("machineID, datetime (UtcTimestamp): volt_mean_2h (Sensor), volt_sum_2_mp1 (Sensor), rotate_lag_1 (Sensor)", features.Schema.ToString());
        Assert.Equal(["2", "10"], features.AssetIds);
        Assert.Equal([0L, Hour, 3 * Hour, 2 * Hour], features.Times.ToArray());
        Assert.Equal([10, 15, double.NaN, 5], features.GetChannel("volt_mean_2h").ToArray());
        Assert.Equal([10.0, 30, 20, 5], features.GetChannel("volt_sum_2_mp1").ToArray());
        Assert.Equal([double.NaN, 1, 2, double.NaN], features.GetChannel("rotate_lag_1").ToArray());
    }

    [Fact]
    public void Compute_TumblingSpec_OneRowPerAssetAndBucketAtBucketStart()
    {
        var computer = new FeatureComputer(FeatureSpec.Parse("tumbling(2h); volt: mean, count; rotate: max"));

        TelemetryTable features = computer.Compute(Table());

        Assert.Equal(["2", "10"], features.AssetIds);
        Assert.Equal([0L, 2 * Hour, 2 * Hour], features.Times.ToArray());
        Assert.Equal([15, double.NaN, 5], features.GetChannel("volt_mean").ToArray());
        Assert.Equal([2.0, 0, 1], features.GetChannel("volt_count").ToArray());
        Assert.Equal([2.0, 3, 4], features.GetChannel("rotate_max").ToArray());
    }

    [Fact]
    public void Compute_Parallel_EqualsSequential()
    {
        FeatureSpec spec = FeatureSpec.Parse("a: mean(5), median(3h), ewm_var(span=4); b: slope(1d), kurt(30)");
        TelemetryTable table = IncrementalTests.RandomTable(seed: 99);
        TelemetryTable sequential = new FeatureComputer(spec, new FeatureComputerOptions { MaxDegreeOfParallelism = 1 }).Compute(table);
        TelemetryTable parallel = new FeatureComputer(spec).Compute(table);
        IncrementalTests.AssertTablesEqual(sequential, parallel);
    }

    [Fact]
    public void Compute_EmptyTable_GivesEmptyFeatureTable()
    {
        var schema = new TelemetrySchema("a", "t", "v");
        TelemetryTable features = new FeatureComputer(FeatureSpec.Parse("v: mean(3)")).Compute(TelemetryTable.Empty(schema));
        Assert.Equal(0, features.RowCount);
        Assert.Equal(["v_mean_3"], features.Schema.Channels.Select(c => c.Name));
    }

    [Fact]
    public void Compute_TimeWindowOnCycles_ThrowsSchemaException()
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("unit", "cycle", TimeKind.Cycle, [new ChannelDefinition("s2")]));
        builder.Add("1", 1, [641.8]);
        var error = Assert.Throws<SchemaException>(() => new FeatureComputer(FeatureSpec.Parse("s2: mean(1h)")).Compute(builder.Build()));
        Assert.StartsWith("Feature 's2: mean(1h)' uses a time span (1h)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flush_RollingSpec_IsEmpty()
    {
        var computer = new FeatureComputer(FeatureSpec.Parse("volt: mean(2)"));
        computer.ComputeBatch(Table(), FeatureState.Initial(computer.Spec), out FeatureState state);
        Assert.Equal(0, computer.Flush(state, Table().Schema).RowCount);
        Assert.Equal(3, state.GetRowsSeen("2"));
        Assert.Equal(0, state.GetRowsSeen("unknown"));
    }

    [Fact]
    public void Options_InvalidParallelism_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>("MaxDegreeOfParallelism", () => new FeatureComputer(FeatureSpec.Parse("v: mean(3)"), new FeatureComputerOptions { MaxDegreeOfParallelism = 0 }));
    }
}
