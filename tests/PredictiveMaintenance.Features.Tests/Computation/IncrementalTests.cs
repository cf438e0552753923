using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictiveMaintenance.Features.Tests.Kernels;

namespace PredictiveMaintenance.Features.Tests.Computation;

/// <summary>The batch-split property: features computed batch by batch equal the features of the whole history.</summary>
public class IncrementalTests
{
    private const string RollingSpec =
        "a: mean(5), std(8), min(3h), max(3h), median(7), quantile(0.25, 2h), count(4), rms(1d), ptp(5), skew(6), kurt(9), " +
        "slope(3h), sum(4, min=1), var(64), mean(2h), lag(2), diff(1), ewm_mean(span=5), ewm_var(halflife=2h); " +
        "b: mean(64), var(1h), slope(10), std(3), ewm_var(alpha=0.3), ewm_mean(halflife=3, min=2), max(17), median(90min)";

    private static readonly string[] SpecTexts =
    [
        RollingSpec,
        "tumbling(3h); a: mean, std, median, count, slope; b: sum, quantile(0.9), kurt",
        "tumbling(1d, origin=2015-01-01T06:00:00Z); a: max, skew",
        "tumbling(7); a: mean, max, slope; b: var",
    ];

    public static TheoryData<string> Specs() => new(SpecTexts);

