using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PredictiveMaintenance.Dashboard;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// Sharded ingest, the steps a distributed engine runs on many workers (docs/design.md, "Distribution"): plan the run,
/// split each file by shard, ingest each shard, complete the run. Each step is idempotent, so an engine that runs a step
/// twice (at-least-once delivery) writes nothing the second time.
/// </summary>
public sealed partial class BatchPipeline
{
    /// <summary>The state object that marks a pipeline's tables as built by sharded runs, with the shard count.</summary>
    internal const string ShardsKey = "shards.json";

    /// <summary>The plan of the sharded run in progress, removed when it completes.</summary>
    private const string RunKey = "run.json";

    private const string SplitApplicationIdPrefix = "pdm-split-";
    private const string ShardApplicationIdPrefix = "pdm-shard-";
    private const string RunApplicationId = "pdm-run";

    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Plans a sharded run: the staged files not ingested yet, each given the sequence number a single-process run would
    /// give it. A run planned earlier and not completed is returned again, so a second start of the same batch is the
    /// same run. The first plan fixes the pipeline's shard count (kept in the state as <c>shards.json</c>).
    /// </summary>
    /// <param name="shards">How many shards the assets are spread over; the same in every run of the pipeline.</param>
    /// <param name="cancellationToken">Cancels the listing and hashing of the staged files.</param>
    /// <exception cref="PipelineConfigurationException">The tables were built by single-process runs, or with another shard count.</exception>
    /// <exception cref="PipelineBusyException">Another process is planning or ingesting this pipeline.</exception>
    public async Task<ShardedIngestPlan> PlanShardedIngestAsync(int shards, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shards);
        ObjectLease held = await PipelineLock.AcquireAsync(_state, cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable release = held.ConfigureAwait(false);
        IngestLedger ledger = await IngestLedger.LoadAsync(_state, cancellationToken).ConfigureAwait(false);
        await FixShardCountAsync(shards, ledger, cancellationToken).ConfigureAwait(false);
        if (await ReadStateJsonAsync<ShardedIngestPlan>(_state, RunKey, cancellationToken).ConfigureAwait(false) is { } unfinished)
        {
            LogRunResumed(_logger, unfinished.Id, unfinished.Files.Count);
            return unfinished;
        }

        var seen = ledger.Entries.Select(e => e.Sha256).ToHashSet(StringComparer.Ordinal);
        long previous = ledger.Entries.Count == 0 ? 0 : ledger.Entries.Max(e => e.Sequence);
        var files = new List<PlannedFile>();
        List<StagedFile> staged = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        foreach (StagedFile file in staged)
        {
            if (seen.Add(file.Sha256))
            {
                files.Add(new PlannedFile(previous + files.Count + 1, file));
            }
        }

        var plan = new ShardedIngestPlan(shards, previous, files);
        if (files.Count > 0)
        {
            held.ThrowIfLost();
            await WriteStateJsonAsync(_state, RunKey, plan, cancellationToken).ConfigureAwait(false);
        }

        LogDiscovered(_logger, staged.Count, files.Count, 0, staged.Count - files.Count, StagingFolder);
        return plan;
    }

