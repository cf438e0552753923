using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Apache.Arrow;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Scoring;

/// <summary>
/// A registered model loaded for scoring: it knows its feature specification and input schema, computes features
/// exactly as at training time, and scores telemetry in batches (into an idempotent predictions Delta table) or online,
/// reading by reading. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// var registry = new ModelRegistry(FolderTrackingStore.Open("mlruns"));
/// using ModelScorer scorer = await ModelScorer.LoadAsync(registry, ModelReference.ForStage("pump-detector", ModelStage.Production));
/// DeltaSnapshot telemetry = await (await DeltaTable.OpenAsync("abfss://lake@contoso.dfs.core.windows.net/telemetry")).GetSnapshotAsync();
/// PredictionWriteResult written = await scorer.ScoreToDeltaAsync(telemetry, "abfss://lake@contoso.dfs.core.windows.net/predictions");
/// </code>
/// </example>
/// <remarks>
/// <para>
/// Input checks: a channel the model needs that is missing, a column that is not numeric, a time kind other than the
/// training data's, or a needed channel without a single value fails with a <see cref="ScoringInputException"/> naming
/// the column. A row the model cannot score (a NaN feature, such as a window with fewer values than its minimum
/// periods) is reported in <see cref="ScoringResult.Unscored"/> and not written; nothing is dropped silently.
/// </para>
/// <para>
/// <see cref="RefreshAsync"/> moves a scorer that follows a stage to the version now in that stage, without a restart:
/// calls already running finish with the version they started with, later calls use the new one. Online state (feature
/// windows and alarm smoothing) belongs to a version, so it starts empty after a refresh that changes the version.
/// </para>
/// </remarks>
public sealed class ModelScorer : IDisposable
{
    private readonly ModelRegistry _registry;
    private readonly ModelScorerOptions _options;
    private readonly ScoringModelLoaders _loaders;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private LoadedModel _current;

    private ModelScorer(ModelRegistry registry, ModelReference reference, ModelScorerOptions options, ScoringModelLoaders loaders, LoadedModel current)
    {
        _registry = registry;
        Reference = reference;
        _options = options;
        _loaders = loaders;
        _current = current;
    }

    /// <summary>What the scorer loads: a fixed version, or a stage that <see cref="RefreshAsync"/> follows.</summary>
    public ModelReference Reference { get; }

    /// <summary>The registered version now loaded.</summary>
    public ModelVersion Version => Current.Version;

    /// <summary>The loaded model.</summary>
    public ScoringModel Model => Current.Model;

    /// <summary>The feature specification registered with the version, or null when the model reads raw channels.</summary>
    public FeatureSpec? FeatureSpec => Current.Spec;

    /// <summary>The telemetry schema registered with the version, or null when none was.</summary>
    public TelemetrySchema? InputSchema => Current.InputSchema;

    /// <summary>The telemetry channels the scorer reads, in the order online readings carry their values.</summary>
    public IReadOnlyList<string> InputChannels => Current.Channels;

    /// <summary>Why the loaded version cannot be scored reading by reading (<see cref="ScoreReading"/>), or null when it can.</summary>
    public string? OnlineUnsupportedReason => Current.OnlineUnsupported;

    private LoadedModel Current => Volatile.Read(ref _current);

