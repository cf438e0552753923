using System.Buffers;
using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;

namespace PredictiveMaintenance.Features;

/// <summary>
/// A declarative list of features: which statistics of which channels over which windows. Parsed from text or JSON,
/// stored with a model, and turned into columns by <see cref="FeatureComputer"/>, so that scoring computes features
/// exactly as training did. Immutable and thread-safe; two specs are equal when their canonical texts are.
/// </summary>
/// <remarks>
/// A spec is either rolling (one output row per input row: rolling aggregates, lags, differences, exponentially
/// weighted features) or tumbling (one output row per asset and bucket, every feature an aggregate over the buckets).
/// Column names follow the rule in <see cref="FeatureDefinition"/>.
/// </remarks>
public sealed class FeatureSpec : IEquatable<FeatureSpec>
{
    private const int JsonVersion = 1;
    private readonly string _text;

    private FeatureSpec(IEnumerable<FeatureDefinition> features, WindowLength bucketWidth, long bucketOrigin)
    {
        ArgumentNullException.ThrowIfNull(features);
        FeatureDefinition[] all = [.. features];
        if (all.Length == 0)
        {
            throw new ArgumentException("A feature spec needs at least one feature.", nameof(features));
        }

        bool tumbling = bucketWidth.Count != 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (FeatureDefinition feature in all)
        {
            ArgumentNullException.ThrowIfNull(feature, nameof(features));
            if (feature.IsBucketed != tumbling)
            {
                throw new FeatureSpecException(tumbling
                    ? $"Feature '{feature}' has its own window, but a tumbling spec's features are aggregates over its buckets."
                    : $"Feature '{feature}' is an aggregate over tumbling buckets, but the spec has no tumbling(...) clause.");
            }

            if (!names.Add(feature.Name))
            {
                throw new FeatureSpecException($"Two features are named '{feature.Name}'; each output column must be unique.");
            }
        }

        Features = new ReadOnlyCollection<FeatureDefinition>(all);
        BucketWidth = bucketWidth;
        BucketOrigin = bucketOrigin;
        OutputNames = new ReadOnlyCollection<string>([.. all.Select(f => f.Name)]);
        InputChannels = new ReadOnlyCollection<string>([.. all.Select(f => f.Channel).Distinct(StringComparer.Ordinal)]);
        _text = Format();
    }

    /// <summary>The features, in output column order.</summary>
    public IReadOnlyList<FeatureDefinition> Features { get; }

    /// <summary>Whether this spec aggregates over tumbling buckets (one output row per asset and bucket).</summary>
    public bool IsTumbling => BucketWidth.Count != 0;

    /// <summary>The bucket width of a tumbling spec (rows or a time span); <c>default</c> for a rolling spec.</summary>
    public WindowLength BucketWidth { get; }

    /// <summary>A bucket boundary of a tumbling spec in microseconds since the epoch (0: buckets aligned to the epoch).</summary>
    public long BucketOrigin { get; }

    /// <summary>The output column names, one per feature.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The input channels the features read, in order of first use.</summary>
    public IReadOnlyList<string> InputChannels { get; }

    /// <summary>Creates a rolling spec.</summary>
    /// <param name="features">Rolling aggregates, lags, differences and exponentially weighted features, with unique names.</param>
    /// <exception cref="FeatureSpecException">A feature is bucketed or two have the same name.</exception>
    public static FeatureSpec Create(IEnumerable<FeatureDefinition> features) => new(features, default, 0);

