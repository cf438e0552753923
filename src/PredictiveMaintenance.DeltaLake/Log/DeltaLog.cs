using System.Text.Json;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>The files of a table's <c>_delta_log</c> directory, as listed at one moment.</summary>
internal sealed class LogListing
{
    public SortedDictionary<long, StoredObject> Commits { get; } = [];

    /// <summary>Checkpoint files by version, then by checkpoint identity (a classic or V2 file, or the parts of one multi-part checkpoint).</summary>
    public SortedDictionary<long, List<CheckpointFiles>> Checkpoints { get; } = [];

    public long LatestVersion => Math.Max(Commits.Count > 0 ? Commits.Keys.Last() : -1, Checkpoints.Count > 0 ? Checkpoints.Keys.Last() : -1);
}

/// <summary>One checkpoint: a single file, or all parts of a multi-part checkpoint.</summary>
internal sealed record CheckpointFiles(long Version, int Parts, List<StoredObject> Files, bool IsV2)
{
    public bool IsComplete => Files.Count == Parts;
}

/// <summary>Reconstructs table state from the log (PROTOCOL.md, Action Reconciliation, Checkpoints).</summary>
internal sealed class DeltaLog(ObjectStore store)
{
    public ObjectStore Store { get; } = store;

    public string TableRoot => Store.Root;

    /// <summary>The key of a file in <c>_delta_log</c>.</summary>
    public static string Key(string name) => DeltaPaths.LogDirectoryName + "/" + name;

    /// <summary>Lists the whole log.</summary>
    public async Task<LogListing> ListAsync(CancellationToken cancellationToken) =>
        Parse(await Store.ListAsync(DeltaPaths.LogDirectoryName, recursive: false, cancellationToken).ConfigureAwait(false));

