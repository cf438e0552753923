using System.IO.Compression;

namespace PredictiveMaintenance.Cli;

/// <summary>
/// The data sets a build of the repository carries beside the tool (<c>samples/data</c>, copied to <c>data/</c> by the
/// project file). The packed tool carries none (samples/data/README.md): an installed <c>pdm</c> finds no folder here.
/// </summary>
internal static class ShippedData
{
    /// <summary>The Azure predictive-maintenance data <c>pdm init</c> starts a pipeline from.</summary>
    public const string AzurePdm = "azure-pdm";

    /// <summary>Every data set a build may ship, in the order <c>pdm dataset list</c> prints them.</summary>
    public static IReadOnlyList<ShippedDataset> Catalog { get; } =
    [
        new(AzurePdm, "Azure PdM guide: machines, maintenance, errors, failures; telemetry of machines 1-20, first 90 days", "not stated upstream", HeaderLines: 1),
        new("cmapss", "NASA C-MAPSS turbofan degradation FD001: training and test runs, RUL of the test units", "NASA public data (cite PHM08)", HeaderLines: 0),
        new("skab", "Skoltech Anomaly Benchmark v0.9: valve1 experiments 0-15 and the anomaly-free run", "GPL-3.0: samples and tests only", HeaderLines: 1),
    ];

    /// <summary>The folder the shipped data sets are in.</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>The data sets this build ships.</summary>
    public static IEnumerable<ShippedDataset> Available => Catalog.Where(d => Directory.Exists(d.Folder));

    /// <summary>The data set of this name.</summary>
    /// <exception cref="FileNotFoundException">This build ships no data set of that name; the message lists the ones it ships.</exception>
    public static ShippedDataset Find(string name)
    {
        if (Available.FirstOrDefault(d => d.Name == name) is { } dataset)
        {
            return dataset;
        }

        string[] known = [.. Available.Select(d => d.Name)];
        throw new FileNotFoundException(known.Length == 0
            ? $"No data set '{name}': {NoneShipped}"
            : $"No data set '{name}'; the shipped data sets are {string.Join(", ", known)}.");
    }

    /// <summary>What an installation without data is told.</summary>
    public static string NoneShipped => $"this installation ships no data sets ('{Root}' does not exist); the packaged tool never carries data, a build of the repository does.";
}

/// <summary>A data set shipped in <see cref="ShippedData.Root"/>, in a folder of its name with a <c>PROVENANCE.md</c>.</summary>
/// <param name="Name">The folder's name, which commands take.</param>
/// <param name="Description">What the data is, in a sentence.</param>
/// <param name="Licence">Its licence or provenance, in a phrase.</param>
/// <param name="HeaderLines">Header lines of its data files, which are not rows.</param>
internal sealed record ShippedDataset(string Name, string Description, string Licence, int HeaderLines)
{
    /// <summary>The data set's folder.</summary>
    public string Folder => Path.Combine(ShippedData.Root, Name);

    /// <summary>Its files, relative to <see cref="Folder"/> with '/' separators, in ordinal order.</summary>
    public IReadOnlyList<string> Files =>
        [.. Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    /// <summary>Whether a file holds data rows (delimited text, plain or gzip), rather than documentation.</summary>
    public static bool IsData(string file) =>
        file.EndsWith(".csv", StringComparison.Ordinal) || file.EndsWith(".csv.gz", StringComparison.Ordinal)
        || ((file.EndsWith(".txt", StringComparison.Ordinal) || file.EndsWith(".txt.gz", StringComparison.Ordinal)) && !Path.GetFileName(file).StartsWith("readme", StringComparison.OrdinalIgnoreCase));

    /// <summary>The data rows of one of its files: its lines (a last line without a newline counts) less the header; null for documentation.</summary>
    /// <param name="file">A path relative to <see cref="Folder"/>.</param>
    public long? CountRows(string file)
    {
        if (!IsData(file))
        {
            return null;
        }

        using Stream raw = File.OpenRead(Path.Combine(Folder, file));
        using Stream text = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        Span<byte> buffer = stackalloc byte[1 << 14];
        long lines = 0;
        byte last = (byte)'\n';
        for (int read; (read = text.Read(buffer)) > 0;)
        {
            lines += buffer[..read].Count((byte)'\n');
            last = buffer[read - 1];
        }

        return lines + (last == '\n' ? 0 : 1) - HeaderLines;
    }
}