    /// <summary>Loads a registered model version for scoring, checking its artifact against the registered SHA-256.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="reference">The version, or the stage whose version to load.</param>
    /// <param name="options">Loaders, clock and feature options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <exception cref="ModelNotFoundException">The model is not registered, or has no such version.</exception>
    /// <exception cref="KeyNotFoundException">No version of the model is in the stage or carries the alias.</exception>
    /// <exception cref="ModelArtifactException">
    /// The artifact is missing, altered (hash mismatch), a link, outside the registry, of a model type no loader knows,
    /// or reads columns its feature specification does not compute.
    /// </exception>
    public static async Task<ModelScorer> LoadAsync(ModelRegistry registry, ModelReference reference, ModelScorerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(reference);
        options ??= new ModelScorerOptions();
        ScoringModelLoaders loaders = (options.Loaders ?? ScoringModelLoaders.CreateDefault()).Snapshot();
        ModelVersion version = await reference.ResolveAsync(registry, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException(reference.Alias is { } alias
                ? $"Model '{reference.Name}' has no version with alias '{alias}'."
                : $"Model '{reference.Name}' has no version in stage {reference.Stage}.");
        LoadedModel loaded = await LoadedModel.LoadAsync(registry, version, loaders, options.FeatureComputer, cancellationToken).ConfigureAwait(false);
        return new ModelScorer(registry, reference, options, loaders, loaded);
    }

    /// <summary>
    /// Loads the version that now holds the stage or carries the alias this scorer follows, if it is another one. A
    /// scorer of a fixed version, or whose stage or alias now names no version, keeps what it has.
    /// </summary>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    /// <returns>Whether another version was loaded.</returns>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (!Reference.Moves)
        {
            return false;
        }

        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ModelVersion? latest = await Reference.ResolveAsync(_registry, cancellationToken).ConfigureAwait(false);
            if (latest is null || latest.Version == Current.Version.Version)
            {
                return false;
            }

            LoadedModel next = await LoadedModel.LoadAsync(_registry, latest, _loaders, _options.FeatureComputer, cancellationToken).ConfigureAwait(false);

            // The replaced model is not disposed: calls that started with it may still be running.
            Volatile.Write(ref _current, next);
            return true;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>Computes the features of a telemetry table and scores every row.</summary>
    /// <param name="telemetry">The telemetry, with the channels in <see cref="InputChannels"/>.</param>
    /// <returns>The predictions, and the rows that could not be scored.</returns>
    /// <exception cref="ScoringInputException">A needed channel is missing or has no value, or the time kind differs from the training data's.</exception>
    public ScoringResult Score(TelemetryTable telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        return Score(telemetry, Current);
    }

    /// <summary>Scores a telemetry table into a predictions Delta table (created if absent); the same table content scored again by the same version appends nothing.</summary>
    /// <param name="telemetry">The telemetry.</param>
    /// <param name="predictionsPath">The predictions table's location, a local directory or an object-store URI (see <see cref="PredictionTable"/> and <see cref="DeltaTable.OpenAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the scoring and the write.</param>
    /// <remarks>The input is identified by the SHA-256 of its content (schema, assets, times and values).</remarks>
    public Task<PredictionWriteResult> ScoreToDeltaAsync(TelemetryTable telemetry, string predictionsPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentException.ThrowIfNullOrEmpty(predictionsPath);
        LoadedModel model = Current;
        Validate(telemetry, model);
        return WriteAsync(model, telemetry.Schema.TimeKind, "sha256/" + ContentHash(telemetry), 0, null, predictionsPath, () => Task.FromResult(Score(telemetry, model)), cancellationToken);
    }

    /// <summary>
    /// Scores a Delta telemetry table at a snapshot's version into a predictions Delta table (created if absent). The
    /// write records the input table's version: scoring the same version again (or an older one) with the same model
    /// version reads, scores and appends nothing.
    /// </summary>
    /// <param name="telemetry">The input table at the version to score.</param>
    /// <param name="predictionsPath">The predictions table's location, a local directory or an object-store URI (see <see cref="PredictionTable"/> and <see cref="DeltaTable.OpenAsync"/>).</param>
    /// <param name="columns">How to read a table that records no telemetry schema; null for a table created from a <see cref="TelemetrySchema"/>.</param>
    /// <param name="cancellationToken">Cancels the read, the scoring and the write.</param>
    /// <exception cref="ScoringInputException">A needed column is missing, not numeric, or has no value.</exception>
    public async Task<PredictionWriteResult> ScoreToDeltaAsync(DeltaSnapshot telemetry, string predictionsPath, TelemetryColumnMapping? columns = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentException.ThrowIfNullOrEmpty(predictionsPath);
        LoadedModel model = Current;
        string where = FormattableString.Invariant($"'{telemetry.TableRoot}' at version {telemetry.Version}");
        foreach (string channel in model.Channels)
        {
            DeltaStructField field = telemetry.Schema.FindField(channel)
                ?? throw new ScoringInputException(channel, $"{where} has no column '{channel}', which {model.Description} needs; it has {string.Join(", ", telemetry.Schema.Fields.Select(f => f.Name))}.");
            if (!IsNumber(field.Type))
            {
                throw new ScoringInputException(channel, $"Column '{channel}' of {where} is of type {field.Type}; {model.Description} reads it as a number (double, float, long, integer, short, byte or decimal).");
            }
        }

        TimeKind timeKind = (columns?.TimeKind ?? telemetry.TelemetrySchema?.TimeKind) ?? TimeKind.UtcTimestamp;
        return await WriteAsync(model, timeKind, "delta/" + telemetry.Metadata.Id, telemetry.Version, telemetry.Version, predictionsPath, async () =>
        {
            TelemetryBatch batch = await telemetry.ReadTelemetryAsync(new DeltaTelemetryReadOptions { Columns = columns, Channels = model.Channels }, cancellationToken).ConfigureAwait(false);
            return Score(batch.Table, model);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Scores telemetry files (delimited text, Parquet or Arrow, read with IO's <see cref="TelemetryFile"/>) into a
    /// predictions Delta table (created if absent). The files are identified by the SHA-256 of their bytes: the same
    /// files scored again by the same model version are neither read nor written.
    /// </summary>
    /// <param name="paths">The files, read in this order and scored as one table.</param>
    /// <param name="textOptions">How to read delimited text.</param>
    /// <param name="predictionsPath">The predictions table's location, a local directory or an object-store URI (see <see cref="PredictionTable"/> and <see cref="DeltaTable.OpenAsync"/>).</param>
    /// <param name="columnarOptions">How to read Parquet and Arrow files; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the reads, the scoring and the write.</param>
    public async Task<PredictionWriteResult> ScoreFilesToDeltaAsync(
        IReadOnlyList<string> paths, DelimitedTextOptions textOptions, string predictionsPath, ColumnarReadOptions? columnarOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(textOptions);
        ArgumentException.ThrowIfNullOrEmpty(predictionsPath);
        ArgumentOutOfRangeException.ThrowIfZero(paths.Count, nameof(paths));
        LoadedModel model = Current;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string path in paths)
        {
            FileStream file = File.OpenRead(path);
            await using (file.ConfigureAwait(false))
            {
                hash.AppendData(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
            }
        }

        var tables = new List<TelemetryTable>(paths.Count);
        foreach (string path in paths)
        {
            ITelemetryReader reader = TelemetryFile.Open(path, textOptions, columnarOptions);
            await using (reader.ConfigureAwait(false))
            {
                tables.Add((await reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)).Table);
            }
        }

        TelemetryTable telemetry = tables.Count == 1 ? tables[0] : TelemetryTable.Concat(tables);
        Validate(telemetry, model);
        return await WriteAsync(model, telemetry.Schema.TimeKind, "sha256/" + Convert.ToHexStringLower(hash.GetHashAndReset()), 0, null, predictionsPath, () => Task.FromResult(Score(telemetry, model)), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Scores one reading online: its features from the asset's earlier readings (kept per asset), then the model. The
    /// result equals batch scoring of the asset's readings up to this one. Allocates nothing once the asset's windows
    /// are full.
    /// </summary>
    /// <param name="assetId">The asset.</param>
    /// <param name="time">The reading's time, later than the asset's previous reading (microseconds since the Unix epoch, or a cycle).</param>
    /// <param name="values">The reading's values of <see cref="InputChannels"/>, in that order; NaN marks a missing value.</param>
    /// <exception cref="ScoringInputException">The reading is not later than the asset's previous one.</exception>
    /// <exception cref="NotSupportedException">The model is not an anomaly detector, or reads tumbling features.</exception>
    public OnlinePrediction ScoreReading(string assetId, long time, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(assetId);
        OnlineScoringState online = OnlineState(values.Length, 1, nameof(values));
        return online.Score(assetId, time, values);
    }

    /// <summary>Scores a small batch of one asset's readings online, in time order (see <see cref="ScoreReading"/>).</summary>
    /// <param name="assetId">The asset.</param>
    /// <param name="times">The readings' times, increasing.</param>
    /// <param name="values">The readings' values, row after row, <see cref="InputChannels"/>.Count per reading.</param>
    /// <param name="destination">Receives one prediction per reading.</param>
    /// <returns>The number of predictions written.</returns>
    public int ScoreReadings(string assetId, ReadOnlySpan<long> times, ReadOnlySpan<double> values, Span<OnlinePrediction> destination)
    {
        ArgumentNullException.ThrowIfNull(assetId);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, times.Length, nameof(destination));
        OnlineScoringState online = OnlineState(values.Length, times.Length, nameof(values));
        return online.Score(assetId, times, values, destination);
    }

    /// <summary>Releases the loaded model.</summary>
    public void Dispose()
    {
        Current.Model.Dispose();
        _refreshing.Dispose();
    }

    private static bool IsNumber(DeltaType type) =>
        type is DeltaDecimalType
        || (type is DeltaPrimitiveType primitive && primitive.Name is "double" or "float" or "long" or "integer" or "short" or "byte");

    private static void Validate(TelemetryTable telemetry, LoadedModel model)
    {
        TelemetrySchema schema = telemetry.Schema;
        if (model.InputSchema is { } trained && trained.TimeKind != schema.TimeKind)
        {
            throw new ScoringInputException(schema.TimeColumn, $"The input's time column '{schema.TimeColumn}' holds {schema.TimeKind} values; {model.Description} was trained on {trained.TimeKind} time ('{trained.TimeColumn}').");
        }

        foreach (string channel in model.Channels)
        {
            int index = schema.IndexOf(channel);
            if (index < 0)
            {
                throw new ScoringInputException(channel, $"The input has no channel '{channel}', which {model.Description} needs; it has {string.Join(", ", schema.Channels.Select(c => c.Name))}.");
            }

            if (telemetry.RowCount > 0 && !HasValue(telemetry.GetChannel(index)))
            {
                throw new ScoringInputException(channel, $"Channel '{channel}' has no value in any of the input's {telemetry.RowCount} rows (all NaN); {model.Description} needs it.");
            }
        }
    }

    private static bool HasValue(ReadOnlySpan<double> values)
    {
        foreach (double value in values)
        {
            if (!double.IsNaN(value))
            {
                return true;
            }
        }

        return false;
    }

    private static ScoringResult Score(TelemetryTable telemetry, LoadedModel model)
    {
        Validate(telemetry, model);
        TelemetryTable features = model.Computer is null ? telemetry : model.Computer.Compute(telemetry);
        ModelOutput output = model.Model.Predict(features);
        var unscored = new List<UnscoredRow>();
        double[] values = output.Values;
        int[]? inputs = null;
        for (int row = 0; row < values.Length; row++)
        {
            if (!double.IsNaN(values[row]))
            {
                continue;
            }

            inputs ??= [.. model.Model.Inputs.Select(features.Schema.GetIndex)];
            string[] missing = [.. inputs.Where(c => double.IsNaN(features.GetChannel(c)[row])).Select(c => features.Schema.Channels[c].Name)];
            string reason = missing.Length > 0 ? $"missing model inputs: {string.Join(", ", missing)}" : "the model gave no prediction";
            unscored.Add(new UnscoredRow(row, features.AssetIds[features.GetAssetCodeOfRow(row)], features.Times[row], reason));
        }

        return new ScoringResult(model.Version, model.Model.Kind, features, values, output.Alarms, unscored);
    }

    private async Task<PredictionWriteResult> WriteAsync(
        LoadedModel model, TimeKind timeKind, string input, long applicationVersion, long? inputTableVersion, string predictionsPath, Func<Task<ScoringResult>> score, CancellationToken cancellationToken)
    {
        string applicationId = $"pdm-scoring/{model.Version.Name}/{model.Version.Version}/{input}";
        DeltaTable table = await OpenPredictionsAsync(predictionsPath, timeKind, cancellationToken).ConfigureAwait(false);
        DeltaSnapshot snapshot = await table.GetSnapshotAsync(cancellationToken).ConfigureAwait(false);

        // Checked before scoring so that a re-run costs a log read; the append checks again against the latest log.
        if (snapshot.Transactions.TryGetValue(applicationId, out long recorded) && recorded >= applicationVersion)
        {
            return new PredictionWriteResult(null, 0, true, applicationId, applicationVersion, inputTableVersion, null);
        }

        ScoringResult result = await score().ConfigureAwait(false);
        RecordBatch batch = PredictionTable.ToRecordBatch(result, _options.TimeProvider.GetUtcNow(), inputTableVersion);
        DeltaCommitResult commit = await table.AppendAsync(batch, new DeltaWriteOptions { ApplicationId = applicationId, ApplicationVersion = applicationVersion }, cancellationToken).ConfigureAwait(false);
        return new PredictionWriteResult(commit.Version, commit.RowsWritten, commit.Skipped, applicationId, applicationVersion, inputTableVersion, commit.Skipped ? null : result);
    }

    private Task<DeltaTable> OpenPredictionsAsync(string location, TimeKind timeKind, CancellationToken cancellationToken) =>
        DeltaTable.OpenOrCreateAsync(
            location,
            PredictionTable.CreateSchema(timeKind),
            new DeltaCreateOptions { Name = "predictions", Description = "Predictions of PredictiveMaintenance.Scoring" },
            _options.PredictionTable,
            cancellationToken);

    private OnlineScoringState OnlineState(int valueCount, int readings, string parameterName)
    {
        LoadedModel model = Current;
        OnlineScoringState online = model.Online ?? throw new NotSupportedException(model.OnlineUnsupported);
        if (valueCount != readings * online.Channels.Count)
        {
            throw new ArgumentException($"{model.Description} reads {online.Channels.Count} values per reading ({string.Join(", ", online.Channels)}); {valueCount} values are not {readings} reading(s).", parameterName);
        }

        return online;
    }

    /// <summary>The SHA-256 of a table's content: schema, assets, row counts, times and values, in table order.</summary>
    private static string ContentHash(TelemetryTable table)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(TelemetrySchemaMetadata.ToJson(table.Schema)));
        foreach (string asset in table.AssetIds)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(asset));
            hash.AppendData([0]);
        }

        hash.AppendData(MemoryMarshal.AsBytes(table.AssetOffsets));
        hash.AppendData(MemoryMarshal.AsBytes(table.Times));
        for (int c = 0; c < table.Schema.Channels.Count; c++)
        {
            hash.AppendData(MemoryMarshal.AsBytes(table.GetChannel(c)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