    /// <summary>
    /// Reads and cleans one file of a sharded run, commits its rejected rows to the quarantine table, and leaves its
    /// clean rows in the state as one Arrow IPC fragment per shard for <see cref="IngestShardAsync"/>.
    /// </summary>
    /// <param name="plan">The run.</param>
    /// <param name="sequence">The file's sequence in the run.</param>
    /// <param name="cancellationToken">Cancels the step; a cancelled step is redone by the next attempt.</param>
    /// <exception cref="SchemaException">The file's columns do not fit the configuration.</exception>
    public async Task<FileSplit> SplitFileAsync(ShardedIngestPlan plan, long sequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        PlannedFile planned = plan.FileOf(sequence);
        string folder = plan.FolderOf(sequence);
        if (await ReadStateJsonAsync<FileSplit>(_state, folder + "/split.json", cancellationToken).ConfigureAwait(false) is { } done)
        {
            return done;
        }

        TelemetryBatch batch = await ReadAsync(planned.File, cancellationToken).ConfigureAwait(false);
        TelemetryTable clean = batch.Table;
        ILookup<int, string> byShard = clean.AssetIds.ToLookup(a => ShardedIngestPlan.ShardOf(a, plan.Shards));
        for (int shard = 0; shard < plan.Shards; shard++)
        {
            TelemetryTable rows = byShard[shard].Any() ? clean.SelectAssets(byShard[shard]) : TelemetryTable.Empty(clean.Schema);
            await _state.WriteAsync(FragmentKey(folder, shard), s => ArrowTelemetryWriter.WriteAsync(rows, s, leaveOpen: true, cancellationToken: cancellationToken), replace: true, cancellationToken).ConfigureAwait(false);
        }

        DeltaTable quarantine = await OpenQuarantineAsync(cancellationToken).ConfigureAwait(false);
        await quarantine.AppendAsync(
            QuarantineTable.ToRecordBatch([new QuarantinedRows(sequence, planned.File, batch.Quarantine, [])]),
            new DeltaWriteOptions { ApplicationId = SplitApplicationIdPrefix + planned.File.Sha256, ApplicationVersion = sequence },
            cancellationToken).ConfigureAwait(false);
        var split = new FileSplit(sequence, planned.File.Name, batch.Report.InputRows, clean.RowCount, new Dictionary<QuarantineReason, long>(batch.Report.QuarantinedByReason));
        await WriteStateJsonAsync(_state, folder + "/split.json", split, cancellationToken).ConfigureAwait(false);
        return split;
    }

    /// <summary>
    /// Ingests one shard of a sharded run once every file is split: the shard's rows of each file in sequence order,
    /// late rows split off against the shard's watermarks, features computed from the shard's state after the previous
    /// run; then the shard's state is saved and its telemetry, late rows and features are appended as one commit per
    /// table (transaction <c>pdm-shard-&lt;shard&gt;</c>, version the run's last sequence).
    /// </summary>
    /// <param name="plan">The run.</param>
    /// <param name="shard">The shard, from 0.</param>
    /// <param name="cancellationToken">Cancels the step; a cancelled step is redone by the next attempt.</param>
    /// <exception cref="PredictiveMaintenanceException">A file of the run is not split yet, or the shard's state after the previous run is missing.</exception>
    public async Task<ShardIngest> IngestShardAsync(ShardedIngestPlan plan, int shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, plan.Shards);
        string resultKey = $"runs/{plan.Id}/shard-{shard.ToString("D4", CultureInfo.InvariantCulture)}.json";
        if (await ReadStateJsonAsync<ShardIngest>(_state, resultKey, cancellationToken).ConfigureAwait(false) is { } done)
        {
            return done;
        }

        ObjectStore shardState = ShardState(shard);
        BatchState state = await BatchState.LoadAsync(shardState, plan.PreviousSequence, _spec, cancellationToken).ConfigureAwait(false);
        var accepted = new List<TelemetryTable>(plan.Files.Count);
        var features = new List<TelemetryTable>(plan.Files.Count);
        var late = new List<QuarantinedRows>(plan.Files.Count);
        var counts = new List<ShardFileCounts>(plan.Files.Count);
        long lateCount = 0;
        foreach (PlannedFile file in plan.Files)
        {
            TelemetryTable rows = await ReadFragmentAsync(plan, file.Sequence, shard, cancellationToken).ConfigureAwait(false);
            (TelemetryTable onTime, List<LateRow> lateRows) = SplitLate(rows, state.Watermarks);
            TelemetryTable computed = _computer.ComputeBatch(onTime, state.Features, out FeatureState nextFeatures);
            state = state.Next(file.Sequence, onTime, nextFeatures);
            accepted.Add(onTime);
            features.Add(computed);
            late.Add(new QuarantinedRows(file.Sequence, file.File, [], lateRows));
            counts.Add(new ShardFileCounts(file.Sequence, onTime.RowCount, lateRows.Count, computed.RowCount));
            lateCount += lateRows.Count;
        }

