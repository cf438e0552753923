using System.Collections.ObjectModel;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PredictiveMaintenance;

/// <summary>
/// A saved model: what it is (<see cref="ModelType"/> and its <see cref="ModelVersion"/>), its parameters as JSON, and
/// named binary payloads (weights, trees, an ML.NET or TorchSharp model), in one zip file with a manifest.
/// </summary>
/// <remarks>
/// <para>
/// Layout: <c>manifest.json</c> holds <c>format</c> (<see cref="FormatName"/>), <c>formatVersion</c>
/// (<see cref="FormatVersion"/>), <c>modelType</c>, <c>modelVersion</c>, <c>parameters</c> and, for each payload, its
/// SHA-256; each payload is an entry <c>payloads/&lt;name&gt;</c>. Reading checks all of it, so a truncated, corrupted
/// or edited artifact, or one of another model type or newer format, is refused with a <see cref="ModelArtifactException"/>
/// naming the artifact and what differs. Nothing is deserialized by type name: parameters are plain JSON that each
/// model reads into its own record, and payloads are bytes.
/// </para>
/// <para>Immutable; each <c>WithPayload</c> returns a new artifact.</para>
/// </remarks>
public sealed class ModelArtifact
{
    /// <summary>The value of the manifest's <c>format</c> field.</summary>
    public const string FormatName = "predictive-maintenance-model";