    /// <summary>Lists the commits and checkpoints of <paramref name="firstVersion"/> and later, and nothing older.</summary>
    public async Task<LogListing> ListFromAsync(long firstVersion, CancellationToken cancellationToken) =>
        Parse(await Store.ListAsync(DeltaPaths.LogDirectoryName, recursive: false, Key(DeltaPaths.VersionPrefix(firstVersion)), cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Lists what replaying the log to <paramref name="version"/> (the latest when null) needs. On a remote store,
    /// <c>_last_checkpoint</c> is read first and the listing starts at the checkpoint it names; the whole log is listed when
    /// there is no hint, when the listing from it holds no complete checkpoint at or before the version (a hint that names
    /// a deleted or unfinished checkpoint), or when the version is older than the hint (time travel).
    /// </summary>
    public async Task<LogListing> ListForAsync(long? version, CancellationToken cancellationToken)
    {
        if (!Store.ListingIsRemote || await ReadLastCheckpointVersionAsync(cancellationToken).ConfigureAwait(false) is not { } hint || version < hint)
        {
            return await ListAsync(cancellationToken).ConfigureAwait(false);
        }

        LogListing tail = await ListFromAsync(hint, cancellationToken).ConfigureAwait(false);
        long target = version ?? tail.LatestVersion;
        return tail.Checkpoints.Any(p => p.Key <= target && p.Value.Any(c => c.IsComplete))
            ? tail
            : await ListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The version <c>_last_checkpoint</c> names; null when it is missing or unreadable, for it is only a hint (PROTOCOL.md, Last Checkpoint File).</summary>
    private async Task<long?> ReadLastCheckpointVersionAsync(CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = await Store.ReadAllAsync(Key(DeltaPaths.LastCheckpointName), cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("version", out JsonElement v)
                && v.TryGetInt64(out long parsed)
                && parsed >= 0
                ? parsed
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Sorts the objects of <c>_delta_log</c> into commits and checkpoints, ignoring everything else.</summary>
    public static LogListing Parse(IReadOnlyList<StoredObject> objects)
    {
        var listing = new LogListing();
        var multiPart = new Dictionary<(long, int), CheckpointFiles>();
        foreach (StoredObject file in objects)
        {
            if (DeltaPaths.TryParseCommit(file.Name, out long version))
            {
                listing.Commits[version] = file;
            }
            else if (DeltaPaths.TryParseCheckpoint(file.Name, out version, out int part, out int parts, out bool isV2))
            {
                if (!listing.Checkpoints.TryGetValue(version, out List<CheckpointFiles>? list))
                {
                    listing.Checkpoints[version] = list = [];
                }

                if (parts > 1)
                {
                    if (!multiPart.TryGetValue((version, parts), out CheckpointFiles? checkpoint))
                    {
                        multiPart[(version, parts)] = checkpoint = new CheckpointFiles(version, parts, [], false);
                        list.Add(checkpoint);
                    }

                    if (part >= 1 && part <= parts)
                    {
                        checkpoint.Files.Add(file);
                    }
                }
                else
                {
                    list.Add(new CheckpointFiles(version, 1, [file], isV2));
                }
            }
        }

        foreach (CheckpointFiles checkpoint in multiPart.Values)
        {
            checkpoint.Files.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        }

        return listing;
    }

    /// <summary>Replays the log up to <paramref name="version"/> (the latest when null).</summary>
    public async Task<LogState> LoadAsync(LogListing listing, long? version, CancellationToken cancellationToken)
    {
        long latest = listing.LatestVersion;
        if (latest < 0)
        {
            throw new DeltaProtocolException($"'{TableRoot}' is not a Delta table: {Path.Combine(DeltaPaths.LogDirectoryName, DeltaPaths.CommitName(0))} and every other commit file are missing.");
        }

        long target = version ?? latest;
        if (target < 0 || target > latest)
        {
            throw new DeltaProtocolException(FormattableString.Invariant($"Version {target} of '{TableRoot}' does not exist; the latest version is {latest}."));
        }

        CheckpointFiles? checkpoint = listing.Checkpoints
            .Where(p => p.Key <= target)
            .Reverse()
            .SelectMany(p => p.Value.Where(c => c.IsComplete))
            .FirstOrDefault();
        long start = checkpoint is null ? 0 : checkpoint.Version + 1;
        for (long v = start; v <= target; v++)
        {
            if (!listing.Commits.ContainsKey(v))
            {
                string from = checkpoint is null ? "no checkpoint precedes it" : FormattableString.Invariant($"the newest checkpoint before it is version {checkpoint.Version}");
                throw new DeltaProtocolException(
                    Store.Describe(Key(DeltaPaths.CommitName(v))),
                    v,
                    FormattableString.Invariant($"the commit file is missing, so version {target} cannot be reconstructed ({from}); the log must hold contiguous commits."));
            }
        }

        var state = new LogState(target);
        if (checkpoint is not null)
        {
            foreach (LogAction action in await ReadCheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false))
            {
                state.Apply(action);
            }
        }

        for (long v = start; v <= target; v++)
        {
            List<LogAction> actions = await ReadCommitAsync(listing.Commits[v], v, cancellationToken).ConfigureAwait(false);
            foreach (LogAction action in actions)
            {
                state.Apply(action);
                if (v == target && action.CommitInfoJson is not null)
                {
                    state.CommitInfoJson = action.CommitInfoJson;
                }
            }
        }

        if (state.Protocol is null || state.Metadata is null)
        {
            string missing = state.Protocol is null ? "protocol" : "metaData";
            throw new DeltaProtocolException(
                Store.Describe(Key(DeltaPaths.CommitName(0))),
                target,
                $"no {missing} action was found while replaying the log; every Delta table must have one.");
        }

        state.CheckpointVersion = checkpoint?.Version;
        return state;
    }

    /// <summary>Awaits a request for an object of one table version, naming the version when the store fails it.</summary>
    public static async Task<T> AtVersionAsync<T>(long version, Task<T> request)
    {
        try
        {
            return await request.ConfigureAwait(false);
        }
        catch (StorageException e) when (e is not DeltaStorageException)
        {
            throw new DeltaStorageException(e, version);
        }
    }

    public async Task<List<LogAction>> ReadCommitAsync(StoredObject file, long version, CancellationToken cancellationToken)
    {
        string name = Store.Describe(file.Key);
        byte[] content;
        try
        {
            content = await AtVersionAsync(version, Store.ReadAllAsync(file.Key, cancellationToken)).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            throw new DeltaProtocolException(name, version, "the commit file disappeared while the log was read; it may have been cleaned up.", e);
        }

        if (content.Length == 0)
        {
            throw new DeltaProtocolException(name, version, "the commit file is empty; it is corrupt or truncated.");
        }

        return ActionJson.ParseFile(content, name, version);
    }

    private async Task<List<LogAction>> ReadCheckpointAsync(CheckpointFiles checkpoint, CancellationToken cancellationToken)
    {
        var actions = new List<LogAction>();
        foreach (StoredObject file in checkpoint.Files)
        {
            List<LogAction> part = file.Name.EndsWith(".json", StringComparison.Ordinal)
                ? ActionJson.ParseFile(await AtVersionAsync(checkpoint.Version, Store.ReadAllAsync(file.Key, cancellationToken)).ConfigureAwait(false), Store.Describe(file.Key), checkpoint.Version)
                : await AtVersionAsync(checkpoint.Version, CheckpointReader.ReadParquetAsync(Store, file.Key, checkpoint.Version, cancellationToken)).ConfigureAwait(false);
            actions.AddRange(part);
        }

        // A V2 checkpoint may keep its file actions in sidecar files (PROTOCOL.md, Sidecar Files).
        foreach (string sidecar in actions.Where(a => a.SidecarPath is not null).Select(a => a.SidecarPath!).ToList())
        {
            string key = Key("_sidecars/" + Uri.UnescapeDataString(sidecar));
            try
            {
                actions.AddRange(await CheckpointReader.ReadParquetAsync(Store, key, checkpoint.Version, cancellationToken).ConfigureAwait(false));
            }
            catch (FileNotFoundException e)
            {
                throw new DeltaProtocolException(Store.Describe(key), checkpoint.Version, "the sidecar file that the checkpoint names does not exist.", e);
            }
        }

        return actions;
    }

    /// <summary>The timestamp of a commit: its in-commit timestamp when the table records them, else the file's modification time.</summary>
    public async Task<DateTimeOffset> CommitTimestampAsync(StoredObject file, long version, bool inCommitTimestamps, CancellationToken cancellationToken)
    {
        if (inCommitTimestamps)
        {
            foreach (LogAction action in await ReadCommitAsync(file, version, cancellationToken).ConfigureAwait(false))
            {
                if (action.CommitInfoJson is { } json)
                {
                    using JsonDocument document = JsonDocument.Parse(json);
                    if (document.RootElement.TryGetProperty("inCommitTimestamp", out JsonElement ict) && ict.TryGetInt64(out long ms))
                    {
                        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
                    }
                }
            }
        }

        return file.LastModified;
    }
}

/// <summary>The reconciled state of a table at one version.</summary>
internal sealed class LogState(long version)
{
    public long Version { get; } = version;

    public DeltaProtocol? Protocol { get; private set; }

    public DeltaMetadata? Metadata { get; private set; }

    public Dictionary<string, DeltaAddFile> Files { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DeltaRemoveFile> Tombstones { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DeltaTransaction> Transactions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DeltaDomainMetadata> Domains { get; } = new(StringComparer.Ordinal);

    public string? CommitInfoJson { get; set; }

    public long? CheckpointVersion { get; set; }

    public void Apply(LogAction action)
    {
        if (action.Add is { } add)
        {
            Files[add.Key] = add;
            Tombstones.Remove(add.Key);
        }
        else if (action.Remove is { } remove)
        {
            Files.Remove(remove.Key);
            Tombstones[remove.Key] = remove;
        }
        else if (action.Protocol is { } protocol)
        {
            Protocol = protocol;
        }
        else if (action.Metadata is { } metadata)
        {
            Metadata = metadata;
        }
        else if (action.Transaction is { } txn)
        {
            Transactions[txn.AppId] = txn;
        }
        else if (action.Domain is { } domain)
        {
            if (domain.Removed)
            {
                Domains.Remove(domain.Domain);
            }
            else
            {
                Domains[domain.Domain] = domain;
            }
        }
    }
}
