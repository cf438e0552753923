using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.DeltaLake.Tests.Telemetry;

/// <summary>Any telemetry table appended to a Delta table, in one commit or several, reads back exactly.</summary>
public class TelemetryRoundTripProperties
{
    private static readonly string[] AssetIds = ["1", "2", "10", "machine-α", "a b", "Z"];

    private static readonly double[] SpecialValues = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue, double.MinValue];

    private static readonly Gen<double> ValueGen = Gen.Frequency(
        (4, Gen.Choose(-1_000_000, 1_000_000).Select(v => v / 7.0)),
        (1, Gen.Elements(SpecialValues)));

    /// <summary>Times from before 1970 to decades after, with microseconds, and the extremes each time kind can hold.</summary>
    private static Gen<long> TimeGen(TimeKind kind) => Gen.Frequency(
        (6, Gen.Choose(int.MinValue, int.MaxValue).Select(t => t * 1_000_003L)),
        (1, kind == TimeKind.UtcTimestamp
            ? Gen.Elements(UnixTime.MinMicroseconds, UnixTime.MaxMicroseconds, 0L)
            : Gen.Elements(long.MinValue, long.MaxValue, 0L)));

    /// <summary>
    /// Times within three days either side of <paramref name="center"/>, for tables partitioned by day: a few days (and
    /// midnights) per case, where times decades apart would make a data file per row.
    /// </summary>
    private static Gen<long> NearTimeGen(long center) =>
        from seconds in Gen.Choose(-3 * 86_400, 3 * 86_400)
        from micros in Gen.Choose(0, 999_999)
        select center + (seconds * UnixTime.MicrosecondsPerSecond) + micros;

    private static readonly Gen<TableCase> CaseGen =
        from kind in Gen.Elements(TimeKind.UtcTimestamp, TimeKind.Cycle)
        from roles in Gen.Elements(ChannelRole.Sensor, ChannelRole.Setting, ChannelRole.Label).ArrayOf().Select(r => r.Take(4).ToArray())
        from byDay in Gen.Elements(true, false).Select(b => b && kind == TimeKind.UtcTimestamp)
        from center in Gen.Choose(int.MinValue, int.MaxValue).Select(t => t * 1_000_003L)
        from rows in (from asset in Gen.Elements(AssetIds)
                      from time in byDay ? NearTimeGen(center) : TimeGen(kind)
                      from values in ValueGen.ArrayOf(roles.Length)
                      select (asset, time, values)).ListOf()
        from commits in Gen.Choose(1, 3)
        select new TableCase(
            new TelemetrySchema("machine", kind == TimeKind.Cycle ? "cycle" : "time", kind, roles.Select((r, i) => new ChannelDefinition($"c{i}", r))),
            [.. rows],
            commits,
            byDay);

    [Property(MaxTest = 30)]
    public Property AppendThenReadTelemetry_AnyTable_ReadsBackExactly() => Prop.ForAll(CaseGen.ToArbitrary(), c =>
    {
        // Distinct (asset, time) rows, so that no two commits hold the same reading.
        var rows = c.Rows.DistinctBy(r => (r.Asset, r.Time)).ToList();
        TelemetryTable expected = Build(c.Schema, rows);
        using var dir = new TempDirectory();
        DeltaTable table = DeltaTable.CreateAsync(dir.Path, c.Schema, new DeltaTelemetryCreateOptions { PartitionByDay = c.ByDay }).GetAwaiter().GetResult();
        for (int commit = 0; commit < c.Commits; commit++)
        {
            // Each commit takes every Commits-th row, so the commits hold disjoint rows of interleaved assets and times.
            table.AppendAsync(Build(c.Schema, rows.Where((_, i) => i % c.Commits == commit))).GetAwaiter().GetResult();
        }

        DeltaSnapshot snapshot = table.GetSnapshotAsync().GetAwaiter().GetResult();
        TelemetryBatch read = snapshot.ReadTelemetryAsync().GetAwaiter().GetResult();

        return (snapshot.TelemetrySchema!.Equals(c.Schema)
                && read.Quarantine.Count == 0
                && read.Report.AcceptedRows == expected.RowCount
                && snapshot.RowCount == expected.RowCount
                && Same(expected, read.Table))
            .Label($"{expected.RowCount} rows of [{c.Schema}] in {c.Commits} commit(s), by day: {c.ByDay}");
    });

    private static TelemetryTable Build(TelemetrySchema schema, IEnumerable<(string Asset, long Time, double[] Values)> rows)
    {
        var builder = new TelemetryTableBuilder(schema);
        foreach ((string asset, long time, double[] values) in rows)
        {
            builder.Add(asset, time, values);
        }

        return builder.Build();
    }

    /// <summary>Equal schemas, assets, times and channels bit for bit, a missing reading (any NaN) matching any NaN.</summary>
    private static bool Same(TelemetryTable expected, TelemetryTable actual)
    {
        if (!expected.Schema.Equals(actual.Schema)
            || !expected.AssetIds.SequenceEqual(actual.AssetIds)
            || !expected.AssetOffsets.SequenceEqual(actual.AssetOffsets)
            || !expected.Times.SequenceEqual(actual.Times))
        {
            return false;
        }

        for (int c = 0; c < expected.Schema.Channels.Count; c++)
        {
            ReadOnlySpan<double> e = expected.GetChannel(c), a = actual.GetChannel(c);
            for (int i = 0; i < e.Length; i++)
            {
                if (BitConverter.DoubleToInt64Bits(e[i]) != BitConverter.DoubleToInt64Bits(a[i]) && !(double.IsNaN(e[i]) && double.IsNaN(a[i])))
                {
                    return false;
                }
            }
        }

        return true;
    }

    public sealed record TableCase(TelemetrySchema Schema, IReadOnlyList<(string Asset, long Time, double[] Values)> Rows, int Commits, bool ByDay)
    {
        public override string ToString() => $"[{Schema}] {Rows.Count} rows, {Commits} commit(s), by day: {ByDay}";
    }
}
