using System.Runtime.CompilerServices;
using System.Globalization;

namespace PredictiveMaintenance.IO;

/// <summary>
/// The NASA C-MAPSS turbofan degradation data (PHM08): whitespace-separated text without a header, 26 columns per line:
/// unit, cycle, three operational settings and 21 sensors. Files may be plain or gzip.
/// </summary>
public static class CmapssDataset
{
    /// <summary>The columns: <c>unit</c> (asset), <c>cycle</c> (time, <see cref="TimeKind.Cycle"/>), <c>setting1..3</c> (settings), <c>sensor1..21</c> (sensors).</summary>
    public static TelemetryColumnMapping Columns { get; } = new()
    {
        AssetColumn = ColumnReference.ByIndex(0),
        AssetColumnName = "unit",
        TimeColumn = ColumnReference.ByIndex(1),
        TimeColumnName = "cycle",
        TimeKind = TimeKind.Cycle,
        Channels =
        [
            .. Enumerable.Range(1, 3).Select(i => new ChannelMapping(ColumnReference.ByIndex(1 + i), Invariant($"setting{i}"), ChannelRole.Setting)),
            .. Enumerable.Range(1, 21).Select(i => new ChannelMapping(ColumnReference.ByIndex(4 + i), Invariant($"sensor{i}"))),
        ],
    };

    /// <summary>Options for reading a C-MAPSS <c>train_</c> or <c>test_</c> file.</summary>
    /// <param name="quality">The cleaning rules; defaults when null.</param>
    public static DelimitedTextOptions TextOptions(DataQualityOptions? quality = null) => new()
    {
        Columns = Columns,
        Delimiter = FieldDelimiter.Whitespace,
        HasHeader = false,
        DataQuality = quality ?? new DataQualityOptions(),
    };

    /// <summary>Reads one <c>train_FDxxx</c> or <c>test_FDxxx</c> file.</summary>
    /// <param name="path">The file (<c>.txt</c> or <c>.txt.gz</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<TelemetryBatch> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        DelimitedTelemetryReader reader = DelimitedTelemetryReader.Open(path, TextOptions());
        await using ConfiguredAsyncDisposable readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAllAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads an <c>RUL_FDxxx</c> file: the true remaining useful life of each test unit, one integer per line, in unit order.</summary>
    /// <param name="path">The file (<c>.txt</c> or <c>.txt.gz</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="DataQualityException">A line is not a non-negative integer; the message names the line.</exception>
    public static async Task<IReadOnlyList<int>> ReadRemainingUsefulLifeAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var values = new List<int>();
        var records = new DelimitedRecordReader(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous), path, FieldDelimiter.Whitespace, leaveOpen: false);
        await using ConfiguredAsyncDisposable recordsScope = records.ConfigureAwait(false);
        while (await records.FillAsync(cancellationToken).ConfigureAwait(false))
        {
            while (records.TryReadRecord())
            {
                if (records.FieldCount == 0)
                {
                    continue;
                }

                if (records.FieldCount != 1 || !Utf8Parsing.TryParseInt64(records.Field(0), out long rul) || rul is < 0 or > int.MaxValue)
                {
                    throw new DataQualityException(new SourcePosition(path, records.Line, 1), $"expected one non-negative integer, found '{System.Text.Encoding.UTF8.GetString(records.Record)}'");
                }

                values.Add((int)rul);
            }
        }

        return values;
    }

    /// <summary>Loads a subset (FD001 to FD004) from a folder holding <c>train_</c>, <c>test_</c> and <c>RUL_</c> files, plain or gzip.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="subset">The subset name, such as <c>FD001</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FileNotFoundException">A file of the subset is missing.</exception>
    /// <exception cref="DataQualityException">The RUL file does not give one value per test unit.</exception>
    public static async Task<CmapssSubset> LoadAsync(string folder, string subset = "FD001", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(subset);
        TelemetryBatch train = await ReadAsync(DatasetFiles.Find(folder, $"train_{subset}.txt"), cancellationToken).ConfigureAwait(false);
        TelemetryBatch test = await ReadAsync(DatasetFiles.Find(folder, $"test_{subset}.txt"), cancellationToken).ConfigureAwait(false);
        string rulPath = DatasetFiles.Find(folder, $"RUL_{subset}.txt");
        IReadOnlyList<int> rul = await ReadRemainingUsefulLifeAsync(rulPath, cancellationToken).ConfigureAwait(false);
        if (rul.Count != test.Table.AssetCount)
        {
            throw new DataQualityException(new SourcePosition(rulPath, 0), Invariant($"expected one RUL value per test unit ({test.Table.AssetCount}), found {rul.Count}"));
        }

        return new CmapssSubset(subset, train, test, rul);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One C-MAPSS subset.</summary>
/// <param name="Name">The subset name, such as <c>FD001</c>.</param>
/// <param name="Train">The run-to-failure training units.</param>
/// <param name="Test">The test units, cut off before failure.</param>
/// <param name="TestRemainingUsefulLife">The true remaining useful life of each test unit after its last cycle, in unit order.</param>
public sealed record CmapssSubset(string Name, TelemetryBatch Train, TelemetryBatch Test, IReadOnlyList<int> TestRemainingUsefulLife);
