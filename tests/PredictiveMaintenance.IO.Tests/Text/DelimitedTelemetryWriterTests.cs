using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.IO.Tests.Text;

public class DelimitedTelemetryWriterTests
{
    [Property(MaxTest = 100)]
    public Property WriteAsync_AnyTable_ReadsBackExactly()
    {
        Gen<(int Asset, long Time, double Value)> row =
            from asset in Gen.Choose(0, 5)
            from time in Gen.Choose(0, 10_000)
            from value in Gen.OneOf(ArbMap.Default.GeneratorFor<NormalFloat>().Select(v => v.Get), Gen.Constant(double.NaN), Gen.Constant(-0.0))
            select (asset, (long)time * 1_000_000 + 123_456, value);
        return Prop.ForAll(Gen.ListOf(row).ToArbitrary(), rows =>
        {
            var builder = new TelemetryTableBuilder(new TelemetrySchema("id", "t", "x, \"quoted\"", "y"));
            foreach (var (asset, time, value) in rows.DistinctBy(r => (r.Asset, r.Time)))
            {
                builder.Add(asset == 5 ? "pump \"A\", north" : $"{asset}", time, [value, -value]);
            }

            TelemetryTable table = builder.Build();
            TelemetryTable read = RoundTrip(table).GetAwaiter().GetResult();
            return table.AssetIds.SequenceEqual(read.AssetIds)
                && table.Times.SequenceEqual(read.Times)
                && Enumerable.Range(0, 2).All(c => table.GetChannel(c).ToArray().Select(Bits).SequenceEqual(read.GetChannel(c).ToArray().Select(Bits)));
        });
    }

    [Fact]
    public async Task WriteAsync_CycleTable_WritesCycleNumbers()
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("unit", "cycle", TimeKind.Cycle, [new ChannelDefinition("s1")]));
        builder.Add("1", 7, [2.5]);
        using var stream = new MemoryStream();
        await using (DelimitedTelemetryWriter writer = await DelimitedTelemetryWriter.CreateAsync(stream, builder.Schema, leaveOpen: true))
        {
            await writer.WriteAsync(builder.Build());
        }

        Assert.Equal("unit,cycle,s1\n1,7,2.5\n", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    // A NaN is a missing value, whatever its payload; every other value must come back bit for bit (-0.0 included).
    private static long Bits(double value) => double.IsNaN(value) ? long.MinValue : BitConverter.DoubleToInt64Bits(value);

    private static async Task<TelemetryTable> RoundTrip(TelemetryTable table)
    {
        using var stream = new MemoryStream();
        await using (DelimitedTelemetryWriter writer = await DelimitedTelemetryWriter.CreateAsync(stream, table.Schema, leaveOpen: true))
        {
            await writer.WriteAsync(table);
        }

        var options = new DelimitedTextOptions
        {
            Columns = new TelemetryColumnMapping { AssetColumn = "id", TimeColumn = "t" },
            DataQuality = new DataQualityOptions { FutureTolerance = null, NonFiniteValues = NonFiniteValuePolicy.Keep },
        };
        return (await TestData.ReadAsync(stream.ToArray(), options)).Table;
    }
}
