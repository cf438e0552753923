using System.Text.Json;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>
/// A Delta Lake table in a local directory or in object storage (Azure Blob Storage, ADLS Gen2, Amazon S3): snapshots at any version or time, history, and atomic, idempotent writes
/// (PROTOCOL.md of the delta-io/delta project). Thread-safe; many processes may write one table at once.
/// </summary>
public sealed partial class DeltaTable
{
    private readonly DeltaLog _log;

    private DeltaTable(ObjectStore store, DeltaTableOptions options)
    {
        Path = store.Root;
        Options = options;
        _log = new DeltaLog(store);
    }

    /// <summary>The table's location: its absolute root directory, or its URI in object storage as it was given.</summary>
    public string Path { get; }

    /// <summary>Where the table's bytes live.</summary>
    internal ObjectStore Store => _log.Store;

    /// <summary>The options the table was opened with.</summary>
    public DeltaTableOptions Options { get; }

    /// <summary>Whether the local directory <paramref name="path"/> holds a Delta table (a <c>_delta_log</c> directory with at least one commit or checkpoint).</summary>
    /// <param name="path">The directory; for a table in object storage use <see cref="ExistsAsync"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is an object-store URI.</exception>
    public static bool Exists(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return DeltaLog.Parse(OpenLocal(path, nameof(ExistsAsync)).List(DeltaPaths.LogDirectoryName, recursive: false)).LatestVersion >= 0;
    }

    /// <summary>Whether <paramref name="location"/> holds a Delta table (at least one commit or checkpoint in its <c>_delta_log</c>).</summary>
    /// <param name="location">A local directory or an object-store URI: <c>abfss://container@account.dfs.core.windows.net/path</c>, <c>az://container/path</c>, <c>https://account.blob.core.windows.net/container/path</c>, <c>s3://bucket/path</c>.</param>
    /// <param name="options">The storage credentials (<see cref="DeltaTableOptions.Storage"/>); null for those of the environment.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <exception cref="DeltaStorageException">The store refused the listing: a missing container, wrong credentials, or failures past the retries.</exception>
    public static async Task<bool> ExistsAsync(string location, DeltaTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        options ??= new DeltaTableOptions();
        options.Validate();
        var log = new DeltaLog(StorageLocation.Open(location, options.Storage));
        return (await log.ListForAsync(null, cancellationToken).ConfigureAwait(false)).LatestVersion >= 0;
    }

    /// <summary>Opens an existing table in a local directory.</summary>
    /// <param name="path">The table's root directory; for a table in object storage use <see cref="OpenAsync"/>.</param>
    /// <param name="options">Write options; null for the defaults.</param>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="DeltaProtocolException">The directory holds no Delta table.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is an object-store URI.</exception>
    public static DeltaTable Open(string path, DeltaTableOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new DeltaTableOptions();
        options.Validate();
        LocalObjectStore store = OpenLocal(path, nameof(OpenAsync));
        return DeltaLog.Parse(store.List(DeltaPaths.LogDirectoryName, recursive: false)).LatestVersion >= 0
            ? new DeltaTable(store, options)
            : throw NotATable(store);
    }

    /// <summary>Opens an existing table in a local directory or in object storage.</summary>
    /// <param name="location">A local directory or an object-store URI (see <see cref="ExistsAsync"/>).</param>
    /// <param name="options">Write options and storage credentials; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <exception cref="DirectoryNotFoundException">A local location's directory does not exist.</exception>
    /// <exception cref="DeltaProtocolException">The location holds no Delta table.</exception>
    /// <exception cref="DeltaStorageException">The store refused the listing.</exception>
    public static async Task<DeltaTable> OpenAsync(string location, DeltaTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        options ??= new DeltaTableOptions();
        options.Validate();
        ObjectStore store = StorageLocation.Open(location, options.Storage);
        return await TryOpenAsync(store, options, cancellationToken).ConfigureAwait(false) ?? throw NotATable(store);
    }

    /// <summary>Opens the table at <paramref name="location"/>, or returns null when there is none, with one listing of its log.</summary>
    /// <param name="location">A local directory or an object-store URI (see <see cref="ExistsAsync"/>).</param>
    /// <param name="options">Write options and storage credentials; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <exception cref="DeltaStorageException">The store refused the listing.</exception>
    public static Task<DeltaTable?> TryOpenAsync(string location, DeltaTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        options ??= new DeltaTableOptions();
        options.Validate();
        return TryOpenAsync(StorageLocation.Open(location, options.Storage), options, cancellationToken);
    }

    private static async Task<DeltaTable?> TryOpenAsync(ObjectStore store, DeltaTableOptions options, CancellationToken cancellationToken)
    {
        var table = new DeltaTable(store, options);
        return (await table._log.ListForAsync(null, cancellationToken).ConfigureAwait(false)).LatestVersion >= 0 ? table : null;
    }

