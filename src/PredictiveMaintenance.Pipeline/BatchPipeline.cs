using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PredictiveMaintenance.Dashboard;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Scoring;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// The batch framework: staged raw files are ingested exactly once into Delta tables of clean telemetry, quarantined
/// rows and features, and models are trained from the features and the maintenance logs, logged and registered.
/// </summary>
/// <remarks>
/// <para>
/// Each staged file is one batch with a sequence number. Its rows are committed to the telemetry, quarantine and
/// features tables in that order, each commit carrying the Delta transaction (application id
/// <see cref="StagedFile.ApplicationId"/>, version the sequence number), and then recorded in the <see cref="IngestLedger"/>.
/// The transactions are the source of truth: a rerun skips files whose commits and ledger entry exist, and a run
/// interrupted anywhere is completed by the next one, whose repeated commits Delta skips, so no row is written twice.
/// </para>
/// <para>
/// Features are computed batch by batch from the state the previous batch left (kept in the state folder, saved
/// before the features commit), so they equal the features of the whole history computed at once.
/// </para>
/// <para>
/// Runs of one pipeline are serialized across processes and machines by the lease on the <c>.lock</c> object of its
/// state (a local folder or a container, <see cref="PipelineLock"/>). The staging area and the state may each be a local
/// folder or an object-store location, as the tables may.
/// </para>
/// </remarks>
public sealed partial class BatchPipeline
{
    /// <summary>The endings of the file names the staging area is searched for (its subfolders included).</summary>
    public static IReadOnlyList<string> StagedFileSuffixes { get; } = [".csv", ".csv.gz", ".parquet"];

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly FeatureSpec _spec;
    private readonly FeatureComputer _computer;
    private readonly ObjectStore _staging;
    private readonly ObjectStore _state;
    private IReadOnlySet<string>? _knownAssets;

    /// <summary>Creates a pipeline.</summary>
    /// <param name="options">The configuration.</param>
    /// <param name="loggerFactory">Where the structured logs go; none when null.</param>
    /// <param name="timeProvider">The clock of timestamps and commits; the system's when null.</param>
    /// <exception cref="PipelineConfigurationException">The options are invalid.</exception>
    public BatchPipeline(BatchPipelineOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BatchPipeline>();
        _time = timeProvider ?? TimeProvider.System;
        _spec = FeatureSpec.Parse(options.Features.Spec!);
        _computer = new FeatureComputer(_spec);
        StagingFolder = options.ResolvePath(options.Staging);
        StateFolder = options.ResolvePath(options.State);
        TrackingFolder = options.ResolvePath(options.Tracking);
        _staging = StorageLocation.Open(StagingFolder, options.Storage);
        _state = StorageLocation.Open(StateFolder, options.Storage);
        string tables = options.ResolvePath(options.Tables);
        string Table(string name) => StorageLocation.Combine(tables, name);
        TelemetryTablePath = Table("telemetry");
        QuarantineTablePath = Table("quarantine");
        FeaturesTablePath = Table("features");
        DataQualityTablePath = Table("data_quality");
        PredictionsTablePath = Table("predictions");
        DashboardPath = options.ResolvePath(options.Dashboard);
    }

    /// <summary>The configuration.</summary>
    public BatchPipelineOptions Options { get; }

    /// <summary>The staging area: a local folder or an object-store location.</summary>
    public string StagingFolder { get; }

    /// <summary>The state (ledger, feature state, lock): a local folder or an object-store location.</summary>
    public string StateFolder { get; }

    /// <summary>The experiment tracker's and model registry's folder: a local folder or an object-store location.</summary>
    public string TrackingFolder { get; }

    /// <summary>The clean telemetry Delta table's location (a local folder or an object-store URI, as <see cref="BatchPipelineOptions.Tables"/> is).</summary>
    public string TelemetryTablePath { get; }

    /// <summary>The quarantine Delta table: batch, file, sha256, line, column, column_name, reason, detail, raw_text.</summary>
    public string QuarantineTablePath { get; }

    /// <summary>The features Delta table: asset, time and one column per feature of the specification.</summary>
    public string FeaturesTablePath { get; }

    /// <summary>The data-quality summary Delta table (Dashboard's <see cref="DataQualityTable"/>): per batch, the rows accepted and quarantined by reason.</summary>
    public string DataQualityTablePath { get; }