    [Property(MaxTest = 40)]
    public Property ComputeBatch_RandomSplits_EqualsWholeHistoryBitForBit()
    {
        Gen<(int Seed, int Spec, int Cuts, bool Serialize)> cases =
            from seed in Gen.Choose(0, int.MaxValue)
            from spec in Gen.Choose(0, 3)
            from cuts in Gen.Choose(0, 6)
            from serialize in Gen.Elements(false, true)
            select (seed, spec, cuts, serialize);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            FeatureSpec spec = FeatureSpec.Parse(SpecTexts[c.Spec]);
            TelemetryTable table = RandomTable(c.Seed);
            AssertSplitEqualsWhole(spec, table, c.Seed, c.Cuts, c.Serialize);
        });
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void ComputeBatch_OneRowPerBatch_EqualsWholeHistoryBitForBit(string text)
    {
        FeatureSpec spec = FeatureSpec.Parse(text);
        TelemetryTable table = RandomTable(seed: 7);
        var computer = new FeatureComputer(spec, new FeatureComputerOptions { MaxDegreeOfParallelism = 1 });
        FeatureState state = FeatureState.Initial(spec);
        var outputs = new List<TelemetryTable>();
        foreach (long time in table.Times.ToArray().Distinct().Order())
        {
            outputs.Add(computer.ComputeBatch(Slice(table, time, time + 1), state, out state));
        }

        outputs.Add(computer.Flush(state, table.Schema));
        AssertTablesEqual(computer.Compute(table), TelemetryTable.Concat(outputs));
    }

    [Fact]
    public void ComputeBatch_StateOfAnotherSpec_Throws()
    {
        var computer = new FeatureComputer(FeatureSpec.Parse("a: mean(3)"));
        FeatureState other = FeatureState.Initial(FeatureSpec.Parse("a: mean(4)"));
        var error = Assert.Throws<ArgumentException>("state", () => computer.ComputeBatch(RandomTable(1), other, out _));
        Assert.StartsWith("The state was computed for the spec 'a: mean(4)', not for 'a: mean(3)'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeBatch_BatchNotAfterState_ThrowsNamingAssetAndTimes()
    {
        var computer = new FeatureComputer(FeatureSpec.Parse("a: mean(3)"));
        var schema = new TelemetrySchema("asset", "time", "a", "b");
        TelemetryTable Batch(long time)
        {
            var builder = new TelemetryTableBuilder(schema);
            builder.Add("m1", time, [1, 2]);
            return builder.Build();
        }

        computer.ComputeBatch(Batch(UnixTime.MicrosecondsPerHour), FeatureState.Initial(computer.Spec), out FeatureState state);
        var error = Assert.Throws<DataQualityException>(() => computer.ComputeBatch(Batch(UnixTime.MicrosecondsPerHour), state, out _));
        Assert.Equal(
            "Asset 'm1': the batch starts at 1970-01-01T01:00:00Z, which is not after the asset's last row before it, at 1970-01-01T01:00:00Z; batches must arrive in time order.",
            error.Message);
    }

    [Fact]
    public void FeatureState_TailStaysBounded()
    {
        FeatureSpec spec = FeatureSpec.Parse("a: mean(10), lag(3)");
        var computer = new FeatureComputer(spec);
        TelemetryTable table = RandomTable(seed: 3);
        FeatureState state = FeatureState.Initial(spec);
        computer.ComputeBatch(table, state, out state);
        foreach (string asset in state.AssetIds)
        {
            Assert.True(state.GetRowsSeen(asset) > 0);
        }

        // Two blocks of 10 rows at most per asset: the block before the last row's block and that block.
        Assert.InRange(state.TailRowCount, 1, 20 * state.AssetIds.Count);
    }

    [Fact]
    public void FeatureState_FromJson_RepeatedAsset_ThrowsNamingIt()
    {
        FeatureSpec spec = FeatureSpec.Parse("a: mean(3)");
        var computer = new FeatureComputer(spec);
        computer.ComputeBatch(RandomTable(seed: 5), FeatureState.Initial(spec), out FeatureState state);
        var json = System.Text.Json.Nodes.JsonNode.Parse(state.ToJson())!;
        var assets = json["assets"]!.AsArray();
        assets.Add(assets[0]!.DeepClone());
        var error = Assert.Throws<FeatureSpecException>(() => FeatureState.FromJson(json.ToJsonString()));
        Assert.Equal($"Feature state JSON: asset '{state.AssetIds[0]}' appears more than once.", error.Message);
    }

    [Fact]
    public void FeatureState_AssetMissingFromBatch_KeepsItsTailAndCount()
    {
        FeatureSpec spec = FeatureSpec.Parse("a: mean(4), ewm_mean(span=3)");
        var computer = new FeatureComputer(spec);
        TelemetryTable table = RandomTable(seed: 11);
        computer.ComputeBatch(table, FeatureState.Initial(spec), out FeatureState state);
        var builder = new TelemetryTableBuilder(table.Schema);
        double[] row = new double[table.Schema.Channels.Count];
        for (int r = table.AssetOffsets[0]; r < table.AssetOffsets[1]; r++)
        {
            for (int c = 0; c < row.Length; c++)
            {
                row[c] = table.GetChannel(c)[r];
            }

            builder.Add(table.AssetIds[0], table.Times[r] + (400 * UnixTime.MicrosecondsPerDay), row);
        }

        TelemetryTable later = builder.Build();
        computer.ComputeBatch(later, state, out FeatureState next);
        Assert.Equal(state.AssetIds, next.AssetIds);
        Assert.Equal(2 * state.GetRowsSeen(table.AssetIds[0]), next.GetRowsSeen(table.AssetIds[0]));
        for (int a = 1; a < table.AssetCount; a++)
        {
            Assert.Equal(state.GetRowsSeen(table.AssetIds[a]), next.GetRowsSeen(table.AssetIds[a]));
        }

        Assert.Equal(next.ToJson(), FeatureState.FromJson(next.ToJson()).ToJson());
    }

    internal static void AssertSplitEqualsWhole(FeatureSpec spec, TelemetryTable table, int seed, int cuts, bool serialize)
    {
        var computer = new FeatureComputer(spec);
        TelemetryTable whole = computer.Compute(table);
        long[] times = table.Times.ToArray();
        var random = new Random(seed);
        long min = times.Length == 0 ? 0 : times.Min();
        long max = times.Length == 0 ? 0 : times.Max() + 1;
        long[] bounds = [min, .. Enumerable.Range(0, cuts).Select(_ => min + random.NextInt64(Math.Max(1, max - min))).Order(), max];
        FeatureState state = FeatureState.Initial(spec);
        var outputs = new List<TelemetryTable>();
        for (int i = 0; i + 1 < bounds.Length; i++)
        {
            outputs.Add(computer.ComputeBatch(Slice(table, bounds[i], bounds[i + 1]), state, out state));
            if (serialize)
            {
                state = FeatureState.FromJson(state.ToJson());
            }
        }

        outputs.Add(computer.Flush(state, table.Schema));
        AssertTablesEqual(whole, TelemetryTable.Concat(outputs));
    }

    internal static void AssertTablesEqual(TelemetryTable expected, TelemetryTable actual)
    {
        Assert.Equal(expected.Schema, actual.Schema);
        Assert.Equal(expected.AssetIds, actual.AssetIds);
        Assert.Equal(expected.AssetOffsets.ToArray(), actual.AssetOffsets.ToArray());
        Assert.Equal(expected.Times.ToArray(), actual.Times.ToArray());
        for (int c = 0; c < expected.Schema.Channels.Count; c++)
        {
            double[] e = expected.GetChannel(c).ToArray();
            double[] a = actual.GetChannel(c).ToArray();
            for (int r = 0; r < e.Length; r++)
            {
                Assert.True(
                    BitConverter.DoubleToInt64Bits(e[r]) == BitConverter.DoubleToInt64Bits(a[r]) || (double.IsNaN(e[r]) && double.IsNaN(a[r])),
                    $"{expected.Schema.Channels[c].Name}, row {r}: expected {e[r]:R}, got {a[r]:R}");
            }
        }
    }

    internal static TelemetryTable RandomTable(int seed)
    {
        var random = new Random(seed);
        var schema = new TelemetrySchema("asset", "time", "a", "b");
        var builder = new TelemetryTableBuilder(schema);
        int assets = random.Next(1, 5);
        for (int asset = 0; asset < assets; asset++)
        {
            int length = random.Next(0, 160);
            long[] times = Samples.Times(length, random.Next());
            double[] a = Samples.Series(length, 0.15, random.Next());
            double[] b = Samples.Series(length, random.NextDouble() < 0.5 ? 0 : 0.3, random.Next());
            for (int i = 0; i < length; i++)
            {
                builder.Add($"m{asset}", times[i], [a[i], b[i] + 1e6]);
            }
        }

        return builder.Build();
    }

    private static TelemetryTable Slice(TelemetryTable table, long from, long to)
    {
        var builder = new TelemetryTableBuilder(table.Schema);
        double[] row = new double[table.Schema.Channels.Count];
        for (int a = 0; a < table.AssetCount; a++)
        {
            Range rows = table.GetAssetRows(a);
            for (int r = rows.Start.Value; r < rows.End.Value; r++)
            {
                long time = table.Times[r];
                if (time >= from && time < to)
                {
                    for (int c = 0; c < row.Length; c++)
                    {
                        row[c] = table.GetChannel(c)[r];
                    }

                    builder.Add(table.AssetIds[a], time, row);
                }
            }
        }

        return builder.Build();
    }
}
