using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Models;

/// <summary>
/// Per-channel scaling fitted on training data only, separately for each operating condition when the operating
/// settings cluster (C-MAPSS FD002 and FD004 run in six conditions), with the clustering fitted on the same training data.
/// </summary>
/// <remarks>
/// <para>
/// Fitting picks the channels (<see cref="NormalizationOptions.Channels"/>, or every sensor), standardizes the
/// <see cref="ChannelRole.Setting"/> channels and clusters them with k-means (<see cref="NormalizationOptions.OperatingConditions"/>),
/// then computes each channel's mean and standard deviation, or minimum and maximum, within each condition. Channels
/// that are constant in every condition are dropped (<see cref="DroppedChannels"/>). Centroids are ordered
/// lexicographically, so condition numbers do not depend on the seed.
/// </para>
/// <para>
/// Transforming assigns each row to the nearest centroid and scales its channels with that condition's statistics.
/// Missing values (NaN) in a channel become 0, the condition's mean (or mid-range); a missing setting counts as the
/// training mean of that setting. Immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class ChannelNormalizer
{
    private const int JsonVersion = 1;
    private readonly double[] _settingMeans;
    private readonly double[] _settingScales;
    private readonly double[] _centroids;
    private readonly double[] _offsets;
    private readonly double[] _scales;

    private ChannelNormalizer(
        NormalizationMethod method, string[] channels, string[] dropped, string[] settings, double[] settingMeans, double[] settingScales, double[] centroids, int conditions, double[] offsets, double[] scales)
    {
        Method = method;
        Channels = channels;
        DroppedChannels = dropped;
        SettingChannels = settings;
        ConditionCount = conditions;
        _settingMeans = settingMeans;
        _settingScales = settingScales;
        _centroids = centroids;
        _offsets = offsets;
        _scales = scales;
    }

    /// <summary>The scaling.</summary>
    public NormalizationMethod Method { get; }

    /// <summary>The channels <see cref="Transform"/> writes, in order.</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>The requested channels dropped as constant in every operating condition of the training data.</summary>
    public IReadOnlyList<string> DroppedChannels { get; }

    /// <summary>The setting channels the operating conditions were clustered on (empty when <see cref="ConditionCount"/> is 1).</summary>
    public IReadOnlyList<string> SettingChannels { get; }

    /// <summary>The number of operating conditions; 1 when the settings do not cluster.</summary>
    public int ConditionCount { get; }

    /// <summary>Fits the normalization on training data.</summary>
    /// <param name="train">The training table; never the data it will be evaluated on.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <exception cref="SchemaException">A requested channel is not in the table.</exception>
    /// <exception cref="ArgumentException">The table is empty, or every channel is constant.</exception>
    public static ChannelNormalizer Fit(TelemetryTable train, NormalizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new NormalizationOptions();
        options.Validate();
        if (train.RowCount == 0)
        {
            throw new ArgumentException("The training table has no rows.", nameof(train));
        }

        string[] requested = options.Channels is { } named
            ? [.. named]
            : [.. train.Schema.Channels.Where(c => c.Role == ChannelRole.Sensor).Select(c => c.Name)];
        foreach (string name in requested)
        {
            RequireChannel(train.Schema, name);
        }

        string[] settings = [.. train.Schema.Channels.Where(c => c.Role == ChannelRole.Setting).Select(c => c.Name)];
        (double[] settingMeans, double[] settingScales) = SettingStatistics(train, settings);
        double[] standardized = StandardizeSettings(train, settings, settingMeans, settingScales);
        int dimensions = settings.Length;
        var random = new Random(options.Seed);
        int conditions = 1;
        double[] centroids = new double[dimensions];
        if (settingScales.Any(s => s > 0))
        {
            (conditions, centroids) = ChooseConditions(standardized, dimensions, options, random);
        }

        if (conditions == 1)
        {
            settings = [];
            settingMeans = [];
            settingScales = [];
            centroids = [];
            dimensions = 0;
        }

        int[] condition = Assign(standardized, dimensions, centroids, conditions, train.RowCount);
        var kept = new List<string>();
        var dropped = new List<string>();
        var offsets = new List<double>();
        var scales = new List<double>();
        foreach (string name in requested)
        {
            ReadOnlySpan<double> values = train.GetChannel(name);
            var stats = new ConditionStatistics[conditions];
            for (int c = 0; c < conditions; c++)
            {
                stats[c] = new ConditionStatistics(options.MinDistinctValues);
            }

            for (int row = 0; row < values.Length; row++)
            {
                stats[condition[row]].Add(values[row]);
            }

            if (!stats.Any(s => s.DistinctAtLeast))
            {
                dropped.Add(name);
                continue;
            }

            ConditionStatistics pooled = ConditionStatistics.Pool(stats, options.MinDistinctValues);
            kept.Add(name);
            for (int c = 0; c < conditions; c++)
            {
                // A condition without values of this channel in training falls back to the pooled statistics.
                ConditionStatistics s = stats[c].Count > 0 ? stats[c] : pooled;
                (double offset, double scale) = options.Method == NormalizationMethod.ZScore
                    ? (s.Mean, s.StandardDeviation)
                    : ((s.Min + s.Max) / 2, (s.Max - s.Min) / 2);
                offsets.Add(offset);
                scales.Add(scale > 0 ? scale : 1);
            }
        }

        if (kept.Count == 0)
        {
            throw new ArgumentException($"Every channel ({string.Join(", ", requested)}) is constant in the training data; there is nothing to learn from.", nameof(train));
        }

        // Stored condition-major: [condition][channel].
        double[] offsetTable = new double[conditions * kept.Count];
        double[] scaleTable = new double[conditions * kept.Count];
        for (int channel = 0; channel < kept.Count; channel++)
        {
            for (int c = 0; c < conditions; c++)
            {
                offsetTable[(c * kept.Count) + channel] = offsets[(channel * conditions) + c];
                scaleTable[(c * kept.Count) + channel] = scales[(channel * conditions) + c];
            }
        }

        return new ChannelNormalizer(options.Method, [.. kept], [.. dropped], settings, settingMeans, settingScales, centroids, conditions, offsetTable, scaleTable);
    }

    /// <summary>The operating condition (0 to <see cref="ConditionCount"/> - 1) of each row.</summary>
    /// <param name="table">A table with the setting channels.</param>
    /// <exception cref="SchemaException">A setting channel is missing.</exception>
    public int[] AssignConditions(TelemetryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (string name in SettingChannels)
        {
            RequireChannel(table.Schema, name);
        }

        double[] standardized = StandardizeSettings(table, SettingChannels, _settingMeans, _settingScales);
        return Assign(standardized, SettingChannels.Count, _centroids, ConditionCount, table.RowCount);
    }

    /// <summary>Scales the table's <see cref="Channels"/>.</summary>
    /// <param name="table">A table with the channels and settings the normalizer was fitted on.</param>
    /// <returns>Row-major values, <see cref="Channels"/> per row, rows in table order; NaN becomes 0.</returns>
    /// <exception cref="SchemaException">A channel or setting is missing.</exception>
    public float[] Transform(TelemetryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        foreach (string name in Channels)
        {
            RequireChannel(table.Schema, name);
        }

        int[] condition = AssignConditions(table);
        int width = Channels.Count;
        float[] result = new float[table.RowCount * width];
        for (int channel = 0; channel < width; channel++)
        {
            ReadOnlySpan<double> values = table.GetChannel(Channels[channel]);
            for (int row = 0; row < values.Length; row++)
            {
                int at = (condition[row] * width) + channel;
                double value = values[row];
                result[(row * width) + channel] = double.IsNaN(value) ? 0f : (float)((value - _offsets[at]) / _scales[at]);
            }
        }

        return result;
    }

    /// <summary>The fitted state as JSON, for a model artifact's parameters.</summary>
    public JsonObject ToJson() => new()
    {
        ["version"] = JsonVersion,
        ["method"] = Method.ToString(),
        ["channels"] = new JsonArray([.. Channels.Select(c => (JsonNode?)c)]),
        ["dropped"] = new JsonArray([.. DroppedChannels.Select(c => (JsonNode?)c)]),
        ["settings"] = new JsonArray([.. SettingChannels.Select(c => (JsonNode?)c)]),
        ["settingMeans"] = Numbers(_settingMeans),
        ["settingScales"] = Numbers(_settingScales),
        ["conditions"] = ConditionCount,
        ["centroids"] = Numbers(_centroids),
        ["offsets"] = Numbers(_offsets),
        ["scales"] = Numbers(_scales),
    };

    /// <summary>Reads the state written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON.</param>
    /// <param name="source">The artifact's name, for messages.</param>
    /// <exception cref="ModelArtifactException">A field is missing or has the wrong length.</exception>
    public static ChannelNormalizer FromJson(JsonObject json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrEmpty(source);
        int version = ArtifactParameters.GetInt32(json, "version", source);
        if (version != JsonVersion)
        {
            throw new ModelArtifactException($"{source}: normalization version {version}; this package reads version {JsonVersion}.");
        }

        if (!Enum.TryParse(ArtifactParameters.GetString(json, "method", source), out NormalizationMethod method))
        {
            throw new ModelArtifactException($"{source}: unknown normalization method '{json["method"]}'.");
        }

        string[] channels = ArtifactParameters.GetStrings(json, "channels", source);
        string[] dropped = ArtifactParameters.GetStrings(json, "dropped", source);
        string[] settings = ArtifactParameters.GetStrings(json, "settings", source);
        int conditions = ArtifactParameters.GetInt32(json, "conditions", source);
        double[] settingMeans = ArtifactParameters.GetDoubles(json, "settingMeans", settings.Length, source);
        double[] settingScales = ArtifactParameters.GetDoubles(json, "settingScales", settings.Length, source);
        double[] centroids = ArtifactParameters.GetDoubles(json, "centroids", conditions == 1 ? 0 : conditions * settings.Length, source);
        double[] offsets = ArtifactParameters.GetDoubles(json, "offsets", conditions * channels.Length, source);
        double[] scales = ArtifactParameters.GetDoubles(json, "scales", conditions * channels.Length, source);
        if (conditions < 1 || channels.Length == 0)
        {
            throw new ModelArtifactException($"{source}: normalization has {conditions} conditions and {channels.Length} channels; expected at least one of each.");
        }

        return new ChannelNormalizer(method, channels, dropped, settings, settingMeans, settingScales, centroids, conditions, offsets, scales);
    }

    /// <summary>The offset and scale applied to a channel in a condition: normalized = (value - offset) / scale.</summary>
    /// <param name="condition">The condition, 0 to <see cref="ConditionCount"/> - 1.</param>
    /// <param name="channel">The index in <see cref="Channels"/>.</param>
    public (double Offset, double Scale) GetScaling(int condition, int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(condition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(condition, ConditionCount);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels.Count);
        int at = (condition * Channels.Count) + channel;
        return (_offsets[at], _scales[at]);
    }

    private static void RequireChannel(TelemetrySchema schema, string name)
    {
        if (schema.IndexOf(name) < 0)
        {
            throw new SchemaException($"The table has no channel '{name}'; its channels are {string.Join(", ", schema.Channels.Select(c => c.Name))}.");
        }
    }

    private static (double[] Means, double[] Scales) SettingStatistics(TelemetryTable table, string[] settings)
    {
        double[] means = new double[settings.Length];
        double[] scales = new double[settings.Length];
        for (int s = 0; s < settings.Length; s++)
        {
            ReadOnlySpan<double> values = table.GetChannel(settings[s]);
            double sum = 0;
            int count = 0;
            foreach (double v in values)
            {
                if (!double.IsNaN(v))
                {
                    sum += v;
                    count++;
                }
            }

            double mean = count > 0 ? sum / count : 0;
            double squares = 0;
            foreach (double v in values)
            {
                if (!double.IsNaN(v))
                {
                    squares += (v - mean) * (v - mean);
                }
            }

            means[s] = mean;
            scales[s] = count > 1 ? Math.Sqrt(squares / (count - 1)) : 0;
        }

        return (means, scales);
    }

    private static double[] StandardizeSettings(TelemetryTable table, IReadOnlyList<string> settings, double[] means, double[] scales)
    {
        int dimensions = settings.Count;
        double[] points = new double[table.RowCount * dimensions];
        for (int s = 0; s < dimensions; s++)
        {
            ReadOnlySpan<double> values = table.GetChannel(settings[s]);
            for (int row = 0; row < values.Length; row++)
            {
                double v = values[row];
                points[(row * dimensions) + s] = double.IsNaN(v) || scales[s] == 0 ? 0 : (v - means[s]) / scales[s];
            }
        }

        return points;
    }

    private static (int Conditions, double[] Centroids) ChooseConditions(double[] points, int dimensions, NormalizationOptions options, Random random)
    {
        if (options.OperatingConditions is int fixedCount)
        {
            return fixedCount == 1 ? (1, []) : (fixedCount, Canonical(KMeans.Fit(points, dimensions, fixedCount, random).Centroids, dimensions));
        }

        double total = 0;
        int n = points.Length / dimensions;
        double[] mean = new double[dimensions];
        for (int i = 0; i < points.Length; i++)
        {
            mean[i % dimensions] += points[i] / n;
        }

        for (int i = 0; i < points.Length; i++)
        {
            double delta = points[i] - mean[i % dimensions];
            total += delta * delta;
        }

        for (int k = 2; k <= Math.Min(options.MaxOperatingConditions, n); k++)
        {
            (double[] centroids, double within) = KMeans.Fit(points, dimensions, k, random);
            if (within < options.ConditionResidualShare * total)
            {
                return (k, Canonical(centroids, dimensions));
            }
        }

        return (1, []);
    }

    private static double[] Canonical(double[] centroids, int dimensions)
    {
        double[][] rows = [.. centroids.Chunk(dimensions)];
        Array.Sort(rows, static (a, b) =>
        {
            for (int d = 0; d < a.Length; d++)
            {
                int order = a[d].CompareTo(b[d]);
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        });
        return [.. rows.SelectMany(r => r)];
    }

    private static int[] Assign(double[] points, int dimensions, double[] centroids, int conditions, int rows)
    {
        int[] condition = new int[rows];
        if (conditions > 1)
        {
            for (int row = 0; row < rows; row++)
            {
                condition[row] = KMeans.Nearest(points.AsSpan(row * dimensions, dimensions), centroids, conditions).Index;
            }
        }

        return condition;
    }

    private static JsonArray Numbers(double[] values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private sealed class ConditionStatistics(int distinctWanted)
    {
        private readonly HashSet<double> _distinct = [];
        private double _sum;
        private double _sumOfSquares;

        public int Count { get; private set; }

        public double Min { get; private set; } = double.PositiveInfinity;

        public double Max { get; private set; } = double.NegativeInfinity;

        public bool DistinctAtLeast => _distinct.Count >= distinctWanted;

        public double Mean => Count > 0 ? _sum / Count : 0;

        public double StandardDeviation => Count > 1 ? Math.Sqrt(Math.Max(0, (_sumOfSquares - (_sum * _sum / Count)) / (Count - 1))) : 0;

        public static ConditionStatistics Pool(ConditionStatistics[] parts, int distinctWanted)
        {
            var pooled = new ConditionStatistics(distinctWanted);
            foreach (ConditionStatistics part in parts)
            {
                pooled.Count += part.Count;
                pooled._sum += part._sum;
                pooled._sumOfSquares += part._sumOfSquares;
                pooled.Min = Math.Min(pooled.Min, part.Min);
                pooled.Max = Math.Max(pooled.Max, part.Max);
            }

            return pooled;
        }

        public void Add(double value)
        {
            if (double.IsNaN(value))
            {
                return;
            }

            Count++;
            _sum += value;
            _sumOfSquares += value * value;
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
            if (_distinct.Count < distinctWanted)
            {
                _distinct.Add(value);
            }
        }
    }
}