    /// <summary>The predictions Delta table (Scoring's <see cref="PredictionTable"/>) the Production models write to.</summary>
    public string PredictionsTablePath { get; }

    /// <summary>The HTML dashboard a run writes at its end.</summary>
    public string DashboardPath { get; }

    /// <summary>
    /// One batch run, as a one-shot job or a scheduled occurrence runs it: ingests; trains when
    /// <see cref="TrainingOptions.AfterIngest"/> is set and a file was ingested; scores the rows the Production models
    /// have not scored (<see cref="ScoreAsync"/>); and writes the dashboard (<see cref="WriteDashboardAsync"/>).
    /// </summary>
    /// <param name="progress">Reports each step of each file as soon as it is done; none when null.</param>
    /// <param name="cancellationToken">Cancels the run; a cancelled run is completed by the next one.</param>
    public async Task<BatchRunSummary> RunOnceAsync(IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        long started = _time.GetTimestamp();
        IngestSummary ingest = await IngestAsync(progress, cancellationToken).ConfigureAwait(false);
        TrainingSummary? training = Options.Training.AfterIngest && ingest.Batches.Count > 0
            ? await TrainAsync(cancellationToken).ConfigureAwait(false)
            : null;
        ScoringSummary scoring = await ScoreAsync(cancellationToken).ConfigureAwait(false);
        string? dashboard = await WriteDashboardAsync(cancellationToken).ConfigureAwait(false);
        return new BatchRunSummary(ingest, training, scoring, dashboard) { Elapsed = _time.GetElapsedTime(started) };
    }

