using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace PredictiveMaintenance.IO.Tests;

/// <summary>Helpers shared by the IO tests: the shipped data folder, a fixed clock, and in-memory reading.</summary>
internal static class TestData
{
    /// <summary>The clock every test reads "now" from: 2026-11-23T12:00:00Z.</summary>
    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A path under the shipped data folder (samples/data, copied next to the test assembly).</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, "data", .. parts]);

    public static DelimitedTextOptions AzureOptions(DataQualityOptions? quality = null, int batchRows = 1 << 18) => new()
    {
        Columns = new TelemetryColumnMapping { AssetColumn = "machineID", TimeColumn = "datetime" },
        DataQuality = quality ?? new DataQualityOptions { TimeProvider = Clock },
        BatchRows = batchRows,
    };

    public static async Task<TelemetryBatch> ReadAsync(string text, DelimitedTextOptions options, string source = "test.csv") =>
        await ReadAsync(Encoding.UTF8.GetBytes(text), options, source);

    public static async Task<TelemetryBatch> ReadAsync(byte[] bytes, DelimitedTextOptions options, string source = "test.csv")
    {
        await using var reader = new DelimitedTelemetryReader(new MemoryStream(bytes), options, source);
        return await reader.ReadAllAsync();
    }

    /// <summary>Checks that every input row is accounted for, and that the input is what the test put in.</summary>
    public static void AssertReconciled(TelemetryBatch batch, long expectedInputRows)
    {
        Assert.Equal(expectedInputRows, batch.Report.InputRows);
        Assert.Equal(batch.Report.InputRows, batch.Report.AcceptedRows + batch.Report.QuarantinedRows);
        Assert.Equal(batch.Table.RowCount, batch.Report.AcceptedRows);
        Assert.Equal(batch.Quarantine.Count, batch.Report.QuarantinedRows);
    }
}
