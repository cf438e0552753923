using Apache.Arrow;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Storage;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Dashboard;

/// <summary>Builds a <see cref="DashboardReport"/> from the pipeline's Delta tables and model registry.</summary>
/// <remarks>
/// Each table is read at its latest version into memory, whole or, with <see cref="DashboardSources.Since"/> or
/// <see cref="DashboardSources.Window"/>, from the data files whose time statistics reach the start (rows before it are
/// then left out one by one). The predictions table is the one scoring writes (<see cref="PredictionColumns"/>); its
/// time column is a timestamp or, for cycle telemetry, a long, and must match the telemetry's time kind. Predictions
/// are merged per asset and reading time: for each of score, alarm and time until service, the value of the latest
/// <see cref="PredictionColumns.ScoringTime"/> that has one, so rescoring replaces earlier rows and separate anomaly and
/// time-until-service models combine.
/// </remarks>
public static class DashboardLoader
{
    /// <summary>Reads the sources into a report.</summary>
    /// <param name="sources">The tables and registry.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="DirectoryNotFoundException">A table or registry folder does not exist.</exception>
    /// <exception cref="DeltaProtocolException">A folder holds no Delta table.</exception>
    /// <exception cref="SchemaException">The telemetry table records no telemetry schema, a channel is not in it, a column of the predictions or data-quality table is missing or of another type, or the predictions' time kind is not the telemetry's.</exception>
    public static async Task<DashboardReport> LoadAsync(DashboardSources sources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        sources.Validate();

        DeltaSnapshot telemetrySnapshot = await SnapshotAsync(sources.TelemetryTable!, sources, cancellationToken).ConfigureAwait(false);
        TelemetrySchema schema = telemetrySnapshot.TelemetrySchema
            ?? throw new SchemaException($"Delta table '{telemetrySnapshot.TableRoot}' at version {telemetrySnapshot.Version} records no telemetry schema; the dashboard reads telemetry tables written from a TelemetryTable.");
        IReadOnlyList<string> channels = sources.Channels ?? [.. schema.Channels.Where(c => c.Role == ChannelRole.Sensor).Select(c => c.Name)];
        DateTimeOffset? start = Start(sources, telemetrySnapshot, schema);
        long since = start is { } s ? UnixTime.ToMicroseconds(s.UtcDateTime) : long.MinValue;
        DeltaPredicate? recent = start is { } from && schema.TimeKind == TimeKind.UtcTimestamp ? DeltaPredicate.GreaterThanOrEqual(schema.TimeColumn, from) : null;
        TelemetryBatch telemetry = await telemetrySnapshot.ReadTelemetryAsync(new DeltaTelemetryReadOptions { Channels = channels, Filter = recent }, cancellationToken).ConfigureAwait(false);

        Dictionary<string, PredictionSeries> predictions = sources.PredictionsTable is { } p
            ? ReadPredictions(await ReadColumnsAsync(p, sources, [PredictionColumns.Asset, PredictionColumns.Time, PredictionColumns.Score, PredictionColumns.Alarm, PredictionColumns.TimeUntilService, PredictionColumns.ScoringTime], recent is null ? null : DeltaPredicate.GreaterThanOrEqual(PredictionColumns.Time, start!.Value), cancellationToken).ConfigureAwait(false), schema.TimeKind, since)
            : [];

        var assets = new List<AssetSeries>();
        TelemetryTable table = telemetry.Table;
        for (int code = 0; code < table.AssetCount; code++)
        {
            string id = table.AssetIds[code];
            ReadOnlySpan<long> times = table.GetTimes(code);
            int first = FirstAtOrAfter(times, since);
            var series = channels.Select((c, i) => new ChannelSeries(c, table.GetChannel(i, code)[first..].ToArray()));
            assets.Add(new AssetSeries(id, times[first..].ToArray(), series, predictions.GetValueOrDefault(id) ?? PredictionSeries.Empty));
        }

        foreach ((string id, PredictionSeries series) in predictions.Where(q => !table.TryGetAssetCode(q.Key, out _)))
        {
            assets.Add(new AssetSeries(id, ReadOnlyMemory<long>.Empty, channels.Select(c => new ChannelSeries(c, ReadOnlyMemory<double>.Empty)), series));
        }

        IReadOnlyList<RegisteredModel> models = sources.RegistryFolder is { } r ? await ReadRegistryAsync(r, sources, cancellationToken).ConfigureAwait(false) : [];
        IReadOnlyList<DataQualityBatch> quality = sources.DataQualityTable is { } q
            ? ReadDataQuality(await ReadColumnsAsync(q, sources, [DataQualityTable.Batch, DataQualityTable.ProcessedAt, DataQualityTable.Outcome, DataQualityTable.Rows], null, cancellationToken).ConfigureAwait(false))
            : [];
        return new DashboardReport(sources.Title, sources.TimeProvider.GetUtcNow(), schema.TimeKind, assets, models, quality);
    }

