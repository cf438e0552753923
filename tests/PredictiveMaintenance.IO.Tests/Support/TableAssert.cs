namespace PredictiveMaintenance.IO.Tests;

/// <summary>Compares telemetry tables bit for bit (any NaN equals any NaN: payloads need not survive).</summary>
internal static class TableAssert
{
    public static void Equal(TelemetryTable expected, TelemetryTable actual)
    {
        Assert.Equal(expected.Schema, actual.Schema);
        Assert.Equal(expected.AssetIds, actual.AssetIds);
        Assert.Equal(expected.AssetOffsets.ToArray(), actual.AssetOffsets.ToArray());
        Assert.Equal(expected.Times.ToArray(), actual.Times.ToArray());
        for (int c = 0; c < expected.Schema.Channels.Count; c++)
        {
            ReadOnlySpan<double> e = expected.GetChannel(c), a = actual.GetChannel(c);
            for (int row = 0; row < e.Length; row++)
            {
                if (!(double.IsNaN(e[row]) && double.IsNaN(a[row])) && BitConverter.DoubleToInt64Bits(e[row]) != BitConverter.DoubleToInt64Bits(a[row]))
                {
                    Assert.Fail($"Channel '{expected.Schema.Channels[c].Name}', row {row}: expected {e[row]:R} (0x{BitConverter.DoubleToInt64Bits(e[row]):X16}), got {a[row]:R} (0x{BitConverter.DoubleToInt64Bits(a[row]):X16}).");
                }
            }
        }
    }

    /// <summary>Checks that a batch read back a whole table: every row accepted, nothing quarantined, the table equal.</summary>
    public static void Lossless(TelemetryTable expected, TelemetryBatch batch)
    {
        Assert.Empty(batch.Quarantine);
        Assert.Equal(expected.RowCount, batch.Report.InputRows);
        Assert.Equal(expected.RowCount, batch.Report.AcceptedRows);
        Assert.Equal(0, batch.Report.QuarantinedRows);
        Equal(expected, batch.Table);
    }
}