        // The state is saved before the commits, as a single-process batch saves it before its features commit: a step
        // interrupted between its commits is redone from the previous state, and the commits that landed are skipped.
        await state.SaveAsync(shardState, cancellationToken).ConfigureAwait(false);
        var transaction = new DeltaWriteOptions { ApplicationId = ShardApplicationIdPrefix + shard.ToString(CultureInfo.InvariantCulture), ApplicationVersion = plan.LastSequence };
        TelemetryTable telemetryRows = TelemetryTable.Concat(accepted);
        DeltaTable telemetry = await OpenTelemetryAsync(telemetryRows.Schema, cancellationToken).ConfigureAwait(false);
        await telemetry.AppendAsync(telemetryRows, transaction, cancellationToken).ConfigureAwait(false);
        DeltaTable quarantine = await OpenQuarantineAsync(cancellationToken).ConfigureAwait(false);
        await quarantine.AppendAsync(QuarantineTable.ToRecordBatch(late), transaction, cancellationToken).ConfigureAwait(false);
        TelemetryTable featureRows = TelemetryTable.Concat(features);
        DeltaTable featureTable = await OpenFeaturesAsync(featureRows.Schema, cancellationToken).ConfigureAwait(false);
        await featureTable.AppendAsync(featureRows, transaction, cancellationToken).ConfigureAwait(false);

