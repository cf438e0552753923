using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Tracking;

/// <summary>
/// The embedded tracking store: a folder of JSON documents that people can read, on local disk or under a prefix of an
/// Azure container or S3 bucket, which several processes (on several machines, in object storage) can write at once.
/// See docs/tracking.md for the layout.
/// </summary>
/// <remarks>
/// Every JSON document is replaced whole (a temporary file renamed over the old one on disk; one Put Blob or PutObject
/// in object storage), so a reader never sees a torn document. Metric histories and stage transitions are JSON-lines
/// documents; a line cut short by a crash (of an earlier release, which appended in place) is not a value and is
/// skipped. Read-modify-write sections (a run's update and metrics, a model's version numbering and stage changes, an
/// experiment's creation) hold the lease on the <c>.lock</c> object of the folder they change
/// (<see cref="ObjectStore.AcquireLeaseAsync"/>), waiting up to 60 s for another writer, and check that it is still
/// held before each write, so concurrent writers lose no update.
/// </remarks>
public sealed class FolderTrackingStore : ITrackingStore
{
    private const string StoreFile = "tracking-store.json";
    private const string StoreFormat = "predictive-maintenance-tracking";
    private const int StoreVersion = 1;
    private const string LockName = ".lock";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly JsonSerializerOptions JsonLine = new(Json) { WriteIndented = false };

    private readonly ObjectStore _store;

    private FolderTrackingStore(ObjectStore store) => _store = store;

    /// <summary>The store's folder: a full path, or the location's URI in object storage.</summary>
    public string Root => _store.Root;

    /// <inheritdoc/>
    /// <remarks>The same as <see cref="Root"/>.</remarks>
    public string Location => _store.Root;

    /// <summary>Opens the store in a local folder, creating it (and its marker file) when the folder is empty or missing.</summary>
    /// <param name="folder">The folder; for a store in object storage use <see cref="OpenAsync"/>.</param>
    /// <exception cref="InvalidOperationException">The folder holds something that is not a tracking store, or a newer one.</exception>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is an object-store URI.</exception>
    public static FolderTrackingStore Open(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (StorageLocation.IsObjectStore(folder))
        {
            throw new ArgumentException($"'{folder}' is in object storage; use FolderTrackingStore.OpenAsync, which reaches it without blocking.", nameof(folder));
        }

        // Local requests complete without waiting on anything but the disk.
        return OpenAsync(folder).GetAwaiter().GetResult();
    }

    /// <summary>Opens the store in a local folder or under an object-store location, creating its marker when the place is empty.</summary>
    /// <param name="location">A local folder or an object-store URI (<see cref="StorageLocation.SupportedForms"/>).</param>
    /// <param name="options">Credentials, retries and the lease duration for object storage; the environment's when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="InvalidOperationException">The place holds something that is not a tracking store, or a newer one.</exception>
    /// <exception cref="StorageException">The object store refused a request.</exception>
    public static Task<FolderTrackingStore> OpenAsync(string location, StorageOptions? options = null, CancellationToken cancellationToken = default) =>
        OpenCoreAsync(location, options, create: true, cancellationToken);

    /// <summary>Opens a store that exists, creating nothing: for readers (a report, a listing) that must not leave an empty store behind a mistyped location.</summary>
    /// <param name="location">A local folder or an object-store URI (<see cref="StorageLocation.SupportedForms"/>).</param>
    /// <param name="options">Credentials and retries for object storage; the environment's when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="InvalidOperationException">The place holds no tracking store (no marker), something else, or a newer store.</exception>
    /// <exception cref="StorageException">The object store refused a request.</exception>
    public static Task<FolderTrackingStore> OpenExistingAsync(string location, StorageOptions? options = null, CancellationToken cancellationToken = default) =>
        OpenCoreAsync(location, options, create: false, cancellationToken);