    /// <summary>The format version this package writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    private const string ManifestEntry = "manifest.json";
    private const string PayloadPrefix = "payloads/";
    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true };
    private readonly Dictionary<string, byte[]> _payloads;
    private readonly string _parametersJson;

    /// <summary>Creates an artifact without payloads.</summary>
    /// <param name="modelType">What model it is, such as <c>isolation-forest</c> (lowercase letters, digits and dashes).</param>
    /// <param name="modelVersion">The version of that model's saved layout, which its loader checks.</param>
    /// <param name="parameters">The model's parameters and fitted values that are not large arrays.</param>
    public ModelArtifact(string modelType, int modelVersion, JsonObject parameters)
        : this(modelType, modelVersion, parameters, new Dictionary<string, byte[]>(StringComparer.Ordinal))
    {
    }

    private ModelArtifact(string modelType, int modelVersion, JsonObject parameters, Dictionary<string, byte[]> payloads)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelType);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modelVersion);
        if (!modelType.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException($"Model type '{modelType}' must be lowercase letters, digits and dashes.", nameof(modelType));
        }

        ModelType = modelType;
        ModelVersion = modelVersion;
        _parametersJson = parameters.ToJsonString();
        _payloads = payloads;
        PayloadNames = new ReadOnlyCollection<string>([.. payloads.Keys.Order(StringComparer.Ordinal)]);
    }

    /// <summary>What model it is.</summary>
    public string ModelType { get; }

    /// <summary>The version of that model's saved layout.</summary>
    public int ModelVersion { get; }

    /// <summary>The names of the payloads, in ordinal order.</summary>
    public IReadOnlyList<string> PayloadNames { get; }

    /// <summary>A copy of the parameters.</summary>
    public JsonObject Parameters => JsonNode.Parse(_parametersJson)!.AsObject();

    /// <summary>Returns an artifact with one more payload.</summary>
    /// <param name="name">The payload's name (letters, digits, <c>.</c>, <c>-</c> and <c>_</c>), unique in the artifact.</param>
    /// <param name="bytes">Its content.</param>
    public ModelArtifact WithPayload(string name, ReadOnlySpan<byte> bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') || name.StartsWith('.'))
        {
            throw new ArgumentException($"Payload name '{name}' must be letters, digits, '.', '-' and '_', not starting with '.'.", nameof(name));
        }

        if (_payloads.ContainsKey(name))
        {
            throw new ArgumentException($"The artifact already has a payload named '{name}'.", nameof(name));
        }

        var payloads = new Dictionary<string, byte[]>(_payloads, StringComparer.Ordinal) { [name] = bytes.ToArray() };
        return new ModelArtifact(ModelType, ModelVersion, Parameters, payloads);
    }

    /// <summary>Returns an artifact with one more payload holding doubles (little-endian IEEE 754, bit for bit).</summary>
    /// <param name="name">The payload's name.</param>
    /// <param name="values">The values.</param>
    public ModelArtifact WithPayload(string name, ReadOnlySpan<double> values)
    {
        byte[] bytes = new byte[values.Length * sizeof(double)];
        for (int i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * sizeof(double)), values[i]);
        }

        return WithPayload(name, (ReadOnlySpan<byte>)bytes);
    }

    /// <summary>Returns a payload's bytes.</summary>
    /// <param name="name">The payload's name.</param>
    /// <exception cref="ModelArtifactException">The artifact has no such payload.</exception>
    public ReadOnlyMemory<byte> GetPayload(string name) =>
        _payloads.TryGetValue(name, out byte[]? bytes)
            ? bytes
            : throw new ModelArtifactException($"The {ModelType} artifact has no payload '{name}'; it has {(_payloads.Count == 0 ? "none" : string.Join(", ", PayloadNames))}.");

    /// <summary>Returns a payload written by <see cref="WithPayload(string, ReadOnlySpan{double})"/>.</summary>
    /// <param name="name">The payload's name.</param>
    /// <exception cref="ModelArtifactException">The payload is missing or its length is not a whole number of doubles.</exception>
    public double[] GetDoubles(string name)
    {
        ReadOnlySpan<byte> bytes = GetPayload(name).Span;
        if (bytes.Length % sizeof(double) != 0)
        {
            throw new ModelArtifactException($"Payload '{name}' of the {ModelType} artifact has {bytes.Length} bytes, not a whole number of doubles.");
        }

        double[] values = new double[bytes.Length / sizeof(double)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BitConverter.ToDouble(bytes.Slice(i * sizeof(double), sizeof(double)));
        }

        return values;
    }

    /// <summary>Checks that this is an artifact of the expected model and layout, before reading its parameters.</summary>
    /// <param name="modelType">The model type the caller reads.</param>
    /// <param name="newestVersion">The newest layout version the caller reads; older ones it must read too.</param>
    /// <exception cref="ModelArtifactException">The model type differs, or the layout is newer.</exception>
    public void EnsureModel(string modelType, int newestVersion)
    {
        if (!string.Equals(ModelType, modelType, StringComparison.Ordinal))
        {
            throw new ModelArtifactException($"The artifact holds a '{ModelType}' model, not a '{modelType}' model.");
        }

        if (ModelVersion > newestVersion)
        {
            throw new ModelArtifactException($"The '{ModelType}' artifact has layout version {ModelVersion}; this package reads up to version {newestVersion}. Update the package.");
        }
    }

    /// <summary>Writes the artifact as a zip file to a stream.</summary>
    /// <param name="stream">Where to write; left open.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var manifest = new JsonObject
        {
            ["format"] = FormatName,
            ["formatVersion"] = FormatVersion,
            ["modelType"] = ModelType,
            ["modelVersion"] = ModelVersion,
            ["parameters"] = Parameters,
            ["payloads"] = new JsonObject(PayloadNames.Select(n => KeyValuePair.Create(n, (JsonNode?)Convert.ToHexStringLower(SHA256.HashData(_payloads[n]))))),
        };
        var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        await using (zip.ConfigureAwait(false))
        {
            await WriteEntryAsync(zip, ManifestEntry, System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString(ManifestJson)), cancellationToken).ConfigureAwait(false);
            foreach (string name in PayloadNames)
            {
                await WriteEntryAsync(zip, PayloadPrefix + name, _payloads[name], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the artifact to a file, replacing it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            await WriteAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads and checks an artifact.</summary>
    /// <param name="stream">The artifact's bytes; left open.</param>
    /// <param name="source">Its name, for messages.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ModelArtifactException">It is not an artifact, a payload's hash differs, or its format is newer than this package reads.</exception>
    public static async Task<ModelArtifact> ReadAsync(Stream stream, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(source);
        ZipArchive zip;
        try
        {
            zip = await ZipArchive.CreateAsync(stream, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new ModelArtifactException($"{source} is not a model artifact (not a zip file): {e.Message}", e);
        }

        await using (zip.ConfigureAwait(false))
        {
            JsonObject manifest = ParseManifest(await ReadEntryAsync(zip, ManifestEntry, source, cancellationToken).ConfigureAwait(false), source);
            if (manifest["format"]?.GetValueKind() != JsonValueKind.String || (string?)manifest["format"] != FormatName)
            {
                throw new ModelArtifactException($"{source} is not a model artifact: its manifest's format is '{manifest["format"]}', expected '{FormatName}'.");
            }

            int formatVersion = ReadInt(manifest, "formatVersion", source);
            if (formatVersion > FormatVersion || formatVersion < 1)
            {
                throw new ModelArtifactException($"{source} has format version {formatVersion}; this package reads versions 1 to {FormatVersion}.");
            }

            string modelType = manifest["modelType"]?.GetValueKind() == JsonValueKind.String ? (string)manifest["modelType"]! : throw Missing("modelType", source);
            int modelVersion = ReadInt(manifest, "modelVersion", source);
            JsonObject parameters = manifest["parameters"] as JsonObject ?? throw Missing("parameters", source);
            JsonObject hashes = manifest["payloads"] as JsonObject ?? throw Missing("payloads", source);

            var payloads = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach ((string name, JsonNode? hash) in hashes)
            {
                byte[] bytes = await ReadEntryAsync(zip, PayloadPrefix + name, source, cancellationToken).ConfigureAwait(false);
                string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (hash?.GetValueKind() != JsonValueKind.String || !string.Equals((string?)hash, actual, StringComparison.Ordinal))
                {
                    throw new ModelArtifactException($"{source}: payload '{name}' has SHA-256 {actual}, but the manifest says {hash}; the artifact is corrupted or was altered.");
                }

                payloads[name] = bytes;
            }

            string[] extra = [.. zip.Entries.Select(e => e.FullName).Where(n => n != ManifestEntry && !(n.StartsWith(PayloadPrefix, StringComparison.Ordinal) && payloads.ContainsKey(n[PayloadPrefix.Length..])))];
            if (extra.Length > 0)
            {
                throw new ModelArtifactException($"{source} has entries its manifest does not list: {string.Join(", ", extra)}.");
            }

            return new ModelArtifact(modelType, modelVersion, (JsonObject)parameters.DeepClone(), payloads);
        }
    }

    /// <summary>Reads and checks an artifact file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ModelArtifactException">It is not an artifact, a payload's hash differs, or its format is newer than this package reads.</exception>
    public static async Task<ModelArtifact> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            return await ReadAsync(file, path, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteEntryAsync(ZipArchive zip, string name, byte[] bytes, CancellationToken cancellationToken)
    {
        // A fixed time keeps the same model's artifact byte-identical from run to run.
        ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Stream stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]> ReadEntryAsync(ZipArchive zip, string name, string source, CancellationToken cancellationToken)
    {
        ZipArchiveEntry entry = zip.GetEntry(name) ?? throw new ModelArtifactException($"{source} has no entry '{name}'.");
        try
        {
            using var copy = new MemoryStream();
            Stream stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            }

            return copy.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new ModelArtifactException($"{source}: entry '{name}' cannot be read ({e.Message}); the artifact is corrupted.", e);
        }
    }

    private static JsonObject ParseManifest(byte[] bytes, string source)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new ModelArtifactException($"{source}: {ManifestEntry} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ModelArtifactException($"{source}: {ManifestEntry} is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    private static int ReadInt(JsonObject manifest, string field, string source) =>
        manifest[field] is JsonValue value && value.TryGetValue(out int number) ? number : throw Missing(field, source);

    private static ModelArtifactException Missing(string field, string source) =>
        new($"{source}: the manifest has no valid '{field}'.");
}
