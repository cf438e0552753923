using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>Writes: create, append, overwrite, delete, checkpoint and vacuum.</summary>
public sealed partial class DeltaTable
{
    private static readonly HashSet<string> FeaturelessProperties = new(StringComparer.Ordinal)
    {
        "delta.appendOnly", "delta.checkpointInterval", "delta.logRetentionDuration", "delta.deletedFileRetentionDuration", "delta.dataSkippingNumIndexedCols",
    };

    private static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    /// <summary>Creates a table: commit 0 with the protocol, the metadata and no data.</summary>
    /// <param name="path">The table's location: a local directory, created if missing, or an object-store URI in an existing container (see <see cref="ExistsAsync"/>).</param>
    /// <param name="schema">The schema; partition columns included.</param>
    /// <param name="createOptions">Partition columns, properties, name and description; null for none.</param>
    /// <param name="options">Write options of the returned table; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The new table, at version 0.</returns>
    /// <exception cref="DeltaProtocolException">A table already exists at the path, or a property needs a table feature this writer does not implement.</exception>
    /// <exception cref="SchemaException">A partition column is missing from the schema or is not of a primitive type.</exception>
    /// <remarks>
    /// The protocol is the lowest that the schema needs: reader 1 and writer 2, or reader 3 and writer 7 with the
    /// <c>timestampNtz</c> feature when a column is <c>timestamp_ntz</c>, so that Spark, Databricks and delta-rs read the table.
    /// </remarks>
    public static async Task<DeltaTable> CreateAsync(string path, DeltaStructType schema, DeltaCreateOptions? createOptions = null, DeltaTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= new DeltaTableOptions();
        options.Validate();
        ObjectStore store = StorageLocation.Open(path, options.Storage);
        return await TryCreateAsync(store, schema, createOptions ?? new DeltaCreateOptions(), options, cancellationToken).ConfigureAwait(false)
            ?? throw new DeltaProtocolException(store.Describe(DeltaLog.Key(DeltaPaths.CommitName(0))), 0, "a table already exists at this path.");
    }

    /// <summary>
    /// Opens the table at <paramref name="location"/>, or creates it as <see cref="CreateAsync(string, DeltaStructType, DeltaCreateOptions?, DeltaTableOptions?, CancellationToken)"/>
    /// does when there is none. When other writers create it at the same moment, exactly one creation wins and every
    /// caller gets that table.
    /// </summary>
    /// <param name="location">A local directory, created if missing, or an object-store URI in an existing container (see <see cref="ExistsAsync"/>).</param>
    /// <param name="schema">The schema of a new table.</param>
    /// <param name="createOptions">How a new table is created; null for the defaults.</param>
    /// <param name="options">Write options and storage credentials; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the listing and the creation.</param>
    /// <remarks>
    /// An existing table is opened as it is: <paramref name="schema"/> and <paramref name="createOptions"/> are not
    /// compared with it, and each write checks its data against the table.
    /// </remarks>
    /// <exception cref="DeltaProtocolException">A property needs a table feature this writer does not implement.</exception>
    /// <exception cref="SchemaException">A partition column is missing from the schema or is not of a primitive type.</exception>
    /// <exception cref="DeltaStorageException">The store refused the listing or the commit.</exception>
    public static async Task<DeltaTable> OpenOrCreateAsync(
        string location, DeltaStructType schema, DeltaCreateOptions? createOptions = null, DeltaTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= new DeltaTableOptions();
        options.Validate();
        ObjectStore store = StorageLocation.Open(location, options.Storage);

        // Losing the race for commit 0 means another writer created the table, which is then the one to open.
        return await TryOpenAsync(store, options, cancellationToken).ConfigureAwait(false)
            ?? await TryCreateAsync(store, schema, createOptions ?? new DeltaCreateOptions(), options, cancellationToken).ConfigureAwait(false)
            ?? new DeltaTable(store, options);
    }

