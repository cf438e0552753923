using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.IO.Tests;

public class ArrowTelemetryWriterTests
{
    [Property(MaxTest = 100)]
    public Property WriteAsync_AnyTableInEitherFormat_ReadsBackLosslessly() =>
        Prop.ForAll(TelemetryTableGenerators.Tables().ToArbitrary(), Gen.Elements(ArrowIpcFormat.File, ArrowIpcFormat.Stream).ToArbitrary(), async (table, format) =>
        {
            using var stream = new MemoryStream();
            await ArrowTelemetryWriter.WriteAsync(table, stream, new ArrowTelemetryWriterOptions { Format = format, BatchRows = 7 }, leaveOpen: true);

            stream.Position = 0;
            await using var reader = new ArrowTelemetryReader(stream, null, "memory.arrow");
            TableAssert.Lossless(table, await reader.ReadAllAsync());
        });
}
