using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.IO.Tests;

public class ParquetTelemetryWriterTests
{
    [Property(MaxTest = 150)]
    public Property WriteAsync_AnyTableToStream_ReadsBackLosslessly() =>
        Prop.ForAll(TelemetryTableGenerators.Tables().ToArbitrary(), async table =>
        {
            using var stream = new MemoryStream();
            ParquetTelemetryWriter writer = await ParquetTelemetryWriter.CreateAsync(stream, table.Schema, leaveOpen: true);
            await using (writer)
            {
                await writer.WriteAsync(table);
            }

            stream.Position = 0;
            await using var reader = new ParquetTelemetryReader(stream, null, "memory.parquet");
            TableAssert.Lossless(table, await reader.ReadAllAsync());
        });
}