    /// <summary>Publishes commit 0 of a new table; null when a table already exists there.</summary>
    private static async Task<DeltaTable?> TryCreateAsync(ObjectStore store, DeltaStructType schema, DeltaCreateOptions createOptions, DeltaTableOptions options, CancellationToken cancellationToken)
    {
        foreach (string column in createOptions.PartitionColumns)
        {
            DeltaStructField field = schema.FindField(column)
                ?? throw new SchemaException($"Partition column '{column}' is not in the schema ({string.Join(", ", schema.Fields.Select(f => f.Name))}).");
            if (field.Type is not (DeltaPrimitiveType or DeltaDecimalType))
            {
                throw new SchemaException($"Partition column '{column}' has type {field.Type}; partition columns must be of a primitive type.");
            }
        }

        CheckProperties(createOptions.Properties.Keys);
        bool ntz = UsesTimestampNtz(schema);
        DeltaProtocol protocol = ntz ? new DeltaProtocol(3, 7, ["timestampNtz"], ["timestampNtz"]) : DeltaProtocol.Default;
        long now = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var metadata = new DeltaMetadata(
            Guid.NewGuid().ToString(),
            createOptions.Name,
            createOptions.Description,
            "parquet",
            new Dictionary<string, string>(),
            schema.ToJson(),
            [.. createOptions.PartitionColumns],
            new Dictionary<string, string>(createOptions.Properties, StringComparer.Ordinal),
            now);
        var table = new DeltaTable(store, options);
        string commitInfo = table.CommitInfo(now, "CREATE TABLE", w =>
        {
            w.WriteString("isManaged", "false");
            w.WriteString("partitionBy", JsonSerializer.Serialize(createOptions.PartitionColumns));
        }, isBlindAppend: true);
        byte[] content = ActionJson.Format([new LogAction { CommitInfoJson = commitInfo }, new LogAction { Protocol = protocol }, new LogAction { Metadata = metadata }]);
        return await DeltaLog.AtVersionAsync(0, store.PutIfAbsentAsync(DeltaLog.Key(DeltaPaths.CommitName(0)), content, options.TimeProvider.GetUtcNow(), cancellationToken)).ConfigureAwait(false)
            ? table
            : null;
    }

    /// <summary>Appends the rows of <paramref name="data"/> as one commit (a blind append, which never conflicts with concurrent writers).</summary>
    /// <param name="data">The rows; its columns are matched to the table's by name.</param>
    /// <param name="writeOptions">Idempotency and schema evolution; null for none.</param>
    /// <param name="cancellationToken">Cancels the write; data files already written stay unreferenced until vacuum.</param>
    /// <exception cref="SchemaException">The data's columns do not match the table's (the message names the column and both types).</exception>
    /// <exception cref="DeltaConcurrencyException">The commit kept losing races past <see cref="DeltaTableOptions.MaxCommitRetries"/>, or a concurrent commit changed the schema.</exception>
    public Task<DeltaCommitResult> AppendAsync(RecordBatch data, DeltaWriteOptions? writeOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return WriteAsync(data, overwrite: false, predicate: null, writeOptions ?? new DeltaWriteOptions(), cancellationToken);
    }

    /// <summary>Replaces the rows of the table, or of the partitions that match <paramref name="partitionPredicate"/>, with the rows of <paramref name="data"/>.</summary>
    /// <param name="data">The new rows; with a predicate, every row must fall in a partition that matches it.</param>
    /// <param name="partitionPredicate">A predicate over partition columns only; null replaces the whole table.</param>
    /// <param name="writeOptions">Idempotency and schema evolution; null for none.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="SchemaException">The data's columns do not match, the predicate reads a non-partition column, or a row falls outside it.</exception>
    /// <exception cref="DeltaConcurrencyException">A concurrent commit wrote to or removed files from the replaced partitions.</exception>
    /// <exception cref="DeltaProtocolException">The table is append-only (<c>delta.appendOnly</c>).</exception>
    public Task<DeltaCommitResult> OverwriteAsync(RecordBatch data, DeltaPredicate? partitionPredicate = null, DeltaWriteOptions? writeOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return WriteAsync(data, overwrite: true, partitionPredicate, writeOptions ?? new DeltaWriteOptions(), cancellationToken);
    }