    private static async Task<FolderTrackingStore> OpenCoreAsync(string location, StorageOptions? options, bool create, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        ObjectStore store = StorageLocation.Open(location, options);
        var tracking = new FolderTrackingStore(store);
        string marker = store.Describe(StoreFile);
        if (await tracking.TryReadJsonAsync<StoreMarker>(StoreFile, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            if (!create)
            {
                throw new InvalidOperationException($"{store.Root} holds no tracking store: there is no {marker}.");
            }

            IReadOnlyList<StoredObject> present = await store.ListAsync("", recursive: true, cancellationToken).ConfigureAwait(false);
            if (present.Any(o => o.Name != LockName) || (await store.ListDirectoriesAsync("", cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                throw new InvalidOperationException($"{store.Root} is not empty and is not a tracking store (it has no {StoreFile}).");
            }

            await store.PutIfAbsentAsync(StoreFile, JsonSerializer.SerializeToUtf8Bytes(new StoreMarker(StoreFormat, StoreVersion), Json), null, cancellationToken).ConfigureAwait(false);
            found = await tracking.ReadJsonAsync<StoreMarker>(StoreFile, cancellationToken).ConfigureAwait(false);
        }

        if (found.Format != StoreFormat || found.Version > StoreVersion)
        {
            throw new InvalidOperationException($"{marker} describes a '{found.Format}' store of version {found.Version}; this package reads '{StoreFormat}' up to version {StoreVersion}.");
        }

        return tracking;
    }

    /// <inheritdoc/>
    public async Task<Experiment> GetOrCreateExperimentAsync(string name, DateTimeOffset created, CancellationToken cancellationToken = default)
    {
        // Experiment names live in experiment.json, not in paths, so any text will do.
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (await FindExperimentAsync(name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        ObjectLease held = await LockAsync("experiments", cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            // Checked again under the lock: another process may have created it meanwhile.
            IReadOnlyList<Experiment> all = await ReadExperimentsAsync(cancellationToken).ConfigureAwait(false);
            if (all.FirstOrDefault(e => e.Name == name) is { } raced)
            {
                return raced;
            }

            int id = all.Count == 0 ? 1 : all.Max(e => int.Parse(e.Id, CultureInfo.InvariantCulture)) + 1;
            var experiment = new Experiment(id.ToString(CultureInfo.InvariantCulture), name, created);
            held.ThrowIfLost();
            await WriteJsonAsync(ExperimentKey(experiment.Id) + "/experiment.json", experiment, cancellationToken).ConfigureAwait(false);
            return experiment;
        }
    }

    /// <inheritdoc/>
    public async Task<Experiment?> FindExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return (await ReadExperimentsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.Name == name);
    }

    /// <inheritdoc/>
    public async Task CreateRunAsync(Run run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        CheckId(run.Id);
        await RequireExperimentAsync(run.ExperimentId, cancellationToken).ConfigureAwait(false);
        string key = ExperimentKey(run.ExperimentId) + "/runs/" + run.Id + "/run.json";
        if (!await _store.PutIfAbsentAsync(key, JsonSerializer.SerializeToUtf8Bytes(run, Json), null, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Run {run.Id} already exists.");
        }
    }

    /// <inheritdoc/>
    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        await ReadJsonAsync<Run>(await RunKeyAsync(runId, cancellationToken).ConfigureAwait(false) + "/run.json", cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<Run> UpdateRunAsync(string runId, Func<Run, Run> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        string folder = await RunKeyAsync(runId, cancellationToken).ConfigureAwait(false);
        ObjectLease held = await LockAsync(folder, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            string key = folder + "/run.json";
            Run current = await ReadJsonAsync<Run>(key, cancellationToken).ConfigureAwait(false);
            Run updated = update(current);
            if (updated.Id != current.Id || updated.ExperimentId != current.ExperimentId)
            {
                throw new InvalidOperationException("An update cannot change a run's id or experiment.");
            }

            held.ThrowIfLost();
            await WriteJsonAsync(key, updated, cancellationToken).ConfigureAwait(false);
            return updated;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Run>> ListRunsAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        await RequireExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false);
        string runs = ExperimentKey(experimentId) + "/runs";
        var found = new List<Run>();
        foreach (string id in await _store.ListDirectoriesAsync(runs, cancellationToken).ConfigureAwait(false))
        {
            if (await TryReadJsonAsync<Run>(runs + "/" + id + "/run.json", cancellationToken).ConfigureAwait(false) is { } run)
            {
                found.Add(run);
            }
        }

        return found;
    }

    /// <inheritdoc/>
    public async Task AppendMetricsAsync(string runId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        string folder = await RunKeyAsync(runId, cancellationToken).ConfigureAwait(false);
        ObjectLease held = await LockAsync(folder, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            held.ThrowIfLost();
            await AppendJsonLinesAsync(folder + "/metrics.jsonl", points, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<MetricPoint>> GetMetricsAsync(string runId, CancellationToken cancellationToken = default) =>
        await ReadJsonLinesAsync<MetricPoint>(await RunKeyAsync(runId, cancellationToken).ConfigureAwait(false) + "/metrics.jsonl", cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task LogArtifactAsync(string runId, string sourcePath, string artifactPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        string artifacts = await RunKeyAsync(runId, cancellationToken).ConfigureAwait(false) + "/artifacts";
        string target = KeyInside(artifacts, artifactPath, "artifact path");
        if (File.Exists(sourcePath))
        {
            await CopyFileAsync(sourcePath, target, cancellationToken).ConfigureAwait(false);
        }
        else if (Directory.Exists(sourcePath))
        {
            RefuseLink(new DirectoryInfo(sourcePath));
            foreach (string file in Directory.EnumerateFiles(sourcePath, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(sourcePath, file);
                await CopyFileAsync(file, KeyInside(artifacts, Path.Combine(artifactPath, relative).Replace('\\', '/'), "artifact path"), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            throw new FileNotFoundException($"There is no file or folder {sourcePath} to log as an artifact.", sourcePath);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListArtifactsAsync(string runId, CancellationToken cancellationToken = default)
    {
        string artifacts = await RunKeyAsync(runId, cancellationToken).ConfigureAwait(false) + "/artifacts";
        return [.. (await _store.ListAsync(artifacts, recursive: true, cancellationToken).ConfigureAwait(false))
            .Where(o => !o.Name.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(o => o.Key[(artifacts.Length + 1)..])
            .Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public async Task<ModelVersion> CreateModelVersionAsync(string modelName, string artifactPath, NewModelVersion info, DateTimeOffset created, CancellationToken cancellationToken = default)
    {
        CheckName(modelName, nameof(modelName));
        ArgumentNullException.ThrowIfNull(info);
        if (!File.Exists(artifactPath))
        {
            throw new FileNotFoundException($"There is no artifact file {artifactPath} to register.", artifactPath);
        }

        string model = ModelKey(modelName);
        ObjectLease held = await LockAsync(model, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            // Numbers come from every version folder, complete or not, so a number is never given twice.
            int number = (await _store.ListDirectoriesAsync(model + "/versions", cancellationToken).ConfigureAwait(false))
                .Select(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0)
                .DefaultIfEmpty(0).Max() + 1;
            string folder = model + "/versions/" + number.ToString(CultureInfo.InvariantCulture);
            string fileName = Path.GetFileName(artifactPath);
            CheckFileName(fileName);
            string sha256 = await CopyFileAsync(artifactPath, folder + "/" + fileName, cancellationToken).ConfigureAwait(false);
            var version = new ModelVersion(
                modelName,
                number,
                ModelStage.None,
                created,
                info.RunId,
                fileName,
                sha256,
                info.FeatureSpecification,
                info.InputSchema is null ? null : TelemetrySchemaMetadata.ToJson(info.InputSchema),
                info.Metrics,
                info.Lineage);

            // The version exists once its document does; a crash before this leaves an unnumbered folder that no one reads.
            held.ThrowIfLost();
            await WriteJsonAsync(folder + "/version.json", version, cancellationToken).ConfigureAwait(false);
            return version;
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) => _store.ListDirectoriesAsync("models", cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ModelVersion>> ListModelVersionsAsync(string modelName, CancellationToken cancellationToken = default)
    {
        CheckName(modelName, nameof(modelName));
        return await ReadVersionsAsync(ModelKey(modelName), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<T> UpdateModelAsync<T>(string modelName, Func<IReadOnlyList<ModelVersion>, ModelUpdate<T>> update, CancellationToken cancellationToken = default)
    {
        CheckName(modelName, nameof(modelName));
        ArgumentNullException.ThrowIfNull(update);
        IReadOnlyList<string> models = await ListModelsAsync(cancellationToken).ConfigureAwait(false);
        if (!models.Contains(modelName, StringComparer.Ordinal))
        {
            throw new ModelNotFoundException(modelName, Root, models);
        }

        string model = ModelKey(modelName);
        ObjectLease held = await LockAsync(model, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            ModelUpdate<T> change = update(await ReadVersionsAsync(model, cancellationToken).ConfigureAwait(false));
            foreach (ModelVersion version in change.Changed)
            {
                held.ThrowIfLost();
                await WriteJsonAsync(model + "/versions/" + version.Version.ToString(CultureInfo.InvariantCulture) + "/version.json", version, cancellationToken).ConfigureAwait(false);
            }

            if (change.Transitions.Count > 0)
            {
                held.ThrowIfLost();
                await AppendJsonLinesAsync(model + "/transitions.jsonl", change.Transitions, cancellationToken).ConfigureAwait(false);
            }

            return change.Result;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StageTransition>> GetTransitionsAsync(string modelName, CancellationToken cancellationToken = default)
    {
        CheckName(modelName, nameof(modelName));
        return await ReadJsonLinesAsync<StageTransition>(ModelKey(modelName) + "/transitions.jsonl", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<byte[]> ReadArtifactAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        CheckName(version.Name, nameof(version));
        string folder = ModelKey(version.Name) + "/versions/" + version.Version.ToString(CultureInfo.InvariantCulture);
        string where = $"version {version.Version} of model '{version.Name}'";
        string key;
        try
        {
            CheckFileName(version.ArtifactFileName);
            key = KeyInside(folder, version.ArtifactFileName, "artifact file name");
        }
        catch (ArgumentException e)
        {
            throw new ModelArtifactException($"The artifact of {where} is named '{version.ArtifactFileName}', which would leave the version's folder; refusing it.", e);
        }

        string path = _store.Describe(key);
        if (_store is LocalObjectStore && new FileInfo(path).LinkTarget is { } target)
        {
            throw new ModelArtifactException($"The artifact of {where} is a link to {target}; refusing it.");
        }

        byte[] bytes;
        try
        {
            bytes = await _store.ReadAllAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            throw new ModelArtifactException($"The artifact of {where} is missing: {path}.", e);
        }

        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return actual == version.ArtifactSha256
            ? bytes
            : throw new ModelArtifactException($"The artifact of {where} ({path}) has SHA-256 {actual}, but {version.ArtifactSha256} was registered; it was altered or corrupted, so it is not loaded.");
    }

    /// <summary>Takes the lease on a folder's <c>.lock</c>, waiting for another writer with back-off (at most 50 ms locally, 1 s in object storage, between tries) up to 60 s.</summary>
    private async Task<ObjectLease> LockAsync(string folder, CancellationToken cancellationToken)
    {
        string key = folder + "/" + LockName;
        long started = TimeProvider.System.GetTimestamp();
        int delay = 1;
        int longest = _store.ListingIsRemote ? 1000 : 50;
        while (true)
        {
            try
            {
                return await _store.AcquireLeaseAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (LeaseTakenException e) when (TimeProvider.System.GetElapsedTime(started) < LockTimeout)
            {
                _ = e;
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, longest);
            }
            catch (LeaseTakenException e)
            {
                throw new TimeoutException($"Could not lock {_store.Describe(key)} within {LockTimeout.TotalSeconds:0} s; another process holds it.", e);
            }
        }
    }

    /// <summary>Appends one JSON line per value; the caller holds the folder's lock, and the document is replaced whole.</summary>
    private async Task AppendJsonLinesAsync<T>(string key, IEnumerable<T> values, CancellationToken cancellationToken)
    {
        var lines = new StringBuilder(Encoding.UTF8.GetString(WholeLines(await TryReadAsync(key, cancellationToken).ConfigureAwait(false) ?? [])));
        foreach (T value in values)
        {
            lines.Append(JsonSerializer.Serialize(value, JsonLine)).Append('\n');
        }

        byte[] content = Encoding.UTF8.GetBytes(lines.ToString());
        await _store.WriteAsync(key, s => s.WriteAsync(content).AsTask(), replace: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The values of a JSON-lines document; none where it does not exist.</summary>
    private async Task<IReadOnlyList<T>> ReadJsonLinesAsync<T>(string key, CancellationToken cancellationToken)
    {
        byte[]? content = await TryReadAsync(key, cancellationToken).ConfigureAwait(false);
        return content is null
            ? []
            : [.. Encoding.UTF8.GetString(WholeLines(content)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<T>(line, JsonLine)!)];
    }

    /// <summary>Only whole lines are values: a line cut short by a crashed writer has no line feed yet.</summary>
    private static ReadOnlySpan<byte> WholeLines(byte[] content) => content.AsSpan(0, content.AsSpan().LastIndexOf((byte)'\n') + 1);

    private static string ExperimentKey(string experimentId)
    {
        CheckId(experimentId);
        return "experiments/" + experimentId;
    }

    private static string ModelKey(string modelName) => "models/" + modelName;

    private async Task RequireExperimentAsync(string experimentId, CancellationToken cancellationToken)
    {
        if (await TryReadAsync(ExperimentKey(experimentId) + "/experiment.json", cancellationToken).ConfigureAwait(false) is null)
        {
            throw new KeyNotFoundException($"There is no experiment with id '{experimentId}' in {Root}.");
        }
    }

    private async Task<string> RunKeyAsync(string runId, CancellationToken cancellationToken)
    {
        CheckId(runId);
        foreach (string experiment in await _store.ListDirectoriesAsync("experiments", cancellationToken).ConfigureAwait(false))
        {
            string folder = "experiments/" + experiment + "/runs/" + runId;
            if ((await _store.ListAsync(folder, recursive: false, cancellationToken).ConfigureAwait(false)).Any(o => o.Name == "run.json"))
            {
                return folder;
            }
        }

        throw new KeyNotFoundException($"There is no run '{runId}' in {Root}.");
    }

    private async Task<IReadOnlyList<Experiment>> ReadExperimentsAsync(CancellationToken cancellationToken)
    {
        var found = new List<Experiment>();
        foreach (string id in await _store.ListDirectoriesAsync("experiments", cancellationToken).ConfigureAwait(false))
        {
            if (await TryReadJsonAsync<Experiment>("experiments/" + id + "/experiment.json", cancellationToken).ConfigureAwait(false) is { } experiment)
            {
                found.Add(experiment);
            }
        }

        return found;
    }

    private async Task<IReadOnlyList<ModelVersion>> ReadVersionsAsync(string model, CancellationToken cancellationToken)
    {
        var found = new List<ModelVersion>();
        foreach (string number in await _store.ListDirectoriesAsync(model + "/versions", cancellationToken).ConfigureAwait(false))
        {
            if (await TryReadJsonAsync<ModelVersion>(model + "/versions/" + number + "/version.json", cancellationToken).ConfigureAwait(false) is { } version)
            {
                found.Add(version);
            }
        }

        return [.. found.OrderBy(v => v.Version)];
    }

    /// <summary>Copies a local file into the store (whole, replacing any) and returns its SHA-256.</summary>
    private async Task<string> CopyFileAsync(string source, string key, CancellationToken cancellationToken)
    {
        RefuseLink(new FileInfo(source));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        FileStream input = File.OpenRead(source);
        await using (input.ConfigureAwait(false))
        {
            await _store.WriteAsync(
                key,
                async output =>
                {
                    byte[] buffer = new byte[1 << 16];
                    int read;
                    while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                },
                replace: true,
                cancellationToken).ConfigureAwait(false);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private async Task WriteJsonAsync<T>(string key, T value, CancellationToken cancellationToken)
    {
        byte[] content = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        await _store.WriteAsync(key, s => s.WriteAsync(content).AsTask(), replace: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]?> TryReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.ReadAllAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private async Task<T> ReadJsonAsync<T>(string key, CancellationToken cancellationToken)
        where T : class =>
        await TryReadJsonAsync<T>(key, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"{_store.Describe(key)} does not exist.");

    private async Task<T?> TryReadJsonAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        if (await TryReadAsync(key, cancellationToken).ConfigureAwait(false) is not { } content)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(content, Json) ?? throw new InvalidDataException($"{_store.Describe(key)} holds null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{_store.Describe(key)} is not a valid {typeof(T).Name} document (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    /// <summary>Joins a relative path to a folder key, refusing anything that would leave it.</summary>
    private static string KeyInside(string folder, string relative, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(relative);
        if (Path.IsPathRooted(relative) || relative.Split('/', '\\').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException($"The {what} '{relative}' must be a relative path without '.', '..' or empty segments.");
        }

        return folder + "/" + relative.Replace('\\', '/');
    }

    private static void RefuseLink(FileSystemInfo entry)
    {
        if (entry.LinkTarget is not null)
        {
            throw new ArgumentException($"{entry.FullName} is a link (to {entry.LinkTarget}); copy the file it points to instead.");
        }
    }

    private static void CheckName(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameter);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || name.StartsWith('.'))
        {
            throw new ArgumentException($"'{name}' must be letters, digits, '-', '_' and '.', not starting with '.'.", parameter);
        }
    }

    private static void CheckId(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (!id.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"'{id}' is not an id (letters and digits).", nameof(id));
        }
    }

    private static void CheckFileName(string fileName)
    {
        if (fileName != Path.GetFileName(fileName) || fileName is "" or "." or ".." || fileName.EndsWith(".tmp", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{fileName}' is not a plain file name.", nameof(fileName));
        }
    }

    private sealed record StoreMarker(string Format, int Version);
}
