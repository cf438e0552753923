using PredictiveMaintenance.Scoring;

namespace PredictiveMaintenance.Serving;

/// <summary>
/// The columns a request's readings carry for one loaded version: the asset and time columns, the channels the model
/// reads (in the order <see cref="ModelScorer.ScoreReading"/> takes them), and the schema's other channels, which are
/// accepted and ignored.
/// </summary>
internal sealed class ServedInputs
{
    public ServedInputs(ModelScorer scorer)
    {
        TelemetrySchema? schema = scorer.InputSchema;
        AssetColumn = schema?.AssetColumn ?? PredictionColumns.Asset;
        TimeColumn = schema?.TimeColumn ?? PredictionColumns.Time;
        TimeKind = schema?.TimeKind ?? TimeKind.UtcTimestamp;
        Channels = scorer.InputChannels;
        Ignored = new HashSet<string>(schema?.Channels.Select(c => c.Name).Except(Channels, StringComparer.Ordinal) ?? [], StringComparer.Ordinal);
    }

    public string AssetColumn { get; }

    public string TimeColumn { get; }

    public TimeKind TimeKind { get; }

    public IReadOnlyList<string> Channels { get; }

    /// <summary>Channels of the training schema that the model does not read.</summary>
    public IReadOnlySet<string> Ignored { get; }

    /// <summary>Every column a request must carry, in order.</summary>
    public IEnumerable<string> Required => [AssetColumn, TimeColumn, .. Channels];

    /// <summary>Where each column of a request goes: -2 the asset, -1 the time, a channel's index, or <see cref="int.MinValue"/> for an ignored one.</summary>
    public int[] Map(IReadOnlyList<string> columns, string where)
    {
        var map = new int[columns.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++)
        {
            string column = columns[i];
            if (!seen.Add(column))
            {
                throw InvocationException.BadRequest($"{where}: column '{column}' appears twice.");
            }

            int channel = IndexOfChannel(column);
            map[i] = column == AssetColumn ? -2
                : column == TimeColumn ? -1
                : channel >= 0 ? channel
                : Ignored.Contains(column) ? int.MinValue
                : throw InvocationException.BadRequest($"{where}: unknown column '{column}'; the model reads {Describe()}.");
        }

        if (Required.FirstOrDefault(c => !seen.Contains(c)) is { } missing)
        {
            throw InvocationException.BadRequest($"{where}: column '{missing}' is missing; the model reads {Describe()}.");
        }

        return map;
    }

    public int IndexOfChannel(string column)
    {
        for (int c = 0; c < Channels.Count; c++)
        {
            if (Channels[c] == column)
            {
                return c;
            }
        }

        return -1;
    }

    /// <summary>The columns, as an error message lists them.</summary>
    public string Describe() => string.Join(", ", Required.Select(c => $"'{c}'"));
}