    /// <summary>Deletes the rows of the partitions that match <paramref name="partitionPredicate"/>, by removing their files.</summary>
    /// <param name="partitionPredicate">A predicate over partition columns only.</param>
    /// <param name="writeOptions">Idempotency; null for none.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>The commit; nothing is committed when no file matches (the result's version is the snapshot's, with no file removed).</returns>
    /// <exception cref="SchemaException">The predicate reads a non-partition column (row-level deletes are not supported).</exception>
    /// <exception cref="DeltaConcurrencyException">A concurrent commit wrote to or removed files from the matching partitions.</exception>
    public Task<DeltaCommitResult> DeleteAsync(DeltaPredicate partitionPredicate, DeltaWriteOptions? writeOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partitionPredicate);
        return WriteAsync(null, overwrite: true, partitionPredicate, writeOptions ?? new DeltaWriteOptions(), cancellationToken);
    }

    /// <summary>Writes a checkpoint of the latest version and points <c>_last_checkpoint</c> at it.</summary>
    /// <param name="cancellationToken">Cancels the checkpoint.</param>
    /// <returns>The version checkpointed.</returns>
    public async Task<long> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        LogState state = await _log.LoadAsync(await _log.ListForAsync(null, cancellationToken).ConfigureAwait(false), null, cancellationToken).ConfigureAwait(false);
        ProtocolSupport.EnsureWritable(state.Protocol!, state.Metadata!, Path, state.Version);
        await WriteCheckpointAsync(state, cancellationToken).ConfigureAwait(false);
        return state.Version;
    }

    /// <summary>
    /// Finds, and unless <paramref name="dryRun"/> deletes, the data files that the latest version does not reference and that
    /// are older than <paramref name="retention"/>: files of removed versions and orphans of writers that died before committing.
    /// </summary>
    /// <param name="retention">How long unreferenced files are kept, so that readers of older versions and writers in flight still find them; null for the table's <c>delta.deletedFileRetentionDuration</c> or 7 days.</param>
    /// <param name="dryRun">Only list the files; default true.</param>
    /// <param name="cancellationToken">Cancels the vacuum.</param>
    /// <remarks>Time travel to versions whose files are deleted fails afterwards. Directories and files whose names start with <c>_</c> or <c>.</c> are never touched (<c>_delta_log</c> among them), except Hive partition directories such as <c>_p=1</c>.</remarks>
    public async Task<DeltaVacuumResult> VacuumAsync(TimeSpan? retention = null, bool dryRun = true, CancellationToken cancellationToken = default)
    {
        if (retention is { } r)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(r, TimeSpan.Zero, nameof(retention));
        }

        DeltaSnapshot snapshot = await GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        ProtocolSupport.EnsureWritable(snapshot.Protocol, snapshot.Metadata, Path, snapshot.Version);
        TimeSpan keep = retention ?? ParseInterval(snapshot.Metadata.Configuration.GetValueOrDefault("delta.deletedFileRetentionDuration")) ?? DefaultRetention;
        DateTimeOffset cutoff = Options.TimeProvider.GetUtcNow() - keep;
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (DeltaAddFile file in snapshot.Files)
        {
            referenced.Add(Store.Describe(DeltaPaths.ToKey(file.Path)));
            if (file.DeletionVector is { StorageType: "u" } dv)
            {
                referenced.Add(Store.Describe(DeletionVectorReader.Key(dv.PathOrInlineDv)));
            }
        }

        foreach (DeltaRemoveFile removed in snapshot.State.Tombstones.Values)
        {
            if ((removed.DeletionTimestamp ?? long.MaxValue) > cutoff.ToUnixTimeMilliseconds())
            {
                referenced.Add(Store.Describe(DeltaPaths.ToKey(removed.Path)));
            }
        }

        List<StoredObject> deletable = [.. (await Store.ListAsync("", recursive: true, cancellationToken).ConfigureAwait(false))
            .Where(o => IsDataKey(o.Key) && !referenced.Contains(Store.Describe(o.Key)) && o.LastModified < cutoff)];
        if (!dryRun)
        {
            foreach (StoredObject file in deletable)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Store.DeleteAsync(file.Key, cancellationToken).ConfigureAwait(false);
            }
        }

        return new DeltaVacuumResult([.. deletable.Select(d => d.Key)], deletable.Sum(d => d.Length), dryRun);
    }

    /// <summary>Whether vacuum may delete the object: no segment of its key is hidden (starts with <c>_</c> or <c>.</c>), except Hive partition directories such as <c>_p=1</c>.</summary>
    private static bool IsDataKey(string key)
    {
        string[] segments = key.Split('/');
        return !IsHidden(segments[^1]) && segments[..^1].All(d => !IsHidden(d) || d.Contains('=', StringComparison.Ordinal));
    }

    /// <summary>Refuses <c>delta.*</c> table properties that need a table feature this writer does not implement.</summary>
    internal static void CheckProperties(IEnumerable<string> keys)
    {
        foreach (string key in keys)
        {
            if (key.StartsWith("delta.", StringComparison.Ordinal) && !FeaturelessProperties.Contains(key))
            {
                throw new DeltaProtocolException($"Table property '{key}' needs a table feature this writer does not implement; supported delta.* properties are {string.Join(", ", FeaturelessProperties.Order(StringComparer.Ordinal))}.");
            }
        }
    }

    private static bool IsHidden(string name) => name.StartsWith('_') || name.StartsWith('.');

    /// <summary>Writes based on the options' read snapshot (the latest when none), recording their table properties in the same commit.</summary>
    private async Task<DeltaCommitResult> WriteAsync(RecordBatch? data, bool overwrite, DeltaPredicate? predicate, DeltaWriteOptions writeOptions, CancellationToken cancellationToken)
    {
        writeOptions.Validate();
        DeltaSnapshot snapshot = writeOptions.ReadSnapshot ?? await GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.TableRoot != Path)
        {
            throw new ArgumentException($"The read snapshot is of '{snapshot.TableRoot}', not of '{Path}'.", nameof(writeOptions));
        }

        ProtocolSupport.EnsureWritable(snapshot.Protocol, snapshot.Metadata, Path, snapshot.Version);
        if (writeOptions.ApplicationId is { } appId && snapshot.Transactions.TryGetValue(appId, out long recorded) && recorded >= writeOptions.ApplicationVersion!.Value)
        {
            return new DeltaCommitResult(null, 0, 0, 0, 0);
        }

        if (overwrite && snapshot.Metadata.Configuration.GetValueOrDefault("delta.appendOnly") == "true")
        {
            throw new DeltaProtocolException(FormattableString.Invariant($"Cannot overwrite or delete in '{Path}' at version {snapshot.Version}: the table is append-only (delta.appendOnly = true)."));
        }

        if (predicate is not null)
        {
            string? other = predicate.Columns.FirstOrDefault(c => !snapshot.PartitionColumns.Contains(c));
            if (other is not null)
            {
                throw new SchemaException($"The predicate {predicate} reads column '{other}', which is not a partition column of '{Path}' (partition columns: {string.Join(", ", snapshot.PartitionColumns)}); overwrite and delete select whole partitions.");
            }
        }

        long now = Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        DeltaMetadata? newMetadata = null;
        var adds = new List<DeltaAddFile>();
        long rows = 0;
        if (data is not null)
        {
            (DeltaStructType schema, List<ColumnValues> columns) = DataWriter.Resolve(data, snapshot.Schema, writeOptions.MergeSchema, Path);
            if (!ReferenceEquals(schema, snapshot.Schema))
            {
                newMetadata = snapshot.Metadata with { SchemaString = schema.ToJson() };
            }

            adds = await DataWriter.WriteFilesAsync(this, schema, snapshot.PartitionColumns, columns, data.Length, predicate, now, cancellationToken).ConfigureAwait(false);
            rows = data.Length;
        }

        if (writeOptions.TableProperties?.Any(p => snapshot.Metadata.Configuration.GetValueOrDefault(p.Key) != p.Value) == true)
        {
            var configuration = new Dictionary<string, string>(snapshot.Metadata.Configuration, StringComparer.Ordinal);
            foreach ((string key, string value) in writeOptions.TableProperties)
            {
                configuration[key] = value;
            }

            newMetadata = (newMetadata ?? snapshot.Metadata) with { Configuration = configuration };
        }

        List<DeltaAddFile> removed = !overwrite
            ? []
            : predicate is null
                ? [.. snapshot.Files]
                : [.. snapshot.Files.Where(f => predicate.MatchesPartition(c => PartitionFacts(snapshot, f, c)))];
        if (data is null && removed.Count == 0)
        {
            return new DeltaCommitResult(snapshot.Version, 0, 0, 0, 0);
        }

        var actions = new List<LogAction>();
        string operation = data is null ? "DELETE" : "WRITE";
        actions.Add(new LogAction
        {
            CommitInfoJson = CommitInfo(now, operation, w =>
            {
                if (data is not null)
                {
                    w.WriteString("mode", overwrite ? "Overwrite" : "Append");
                    w.WriteString("partitionBy", JsonSerializer.Serialize(snapshot.PartitionColumns));
                }

                if (predicate is not null)
                {
                    w.WriteString("predicate", JsonSerializer.Serialize(new[] { predicate.ToString() }));
                }
            }, isBlindAppend: !overwrite),
        });
        if (newMetadata is not null)
        {
            actions.Add(new LogAction { Metadata = newMetadata });
        }

        if (writeOptions.ApplicationId is not null)
        {
            actions.Add(new LogAction { Transaction = new DeltaTransaction(writeOptions.ApplicationId, writeOptions.ApplicationVersion!.Value, now) });
        }

        actions.AddRange(removed.Select(f => new LogAction
        {
            Remove = new DeltaRemoveFile(f.Path, now, true, true, f.PartitionValues, f.Size, f.DeletionVector),
        }));
        actions.AddRange(adds.Select(a => new LogAction { Add = a }));
        var scope = new CommitScope(newMetadata is not null, writeOptions.ApplicationId, overwrite, predicate, [.. removed.Select(f => f.Path)]);
        (long version, int retries) = await CommitAsync(snapshot, actions, scope, cancellationToken).ConfigureAwait(false);
        return new DeltaCommitResult(version, adds.Count, removed.Count, rows, retries);
    }

    private static (DeltaType Type, object? Value) PartitionFacts(DeltaSnapshot snapshot, DeltaAddFile file, string column)
    {
        DeltaStructField field = snapshot.Schema.FindField(column)!;
        return (field.Type, DeltaSnapshot.PartitionValue(file, field));
    }

    /// <summary>
    /// Commits the actions as the version after the snapshot's; after a lost race, checks the winning commits for conflicts
    /// and retries as the next free version (PROTOCOL.md, Creation of New Log Entries).
    /// </summary>
    private async Task<(long Version, int Retries)> CommitAsync(DeltaSnapshot snapshot, List<LogAction> actions, CommitScope scope, CancellationToken cancellationToken)
    {
        byte[] content = ActionJson.Format(actions);
        long version = snapshot.Version + 1;
        for (int attempt = 0; ; attempt++)
        {
            if (await DeltaLog.AtVersionAsync(version, Store.PutIfAbsentAsync(DeltaLog.Key(DeltaPaths.CommitName(version)), content, Options.TimeProvider.GetUtcNow(), cancellationToken)).ConfigureAwait(false))
            {
                await MaybeCheckpointAsync(version, snapshot.Metadata, cancellationToken).ConfigureAwait(false);
                return (version, attempt);
            }

            if (attempt >= Options.MaxCommitRetries)
            {
                throw new DeltaConcurrencyException(FormattableString.Invariant(
                    $"The commit based on version {snapshot.Version} of '{Path}' lost the race for a version {attempt + 1} times (last tried version {version}); giving up after {Options.MaxCommitRetries} retries."));
            }

            // The versions from the one lost on are all this commit must check against.
            LogListing listing = await _log.ListFromAsync(version, cancellationToken).ConfigureAwait(false);
            long latest = listing.LatestVersion;
            for (long winner = version; winner <= latest; winner++)
            {
                if (!listing.Commits.TryGetValue(winner, out StoredObject file))
                {
                    continue;
                }

                List<LogAction> winning = await _log.ReadCommitAsync(file, winner, cancellationToken).ConfigureAwait(false);
                if (scope.ConflictWith(winning, snapshot) is { } reason)
                {
                    throw new DeltaConcurrencyException(snapshot.Version, winner, reason);
                }
            }

            version = latest + 1;
        }
    }

    private async Task MaybeCheckpointAsync(long version, DeltaMetadata metadata, CancellationToken cancellationToken)
    {
        int interval = int.TryParse(metadata.Configuration.GetValueOrDefault("delta.checkpointInterval"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int configured) && configured > 0
            ? configured
            : Options.CheckpointInterval;
        if (version % interval != 0)
        {
            return;
        }

        LogState state = await _log.LoadAsync(await _log.ListForAsync(version, cancellationToken).ConfigureAwait(false), version, cancellationToken).ConfigureAwait(false);
        await WriteCheckpointAsync(state, cancellationToken).ConfigureAwait(false);
    }

    private Task WriteCheckpointAsync(LogState state, CancellationToken cancellationToken)
    {
        TimeSpan retention = ParseInterval(state.Metadata!.Configuration.GetValueOrDefault("delta.deletedFileRetentionDuration")) ?? DefaultRetention;
        long cutoff = (Options.TimeProvider.GetUtcNow() - retention).ToUnixTimeMilliseconds();
        return CheckpointWriter.WriteAsync(Store, state, cutoff, cancellationToken);
    }

    private string CommitInfo(long timestamp, string operation, Action<Utf8JsonWriter> parameters, bool isBlindAppend) =>
        ActionJson.FormatObject(w =>
        {
            w.WriteNumber("timestamp", timestamp);
            w.WriteString("operation", operation);
            w.WriteStartObject("operationParameters");
            parameters(w);
            w.WriteEndObject();
            w.WriteBoolean("isBlindAppend", isBlindAppend);
            w.WriteString("engineInfo", Options.EngineInfo);
        });

    internal string NewFileName() => $"part-00000-{Options.FileIdGenerator():D}-c000.snappy.parquet";

    /// <summary>Parses the protocol's interval strings such as <c>interval 7 days</c> (CalendarInterval syntax, days and hours only).</summary>
    private static TimeSpan? ParseInterval(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int start = parts[0].Equals("interval", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        if (parts.Length - start != 2 || !double.TryParse(parts[start], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount))
        {
            return null;
        }

        return parts[start + 1].TrimEnd('s').ToLowerInvariant() switch
        {
            "week" => TimeSpan.FromDays(7 * amount),
            "day" => TimeSpan.FromDays(amount),
            "hour" => TimeSpan.FromHours(amount),
            "minute" => TimeSpan.FromMinutes(amount),
            "second" => TimeSpan.FromSeconds(amount),
            _ => null,
        };
    }

    private static bool UsesTimestampNtz(DeltaType type) => type switch
    {
        DeltaPrimitiveType p => p == DeltaPrimitiveType.TimestampNtz,
        DeltaArrayType a => UsesTimestampNtz(a.ElementType),
        DeltaMapType m => UsesTimestampNtz(m.KeyType) || UsesTimestampNtz(m.ValueType),
        DeltaStructType s => s.Fields.Any(f => UsesTimestampNtz(f.Type)),
        _ => false,
    };
}

/// <summary>What a commit read and changed, to decide whether a concurrent winning commit conflicts with it.</summary>
internal sealed record CommitScope(bool ChangesMetadata, string? ApplicationId, bool ReadsPartitions, DeltaPredicate? Predicate, HashSet<string> RemovedPaths)
{
    /// <summary>Returns why a winning commit conflicts, or null: blind appends conflict only with metadata changes and their own application id.</summary>
    public string? ConflictWith(List<LogAction> winning, DeltaSnapshot snapshot)
    {
        foreach (LogAction action in winning)
        {
            if (action.Metadata is not null || action.Protocol is not null)
            {
                return "it changed the table's metadata or protocol.";
            }

            if (action.Transaction is { } txn && txn.AppId == ApplicationId)
            {
                return $"it committed a transaction of the same application id '{ApplicationId}' (version {txn.Version}).";
            }

            if (ChangesMetadata && (action.Add is not null || action.Remove is not null))
            {
                return "this commit changes the schema and the other one changed data.";
            }

            if (action.Remove is { } remove && RemovedPaths.Contains(remove.Path))
            {
                return $"it removed the file '{remove.Path}', which this commit removes too.";
            }

            if (ReadsPartitions && action.Add is { DataChange: true } add)
            {
                if (Predicate is null)
                {
                    return $"it added the file '{add.Path}' to the table that this commit replaces.";
                }

                bool matches = Predicate.MatchesPartition(c =>
                {
                    DeltaStructField field = snapshot.Schema.FindField(c)!;
                    return (field.Type, DeltaSnapshot.PartitionValue(add, field));
                });
                if (matches)
                {
                    return $"it added the file '{add.Path}' to a partition matching {Predicate}, which this commit replaces.";
                }
            }
        }

        return null;
    }
}