    /// <summary>The first time drawn: the later of <see cref="DashboardSources.Since"/> and the window's start, if any.</summary>
    private static DateTimeOffset? Start(DashboardSources sources, DeltaSnapshot telemetry, TelemetrySchema schema)
    {
        // A microsecond after latest − window: a window of a day holds 24 hourly readings, not 25.
        DateTimeOffset? window = sources.Window is { } span && schema.TimeKind == TimeKind.UtcTimestamp && telemetry.GetLatestTimestamp(schema.TimeColumn) is { } latest
            ? latest - span + TimeSpan.FromMicroseconds(1)
            : null;
        return sources.Since is { } since && (window is null || since > window) ? since : window;
    }

    private static async Task<DeltaSnapshot> SnapshotAsync(string location, DashboardSources sources, CancellationToken cancellationToken) =>
        await (await DeltaTable.OpenAsync(location, sources.TableOptions, cancellationToken).ConfigureAwait(false)).GetSnapshotAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Reads some columns of a table whole, or the files whose statistics allow a row matching <paramref name="filter"/>.</summary>
    private static async Task<(string Table, RecordBatch Batch)> ReadColumnsAsync(string path, DashboardSources sources, string[] columns, DeltaPredicate? filter, CancellationToken cancellationToken)
    {
        DeltaSnapshot snapshot = await SnapshotAsync(path, sources, cancellationToken).ConfigureAwait(false);
        string table = FormattableString.Invariant($"Delta table '{snapshot.TableRoot}' at version {snapshot.Version}");
        foreach (string column in columns)
        {
            if (snapshot.Schema.FindField(column) is null)
            {
                throw new SchemaException($"{table} has no column '{column}'; its columns are {string.Join(", ", snapshot.Schema.Fields.Select(f => f.Name))}.");
            }
        }

        return (table, await snapshot.ReadAsync(new DeltaScanOptions { Columns = columns, Filter = filter }, cancellationToken).ConfigureAwait(false));
    }

    private static Dictionary<string, PredictionSeries> ReadPredictions((string Table, RecordBatch Batch) read, TimeKind timeKind, long since)
    {
        (string table, RecordBatch batch) = read;
        Func<int, string?> asset = Strings(table, batch, 0);
        Func<int, long?> time = timeKind == TimeKind.UtcTimestamp
            ? Column<TimestampArray>(table, batch, 1, "timestamp (the telemetry is timestamped)").GetValue
            : Column<Int64Array>(table, batch, 1, "long (the telemetry is counted in cycles)").GetValue;
        DoubleArray score = Column<DoubleArray>(table, batch, 2, "double");
        BooleanArray alarm = Column<BooleanArray>(table, batch, 3, "boolean");
        DoubleArray service = Column<DoubleArray>(table, batch, 4, "double");
        TimestampArray scoredAt = Column<TimestampArray>(table, batch, 5, "timestamp");
        long[] times = new long[batch.Length];
        long[] scoredTimes = new long[batch.Length];

        var rowsByAsset = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int row = 0; row < batch.Length; row++)
        {
            string? id = asset(row);
            long? at = time(row);
            if (id is null || at is null)
            {
                throw new SchemaException(FormattableString.Invariant($"{table} has a null {(id is null ? PredictionColumns.Asset : PredictionColumns.Time)} at row {row + 1}; both are required."));
            }

            times[row] = at.Value;
            scoredTimes[row] = scoredAt.IsNull(row) ? long.MinValue : Microseconds(scoredAt, row);
            if (times[row] < since)
            {
                continue;
            }

            if (!rowsByAsset.TryGetValue(id, out List<int>? rows))
            {
                rowsByAsset[id] = rows = [];
            }

            rows.Add(row);
        }

        var result = new Dictionary<string, PredictionSeries>(StringComparer.Ordinal);
        foreach ((string id, List<int> rows) in rowsByAsset)
        {
            // Ordered by reading time, then scoring time, so the last value seen at a time is the newest.
            rows.Sort((a, b) =>
            {
                int byTime = times[a].CompareTo(times[b]);
                return byTime != 0 ? byTime : scoredTimes[a].CompareTo(scoredTimes[b]);
            });
            var readings = new List<long>(rows.Count);
            var scores = new List<double>(rows.Count);
            var alarms = new List<bool>(rows.Count);
            var services = new List<double>(rows.Count);
            foreach (int row in rows)
            {
                long t = times[row];
                if (readings.Count == 0 || readings[^1] != t)
                {
                    readings.Add(t);
                    scores.Add(double.NaN);
                    alarms.Add(false);
                    services.Add(double.NaN);
                }

                if (score.GetValue(row) is { } sc)
                {
                    scores[^1] = sc;
                }

                if (alarm.GetValue(row) is { } al)
                {
                    alarms[^1] = al;
                }

                if (service.GetValue(row) is { } sv)
                {
                    services[^1] = sv;
                }
            }

            result[id] = new PredictionSeries(readings.ToArray(), scores.ToArray(), alarms.ToArray(), services.ToArray());
        }

