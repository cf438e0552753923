using System.Text.Json;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>The parsed <c>stats</c> of an add action (PROTOCOL.md, Per-file Statistics).</summary>
internal sealed class FileStatistics
{
    private readonly JsonElement _root;

    private FileStatistics(JsonElement root)
    {
        _root = root;
        NumRecords = root.TryGetProperty("numRecords", out JsonElement n) && n.TryGetInt64(out long count) ? count : null;
        TightBounds = !root.TryGetProperty("tightBounds", out JsonElement t) || t.ValueKind != JsonValueKind.False;
    }

    public long? NumRecords { get; }

    public bool TightBounds { get; }

    /// <summary>Parses stats; unparsable stats count as absent, since they only serve skipping.</summary>
    public static FileStatistics? Parse(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? new FileStatistics(document.RootElement.Clone()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public ColumnFacts Facts(string physicalName, DeltaType type)
    {
        object? min = Value("minValues", physicalName, type);
        object? max = Value("maxValues", physicalName, type);
        long? nulls = _root.TryGetProperty("nullCount", out JsonElement counts) && counts.ValueKind == JsonValueKind.Object
            && counts.TryGetProperty(physicalName, out JsonElement c) && c.TryGetInt64(out long nullCount) ? nullCount : null;
        if (type == DeltaPrimitiveType.Timestamp || type == DeltaPrimitiveType.TimestampNtz)
        {
            // Spark writes timestamp bounds truncated to milliseconds, so the true maximum may be up to 999 µs later.
            max = max is long m ? m + 999 : max;
        }
        else if (type == DeltaPrimitiveType.String && max is string s && s.Length >= 32)
        {
            // Writers truncate long string bounds (Spark to 32 characters); a truncated maximum is no upper bound.
            max = null;
        }

        if (!TightBounds)
        {
            // Wide bounds after deletion-vector deletes still bound the live rows, but null counts may over-count.
            nulls = null;
        }

        bool allNull = nulls is { } n && NumRecords is { } r && n == r && r > 0;
        return new ColumnFacts(false, null, min, max, nulls, NumRecords, allNull);
    }

    private object? Value(string section, string physicalName, DeltaType type) =>
        _root.TryGetProperty(section, out JsonElement values) && values.ValueKind == JsonValueKind.Object
            && values.TryGetProperty(physicalName, out JsonElement value)
            ? DeltaValues.FromStatistic(value, type)
            : null;
}