    /// <summary>
    /// Writes the HTML dashboard (<see cref="DashboardPath"/>) from the telemetry, predictions and data-quality tables
    /// and the model registry, with Dashboard's <see cref="DashboardLoader"/> and <see cref="DashboardRenderer"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the reads and the write.</param>
    /// <returns>The dashboard's path, or null when the telemetry table does not exist yet.</returns>
    public async Task<string?> WriteDashboardAsync(CancellationToken cancellationToken = default)
    {
        if (!await ExistsAsync(TelemetryTablePath, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        bool hasPredictions = await ExistsAsync(PredictionsTablePath, cancellationToken).ConfigureAwait(false);
        bool hasDataQuality = await ExistsAsync(DataQualityTablePath, cancellationToken).ConfigureAwait(false);
        DashboardSources Sources(bool withPredictions) => new()
        {
            TelemetryTable = TelemetryTablePath,
            PredictionsTable = withPredictions && hasPredictions ? PredictionsTablePath : null,
            DataQualityTable = hasDataQuality ? DataQualityTablePath : null,
            RegistryFolder = StorageLocation.IsObjectStore(TrackingFolder) || Directory.Exists(TrackingFolder) ? TrackingFolder : null,
            TableOptions = TableOptions,
            TimeProvider = _time,
            Window = TimeSpan.FromDays(Options.DashboardDays),
        };

        DashboardReport report;
        try
        {
            report = await DashboardLoader.LoadAsync(Sources(withPredictions: true), cancellationToken).ConfigureAwait(false);
        }
        catch (SchemaException e) when (hasPredictions)
        {
            // A dashboard reading another predictions layout than Scoring's still shows the fleet, the data quality
            // and the models; the warning says why the scores are not drawn.
            LogDashboardWithoutPredictions(_logger, e.Message);
            report = await DashboardLoader.LoadAsync(Sources(withPredictions: false), cancellationToken).ConfigureAwait(false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(DashboardPath)!);
        await new DashboardRenderer().RenderAsync(report, DashboardPath, cancellationToken).ConfigureAwait(false);
        LogDashboard(_logger, DashboardPath);
        return DashboardPath;
    }

    /// <summary>Ingests the staged files not ingested yet, and completes a batch an earlier run left unfinished.</summary>
    /// <param name="progress">Reports each step of each file synchronously as soon as it is done; none when null.</param>
    /// <param name="cancellationToken">Cancels the run; a cancelled run is completed by the next one.</param>
    /// <exception cref="PredictiveMaintenanceException">
    /// A batch committed earlier is unfinished and its file is no longer staged;
    /// or the state a batch continues from is missing.
    /// </exception>
    /// <exception cref="PipelineBusyException">Another run of this pipeline holds its lock.</exception>
    /// <exception cref="SchemaException">A file's columns do not fit the tables or the feature specification.</exception>
    public async Task<IngestSummary> IngestAsync(IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        long ingestStarted = _time.GetTimestamp();
        ObjectLease held = await PipelineLock.AcquireAsync(_state, cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable release = held.ConfigureAwait(false);
        await ThrowIfShardedAsync(cancellationToken).ConfigureAwait(false);
        IngestLedger ledger = await IngestLedger.LoadAsync(_state, cancellationToken).ConfigureAwait(false);
        (Dictionary<string, long> started, HashSet<string> finished) = await ReadTransactionsAsync(cancellationToken).ConfigureAwait(false);

        List<StagedFile> staged = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var resumed = new List<(StagedFile File, long Sequence)>();
        var fresh = new List<StagedFile>();
        int already = 0;
        foreach (StagedFile file in staged)
        {
            if (!seen.Add(file.Sha256))
            {
                already++;
                LogDuplicateContent(_logger, file.Name);
            }
            else if (started.TryGetValue(file.ApplicationId, out long sequence))
            {
                if (finished.Contains(file.ApplicationId) && ledger.Find(file.Sha256) is not null)
                {
                    already++;
                }
                else
                {
                    resumed.Add((file, sequence));
                }
            }
            else
            {
                fresh.Add(file);
            }
        }

        var unfinished = started.Where(p => !(finished.Contains(p.Key) && ledger.Find(p.Key[StagedFile.ApplicationIdPrefix.Length..]) is not null))
            .Where(p => !resumed.Any(r => r.File.ApplicationId == p.Key))
            .ToList();
        if (unfinished.Count > 0)
        {
            (string appId, long sequence) = unfinished.MinBy(p => p.Value);
            throw new PredictiveMaintenanceException(
                $"Batch {sequence} (file SHA-256 {appId[StagedFile.ApplicationIdPrefix.Length..]}) was committed to '{TelemetryTablePath}' but not completed, and no file with that content is in '{StagingFolder}' any more; put the file back to complete it.");
        }

        long next = Math.Max(started.Count == 0 ? 0 : started.Values.Max(), ledger.Entries.Count == 0 ? 0 : ledger.Entries.Max(e => e.Sequence)) + 1;
        List<(StagedFile File, long Sequence, bool Resumed)> work =
        [
            .. resumed.OrderBy(r => r.Sequence).Select(r => (r.File, r.Sequence, true)),
            .. fresh.Select((f, i) => (f, next + i, false)),
        ];

        LogDiscovered(_logger, staged.Count, work.Count, resumed.Count, already, StagingFolder);
        var batches = new List<FileBatch>(work.Count);
        BatchState? carried = null;
        for (int i = 0; i < work.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            held.ThrowIfLost();
            (StagedFile file, long sequence, bool isResumed) = work[i];
            if (finished.Contains(file.ApplicationId))
            {
                batches.Add(await RecoverLedgerEntryAsync(file, sequence, ledger, progress, i, work.Count, cancellationToken).ConfigureAwait(false));
                carried = null;
            }
            else
            {
                (FileBatch entry, carried) = await IngestFileAsync(file, sequence, isResumed, carried, ledger, progress, i, work.Count, cancellationToken).ConfigureAwait(false);
                batches.Add(entry);
            }
        }

        var summary = new IngestSummary(batches, already, await GetTablesAsync(cancellationToken).ConfigureAwait(false)) { Elapsed = _time.GetElapsedTime(ingestStarted) };
        LogIngested(_logger, summary.Batches.Count, summary.AlreadyIngested, summary.RowsRead, summary.RowsAccepted, summary.RowsQuarantined, summary.RowsLate, summary.FeatureRows);
        return summary;
    }

    /// <summary>The tables and their current versions.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<PipelineTables> GetTablesAsync(CancellationToken cancellationToken = default) => new(
        TelemetryTablePath,
        await VersionOfAsync(TelemetryTablePath, cancellationToken).ConfigureAwait(false),
        QuarantineTablePath,
        await VersionOfAsync(QuarantineTablePath, cancellationToken).ConfigureAwait(false),
        FeaturesTablePath,
        await VersionOfAsync(FeaturesTablePath, cancellationToken).ConfigureAwait(false),
        DataQualityTablePath,
        await VersionOfAsync(DataQualityTablePath, cancellationToken).ConfigureAwait(false),
        PredictionsTablePath,
        await VersionOfAsync(PredictionsTablePath, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The staged files, in ordinal order of their names relative to the staging area: one listing, then the content of
    /// each file that is new or changed since an earlier discovery hashed as it streams (names and parts of names
    /// starting with '.' or '_' are skipped, as Spark does). The hashes of files listed with the size and modification
    /// time they had when hashed are taken from <c>staged-hashes.json</c> in the state (docs/pipeline.md).
    /// </summary>
    /// <param name="cancellationToken">Cancels the listing and the hashing.</param>
    /// <exception cref="StorageException">The object store refused the listing, a read, or the write of the hash record.</exception>
    public async Task<List<StagedFile>> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        (StagedHashes hashes, string? unreadable) = await StagedHashes.LoadAsync(_state, cancellationToken).ConfigureAwait(false);
        if (unreadable is not null)
        {
            LogStagedHashesUnreadable(_logger, unreadable);
        }

        var files = new List<StagedFile>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        int hashed = 0;
        foreach (StoredObject stored in await _staging.ListAsync("", recursive: true, cancellationToken).ConfigureAwait(false))
        {
            if (!StagedFileSuffixes.Any(suffix => stored.Key.EndsWith(suffix, StringComparison.Ordinal))
                || stored.Key.Split('/').Any(part => part.StartsWith('.') || part.StartsWith('_')))
            {
                continue;
            }

            keys.Add(stored.Key);
            if (hashes.Find(stored) is { } sha256)
            {
                files.Add(new StagedFile(stored.Key, _staging.Describe(stored.Key), stored.Length, sha256));
                continue;
            }

            StagedFile file = await StagedFile.ReadAsync(_staging, stored, cancellationToken).ConfigureAwait(false);
            hashed++;
            if (file.Size == stored.Length)
            {
                // The real clock, not the pipeline's: the margin is against the store's modification times.
                hashes.Record(stored, file.Sha256, TimeProvider.System.GetUtcNow());
            }

            files.Add(file);
        }

        hashes.KeepOnly(keys);
        await hashes.SaveAsync(_state, cancellationToken).ConfigureAwait(false);
        LogHashed(_logger, hashed, files.Count);
        return files;
    }

    /// <summary>Ingests one file as batch <paramref name="sequence"/>, continuing from <paramref name="previous"/> when it is the state after the batch before (the one this run just saved), else from the stored state; returns the batch and the state after it.</summary>
    private async Task<(FileBatch Batch, BatchState After)> IngestFileAsync(
        StagedFile file, long sequence, bool resumed, BatchState? previous, IngestLedger ledger, IProgress<BatchProgress>? progress, int index, int count, CancellationToken cancellationToken)
    {
        if (resumed)
        {
            LogResuming(_logger, sequence, file.Name);
        }

        // Loading the state this run saved one batch ago would only parse back what it wrote (at 10,000 assets, as much
        // CPU as the batch's features).
        BatchState before = previous is { } kept && kept.Sequence == sequence - 1
            ? kept
            : await BatchState.LoadAsync(_state, sequence - 1, _spec, cancellationToken).ConfigureAwait(false);
        TelemetryBatch batch = await ReadAsync(file, cancellationToken).ConfigureAwait(false);
        (TelemetryTable onTime, List<LateRow> late) = SplitLate(batch.Table, before.Watermarks);
        progress?.Report(new BatchProgress(sequence, file, BatchStage.Read, index, count));

        var transaction = new DeltaWriteOptions { ApplicationId = file.ApplicationId, ApplicationVersion = sequence };
        DeltaTableOptions tableOptions = TableOptions;
        DeltaTable telemetry = await OpenTelemetryAsync(onTime.Schema, cancellationToken).ConfigureAwait(false);
        await telemetry.AppendAsync(onTime, transaction, cancellationToken).ConfigureAwait(false);
        progress?.Report(new BatchProgress(sequence, file, BatchStage.TelemetryCommitted, index, count));

        DeltaTable quarantine = await OpenQuarantineAsync(cancellationToken).ConfigureAwait(false);
        await quarantine.AppendAsync(QuarantineTable.ToRecordBatch([new QuarantinedRows(sequence, file, batch.Quarantine, late)]), transaction, cancellationToken).ConfigureAwait(false);
        progress?.Report(new BatchProgress(sequence, file, BatchStage.QuarantineCommitted, index, count));

        DeltaTable dataQuality = await DataQualityTable.OpenOrCreateAsync(DataQualityTablePath, tableOptions, cancellationToken).ConfigureAwait(false);
        await dataQuality.AppendAsync(
            QuarantineTable.ToDataQualityBatch([new DataQualityCounts(file.Name, onTime.RowCount, batch.Report.QuarantinedByReason, late.Count)], _time.GetUtcNow()), transaction, cancellationToken).ConfigureAwait(false);

        TelemetryTable features = _computer.ComputeBatch(onTime, before.Features, out FeatureState nextFeatures);
        BatchState after = before.Next(sequence, onTime, nextFeatures);
        await after.SaveAsync(_state, cancellationToken).ConfigureAwait(false);
        DeltaTable featureTable = await OpenFeaturesAsync(features.Schema, cancellationToken).ConfigureAwait(false);
        await featureTable.AppendAsync(features, transaction, cancellationToken).ConfigureAwait(false);
        progress?.Report(new BatchProgress(sequence, file, BatchStage.FeaturesCommitted, index, count));

        DataQualityReport report = batch.Report;
        var entry = new FileBatch(
            sequence, file.Name, file.Size, file.Sha256, report.InputRows, onTime.RowCount, report.QuarantinedRows, late.Count, features.RowCount, _time.GetUtcNow(), resumed);
        if (entry.RowsRead != entry.RowsAccepted + entry.RowsQuarantined + entry.RowsLate)
        {
            throw new PredictiveMaintenanceException(FormattableString.Invariant(
                $"Batch {sequence} ('{file.Name}'): {entry.RowsRead} rows read but {entry.RowsAccepted} accepted + {entry.RowsQuarantined} quarantined + {entry.RowsLate} late."));
        }

        await ledger.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        await BatchState.PruneBeforeAsync(_state, sequence, cancellationToken).ConfigureAwait(false);
        progress?.Report(new BatchProgress(sequence, file, BatchStage.Completed, index, count));
        LogFileIngested(_logger, sequence, file.Name, entry.RowsRead, entry.RowsAccepted, entry.RowsQuarantined, entry.RowsLate, entry.FeatureRows, resumed);
        return (entry, after);
    }

    /// <summary>
    /// Records a batch whose commits all landed but whose ledger line did not (a crash just before it, or a lost
    /// ledger): the counts come from the file, cleaned again, and from the batch's late rows in the quarantine table,
    /// so the state it started from, which may have been pruned since, is not needed.
    /// </summary>
    private async Task<FileBatch> RecoverLedgerEntryAsync(
        StagedFile file, long sequence, IngestLedger ledger, IProgress<BatchProgress>? progress, int index, int count, CancellationToken cancellationToken)
    {
        LogRecovering(_logger, sequence, file.Name);
        TelemetryBatch batch = await ReadAsync(file, cancellationToken).ConfigureAwait(false);
        progress?.Report(new BatchProgress(sequence, file, BatchStage.Read, index, count));
        Apache.Arrow.RecordBatch quarantined = await (await (await DeltaTable.OpenAsync(QuarantineTablePath, TableOptions, cancellationToken).ConfigureAwait(false)).GetSnapshotAsync(cancellationToken).ConfigureAwait(false))
            .ReadAsync(new DeltaScanOptions { Columns = ["batch", "reason"] }, cancellationToken).ConfigureAwait(false);
        var batches = (Apache.Arrow.Int64Array)quarantined.Column("batch");
        var reasons = (Apache.Arrow.StringArray)quarantined.Column("reason");
        long late = 0;
        for (int row = 0; row < quarantined.Length; row++)
        {
            late += batches.GetValue(row) == sequence && reasons.GetString(row) == QuarantineTable.LateArrival ? 1 : 0;
        }

        DataQualityReport report = batch.Report;
        long accepted = report.InputRows - report.QuarantinedRows - late;

        // A rolling specification gives one feature row per appended row.
        var entry = new FileBatch(sequence, file.Name, file.Size, file.Sha256, report.InputRows, accepted, report.QuarantinedRows, late, accepted, _time.GetUtcNow(), Resumed: true);
        await ledger.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        progress?.Report(new BatchProgress(sequence, file, BatchStage.Completed, index, count));
        LogFileIngested(_logger, sequence, file.Name, entry.RowsRead, entry.RowsAccepted, entry.RowsQuarantined, entry.RowsLate, entry.FeatureRows, resumed: true);
        return entry;
    }

    private async Task<TelemetryBatch> ReadAsync(StagedFile file, CancellationToken cancellationToken)
    {
        TelemetrySourceOptions source = Options.Telemetry;
        var quality = new DataQualityOptions
        {
            KnownAssets = source.OnlyKnownAssets ? await GetKnownAssetsAsync(cancellationToken).ConfigureAwait(false) : null,
            ChannelRanges = source.ChannelRanges.ToDictionary(p => p.Key, p => new ValueRange(p.Value.Min, p.Value.Max), StringComparer.Ordinal),
            TimeProvider = _time,
        };
        var columns = new TelemetryColumnMapping { AssetColumn = source.AssetColumn!, TimeColumn = source.TimeColumn! };
        var text = new DelimitedTextOptions
        {
            Columns = columns,
            DataQuality = quality,
            TimestampFormat = source.TimestampFormat is null ? TimestampFormat.Iso8601 : TimestampFormat.Parse(source.TimestampFormat),
        };
        LocalCopy local = await LocalCopy.CreateAsync(_staging, file, cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable copy = local.ConfigureAwait(false);
        ITelemetryReader reader = TelemetryFile.Open(local.Path, text, new ColumnarReadOptions { Columns = columns, DataQuality = quality });
        await using ConfiguredAsyncDisposable scope = reader.ConfigureAwait(false);
        TelemetryBatch batch = await reader.ReadAllAsync(cancellationToken).ConfigureAwait(false);

        // The readers name rows by the path they were given; the tables name them by the staged name.
        return batch with { Quarantine = [.. batch.Quarantine.Select(r => r with { Position = r.Position with { Source = file.Name } })] };
    }

    private async Task<IReadOnlySet<string>> GetKnownAssetsAsync(CancellationToken cancellationToken)
    {
        if (_knownAssets is null)
        {
            EventLog<AssetAttributes> machines = await AzurePdmDataset.ReadMachinesAsync(Options.ResolvePath(Options.Logs.Machines!), cancellationToken).ConfigureAwait(false);
            _knownAssets = machines.Records.Select(m => m.AssetId).ToHashSet(StringComparer.Ordinal);
        }

        return _knownAssets;
    }

    /// <summary>Splits off the rows not later than their asset's last ingested row; rows are sorted, so they are each asset's first ones.</summary>
    private static (TelemetryTable OnTime, List<LateRow> Late) SplitLate(TelemetryTable table, Dictionary<string, long> watermarks)
    {
        bool[] onTime = LaterThan(table, watermarks);
        var late = new List<LateRow>();
        for (int row = 0; row < onTime.Length; row++)
        {
            if (!onTime[row])
            {
                int asset = table.GetAssetCodeOfRow(row);
                late.Add(new LateRow(
                    $"{table.AssetIds[asset]} at {table.Schema.FormatTime(table.Times[row])} is not later than the asset's last ingested row ({table.Schema.FormatTime(watermarks[table.AssetIds[asset]])})",
                    FormatRow(table, asset, row)));
            }
        }

        return (late.Count == 0 ? table : table.SelectRows(onTime), late);
    }

    /// <summary>Per row, whether it is later than its asset's watermark (every row of an asset without one).</summary>
    private static bool[] LaterThan(TelemetryTable table, Dictionary<string, long> watermarks)
    {
        bool[] later = new bool[table.RowCount];
        ReadOnlySpan<long> times = table.Times;
        for (int asset = 0; asset < table.AssetCount; asset++)
        {
            long watermark = watermarks.GetValueOrDefault(table.AssetIds[asset], long.MinValue);
            for (int row = table.AssetOffsets[asset]; row < table.AssetOffsets[asset + 1]; row++)
            {
                later[row] = times[row] > watermark;
            }
        }

        return later;
    }

    private static string FormatRow(TelemetryTable table, int asset, int row) =>
        string.Join(',', [table.AssetIds[asset], table.Schema.FormatTime(table.Times[row]), .. Enumerable.Range(0, table.Schema.Channels.Count).Select(c => table.GetChannel(c)[row].ToString("R", CultureInfo.InvariantCulture))]);

    /// <summary>Which files' batches were started (their commits in any table, with their sequence numbers) and which have every table's commit.</summary>
    private async Task<(Dictionary<string, long> Started, HashSet<string> Finished)> ReadTransactionsAsync(CancellationToken cancellationToken)
    {
        var started = new Dictionary<string, long>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] tables = [TelemetryTablePath, QuarantineTablePath, DataQualityTablePath, FeaturesTablePath];
        foreach (string path in tables)
        {
            if (await SnapshotOrNullAsync(path, cancellationToken).ConfigureAwait(false) is not { } snapshot)
            {
                continue;
            }

            foreach ((string appId, long version) in snapshot.Transactions)
            {
                if (appId.StartsWith(StagedFile.ApplicationIdPrefix, StringComparison.Ordinal))
                {
                    started[appId] = version;
                    counts[appId] = counts.GetValueOrDefault(appId) + 1;
                }
            }
        }

        return (started, counts.Where(p => p.Value == tables.Length).Select(p => p.Key).ToHashSet(StringComparer.Ordinal));
    }

    private async Task<long?> VersionOfAsync(string location, CancellationToken cancellationToken) =>
        (await SnapshotOrNullAsync(location, cancellationToken).ConfigureAwait(false))?.Version;

    /// <summary>The options every table of the pipeline is opened with: its clock and <see cref="BatchPipelineOptions.Storage"/>.</summary>
    private DeltaTableOptions TableOptions => new() { TimeProvider = _time, Storage = Options.Storage };

    private async Task<bool> ExistsAsync(string location, CancellationToken cancellationToken) =>
        await DeltaTable.ExistsAsync(location, TableOptions, cancellationToken).ConfigureAwait(false);

    /// <summary>The latest snapshot of a table, or null when it does not exist yet.</summary>
    private async Task<DeltaSnapshot?> SnapshotOrNullAsync(string location, CancellationToken cancellationToken) =>
        await DeltaTable.TryOpenAsync(location, TableOptions, cancellationToken).ConfigureAwait(false) is { } table
            ? await table.GetSnapshotAsync(cancellationToken).ConfigureAwait(false)
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The dashboard is written without predictions: {Reason}")]
    private static partial void LogDashboardWithoutPredictions(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard written to {Path}")]
    private static partial void LogDashboard(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Found {Staged} staged files in {Staging}: {ToIngest} to ingest ({Resumed} resumed), {Already} already ingested")]
    private static partial void LogDiscovered(ILogger logger, int staged, int toIngest, int resumed, int already, string staging);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming batch {Sequence} ({File}), interrupted after some of its commits")]
    private static partial void LogResuming(ILogger logger, long sequence, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording batch {Sequence} ({File}) in the ledger: its commits landed but its ledger line did not")]
    private static partial void LogRecovering(ILogger logger, long sequence, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Reason}")]
    private static partial void LogStagedHashesUnreadable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hashed {Hashed} of {Staged} staged files; the others are unchanged since an earlier run hashed them")]
    private static partial void LogHashed(ILogger logger, int hashed, int staged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping {File}: its content was staged twice")]
    private static partial void LogDuplicateContent(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {Sequence} ({File}): {Read} rows read = {Accepted} accepted + {Quarantined} quarantined + {Late} late; {FeatureRows} feature rows; resumed {Resumed}")]
    private static partial void LogFileIngested(ILogger logger, long sequence, string file, long read, long accepted, long quarantined, long late, long featureRows, bool resumed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {Files} files ({Already} already ingested): {Read} rows read = {Accepted} accepted + {Quarantined} quarantined + {Late} late; {FeatureRows} feature rows")]
    private static partial void LogIngested(ILogger logger, int files, int already, long read, long accepted, long quarantined, long late, long featureRows);
}
