using System.Buffers;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PredictiveMaintenance.Features;

/// <summary>
/// What incremental feature computation carries from one batch to the next, per asset: the tail of rows that later
/// windows still reach, row counts, and exponentially weighted states. Immutable; serialises to JSON so that a
/// scheduled pipeline can keep it between runs.
/// </summary>
/// <remarks>
/// A state belongs to one <see cref="FeatureSpec"/> (its canonical text is stored with it) and only grows with the
/// assets it has seen. The tail per asset is bounded by the longest window: at most two windows of rows (rolling
/// windows are assembled from the block before a row's block and the row's block), the last <c>k</c> rows for
/// <c>lag(k)</c>, and the open bucket for tumbling specs.
/// </remarks>
public sealed class FeatureState
{
    private const int JsonVersion = 1;
    private readonly Dictionary<string, AssetState> _assets;

    internal FeatureState(FeatureSpec spec, Dictionary<string, AssetState> assets)
    {
        Spec = spec;
        _assets = assets;
        AssetIds = new ReadOnlyCollection<string>([.. assets.Keys.Order(AssetIdComparer.Instance)]);
    }

    /// <summary>The spec the state was computed for.</summary>
    public FeatureSpec Spec { get; }

    /// <summary>The assets seen so far, in <see cref="AssetIdComparer"/> order.</summary>
    public IReadOnlyList<string> AssetIds { get; }

    /// <summary>Total rows kept in the tails of all assets (what the state costs to store).</summary>
    public long TailRowCount => _assets.Values.Sum(a => (long)a.TailTimes.Length);

    /// <summary>Returns the state of a spec before any batch.</summary>
    /// <param name="spec">The feature spec.</param>
    public static FeatureState Initial(FeatureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new FeatureState(spec, new Dictionary<string, AssetState>(StringComparer.Ordinal));
    }

    /// <summary>Returns how many rows of an asset the state has seen (0 for an unknown asset).</summary>
    /// <param name="assetId">The asset id.</param>
    public long GetRowsSeen(string assetId)
    {
        ArgumentNullException.ThrowIfNull(assetId);
        return _assets.TryGetValue(assetId, out AssetState? state) ? state.RowsSeen : 0;
    }

    /// <summary>Reads the JSON form written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="FeatureSpecException">The JSON is malformed or of another version.</exception>
    public static FeatureState FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            int version = root.GetProperty("version").GetInt32();
            if (version != JsonVersion)
            {
                throw new FeatureSpecException($"Feature state JSON: version {version} is not supported; expected version {JsonVersion}.");
            }

            FeatureSpec spec = FeatureSpec.FromJson(root.GetProperty("spec").GetRawText());
            var assets = new Dictionary<string, AssetState>(StringComparer.Ordinal);
            foreach (JsonElement asset in root.GetProperty("assets").EnumerateArray())
            {
                string id = asset.GetProperty("id").GetString() ?? throw new FeatureSpecException("Feature state JSON: an asset has a null id.");
                long[] times = [.. asset.GetProperty("times").EnumerateArray().Select(t => t.GetInt64())];
                JsonElement channels = asset.GetProperty("channels");
                double[][] values = [.. spec.InputChannels.Select(channel => ReadDoubles(channels.GetProperty(channel), times.Length, id, channel))];
                EwmState[] ewm = new EwmState[spec.Features.Count];
                foreach (JsonElement item in asset.GetProperty("ewm").EnumerateArray())
                {
                    string feature = item.GetProperty("feature").GetString() ?? string.Empty;
                    int index = IndexOfName(spec, feature);
                    ewm[index] = new EwmState
                    {
                        Rows = item.GetProperty("rows").GetInt64(),
                        ValidCount = item.GetProperty("validCount").GetInt64(),
                        LastTime = item.GetProperty("lastTime").GetInt64(),
                        Mean = ReadDouble(item.GetProperty("mean")),
                        BiasedVariance = ReadDouble(item.GetProperty("biasedVariance")),
                        SumOfWeights = ReadDouble(item.GetProperty("sumOfWeights")),
                        SumOfSquaredWeights = ReadDouble(item.GetProperty("sumOfSquaredWeights")),
                        HistoryWeight = ReadDouble(item.GetProperty("historyWeight")),
                    };
                }

                assets.Add(id, new AssetState(asset.GetProperty("rows").GetInt64(), asset.GetProperty("lastTime").GetInt64(), times, values, ewm));
            }

