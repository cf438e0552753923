using System.Runtime.CompilerServices;

namespace PredictiveMaintenance.IO;

/// <summary>
/// The Skoltech Anomaly Benchmark (SKAB): one experiment per semicolon-separated file, sampled about once a second, with
/// eight sensors and, in the anomaly experiments, the <c>anomaly</c> and <c>changepoint</c> labels. Each file is one asset.
/// </summary>
public static class SkabDataset
{
    /// <summary>Options for reading one SKAB file as the asset <paramref name="assetId"/>; <c>anomaly</c> and <c>changepoint</c> become label channels.</summary>
    /// <param name="assetId">The asset id of the experiment.</param>
    /// <param name="quality">The cleaning rules; defaults when null.</param>
    public static DelimitedTextOptions TextOptions(string assetId, DataQualityOptions? quality = null) => new()
    {
        Columns = new TelemetryColumnMapping
        {
            ConstantAssetId = assetId,
            AssetColumnName = "experiment",
            TimeColumn = "datetime",
            Roles = new Dictionary<string, ChannelRole> { ["anomaly"] = ChannelRole.Label, ["changepoint"] = ChannelRole.Label },
        },
        Delimiter = ';',
        DataQuality = quality ?? new DataQualityOptions(),
    };

    /// <summary>Reads one SKAB file; the asset id is the file name without its extensions (<c>valve1/3.csv</c> is <c>3</c>).</summary>
    /// <param name="path">The file (<c>.csv</c> or <c>.csv.gz</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<TelemetryBatch> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        DelimitedTelemetryReader reader = DelimitedTelemetryReader.Open(path, TextOptions(ExperimentName(path)));
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAllAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads every <c>.csv</c> and <c>.csv.gz</c> file of a folder (not its subfolders) into one table, one asset per file, in natural file order.</summary>
    /// <param name="folder">The folder, such as <c>valve1</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FileNotFoundException">The folder has no SKAB file.</exception>
    /// <exception cref="SchemaException">The files do not all have the same columns.</exception>
    public static async Task<TelemetryBatch> ReadFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string[] files = [.. Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
            .Order(AssetIdComparer.Instance)];
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"No .csv or .csv.gz file is in {folder}.", folder);
        }

        var batches = new List<TelemetryBatch>(files.Length);
        foreach (string file in files)
        {
            batches.Add(await ReadFileAsync(file, cancellationToken).ConfigureAwait(false));
        }

        return new TelemetryBatch(
            TelemetryTable.Concat(batches.Select(b => b.Table)),
            [.. batches.SelectMany(b => b.Quarantine)],
            batches.Aggregate(DataQualityReport.Empty, (total, b) => total.Add(b.Report)));
    }

    /// <summary>The experiment (asset) name of a SKAB file: its name without <c>.gz</c> and <c>.csv</c>.</summary>
    /// <param name="path">The file's path.</param>
    public static string ExperimentName(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string name = Path.GetFileName(path);
        name = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
        return Path.GetFileNameWithoutExtension(name);
    }
}