        return result;
    }

    private static List<DataQualityBatch> ReadDataQuality((string Table, RecordBatch Batch) read)
    {
        (string table, RecordBatch batch) = read;
        StringArray name = Column<StringArray>(table, batch, 0, "string");
        TimestampArray processed = Column<TimestampArray>(table, batch, 1, "timestamp");
        StringArray outcome = Column<StringArray>(table, batch, 2, "string");
        Int64Array rows = Column<Int64Array>(table, batch, 3, "long");
        var batches = new Dictionary<string, (long Processed, long Accepted, SortedDictionary<string, long> Quarantined)>(StringComparer.Ordinal);
        for (int row = 0; row < batch.Length; row++)
        {
            if (name.IsNull(row) || processed.IsNull(row) || outcome.IsNull(row) || rows.IsNull(row))
            {
                throw new SchemaException(FormattableString.Invariant($"{table} has a null value at row {row + 1}; every column of a data-quality table is required."));
            }

            string id = name.GetString(row);
            long at = Microseconds(processed, row);
            (long Processed, long Accepted, SortedDictionary<string, long> Quarantined) entry = batches.TryGetValue(id, out var found)
                ? found
                : (at, 0, new SortedDictionary<string, long>(StringComparer.Ordinal));
            string what = outcome.GetString(row);
            long count = rows.GetValue(row)!.Value;
            if (what == DataQualityTable.AcceptedOutcome)
            {
                entry.Accepted += count;
            }
            else
            {
                entry.Quarantined[what] = entry.Quarantined.GetValueOrDefault(what) + count;
            }

            entry.Processed = Math.Max(entry.Processed, at);
            batches[id] = entry;
        }

        return [.. batches
            .OrderBy(b => b.Value.Processed)
            .ThenBy(b => b.Key, AssetIdComparer.Instance)
            .Select(b => new DataQualityBatch(b.Key, new DateTimeOffset(UnixTime.ToDateTime(b.Value.Processed)), b.Value.Accepted, b.Value.Quarantined))];
    }

    private static async Task<IReadOnlyList<RegisteredModel>> ReadRegistryAsync(string folder, DashboardSources sources, CancellationToken cancellationToken)
    {
        // A report must not leave an empty registry behind a typo.
        if (!StorageLocation.IsObjectStore(folder) && !Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Registry folder '{Path.GetFullPath(folder)}' does not exist.");
        }

        var registry = new ModelRegistry(await FolderTrackingStore.OpenExistingAsync(folder, sources.TableOptions?.Storage, cancellationToken).ConfigureAwait(false));
        var models = new List<RegisteredModel>();
        foreach (string name in await registry.ListModelsAsync(cancellationToken).ConfigureAwait(false))
        {
            models.Add(new RegisteredModel(
                name,
                await registry.ListVersionsAsync(name, cancellationToken).ConfigureAwait(false),
                await registry.GetTransitionsAsync(name, cancellationToken).ConfigureAwait(false)));
        }

        return models;
    }

    private static T Column<T>(string table, RecordBatch batch, int index, string type)
        where T : class, IArrowArray =>
        batch.Column(index) as T
        ?? throw new SchemaException($"Column '{batch.Schema.GetFieldByIndex(index).Name}' of {table} is {batch.Schema.GetFieldByIndex(index).DataType.Name}; the dashboard reads it as {type}.");

    /// <summary>A string column as written by scoring (dictionary-encoded) or by any other writer (plain).</summary>
    private static Func<int, string?> Strings(string table, RecordBatch batch, int index) => batch.Column(index) switch
    {
        StringArray plain => row => plain.IsNull(row) ? null : plain.GetString(row),
        DictionaryArray { Dictionary: StringArray values, Indices: Int32Array indices } => row => indices.GetValue(row) is { } i ? values.GetString(i) : null,
        _ => throw new SchemaException($"Column '{batch.Schema.GetFieldByIndex(index).Name}' of {table} is {batch.Schema.GetFieldByIndex(index).DataType.Name}; the dashboard reads it as string."),
    };

    private static long Microseconds(TimestampArray array, int row) => array.GetValue(row)!.Value;

    private static int FirstAtOrAfter(ReadOnlySpan<long> times, long since)
    {
        int index = times.BinarySearch(since);
        return index >= 0 ? index : ~index;
    }
}
