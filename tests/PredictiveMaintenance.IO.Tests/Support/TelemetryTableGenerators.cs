using FsCheck;
using FsCheck.Fluent;

namespace PredictiveMaintenance.IO.Tests;

/// <summary>Generators of arbitrary telemetry tables for round-trip properties.</summary>
internal static class TelemetryTableGenerators
{
    // Numeric-looking ids exercise the natural order ("2" < "10", "01" next to "1"); the rest exercise unicode and punctuation.
    private static readonly string[] AssetIds =
        ["1", "2", "10", "01", "007", "-5", "1e3", "a9", "a10", "A", "b", "valve1/2", "valve1/10", "машина-7", "日本", "x y", "⚙"];

    private static readonly string[] ChannelNames =
        ["volt", "rotate", "pressure", "vibration.x", "température", "sensor 1", "s/2", "日本語", "Δt", "label", "RUL"];

    private static readonly double[] SpecialValues =
    [
        double.NaN,
        BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0001)),
        double.PositiveInfinity,
        double.NegativeInfinity,
        -0.0,
        0.0,
        double.Epsilon,
        -double.Epsilon,
        BitConverter.Int64BitsToDouble(0x000F_FFFF_FFFF_FFFF),
        double.MaxValue,
        double.MinValue,
        1.0,
        -273.15,
    ];

    /// <summary>Tables of either time kind, zero to four channels of any role, zero to six assets of one to eight rows.</summary>
    public static Gen<TelemetryTable> Tables() =>
        from kind in Gen.Elements(TimeKind.UtcTimestamp, TimeKind.Cycle)
        from table in Tables(kind)
        select table;

    /// <summary>Tables of one time kind.</summary>
    public static Gen<TelemetryTable> Tables(TimeKind kind) =>
        from channelCount in Gen.Choose(0, 4)
        from channelNames in Gen.Shuffle(ChannelNames)
        from roles in Gen.Elements(ChannelRole.Sensor, ChannelRole.Setting, ChannelRole.Label).ArrayOf(channelCount)
        from assetCount in Gen.Frequency((1, Gen.Constant(0)), (2, Gen.Constant(1)), (6, Gen.Choose(2, 6)))
        from assets in Gen.Shuffle(AssetIds)
        from rows in Gen.CollectToArray(assets.Take(assetCount), id => AssetRows(kind, channelCount).Select(r => (Id: id, Rows: r)))
        select Build(kind, [.. channelNames.Take(channelCount).Zip(roles, (n, r) => new ChannelDefinition(n, r))], rows);

    /// <summary>Any double, with the values a codec gets wrong most often well represented.</summary>
    public static Gen<double> Values() =>
        Gen.Frequency(
            (3, Gen.Elements(SpecialValues)),
            (3, Longs(long.MinValue, long.MaxValue).Select(BitConverter.Int64BitsToDouble)),
            (2, Gen.Choose(-1000, 1000).Select(i => i / 8.0)));

    /// <summary>Longs in <c>[min, max]</c>, the ends and zero included often.</summary>
    public static Gen<long> Longs(long min, long max) =>
        Gen.Frequency(
            (1, Gen.Elements(min, max, Math.Clamp(0, min, max), Math.Clamp(-1, min, max), Math.Clamp(1, min, max))),
            (6, from high in Gen.Choose(int.MinValue, int.MaxValue)
                from low in Gen.Choose(int.MinValue, int.MaxValue)
                select Spread(((ulong)(uint)high << 32) | (uint)low, min, max)));

    private static Gen<(long Time, double[] Values)[]> AssetRows(TimeKind kind, int channelCount) =>
        from count in Gen.Choose(1, 8)
        from times in Times(kind).ArrayOf(count)
        from values in Values().ArrayOf(channelCount).ArrayOf(count)
        select times.Distinct().Order().Zip(values, (t, v) => (t, v)).ToArray();

    private static Gen<long> Times(TimeKind kind) =>
        kind == TimeKind.UtcTimestamp
            ? Gen.Frequency(
                (2, Longs(UnixTime.MinMicroseconds, UnixTime.MaxMicroseconds)),
                (3, Gen.Choose(-100_000, 100_000).Select(s => (s * UnixTime.MicrosecondsPerHour) + 1_600_000_000_000_000L)))
            : Gen.Frequency((2, Longs(long.MinValue, long.MaxValue)), (3, Gen.Choose(-5, 400).Select(c => (long)c)));

    private static long Spread(ulong bits, long min, long max)
    {
        ulong span = (ulong)(max - min);
        return span == ulong.MaxValue ? (long)bits : min + (long)(bits % (span + 1));
    }

    private static TelemetryTable Build(TimeKind kind, ChannelDefinition[] channels, (string Id, (long Time, double[] Values)[] Rows)[] assets)
    {
        var schema = new TelemetrySchema("asset id", "time", kind, channels);
        var builder = new TelemetryTableBuilder(schema);
        foreach ((string id, (long Time, double[] Values)[] rows) in assets)
        {
            foreach ((long time, double[] values) in rows)
            {
                builder.Add(id, time, values);
            }
        }

        return builder.Build();
    }
}
