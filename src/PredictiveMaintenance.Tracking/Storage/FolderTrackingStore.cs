using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PredictiveMaintenance.Tracking;

/// <summary>
/// The embedded tracking store: a folder of JSON documents that people can read, which several processes can write at
/// once. See docs/tracking.md for the layout.
/// </summary>
/// <remarks>
/// Every JSON document is written to a temporary file and renamed over the old one (atomic on POSIX and NTFS), so a
/// reader never sees a torn document. Metric histories are append-only JSON-lines files, written one whole line per
/// write under the run's lock; a line cut short by a crash is not a value and is skipped. Read-modify-write sections
/// (a run's update, a model's version numbering and stage changes, an experiment's creation) hold an operating-system
/// lock on the folder they change (<see cref="FolderLock"/>), so concurrent writers lose no update.
/// </remarks>
public sealed class FolderTrackingStore : ITrackingStore
{
    private const string StoreFile = "tracking-store.json";
    private const string StoreFormat = "predictive-maintenance-tracking";
    private const int StoreVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly JsonSerializerOptions JsonLine = new(Json) { WriteIndented = false };

    private readonly string _root;

    private FolderTrackingStore(string root) => _root = root;

    /// <summary>The store's folder.</summary>
    public string Root => _root;

    /// <inheritdoc/>
    /// <remarks>The full path of <see cref="Root"/>.</remarks>
    public string Location => _root;

    /// <summary>Opens the store in a folder, creating it (and its marker file) when the folder is empty or missing.</summary>
    /// <param name="folder">The folder.</param>
    /// <exception cref="InvalidOperationException">The folder holds something that is not a tracking store, or a newer one.</exception>
    public static FolderTrackingStore Open(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string root = Path.GetFullPath(folder);
        Directory.CreateDirectory(root);
        string marker = Path.Combine(root, StoreFile);
        if (!File.Exists(marker))
        {
            if (Directory.EnumerateFileSystemEntries(root).Any(e => Path.GetFileName(e) != ".lock"))
            {
                throw new InvalidOperationException($"{root} is not empty and is not a tracking store (it has no {StoreFile}).");
            }

            WriteJsonAtomically(marker, new StoreMarker(StoreFormat, StoreVersion));
        }

        StoreMarker found = ReadJson<StoreMarker>(marker);
        if (found.Format != StoreFormat || found.Version > StoreVersion)
        {
            throw new InvalidOperationException($"{marker} describes a '{found.Format}' store of version {found.Version}; this package reads '{StoreFormat}' up to version {StoreVersion}.");
        }

        return new FolderTrackingStore(root);
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

        Directory.CreateDirectory(ExperimentsFolder);
        using (await FolderLock.AcquireAsync(ExperimentsFolder, cancellationToken).ConfigureAwait(false))
        {
            // Checked again under the lock: another process may have created it meanwhile.
            Experiment[] all = ReadExperiments();
            if (all.FirstOrDefault(e => e.Name == name) is { } raced)
            {
                return raced;
            }

            int id = all.Length == 0 ? 1 : all.Max(e => int.Parse(e.Id, CultureInfo.InvariantCulture)) + 1;
            var experiment = new Experiment(id.ToString(CultureInfo.InvariantCulture), name, created);
            string folder = ExperimentFolder(experiment.Id);
            Directory.CreateDirectory(Path.Combine(folder, "runs"));
            WriteJsonAtomically(Path.Combine(folder, "experiment.json"), experiment);
            return experiment;
        }
    }

