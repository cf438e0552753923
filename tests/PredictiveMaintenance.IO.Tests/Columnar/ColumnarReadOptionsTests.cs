using Apache.Arrow;
using Apache.Arrow.Types;

namespace PredictiveMaintenance.IO.Tests;

public class ColumnarReadOptionsTests
{
    [Fact]
    public async Task DataQuality_DefaultForOwnFile_KeepsInfinitiesButGivenRulesApply()
    {
        TelemetryTable table = SampleTables.Machines();
        using var stream = new MemoryStream();
        await ArrowTelemetryWriter.WriteAsync(table, stream, leaveOpen: true);

        stream.Position = 0;
        await using var asWritten = new ArrowTelemetryReader(stream, new ColumnarReadOptions(), "own.arrow", leaveOpen: true);
        TelemetryBatch kept = await asWritten.ReadAllAsync();
        stream.Position = 0;
        var rules = new ColumnarReadOptions { DataQuality = new DataQualityOptions { KnownAssets = new HashSet<string> { "2" } } };
        await using var cleaned = new ArrowTelemetryReader(stream, rules, "own.arrow", leaveOpen: true);
        TelemetryBatch quarantined = await cleaned.ReadAllAsync();

        TableAssert.Lossless(table, kept);
        Assert.Equal(1, kept.Report.MissingValues);
        Assert.Equal(["2"], quarantined.Table.AssetIds);
        Assert.Equal(
            [
                (2L, QuarantineReason.NonFiniteValue, "Infinity is not a finite number"),
                (4L, QuarantineReason.UnknownAsset, "asset '10' is not a known asset"),
                (5L, QuarantineReason.UnknownAsset, "asset '10' is not a known asset"),
            ],
            quarantined.Quarantine.Select(q => (q.Position.Line, q.Reason, q.Detail)));
    }

    [Theory]
    [InlineData(TimeKind.UtcTimestamp, "9223372036854775807 seconds is outside the range of int64 microseconds since 1970")]
    [InlineData(TimeKind.Cycle, null)]
    public void DataQuality_TimeThatOverflowsMicroseconds_IsQuarantinedAsUnparsable(TimeKind kind, string? detail)
    {
        using var batch = new RecordBatch.Builder()
            .Append("a", false, new StringArray.Builder().AppendRange(["x", "x"]).Build())
            .Append("t", false, kind == TimeKind.UtcTimestamp
                ? new TimestampArray(new TimestampType(TimeUnit.Second, "UTC"), new ArrowBuffer.Builder<long>().AppendRange([1, long.MaxValue]).Build(), ArrowBuffer.Empty, 2, 0, 0)
                : (IArrowArray)new UInt64Array.Builder().AppendRange([1, ulong.MaxValue]).Build())
            .Build();

        TelemetryBatch result = batch.ToTelemetryBatch(new TelemetryColumnMapping { AssetColumn = "a", TimeColumn = "t", TimeKind = kind }, new DataQualityOptions { FutureTolerance = null });

        Assert.Equal(1, result.Table.RowCount);
        QuarantinedRow row = Assert.Single(result.Quarantine);
        Assert.Equal((new SourcePosition("record batch", 2, 2, "t"), QuarantineReason.UnparsableTime), (row.Position, row.Reason));
        Assert.Equal(detail ?? "18446744073709551615 is outside the range of int64 cycles", row.Detail);
    }

    [Fact]
    public void Validate_InconsistentMapping_Throws()
    {
        var options = new ColumnarReadOptions { Columns = new TelemetryColumnMapping { AssetColumn = "a", ConstantAssetId = "pump-1", TimeColumn = "t" } };

        Assert.Throws<ArgumentException>(options.Validate);
    }
}