        var result = new ShardIngest(shard, counts);
        await WriteStateJsonAsync(_state, resultKey, result, cancellationToken).ConfigureAwait(false);
        LogShardIngested(_logger, plan.Id, shard, telemetryRows.RowCount, lateCount, featureRows.RowCount);
        return result;
    }

    /// <summary>
    /// Completes a sharded run once every file is split and every shard ingested: the files' data-quality rows in one
    /// commit (transaction <c>pdm-run</c>, version the run's last sequence), their ledger entries, and the run's
    /// fragments and the shards' superseded states removed.
    /// </summary>
    /// <param name="plan">The run.</param>
    /// <param name="splits">The result of <see cref="SplitFileAsync"/> for every file of the run.</param>
    /// <param name="shards">The result of <see cref="IngestShardAsync"/> for every shard.</param>
    /// <param name="cancellationToken">Cancels the step; a cancelled step is redone by the next attempt.</param>
    /// <exception cref="ArgumentException">A file's split or a shard's result is missing.</exception>
    /// <exception cref="PredictiveMaintenanceException">A file's rows do not add up (rows read against accepted, quarantined and late).</exception>
    public async Task<IngestSummary> CompleteShardedIngestAsync(
        ShardedIngestPlan plan, IReadOnlyList<FileSplit> splits, IReadOnlyList<ShardIngest> shards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(splits);
        ArgumentNullException.ThrowIfNull(shards);
        long started = _time.GetTimestamp();
        if (Enumerable.Range(0, plan.Shards).FirstOrDefault(k => !shards.Any(s => s.Shard == k), -1) is var missingShard and >= 0)
        {
            throw new ArgumentException(FormattableString.Invariant($"Run {plan.Id}: shard {missingShard} has no result."), nameof(shards));
        }

        IngestLedger ledger = await IngestLedger.LoadAsync(_state, cancellationToken).ConfigureAwait(false);
        var batches = new List<FileBatch>(plan.Files.Count);
        var quality = new List<DataQualityCounts>(plan.Files.Count);
        foreach (PlannedFile file in plan.Files)
        {
            FileSplit split = splits.FirstOrDefault(s => s.Sequence == file.Sequence)
                ?? throw new ArgumentException(FormattableString.Invariant($"Run {plan.Id}: file {file.Sequence} ('{file.File.Name}') has no split."), nameof(splits));
            ShardFileCounts[] parts = [.. shards.Select(s => s.Files.Single(f => f.Sequence == file.Sequence))];
            long acceptedRows = parts.Sum(p => p.RowsAccepted), lateRows = parts.Sum(p => p.RowsLate), quarantinedRows = split.QuarantinedByReason.Values.Sum();
            var entry = new FileBatch(
                file.Sequence, file.File.Name, file.File.Size, file.File.Sha256, split.RowsRead, acceptedRows, quarantinedRows, lateRows, parts.Sum(p => p.FeatureRows), _time.GetUtcNow(), Resumed: false);
            if (entry.RowsRead != entry.RowsAccepted + entry.RowsQuarantined + entry.RowsLate)
            {
                throw new PredictiveMaintenanceException(FormattableString.Invariant(
                    $"Batch {file.Sequence} ('{file.File.Name}'): {entry.RowsRead} rows read but {entry.RowsAccepted} accepted + {entry.RowsQuarantined} quarantined + {entry.RowsLate} late."));
            }

            batches.Add(entry);
            quality.Add(new DataQualityCounts(file.File.Name, acceptedRows, split.QuarantinedByReason, lateRows));
        }

        if (plan.Files.Count > 0)
        {
            DeltaTable dataQuality = await DataQualityTable.OpenOrCreateAsync(DataQualityTablePath, TableOptions, cancellationToken).ConfigureAwait(false);
            await dataQuality.AppendAsync(
                QuarantineTable.ToDataQualityBatch(quality, _time.GetUtcNow()),
                new DeltaWriteOptions { ApplicationId = RunApplicationId, ApplicationVersion = plan.LastSequence },
                cancellationToken).ConfigureAwait(false);
        }

        foreach (FileBatch entry in batches.Where(b => ledger.Find(b.Sha256) is null))
        {
            await ledger.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        foreach (StoredObject stored in await _state.ListAsync($"runs/{plan.Id}", recursive: true, cancellationToken).ConfigureAwait(false))
        {
            await _state.DeleteAsync(stored.Key, cancellationToken).ConfigureAwait(false);
        }

        for (int shard = 0; shard < plan.Shards; shard++)
        {
            await BatchState.PruneBeforeAsync(ShardState(shard), plan.LastSequence, cancellationToken).ConfigureAwait(false);
        }

        await _state.DeleteAsync(RunKey, cancellationToken).ConfigureAwait(false);
        var summary = new IngestSummary(batches, 0, await GetTablesAsync(cancellationToken).ConfigureAwait(false)) { Elapsed = _time.GetElapsedTime(started) };
        LogIngested(_logger, summary.Batches.Count, summary.AlreadyIngested, summary.RowsRead, summary.RowsAccepted, summary.RowsQuarantined, summary.RowsLate, summary.FeatureRows);
        return summary;
    }

    /// <summary>
    /// A sharded run in this process, step after step: plan, split every file, ingest every shard, complete. The tables
    /// are those a distributed run with the same shard count writes.
    /// </summary>
    /// <param name="shards">How many shards the assets are spread over; the same in every run of the pipeline.</param>
    /// <param name="cancellationToken">Cancels the run; a cancelled run is completed by the next one.</param>
    public async Task<IngestSummary> IngestShardedAsync(int shards, CancellationToken cancellationToken = default)
    {
        ShardedIngestPlan plan = await PlanShardedIngestAsync(shards, cancellationToken).ConfigureAwait(false);
        var splits = new List<FileSplit>(plan.Files.Count);
        foreach (PlannedFile file in plan.Files)
        {
            splits.Add(await SplitFileAsync(plan, file.Sequence, cancellationToken).ConfigureAwait(false));
        }

        var results = new List<ShardIngest>(plan.Shards);
        for (int shard = 0; shard < plan.Shards && plan.Files.Count > 0; shard++)
        {
            results.Add(await IngestShardAsync(plan, shard, cancellationToken).ConfigureAwait(false));
        }

        return plan.Files.Count == 0
            ? new IngestSummary([], 0, await GetTablesAsync(cancellationToken).ConfigureAwait(false))
            : await CompleteShardedIngestAsync(plan, splits, results, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps or checks the pipeline's shard count; tables built by single-process runs cannot be continued by sharded ones.</summary>
    private async Task FixShardCountAsync(int shards, IngestLedger ledger, CancellationToken cancellationToken)
    {
        if (await ReadStateJsonAsync<ShardCount>(_state, ShardsKey, cancellationToken).ConfigureAwait(false) is { } kept)
        {
            if (kept.Shards != shards)
            {
                throw new PipelineConfigurationException(FormattableString.Invariant(
                    $"The tables of '{StateFolder}' are built with {kept.Shards} shards ({_state.Describe(ShardsKey)}), not {shards}; another shard count needs new tables."));
            }

            return;
        }

        if (ledger.Entries.Count > 0)
        {
            throw new PipelineConfigurationException(
                $"The tables of '{StateFolder}' were built by single-process runs ({ledger.Entries.Count} batches in {ledger.Location}); sharded runs need new tables, or keep running them in one process.");
        }

        await WriteStateJsonAsync(_state, ShardsKey, new ShardCount(shards), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses a single-process ingest of tables built by sharded runs.</summary>
    private async Task ThrowIfShardedAsync(CancellationToken cancellationToken)
    {
        if (await ReadStateJsonAsync<ShardCount>(_state, ShardsKey, cancellationToken).ConfigureAwait(false) is { } kept)
        {
            throw new PipelineConfigurationException(FormattableString.Invariant(
                $"The tables of '{StateFolder}' are built by sharded runs over {kept.Shards} shards ({_state.Describe(ShardsKey)}); run them distributed (pdm run --distributed) or ingest into new tables."));
        }
    }

    private ObjectStore ShardState(int shard) =>
        StorageLocation.Open(StorageLocation.Combine(StateFolder, "shards/" + shard.ToString("D4", CultureInfo.InvariantCulture)), Options.Storage);

    private static string FragmentKey(string folder, int shard) => $"{folder}/shard-{shard.ToString("D4", CultureInfo.InvariantCulture)}.arrow";

    private async Task<TelemetryTable> ReadFragmentAsync(ShardedIngestPlan plan, long sequence, int shard, CancellationToken cancellationToken)
    {
        string key = FragmentKey(plan.FolderOf(sequence), shard);
        Stream stream;
        try
        {
            stream = await _state.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            throw new PredictiveMaintenanceException(FormattableString.Invariant(
                $"Run {plan.Id}: file {sequence} ('{plan.FileOf(sequence).File.Name}') is not split for shard {shard} ('{_state.Describe(key)}' is missing); split it first."), e);
        }

        var reader = new ArrowTelemetryReader(stream, null, _state.Describe(key));
        await using ConfiguredAsyncDisposable scope = reader.ConfigureAwait(false);
        return (await reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)).Table;
    }

    private Task<DeltaTable> OpenTelemetryAsync(TelemetrySchema schema, CancellationToken cancellationToken) => DeltaTable.OpenOrCreateAsync(
        TelemetryTablePath, schema, new DeltaTelemetryCreateOptions { Name = "telemetry", Description = "Clean telemetry ingested by the PredictiveMaintenance batch pipeline." }, TableOptions, cancellationToken);

    private Task<DeltaTable> OpenQuarantineAsync(CancellationToken cancellationToken) => DeltaTable.OpenOrCreateAsync(
        QuarantineTablePath,
        QuarantineTable.Schema,
        new DeltaCreateOptions { Name = "quarantine", Description = "Rows of staged files rejected by the data quality rules or arriving late, with file, line, column and reason." },
        TableOptions,
        cancellationToken);

    private Task<DeltaTable> OpenFeaturesAsync(TelemetrySchema schema, CancellationToken cancellationToken) => DeltaTable.OpenOrCreateAsync(
        FeaturesTablePath, schema, new DeltaTelemetryCreateOptions { Name = "features", Description = $"Features '{_spec}' of the telemetry table." }, TableOptions, cancellationToken);

    private static async Task<T?> ReadStateJsonAsync<T>(ObjectStore store, string key, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(await store.ReadAllAsync(key, cancellationToken).ConfigureAwait(false), StateJson);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static Task<long> WriteStateJsonAsync<T>(ObjectStore store, string key, T value, CancellationToken cancellationToken)
    {
        byte[] content = JsonSerializer.SerializeToUtf8Bytes(value, StateJson);
        return store.WriteAsync(key, s => s.WriteAsync(content, cancellationToken).AsTask(), replace: true, cancellationToken);
    }

    private sealed record ShardCount(int Shards);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Continuing sharded run {Run} ({Files} files), planned earlier and not completed")]
    private static partial void LogRunResumed(ILogger logger, string run, int files);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {Run}, shard {Shard}: {Accepted} rows accepted, {Late} late; {FeatureRows} feature rows")]
    private static partial void LogShardIngested(ILogger logger, string run, int shard, long accepted, long late, long featureRows);
}