    /// <inheritdoc/>
    public Task<Experiment?> FindExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Task.FromResult(ReadExperiments().FirstOrDefault(e => e.Name == name));
    }

    /// <inheritdoc/>
    public Task CreateRunAsync(Run run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        CheckId(run.Id);
        string folder = Path.Combine(ExperimentFolder(run.ExperimentId), "runs", run.Id);
        if (!Directory.Exists(Path.Combine(ExperimentFolder(run.ExperimentId), "runs")))
        {
            throw new KeyNotFoundException($"There is no experiment with id '{run.ExperimentId}' in {_root}.");
        }

        if (Directory.Exists(folder))
        {
            throw new InvalidOperationException($"Run {run.Id} already exists.");
        }

        Directory.CreateDirectory(folder);
        WriteJsonAtomically(Path.Combine(folder, "run.json"), run);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadJson<Run>(Path.Combine(RunFolder(runId), "run.json")));

    /// <inheritdoc/>
    public async Task<Run> UpdateRunAsync(string runId, Func<Run, Run> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        string folder = RunFolder(runId);
        using (await FolderLock.AcquireAsync(folder, cancellationToken).ConfigureAwait(false))
        {
            string path = Path.Combine(folder, "run.json");
            Run current = ReadJson<Run>(path);
            Run updated = update(current);
            if (updated.Id != current.Id || updated.ExperimentId != current.ExperimentId)
            {
                throw new InvalidOperationException("An update cannot change a run's id or experiment.");
            }

            WriteJsonAtomically(path, updated);
            return updated;
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Run>> ListRunsAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        string runs = Path.Combine(ExperimentFolder(experimentId), "runs");
        IReadOnlyList<Run> found = Directory.Exists(runs)
            ? [.. Directory.EnumerateDirectories(runs)
                .Select(d => Path.Combine(d, "run.json"))
                .Where(File.Exists)
                .Select(ReadJson<Run>)]
            : throw new KeyNotFoundException($"There is no experiment with id '{experimentId}' in {_root}.");
        return Task.FromResult(found);
    }

    /// <inheritdoc/>
    public async Task AppendMetricsAsync(string runId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        string folder = RunFolder(runId);
        using (await FolderLock.AcquireAsync(folder, cancellationToken).ConfigureAwait(false))
        {
            await AppendJsonLinesAsync(Path.Combine(folder, "metrics.jsonl"), points, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<MetricPoint>> GetMetricsAsync(string runId, CancellationToken cancellationToken = default)
    {
        return await ReadJsonLinesAsync<MetricPoint>(Path.Combine(RunFolder(runId), "metrics.jsonl"), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task LogArtifactAsync(string runId, string sourcePath, string artifactPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        string artifacts = Path.Combine(RunFolder(runId), "artifacts");
        string target = ResolveInside(artifacts, artifactPath, "artifact path");
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
                await CopyFileAsync(file, ResolveInside(artifacts, Path.Combine(artifactPath, relative).Replace('\\', '/'), "artifact path"), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            throw new FileNotFoundException($"There is no file or folder {sourcePath} to log as an artifact.", sourcePath);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListArtifactsAsync(string runId, CancellationToken cancellationToken = default)
    {
        string artifacts = Path.Combine(RunFolder(runId), "artifacts");
        IReadOnlyList<string> found = Directory.Exists(artifacts)
            ? [.. Directory.EnumerateFiles(artifacts, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(artifacts, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)]
            : [];
        return Task.FromResult(found);
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

        string model = ModelFolder(modelName);
        Directory.CreateDirectory(Path.Combine(model, "versions"));
        using (await FolderLock.AcquireAsync(model, cancellationToken).ConfigureAwait(false))
        {
            // Numbers come from every version folder, complete or not, so a number is never given twice.
            int number = Directory.EnumerateDirectories(Path.Combine(model, "versions"))
                .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0)
                .DefaultIfEmpty(0).Max() + 1;
            string folder = Path.Combine(model, "versions", number.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            string fileName = Path.GetFileName(artifactPath);
            CheckFileName(fileName);
            string sha256 = await CopyFileAsync(artifactPath, Path.Combine(folder, fileName), cancellationToken).ConfigureAwait(false);
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
            WriteJsonAtomically(Path.Combine(folder, "version.json"), version);
            return version;
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) => Task.FromResult(ModelNames());

    /// <inheritdoc/>
    public Task<IReadOnlyList<ModelVersion>> ListModelVersionsAsync(string modelName, CancellationToken cancellationToken = default)
    {
        CheckName(modelName, nameof(modelName));
        return Task.FromResult<IReadOnlyList<ModelVersion>>(ReadVersions(ModelFolder(modelName)));
    }

    /// <inheritdoc/>
    public async Task<T> UpdateModelAsync<T>(string modelName, Func<IReadOnlyList<ModelVersion>, ModelUpdate<T>> update, CancellationToken cancellationToken = default)
    {
        CheckName(modelName, nameof(modelName));
        ArgumentNullException.ThrowIfNull(update);
        string model = ModelFolder(modelName);
        if (!Directory.Exists(model))
        {
            throw new ModelNotFoundException(modelName, _root, ModelNames());
        }

        using (await FolderLock.AcquireAsync(model, cancellationToken).ConfigureAwait(false))
        {
            ModelUpdate<T> change = update(ReadVersions(model));
            foreach (ModelVersion version in change.Changed)
            {
                WriteJsonAtomically(Path.Combine(model, "versions", version.Version.ToString(CultureInfo.InvariantCulture), "version.json"), version);
            }

            if (change.Transitions.Count > 0)
            {
                await AppendJsonLinesAsync(Path.Combine(model, "transitions.jsonl"), change.Transitions, cancellationToken).ConfigureAwait(false);
            }

            return change.Result;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StageTransition>> GetTransitionsAsync(string modelName, CancellationToken cancellationToken = default)
    {
        CheckName(modelName, nameof(modelName));
        return await ReadJsonLinesAsync<StageTransition>(Path.Combine(ModelFolder(modelName), "transitions.jsonl"), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<byte[]> ReadArtifactAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        CheckName(version.Name, nameof(version));
        string folder = Path.Combine(ModelFolder(version.Name), "versions", version.Version.ToString(CultureInfo.InvariantCulture));
        string where = $"version {version.Version} of model '{version.Name}'";
        string path;
        try
        {
            CheckFileName(version.ArtifactFileName);
            path = ResolveInside(folder, version.ArtifactFileName, "artifact file name");
        }
        catch (ArgumentException e)
        {
            throw new ModelArtifactException($"The artifact of {where} is named '{version.ArtifactFileName}', which would leave the version's folder; refusing it.", e);
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new ModelArtifactException($"The artifact of {where} is missing: {path}.");
        }

        if (file.LinkTarget is not null)
        {
            throw new ModelArtifactException($"The artifact of {where} is a link to {file.LinkTarget}; refusing it.");
        }

        byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return actual == version.ArtifactSha256
            ? bytes
            : throw new ModelArtifactException($"The artifact of {where} ({path}) has SHA-256 {actual}, but {version.ArtifactSha256} was registered; it was altered or corrupted, so it is not loaded.");
    }

    /// <summary>Appends one JSON line per value in one write, flushed; the caller holds the folder's lock.</summary>
    private static async Task AppendJsonLinesAsync<T>(string path, IEnumerable<T> values, CancellationToken cancellationToken)
    {
        var lines = new StringBuilder();
        foreach (T value in values)
        {
            lines.Append(JsonSerializer.Serialize(value, JsonLine)).Append('\n');
        }

        FileStream file = new(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1);
        await using (file.ConfigureAwait(false))
        {
            await file.WriteAsync(Encoding.UTF8.GetBytes(lines.ToString()), cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The values of a JSON-lines file; none where it does not exist.</summary>
    private static async Task<IReadOnlyList<T>> ReadJsonLinesAsync<T>(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        string text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);

        // Only whole lines are values: a line cut short by a crashed writer has no line feed yet.
        return [.. text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<T>(line, JsonLine)!)];
    }

    private string ExperimentsFolder => Path.Combine(_root, "experiments");

    private string ExperimentFolder(string experimentId)
    {
        CheckId(experimentId);
        return Path.Combine(ExperimentsFolder, experimentId);
    }

    private string ModelFolder(string modelName) => Path.Combine(_root, "models", modelName);

    private IReadOnlyList<string> ModelNames()
    {
        string models = Path.Combine(_root, "models");
        return Directory.Exists(models)
            ? [.. Directory.EnumerateDirectories(models).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];
    }

    private string RunFolder(string runId)
    {
        CheckId(runId);
        if (Directory.Exists(ExperimentsFolder))
        {
            foreach (string experiment in Directory.EnumerateDirectories(ExperimentsFolder))
            {
                string folder = Path.Combine(experiment, "runs", runId);
                if (Directory.Exists(folder))
                {
                    return folder;
                }
            }
        }

        throw new KeyNotFoundException($"There is no run '{runId}' in {_root}.");
    }

    private Experiment[] ReadExperiments() =>
        Directory.Exists(ExperimentsFolder)
            ? [.. Directory.EnumerateDirectories(ExperimentsFolder)
                .Select(d => Path.Combine(d, "experiment.json"))
                .Where(File.Exists)
                .Select(ReadJson<Experiment>)]
            : [];

    private static ModelVersion[] ReadVersions(string model)
    {
        string versions = Path.Combine(model, "versions");
        return Directory.Exists(versions)
            ? [.. Directory.EnumerateDirectories(versions)
                .Select(d => Path.Combine(d, "version.json"))
                .Where(File.Exists)
                .Select(ReadJson<ModelVersion>)
                .OrderBy(v => v.Version)]
            : [];
    }

    /// <summary>Copies a file through a temporary name and a rename, and returns its SHA-256.</summary>
    private static async Task<string> CopyFileAsync(string source, string target, CancellationToken cancellationToken)
    {
        RefuseLink(new FileInfo(source));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        FileStream input = File.OpenRead(source);
        await using (input.ConfigureAwait(false))
        {
            FileStream output = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            await using (output.ConfigureAwait(false))
            {
                byte[] buffer = new byte[1 << 16];
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                output.Flush(flushToDisk: true);
            }
        }

        File.Move(temporary, target, overwrite: true);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void WriteJsonAtomically<T>(string path, T value)
    {
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, value, Json);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static T ReadJson<T>(string path)
    {
        if (!File.Exists(path))
        {
            throw new KeyNotFoundException($"{path} does not exist.");
        }

        using FileStream file = File.OpenRead(path);
        try
        {
            return JsonSerializer.Deserialize<T>(file, Json) ?? throw new InvalidDataException($"{path} holds null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid {typeof(T).Name} document (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    /// <summary>Joins a relative path to a folder, refusing anything that would leave it.</summary>
    private static string ResolveInside(string folder, string relative, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(relative);
        if (Path.IsPathRooted(relative) || relative.Split('/', '\\').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException($"The {what} '{relative}' must be a relative path without '.', '..' or empty segments.");
        }

        string root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        string full = Path.GetFullPath(Path.Combine(folder, relative));
        return full.StartsWith(root, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException($"The {what} '{relative}' leaves {folder}.");
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
