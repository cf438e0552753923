using Apache.Arrow;
using Apache.Arrow.Ipc;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.IO.Tests;

public sealed class ArrowTelemetryWriterTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

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

    [Property(MaxTest = 40)]
    public Property WriteFileAsync_AnyTable_ReadsBackBatchByBatchFromAStreamThatCannotSeek() =>
        Prop.ForAll(TelemetryTableGenerators.Tables().ToArbitrary(), Gen.Elements(ArrowIpcFormat.File, ArrowIpcFormat.Stream).ToArbitrary(), Gen.Choose(1, 6).ToArbitrary(), async (table, format, batchRows) =>
        {
            string path = _directory.File($"{Guid.NewGuid():N}.arrow");
            await ArrowTelemetryWriter.WriteFileAsync(table, path, new ArrowTelemetryWriterOptions { Format = format, BatchRows = batchRows });

            var batches = new List<TelemetryBatch>();
            await using (var reader = new ArrowTelemetryReader(new ForwardOnlyStream(File.OpenRead(path)), null, path))
            {
                await foreach (TelemetryBatch batch in reader.ReadBatchesAsync())
                {
                    batches.Add(batch);
                }
            }

            Assert.Equal(Math.Max(1, (table.RowCount + batchRows - 1) / batchRows), batches.Count);
            Assert.All(batches, b => Assert.Empty(b.Quarantine));
            TableAssert.Equal(table, batches.Count == 1 ? batches[0].Table : TelemetryTable.Concat(batches.Select(b => b.Table)));
        });

    [Theory]
    [InlineData(ArrowIpcFormat.File, true)]
    [InlineData(ArrowIpcFormat.Stream, false)]
    public async Task WriteAsync_SampleTable_ApacheArrowReadsTheFormatAndTheBatches(ArrowIpcFormat format, bool startsWithMagic)
    {
        TelemetryTable table = SampleTables.Machines();
        using var stream = new MemoryStream();

        await ArrowTelemetryWriter.WriteAsync(table, stream, new ArrowTelemetryWriterOptions { Format = format, BatchRows = 3 }, leaveOpen: true);

        Assert.Equal(startsWithMagic, stream.ToArray().AsSpan().StartsWith("ARROW1"u8));
        stream.Position = 0;
        using ArrowStreamReader reader = format == ArrowIpcFormat.File ? new ArrowFileReader(stream) : new ArrowStreamReader(stream);
        var lengths = new List<int>();
        while (await reader.ReadNextRecordBatchAsync() is { } batch)
        {
            using (batch)
            {
                lengths.Add(batch.Length);
                var ids = (StringArray)((DictionaryArray)batch.Column(0)).Dictionary;
                Assert.Equal(["2", "10"], [ids.GetString(0), ids.GetString(1)]);
            }
        }

        Assert.Equal([3, 2], lengths);
        Assert.Equal(TelemetrySchemaMetadata.ToJson(table.Schema), reader.Schema.Metadata[TelemetrySchemaMetadata.Key]);
    }

    [Fact]
    public async Task ReadAllAsync_ForeignIpcStreamThroughAMapping_CleansItLikeText()
    {
        using var batch = new RecordBatch.Builder()
            .Append("id", false, new Int32Array.Builder().AppendRange([2, 1, 2]).Build())
            .Append("t", false, new Int64Array.Builder().AppendRange([5, 5, 5]).Build())
            .Append("x", true, new HalfFloatArray.Builder().Append((Half)1.5).AppendNull().Append((Half)2).Build())
            .Build();
        using var stream = new MemoryStream();
        using (var writer = new ArrowStreamWriter(stream, batch.Schema, leaveOpen: true))
        {
            await writer.WriteRecordBatchAsync(batch);
            await writer.WriteEndAsync();
        }

        stream.Position = 0;
        var options = new ColumnarReadOptions { Columns = new TelemetryColumnMapping { AssetColumn = "id", TimeColumn = "t", TimeKind = TimeKind.Cycle } };
        await using var reader = new ArrowTelemetryReader(stream, options, "foreign.arrows");
        TelemetryBatch result = await reader.ReadAllAsync();

        Assert.Equal(["1", "2"], result.Table.AssetIds);
        Assert.Equal([double.NaN, 1.5], result.Table.GetChannel("x").ToArray());
        Assert.Equal([new QuarantinedRow(new SourcePosition("foreign.arrows", 3, 2, "t"), QuarantineReason.Duplicate, "asset '2' at cycle 5 was already read at line 1")], result.Quarantine);
        Assert.Equal((3L, 2L, 1L, 1L), (result.Report.InputRows, result.Report.AcceptedRows, result.Report.QuarantinedRows, result.Report.MissingValues));
    }

    [Fact]
    public async Task ReadAllAsync_NotArrow_ThrowsNamingTheSource()
    {
        await using var reader = new ArrowTelemetryReader(new MemoryStream("machine,time\n1,2\n"u8.ToArray()), null, "table.csv");

        var error = await Assert.ThrowsAsync<DataQualityException>(() => reader.ReadAllAsync());

        Assert.StartsWith("table.csv: the input is not readable Arrow IPC data: ", error.Message);
    }

    [Fact]
    public async Task ReadAllAsync_EmptyInput_ThrowsNamingTheSource()
    {
        await using var reader = new ArrowTelemetryReader(new MemoryStream(), null, "empty.arrow");

        var error = await Assert.ThrowsAsync<DataQualityException>(() => reader.ReadAllAsync());

        Assert.Equal("empty.arrow: the input is empty: expected Arrow IPC data", error.Message);
    }

    [Fact]
    public async Task ReadAllAsync_SecondRead_Throws()
    {
        using var stream = new MemoryStream();
        await ArrowTelemetryWriter.WriteAsync(SampleTables.Machines(), stream, leaveOpen: true);
        stream.Position = 0;
        await using var reader = new ArrowTelemetryReader(stream, null, "twice.arrow");
        await reader.ReadAllAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.ReadAllAsync());
    }
}