    /// <summary>Creates a tumbling spec.</summary>
    /// <param name="bucketWidth">Bucket width: a time span, or a number of rows.</param>
    /// <param name="bucketOrigin">A bucket boundary in microseconds since the epoch; 0 aligns buckets to the epoch. Must be 0 for row buckets.</param>
    /// <param name="features">Bucketed aggregates (<see cref="FeatureDefinition.Bucketed"/>) with unique names.</param>
    /// <exception cref="FeatureSpecException">A feature has its own window or two have the same name.</exception>
    public static FeatureSpec CreateTumbling(WindowLength bucketWidth, long bucketOrigin, IEnumerable<FeatureDefinition> features)
    {
        if (bucketWidth.Count == 0)
        {
            throw new ArgumentException("A tumbling spec needs a bucket width.", nameof(bucketWidth));
        }

        if (!bucketWidth.IsTime && bucketOrigin != 0)
        {
            throw new ArgumentException("Row buckets start at each asset's first row; an origin applies to time buckets only.", nameof(bucketOrigin));
        }

        return new(features, bucketWidth, bucketOrigin);
    }

    /// <summary>Parses the text form.</summary>
    /// <remarks>
    /// <para>Clauses are separated by <c>;</c> or line breaks; each names a channel and lists its features:</para>
    /// <code>vibration: mean(24h), std(24h), median(3h); volt: min(3h), max(3h), quantile(0.9, 64), lag(1), ewm_mean(span=12)</code>
    /// <para>
    /// Rolling aggregates are <c>sum mean var std min max median count rms ptp skew kurt slope</c> with a window
    /// (rows such as <c>64</c>, or a time span such as <c>24h</c>, <c>30min</c>, <c>1d</c>), and
    /// <c>quantile(p, window)</c>; <c>lag(k)</c> and <c>diff(k)</c> count rows; <c>ewm_mean</c> and <c>ewm_var</c>
    /// take one of <c>span=</c>, <c>com=</c>, <c>halflife=</c> (rows, or a time span such as <c>6h</c>) or
    /// <c>alpha=</c>. Any feature but lags takes <c>min=N</c> (minPeriods).
    /// </para>
    /// <para>
    /// A tumbling spec starts with <c>tumbling(3h)</c> or <c>tumbling(1d, origin=2015-01-01T06:00:00Z)</c> (or
    /// <c>tumbling(100)</c> for buckets of 100 rows), and its features are aggregates without a window:
    /// <c>tumbling(1d); volt: mean, max, quantile(0.9)</c>. A channel name with spaces or punctuation is quoted:
    /// <c>"sensor 1": mean(64)</c>.
    /// </para>
    /// </remarks>
    /// <param name="text">The spec.</param>
    /// <exception cref="FeatureSpecException">The text is malformed; the message gives the line and column, what was expected and what was found.</exception>
    public static FeatureSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FeatureSpecParser.ParseSpec(text);
    }

    /// <summary>Reads the JSON form written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="FeatureSpecException">The JSON is malformed, of another version, or its names do not match what its features compute.</exception>
    public static FeatureSpec FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            int version = root.GetProperty("version").GetInt32();
            if (version != JsonVersion)
            {
                throw new FeatureSpecException($"Feature spec JSON: version {version} is not supported; expected version {JsonVersion}.");
            }

            WindowLength width = default;
            long origin = 0;
            if (root.TryGetProperty("buckets", out JsonElement buckets) && buckets.ValueKind != JsonValueKind.Null)
            {
                width = WindowLength.Parse(buckets.GetProperty("width").GetString() ?? string.Empty);
                if (buckets.TryGetProperty("origin", out JsonElement originElement))
                {
                    origin = FeatureSpecParser.ParseOrigin(originElement.GetString() ?? string.Empty, "Feature spec JSON, buckets.origin");
                }
            }

            var features = new List<FeatureDefinition>();
            int index = 0;
            foreach (JsonElement element in root.GetProperty("features").EnumerateArray())
            {
                string channel = element.GetProperty("channel").GetString() ?? string.Empty;
                string expression = element.GetProperty("expression").GetString() ?? string.Empty;
                FeatureDefinition feature = FeatureSpecParser.ParseExpression(channel, expression, width.Count != 0, $"Feature spec JSON, features[{index}].expression");
                if (element.TryGetProperty("name", out JsonElement name) && name.GetString() != feature.Name)
                {
                    throw new FeatureSpecException($"Feature spec JSON, features[{index}]: the name is '{name.GetString()}', but '{channel}: {expression}' computes the column '{feature.Name}'.");
                }

                features.Add(feature);
                index++;
            }

            return width.Count != 0 ? CreateTumbling(width, origin, features) : Create(features);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FeatureSpecException($"Feature spec JSON is malformed: {error.Message}", error);
        }
    }

    /// <summary>Writes the JSON form: a version, the buckets of a tumbling spec, and each feature's channel, expression and column name.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", JsonVersion);
            if (IsTumbling)
            {
                writer.WriteStartObject("buckets");
                writer.WriteString("width", BucketWidth.ToString());
                writer.WriteString("origin", UnixTime.Format(BucketOrigin));
                writer.WriteEndObject();
            }

            writer.WriteStartArray("features");
            foreach (FeatureDefinition feature in Features)
            {
                writer.WriteStartObject();
                writer.WriteString("channel", feature.Channel);
                writer.WriteString("expression", feature.Expression);
                writer.WriteString("name", feature.Name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Checks the spec against a table schema: every channel exists, and time windows are used only on timestamps.
    /// </summary>
    /// <param name="schema">The schema of the telemetry the features will be computed from.</param>
    /// <exception cref="SchemaException">A channel is missing, or a time window is applied to a table whose time column counts cycles.</exception>
    public void Validate(TelemetrySchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        foreach (string channel in InputChannels)
        {
            schema.GetIndex(channel);
        }

        if (schema.TimeKind == TimeKind.UtcTimestamp)
        {
            return;
        }

        if (IsTumbling && BucketWidth.IsTime)
        {
            throw new SchemaException(
                $"The spec's tumbling buckets of {BucketWidth} need timestamps, but the time column '{schema.TimeColumn}' counts cycles; use buckets of rows such as tumbling({BucketWidth.Count}).");
        }

        foreach (FeatureDefinition feature in Features)
        {
            string? span = feature.Window.IsTime ? feature.Window.ToString() : feature.Decay.IsTime ? feature.Decay.TimeHalfLife.ToString() : null;
            if (span is not null)
            {
                throw new SchemaException(
                    $"Feature '{feature}' uses a time span ({span}), which needs timestamps, but the time column '{schema.TimeColumn}' counts cycles; use a number of rows instead.");
            }
        }
    }

    /// <summary>The canonical text form, which <see cref="Parse"/> reads back to an equal spec.</summary>
    public override string ToString() => _text;

    /// <inheritdoc/>
    public bool Equals(FeatureSpec? other) => other is not null && _text == other._text;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FeatureSpec);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>Writes a channel name as the text form reads it: bare when it is a plain word, quoted otherwise.</summary>
    internal static string QuoteChannel(string channel) =>
        channel.Length > 0 && channel.All(c => !char.IsWhiteSpace(c) && !"():;,=\"".Contains(c, StringComparison.Ordinal)) && channel != "tumbling"
            ? channel
            : $"\"{channel}\"";

    private string Format()
    {
        var text = new StringBuilder();
        if (IsTumbling)
        {
            text.Append("tumbling(").Append(BucketWidth.ToString());
            if (BucketOrigin != 0)
            {
                text.Append(", origin=").Append(UnixTime.Format(BucketOrigin));
            }

            text.Append("); ");
        }

        for (int i = 0; i < Features.Count; i++)
        {
            FeatureDefinition feature = Features[i];
            if (i > 0)
            {
                text.Append(feature.Channel == Features[i - 1].Channel ? ", " : "; ");
            }

            if (i == 0 || feature.Channel != Features[i - 1].Channel)
            {
                text.Append(QuoteChannel(feature.Channel)).Append(": ");
            }

            text.Append(feature.Expression);
        }

        return text.ToString();
    }
}
