using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using PredictiveMaintenance.Dashboard;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Pipeline.Tests;

public sealed class BatchPipelineTests
{
    private static readonly string[] ThreeMachines = ["1", "2", "3"];

    private static string Sha256Of(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    [Fact]
    public async Task IngestAsync_FreshStaging_CommitsEveryFileOnceAndAccountsForEveryRow()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 4);
        BatchPipeline pipeline = folder.Open();

        IngestSummary summary = await pipeline.IngestAsync();

        Assert.Equal([1L, 2, 3, 4], summary.Batches.Select(b => b.Sequence));
        Assert.Equal(["telemetry-2015-01-01.csv.gz", "telemetry-2015-01-02.csv.gz", "telemetry-2015-01-03.csv.gz", "telemetry-2015-01-04.csv.gz"], summary.Batches.Select(b => b.File));
        Assert.All(summary.Batches, b => Assert.Equal(b.RowsRead, b.RowsAccepted + b.RowsQuarantined + b.RowsLate));
        TelemetryTable expected = await PipelineFolder.SliceAsync(ThreeMachines, 4);
        Assert.Equal(expected.RowCount, summary.RowsRead);
        Assert.Equal(expected.RowCount, summary.RowsAccepted);
        Assert.Equal(0, summary.RowsQuarantined + summary.RowsLate);
        Assert.Equal(expected.RowCount, summary.FeatureRows);
        Assert.Equal(expected.RowCount, (await TableReads.ReadTelemetryAsync(pipeline.TelemetryTablePath)).Table.RowCount);
        Assert.Equal(expected.RowCount, (await TableReads.ReadTelemetryAsync(pipeline.FeaturesTablePath)).Table.RowCount);
        Assert.Empty(await TableReads.ReadQuarantineAsync(pipeline.QuarantineTablePath));
        Assert.Equal(summary.Batches, (await IngestLedger.LoadAsync(pipeline.StateFolder)).Entries);
        Assert.Equal(4, summary.Tables.TelemetryVersion);
    }

    [Fact]
    public async Task WriteDashboardAsync_DashboardDays_DrawsOnlyTheDaysBeforeTheLatestReading()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 4, config => config["dashboardDays"] = 1);
        BatchPipeline pipeline = folder.Open();
        await pipeline.IngestAsync();

        string html = await File.ReadAllTextAsync((await pipeline.WriteDashboardAsync())!);

        // Hourly readings: the last day is 24 of each machine's 90 (the data starts at 06:00).
        TelemetryTable all = await PipelineFolder.SliceAsync(ThreeMachines, 4);
        Assert.Equal(90, all.GetTimes(0).Length);
        Assert.Equal(3, Regex.Count(html, " · 24 readings · "));
    }

    [Fact]
    public async Task DiscoverAsync_SettledFiles_AreHashedOnceAndRehashedWhenChanged()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 3);
        DateTime hourAgo = DateTime.UtcNow.AddHours(-1);
        string[] paths = [.. Directory.GetFiles(folder.Staging).Order(StringComparer.Ordinal)];
        Array.ForEach(paths, p => File.SetLastWriteTimeUtc(p, hourAgo));
        BatchPipeline pipeline = folder.Open();
        await pipeline.IngestAsync();
        string record = Path.Combine(pipeline.StateFolder, "staged-hashes.json");
        using (JsonDocument written = JsonDocument.Parse(await File.ReadAllTextAsync(record)))
        {
            Assert.Equal(
                (await IngestLedger.LoadAsync(pipeline.StateFolder)).Entries.Select(e => (e.File, e.Sha256)),
                written.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetProperty("sha256").GetString()!)));
        }

        // The same size and time: taken as unchanged, without reading it (a rewrite that restores the time is not seen).
        byte[] first = await File.ReadAllBytesAsync(paths[0]);
        byte[] restamped = [.. first];
        restamped[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(paths[0], restamped);
        File.SetLastWriteTimeUtc(paths[0], hourAgo);

        // A rewrite with a new time: hashed again.
        byte[] second = await File.ReadAllBytesAsync(paths[1]);
        second[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(paths[1], second);
        File.SetLastWriteTimeUtc(paths[1], hourAgo.AddMinutes(1));

        List<StagedFile> discovered = await folder.Open().DiscoverAsync();

        Assert.Equal(Sha256Of(first), discovered[0].Sha256);
        Assert.Equal(Sha256Of(second), discovered[1].Sha256);
        Assert.Equal(Sha256Of(await File.ReadAllBytesAsync(paths[2])), discovered[2].Sha256);
    }

    [Fact]
    public async Task DiscoverAsync_FilesJustWritten_AreNotRecorded()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 2);
        BatchPipeline pipeline = folder.Open();

        List<StagedFile> discovered = await pipeline.DiscoverAsync();

        Assert.Equal(2, discovered.Count);
        Assert.False(File.Exists(Path.Combine(pipeline.StateFolder, "staged-hashes.json")));
    }

    [Fact]
    public async Task DiscoverAsync_UnreadableRecord_HashesEveryFileAndWritesItAgain()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 2);
        Array.ForEach(Directory.GetFiles(folder.Staging), p => File.SetLastWriteTimeUtc(p, DateTime.UtcNow.AddHours(-1)));
        BatchPipeline pipeline = folder.Open();
        string record = Path.Combine(pipeline.StateFolder, "staged-hashes.json");
        Directory.CreateDirectory(pipeline.StateFolder);
        await File.WriteAllTextAsync(record, "{ cut sh");

        List<StagedFile> discovered = await pipeline.DiscoverAsync();

        Assert.All(discovered, f => Assert.Equal(Sha256Of(File.ReadAllBytes(f.Path)), f.Sha256));
        using JsonDocument written = JsonDocument.Parse(await File.ReadAllTextAsync(record));
        Assert.Equal(discovered.Select(f => f.Name), written.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task IngestAsync_RerunOnSameStaging_AddsNoRowsAnywhere()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 3);
        IngestSummary first = await folder.Open().IngestAsync();

        IngestSummary second = await folder.Open().IngestAsync();

        Assert.Empty(second.Batches);
        Assert.Equal(3, second.AlreadyIngested);
        Assert.Equal(first.Tables, second.Tables);
        Assert.Equal(3, (await IngestLedger.LoadAsync(folder.Open().StateFolder)).Entries.Count);
    }

    [Fact]
    public async Task IngestAsync_SameContentUnderAnotherName_IsNotIngestedAgain()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 2);
        await folder.Open().IngestAsync();
        File.Copy(Path.Combine(folder.Staging, "telemetry-2015-01-02.csv.gz"), Path.Combine(folder.Staging, "telemetry-2015-01-02-copy.csv.gz"));

        IngestSummary rerun = await folder.Open().IngestAsync();

        Assert.Empty(rerun.Batches);
        Assert.Equal(3, rerun.AlreadyIngested);
    }

    [Fact]
    public async Task IngestAsync_FaultyAndLateRows_QuarantinesThemWithFileLineColumnAndReason()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 2);
        BatchPipeline pipeline = folder.Open();
        await pipeline.IngestAsync();
        await File.WriteAllTextAsync(
            Path.Combine(folder.Staging, "telemetry-2015-01-03.csv"),
            "machineID,datetime,volt,rotate,pressure,vibration\n" +
            "1,2015-01-02 05:00:00,170.1,450.2,100.3,40.4\n" +
            "2,2015-01-03 01:00:00,170.1,450.2,1000.3,40.4\n" +
            "999,2015-01-03 01:00:00,170.1,450.2,100.3,40.4\n" +
            "1,2015-01-03 01:00:00,170.1,450.2,100.3,40.4\n");

        IngestSummary summary = await pipeline.IngestAsync();

        FileBatch batch = Assert.Single(summary.Batches);
        Assert.Equal((3L, "telemetry-2015-01-03.csv", 4L, 1L, 2L, 1L, 1L), (batch.Sequence, batch.File, batch.RowsRead, batch.RowsAccepted, batch.RowsQuarantined, batch.RowsLate, batch.FeatureRows));
        var quarantine = await TableReads.ReadQuarantineAsync(pipeline.QuarantineTablePath);
        Assert.Equal(3, quarantine.Count);
        Assert.Equal((3L, "telemetry-2015-01-03.csv", 3L, 5, "pressure", "OutOfRange"), Shape(quarantine[0]));
        Assert.Equal((3L, "telemetry-2015-01-03.csv", 4L, 1, "machineID", "UnknownAsset"), Shape(quarantine[1]));
        Assert.Equal((3L, "telemetry-2015-01-03.csv", (long?)null, (int?)null, (string?)null, "LateArrival"), Shape(quarantine[2]));
        Assert.Equal("1 at 2015-01-02T05:00:00Z is not later than the asset's last ingested row (2015-01-02T23:00:00Z)", quarantine[2].Detail);
        var quality = await TableReads.ReadDataQualityAsync(pipeline.DataQualityTablePath);
        Assert.Equal(
            [("telemetry-2015-01-03.csv", "LateArrival", 1L), ("telemetry-2015-01-03.csv", "OutOfRange", 1), ("telemetry-2015-01-03.csv", "UnknownAsset", 1), ("telemetry-2015-01-03.csv", "accepted", 1)],
            quality.Where(q => q.Batch == "telemetry-2015-01-03.csv"));
        FileBatch first = (await IngestLedger.LoadAsync(pipeline.StateFolder)).Entries[0];
        Assert.Equal((first.File, "accepted", first.RowsAccepted), Assert.Single(quality, q => q.Batch == "telemetry-2015-01-01.csv.gz"));
    }

    [Fact]
    public async Task IngestAsync_DailyBatches_FeaturesEqualOnePassOverTheWholeHistory()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 10);
        BatchPipeline pipeline = folder.Open();

        await pipeline.IngestAsync();

        TelemetryTable history = await PipelineFolder.SliceAsync(ThreeMachines, 10);
        TelemetryTable onePass = new FeatureComputer(FeatureSpec.Parse(PipelineFolder.Spec)).Compute(history);
        TelemetryTable batched = (await TableReads.ReadTelemetryAsync(pipeline.FeaturesTablePath)).Table;
        AssertClose(onePass, batched);
    }

    [Theory]
    [InlineData(BatchStage.Read)]
    [InlineData(BatchStage.TelemetryCommitted)]
    [InlineData(BatchStage.QuarantineCommitted)]
    [InlineData(BatchStage.FeaturesCommitted)]
    public async Task IngestAsync_InterruptedInBatchTwo_RerunCompletesItWithoutDuplicates(BatchStage stage)
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 4);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => folder.Open().IngestAsync(new ThrowAt(stage, 2)));
        Assert.Single((await IngestLedger.LoadAsync(folder.Open().StateFolder)).Entries);

        IngestSummary rerun = await folder.Open().IngestAsync();

        Assert.Equal([2L, 3, 4], rerun.Batches.Select(b => b.Sequence));
        Assert.Equal(stage != BatchStage.Read, rerun.Batches[0].Resumed);
        await AssertCompleteAsync(folder, days: 4);
    }

    [Fact]
    public async Task IngestAsync_ProcessKilledAfterTelemetryCommit_RerunCompletesTheBatchWithoutDuplicates()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 4);
        string crasher = Path.Combine(AppContext.BaseDirectory, "PredictiveMaintenance.Pipeline.TestCrasher.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { crasher, folder.ConfigPath, nameof(BatchStage.TelemetryCommitted), "2" })
        {
            start.ArgumentList.Add(argument);
        }

        using (Process process = Process.Start(start)!)
        {
            string output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal("killing after TelemetryCommitted of batch 2", output.Trim());
            Assert.Equal(137, process.ExitCode);
        }

        Assert.Single((await IngestLedger.LoadAsync(folder.Open().StateFolder)).Entries);

        IngestSummary rerun = await folder.Open().IngestAsync();

        Assert.Equal([2L, 3, 4], rerun.Batches.Select(b => b.Sequence));
        Assert.True(rerun.Batches[0].Resumed);
        await AssertCompleteAsync(folder, days: 4);
    }

    [Fact]
    public async Task IngestAsync_LedgerLost_IsRecoveredFromTheTablesWithoutWritingRows()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 2);
        BatchPipeline pipeline = folder.Open();
        await pipeline.IngestAsync();
        await File.WriteAllTextAsync(
            Path.Combine(folder.Staging, "telemetry-2015-01-03.csv"),
            "machineID,datetime,volt,rotate,pressure,vibration\n1,2015-01-02 05:00:00,170.1,450.2,100.3,40.4\n2,2015-01-03 01:00:00,170.1,450.2,1000.3,40.4\n1,2015-01-03 01:00:00,170.1,450.2,100.3,40.4\n");
        IngestSummary original = await pipeline.IngestAsync();
        PipelineTables tables = original.Tables;
        List<FileBatch> before = [.. (await IngestLedger.LoadAsync(pipeline.StateFolder)).Entries];
        File.Delete(Path.Combine(pipeline.StateFolder, IngestLedger.FileName));

        IngestSummary recovered = await folder.Open().IngestAsync();

        Assert.Equal(before.Select(e => e with { Resumed = true, CompletedAt = default }), recovered.Batches.Select(e => e with { CompletedAt = default }));
        Assert.Equal((3L, 1L, 1L, 1L), (recovered.Batches[2].RowsRead, recovered.Batches[2].RowsAccepted, recovered.Batches[2].RowsQuarantined, recovered.Batches[2].RowsLate));
        Assert.Equal(tables, recovered.Tables);
        Assert.Empty((await folder.Open().IngestAsync()).Batches);
    }

    [Fact]
    public async Task IngestAsync_AnotherRunHoldsTheLock_IsRefused()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(ThreeMachines, days: 1);
        BatchPipeline pipeline = folder.Open();
        Directory.CreateDirectory(pipeline.StateFolder);
        string lockFile = Path.Combine(pipeline.StateFolder, ".lock");
        using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var error = await Assert.ThrowsAsync<PipelineBusyException>(() => pipeline.IngestAsync());
            Assert.Equal($"Another batch of this pipeline is running (it holds '{lockFile}'); batches never run at once.", error.Message);
        }

        Assert.Single((await pipeline.IngestAsync()).Batches);
    }

    private static (long, string, long?, int?, string?, string) Shape((long Batch, string File, long? Line, int? Column, string? ColumnName, string Reason, string Detail) row) =>
        (row.Batch, row.File, row.Line, row.Column, row.ColumnName, row.Reason);

    /// <summary>Every table holds each row of the first <paramref name="days"/> days once, and the ledger every batch.</summary>
    private static async Task AssertCompleteAsync(PipelineFolder folder, int days)
    {
        BatchPipeline pipeline = folder.Open();
        TelemetryTable history = await PipelineFolder.SliceAsync(ThreeMachines, days);
        TelemetryBatch telemetry = await TableReads.ReadTelemetryAsync(pipeline.TelemetryTablePath);
        Assert.Equal(0, telemetry.Report.QuarantinedRows);
        Assert.Equal(history.RowCount, telemetry.Table.RowCount);
        Assert.Equal(history.Times.ToArray(), telemetry.Table.Times.ToArray());
        Assert.Empty(await TableReads.ReadQuarantineAsync(pipeline.QuarantineTablePath));
        TelemetryTable onePass = new FeatureComputer(FeatureSpec.Parse(PipelineFolder.Spec)).Compute(history);
        AssertClose(onePass, (await TableReads.ReadTelemetryAsync(pipeline.FeaturesTablePath)).Table);
        Assert.Equal(Enumerable.Range(1, days).Select(d => (long)d), (await IngestLedger.LoadAsync(pipeline.StateFolder)).Entries.Select(e => e.Sequence).Order());

        // One accepted-count row per batch, written once even by a batch that was interrupted and completed.
        var quality = await TableReads.ReadDataQualityAsync(pipeline.DataQualityTablePath);
        Assert.Equal(days, quality.Count);
        Assert.Equal(history.RowCount, quality.Sum(q => q.Rows));
        Assert.All(quality, q => Assert.Equal(DataQualityTable.AcceptedOutcome, q.Outcome));
    }

    private static void AssertClose(TelemetryTable expected, TelemetryTable actual)
    {
        Assert.Equal(expected.Schema.Channels.Select(c => c.Name), actual.Schema.Channels.Select(c => c.Name));
        Assert.Equal(expected.AssetIds, actual.AssetIds);
        Assert.Equal(expected.Times.ToArray(), actual.Times.ToArray());
        for (int c = 0; c < expected.Schema.Channels.Count; c++)
        {
            ReadOnlySpan<double> e = expected.GetChannel(c);
            ReadOnlySpan<double> a = actual.GetChannel(c);
            for (int row = 0; row < e.Length; row++)
            {
                bool close = double.IsNaN(e[row]) ? double.IsNaN(a[row]) : Math.Abs(a[row] - e[row]) <= 1e-12 * Math.Abs(e[row]);
                Assert.True(close, $"{expected.Schema.Channels[c].Name}, row {row}: expected {e[row]:R}, got {a[row]:R}");
            }
        }
    }

    private sealed class SimulatedCrashException : Exception;

    private sealed class ThrowAt(BatchStage stage, long sequence) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value)
        {
            if (value.Stage == stage && value.Sequence == sequence)
            {
                throw new SimulatedCrashException();
            }
        }
    }
}