    /// <summary>Returns the snapshot at the latest version.</summary>
    /// <param name="cancellationToken">Cancels the log replay.</param>
    /// <exception cref="DeltaProtocolException">The log is corrupt or needs a protocol feature this package does not read.</exception>
    public Task<DeltaSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default) => LoadSnapshotAsync(null, cancellationToken);

    /// <summary>Returns the snapshot at <paramref name="version"/> (time travel by version).</summary>
    /// <param name="version">The version, from the oldest reconstructable one to the latest.</param>
    /// <param name="cancellationToken">Cancels the log replay.</param>
    /// <exception cref="DeltaProtocolException">The version does not exist or cannot be reconstructed, or the log is corrupt.</exception>
    public Task<DeltaSnapshot> GetSnapshotAtVersionAsync(long version, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return LoadSnapshotAsync(version, cancellationToken);
    }

    /// <summary>Returns the snapshot of the latest version committed at or before <paramref name="timestamp"/> (time travel by time).</summary>
    /// <param name="timestamp">The point in time.</param>
    /// <param name="cancellationToken">Cancels the log replay.</param>
    /// <exception cref="DeltaProtocolException">The time is before the first commit.</exception>
    public async Task<DeltaSnapshot> GetSnapshotAtTimeAsync(DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        LogListing listing = await _log.ListAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<(long Version, DateTimeOffset Timestamp)> times = await CommitTimestampsAsync(listing, cancellationToken).ConfigureAwait(false);
        long? version = null;
        foreach ((long v, DateTimeOffset t) in times)
        {
            if (t <= timestamp)
            {
                version = v;
            }
        }

        if (version is null)
        {
            string first = times.Count > 0 ? FormattableString.Invariant($"{times[0].Timestamp:O} (version {times[0].Version})") : "unknown";
            throw new DeltaProtocolException(FormattableString.Invariant($"'{Path}' has no version at or before {timestamp:O}; its earliest commit is at {first}."));
        }

        return await LoadSnapshotAsync(version.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the commits of the table, newest first.</summary>
    /// <param name="limit">The most entries to return; null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<DeltaCommitInfo>> GetHistoryAsync(int? limit = null, CancellationToken cancellationToken = default)
    {
        if (limit is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(limit));
        }

        LogListing listing = await _log.ListAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<(long Version, DateTimeOffset Timestamp)> times = await CommitTimestampsAsync(listing, cancellationToken).ConfigureAwait(false);
        var history = new List<DeltaCommitInfo>();
        foreach ((long version, DateTimeOffset timestamp) in times.Reverse())
        {
            if (history.Count == limit)
            {
                break;
            }

            string? operation = null;
            string? engine = null;
            Dictionary<string, string>? parameters = null;
            foreach (LogAction action in await _log.ReadCommitAsync(listing.Commits[version], version, cancellationToken).ConfigureAwait(false))
            {
                if (action.CommitInfoJson is { } json)
                {
                    using JsonDocument document = JsonDocument.Parse(json);
                    JsonElement root = document.RootElement;
                    operation = root.TryGetProperty("operation", out JsonElement op) && op.ValueKind == JsonValueKind.String ? op.GetString() : null;
                    engine = root.TryGetProperty("engineInfo", out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                    if (root.TryGetProperty("operationParameters", out JsonElement p) && p.ValueKind == JsonValueKind.Object)
                    {
                        parameters = p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.ValueKind == JsonValueKind.String ? x.Value.GetString()! : x.Value.GetRawText(), StringComparer.Ordinal);
                    }
                }
            }

            history.Add(new DeltaCommitInfo(version, timestamp, operation, parameters, engine));
        }

        return history;
    }

    /// <summary>The store of a location that must be a local directory, for the synchronous <see cref="Exists"/> and <see cref="Open"/>.</summary>
    private static LocalObjectStore OpenLocal(string location, string asynchronousMethod) =>
        StorageLocation.Open(location) as LocalObjectStore
            ?? throw new ArgumentException($"'{location}' is in object storage; use DeltaTable.{asynchronousMethod}, which reaches it without blocking.", nameof(location));

    /// <summary>The error of opening a location without a table: the folder missing, for a local table, or no commit in its log.</summary>
    private static Exception NotATable(ObjectStore store) =>
        store is LocalObjectStore && !Directory.Exists(store.Root)
            ? new DirectoryNotFoundException($"Table folder '{store.Root}' does not exist.")
            : new DeltaProtocolException($"'{store.Root}' is not a Delta table: it has no {DeltaPaths.LogDirectoryName}/{DeltaPaths.CommitName(0)} or later commit.");

    private async Task<DeltaSnapshot> LoadSnapshotAsync(long? version, CancellationToken cancellationToken)
    {
        LogListing listing = await _log.ListForAsync(version, cancellationToken).ConfigureAwait(false);
        LogState state = await _log.LoadAsync(listing, version, cancellationToken).ConfigureAwait(false);
        ProtocolSupport.EnsureReadable(state.Protocol!, state.Metadata!, Path, state.Version);
        DateTimeOffset timestamp = listing.Commits.TryGetValue(state.Version, out StoredObject commit)
            ? await _log.CommitTimestampAsync(commit, state.Version, InCommitTimestamps(state.Metadata!), cancellationToken).ConfigureAwait(false)
            : DateTimeOffset.MinValue;
        return new DeltaSnapshot(Store, state, timestamp);
    }

    /// <summary>Commit timestamps in version order, made strictly increasing as Spark does so that time travel is well defined when clocks step back.</summary>
    private async Task<IReadOnlyList<(long Version, DateTimeOffset Timestamp)>> CommitTimestampsAsync(LogListing listing, CancellationToken cancellationToken)
    {
        bool ict = false;
        if (listing.LatestVersion >= 0)
        {
            LogState latest = await _log.LoadAsync(listing, null, cancellationToken).ConfigureAwait(false);
            ict = InCommitTimestamps(latest.Metadata!);
        }

        var result = new List<(long, DateTimeOffset)>(listing.Commits.Count);
        DateTimeOffset previous = DateTimeOffset.MinValue;
        foreach ((long version, StoredObject file) in listing.Commits)
        {
            DateTimeOffset timestamp = await _log.CommitTimestampAsync(file, version, ict, cancellationToken).ConfigureAwait(false);
            if (timestamp <= previous)
            {
                timestamp = previous.AddMilliseconds(1);
            }

            result.Add((version, timestamp));
            previous = timestamp;
        }

        return result;
    }

    private static bool InCommitTimestamps(DeltaMetadata metadata) =>
        metadata.Configuration.TryGetValue("delta.enableInCommitTimestamps", out string? enabled) && enabled == "true";
}