            return new FeatureState(spec, assets);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new FeatureSpecException($"Feature state JSON is malformed: {error.Message}", error);
        }
    }

    /// <summary>Writes the JSON form: the spec, and per asset its row count, last time, tail and exponentially weighted states.</summary>
    /// <remarks>Doubles are written so that they read back bit for bit; NaN and infinities are written as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.</remarks>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", JsonVersion);
            writer.WritePropertyName("spec");
            using (JsonDocument spec = JsonDocument.Parse(Spec.ToJson()))
            {
                spec.WriteTo(writer);
            }

            writer.WriteStartArray("assets");
            foreach (string id in AssetIds)
            {
                AssetState asset = _assets[id];
                writer.WriteStartObject();
                writer.WriteString("id", id);
                writer.WriteNumber("rows", asset.RowsSeen);
                writer.WriteNumber("lastTime", asset.LastTime);
                writer.WriteStartArray("times");
                foreach (long time in asset.TailTimes)
                {
                    writer.WriteNumberValue(time);
                }

                writer.WriteEndArray();
                writer.WriteStartObject("channels");
                for (int c = 0; c < Spec.InputChannels.Count; c++)
                {
                    writer.WriteStartArray(Spec.InputChannels[c]);
                    foreach (double value in asset.TailValues[c])
                    {
                        WriteDouble(writer, value);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                writer.WriteStartArray("ewm");
                for (int f = 0; f < Spec.Features.Count; f++)
                {
                    if (Spec.Features[f].Operator is not (FeatureOperator.EwmMean or FeatureOperator.EwmVariance))
                    {
                        continue;
                    }

                    EwmState ewm = asset.Ewm[f];
                    writer.WriteStartObject();
                    writer.WriteString("feature", Spec.Features[f].Name);
                    writer.WriteNumber("rows", ewm.Rows);
                    writer.WriteNumber("validCount", ewm.ValidCount);
                    writer.WriteNumber("lastTime", ewm.LastTime);
                    writer.WritePropertyName("mean");
                    WriteDouble(writer, ewm.Mean);
                    writer.WritePropertyName("biasedVariance");
                    WriteDouble(writer, ewm.BiasedVariance);
                    writer.WritePropertyName("sumOfWeights");
                    WriteDouble(writer, ewm.SumOfWeights);
                    writer.WritePropertyName("sumOfSquaredWeights");
                    WriteDouble(writer, ewm.SumOfSquaredWeights);
                    writer.WritePropertyName("historyWeight");
                    WriteDouble(writer, ewm.HistoryWeight);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal AssetState? Find(string assetId) => _assets.GetValueOrDefault(assetId);

    internal FeatureState With(IEnumerable<(string AssetId, AssetState State)> updates)
    {
        var assets = new Dictionary<string, AssetState>(_assets, StringComparer.Ordinal);
        foreach ((string id, AssetState state) in updates)
        {
            assets[id] = state;
        }

        return new FeatureState(Spec, assets);
    }

    private static int IndexOfName(FeatureSpec spec, string name)
    {
        int index = IndexOf(spec.OutputNames, name);
        return index >= 0 ? index : throw new FeatureSpecException($"Feature state JSON: the spec has no feature named '{name}'.");
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static double[] ReadDoubles(JsonElement array, int expected, string asset, string channel)
    {
        double[] values = [.. array.EnumerateArray().Select(ReadDouble)];
        return values.Length == expected
            ? values
            : throw new FeatureSpecException($"Feature state JSON: asset '{asset}' has {expected} tail times but {values.Length} values of channel '{channel}'.");
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static double ReadDouble(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? double.Parse(element.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : element.GetDouble();
}
