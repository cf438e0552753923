using System.Buffers;
using System.Diagnostics;
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
    private readonly AssetIndex _index;
    private readonly long[] _rowsSeen;
    private readonly long[] _lastTimes;
    // Asset slot s keeps its tail in rows [_offsets[s], _offsets[s] + _lengths[s]) of _times and of each _values[c]:
    // a few large arrays per state instead of several small ones per asset, which the garbage collector would
    // otherwise promote and trace batch after batch in a fleet of a hundred thousand assets.
    private readonly int[] _offsets;
    private readonly int[] _lengths;
    private readonly long[] _times;
    private readonly double[][] _values;
    private readonly EwmLayout _ewmLayout;
    private readonly EwmState[] _ewm;

    private FeatureState(Successor next)
    {
        Spec = next.Spec;
        _index = next.Index;
        _rowsSeen = next.RowsSeen;
        _lastTimes = next.LastTimes;
        _offsets = next.Offsets;
        _lengths = next.Lengths;
        _times = next.Times;
        _values = next.Values;
        _ewmLayout = next.EwmLayout;
        _ewm = next.Ewm;
        TailRowCount = _lengths.Sum(length => (long)length);
    }

    /// <summary>The spec the state was computed for.</summary>
    public FeatureSpec Spec { get; }

    /// <summary>The assets seen so far, in <see cref="AssetIdComparer"/> order.</summary>
    public IReadOnlyList<string> AssetIds => _index.Sorted;

    /// <summary>Total rows kept in the tails of all assets (what the state costs to store).</summary>
    public long TailRowCount { get; }

    /// <summary>Returns the state of a spec before any batch.</summary>
    /// <param name="spec">The feature spec.</param>
    public static FeatureState Initial(FeatureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Successor.First(spec).Build();
    }

    /// <summary>Returns how many rows of an asset the state has seen (0 for an unknown asset).</summary>
    /// <param name="assetId">The asset id.</param>
    public long GetRowsSeen(string assetId)
    {
        ArgumentNullException.ThrowIfNull(assetId);
        return _index.Slots.TryGetValue(assetId, out int slot) ? _rowsSeen[slot] : 0;
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
            var assets = new List<(string Id, AssetState State)>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonElement asset in root.GetProperty("assets").EnumerateArray())
            {
                string id = asset.GetProperty("id").GetString() ?? throw new FeatureSpecException("Feature state JSON: an asset has a null id.");
                if (!ids.Add(id))
                {
                    throw new FeatureSpecException($"Feature state JSON: asset '{id}' appears more than once.");
                }

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

                assets.Add((id, new AssetState(asset.GetProperty("rows").GetInt64(), asset.GetProperty("lastTime").GetInt64(), times, [.. values.Select(v => new ArraySegment<double>(v))], ewm)));
            }

            var next = Successor.After(Initial(spec), [.. assets.Select(a => a.Id)], [.. assets.Select(a => a.State.TailTimes.Count)]);
            foreach ((string id, AssetState state) in assets)
            {
                next.Set(next.SlotOf(id), state);
            }

            return next.Build();
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
                AssetState asset = Find(id)!;
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

    /// <summary>The time of an asset's last row, without building its state.</summary>
    internal bool TryGetLastTime(string assetId, out long lastTime)
    {
        bool known = _index.Slots.TryGetValue(assetId, out int slot);
        lastTime = known ? _lastTimes[slot] : 0;
        return known;
    }

    internal AssetState? Find(string assetId) => _index.Slots.TryGetValue(assetId, out int slot) ? Slot(slot) : null;

    private AssetState Slot(int slot)
    {
        int start = _offsets[slot];
        int length = _lengths[slot];
        return new AssetState(
            _rowsSeen[slot],
            _lastTimes[slot],
            new ArraySegment<long>(_times, start, length),
            [.. _values.Select(v => new ArraySegment<double>(v, start, length))],
            _ewmLayout.Unpack(_ewm, slot));
    }

    private static int IndexOfName(FeatureSpec spec, string name)
    {
        int index = spec.OutputNames.IndexOf(name);
        return index >= 0 ? index : throw new FeatureSpecException($"Feature state JSON: the spec has no feature named '{name}'.");
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

    /// <summary>
    /// The state after a batch, under construction: assets the batch does not touch keep their tails, and each asset
    /// in the batch gets room for at most its old tail and its new rows (what it keeps is a suffix of those), which
    /// <c>Set</c> fills. Slots are disjoint, so assets can be set from several threads at once.
    /// </summary>
    internal sealed class Successor
    {
        private Successor(FeatureSpec spec, AssetIndex index, int[] capacity)
        {
            Spec = spec;
            Index = index;
            EwmLayout = new EwmLayout(spec);
            Offsets = new int[capacity.Length];
            for (int s = 1; s < capacity.Length; s++)
            {
                Offsets[s] = checked(Offsets[s - 1] + capacity[s - 1]);
            }

            int total = capacity.Length == 0 ? 0 : checked(Offsets[^1] + capacity[^1]);
            RowsSeen = new long[capacity.Length];
            LastTimes = new long[capacity.Length];
            Lengths = new int[capacity.Length];
            Times = new long[total];
            Values = [.. spec.InputChannels.Select(_ => new double[total])];
            Ewm = new EwmState[capacity.Length * EwmLayout.Columns];
        }

        public FeatureSpec Spec { get; }

        public AssetIndex Index { get; }

        public EwmLayout EwmLayout { get; }

        public long[] RowsSeen { get; }

        public long[] LastTimes { get; }

        public int[] Offsets { get; }

        public int[] Lengths { get; }

        public long[] Times { get; }

        public double[][] Values { get; }

        public EwmState[] Ewm { get; }

        /// <summary>Starts the state of a spec before any batch.</summary>
        public static Successor First(FeatureSpec spec) => new(spec, AssetIndex.Empty, []);

        /// <summary>Starts the state that follows <paramref name="previous"/> after a batch of these assets and row counts.</summary>
        public static Successor After(FeatureState previous, IReadOnlyList<string> batchAssets, IReadOnlyList<int> batchRows)
        {
            AssetIndex index = previous._index.With(batchAssets);
            int[] capacity = new int[index.Ids.Length];
            bool[] inBatch = new bool[capacity.Length];
            previous._lengths.CopyTo(capacity, 0);
            for (int a = 0; a < batchAssets.Count; a++)
            {
                int slot = index.Slots[batchAssets[a]];
                capacity[slot] = checked(capacity[slot] + batchRows[a]);
                inBatch[slot] = true;
            }

            var next = new Successor(previous.Spec, index, capacity);
            for (int s = 0; s < previous._lengths.Length; s++)
            {
                if (!inBatch[s])
                {
                    next.Set(s, previous.Slot(s));
                }
            }

            return next;
        }

        public int SlotOf(string assetId) => Index.Slots[assetId];

        /// <summary>Sets an asset's state: counts, the kept tail (within the room its slot has) and its exponentially weighted states.</summary>
        public void Set(int slot, long rowsSeen, long lastTime, ReadOnlySpan<long> times, IReadOnlyList<ArraySegment<double>> values, ReadOnlySpan<EwmState> ewm)
        {
            Debug.Assert(slot + 1 == Offsets.Length || Offsets[slot] + times.Length <= Offsets[slot + 1], "The tail fits the slot's room.");
            RowsSeen[slot] = rowsSeen;
            LastTimes[slot] = lastTime;
            Lengths[slot] = times.Length;
            times.CopyTo(Times.AsSpan(Offsets[slot]));
            for (int c = 0; c < Values.Length; c++)
            {
                values[c].AsSpan().CopyTo(Values[c].AsSpan(Offsets[slot]));
            }

            EwmLayout.Pack(ewm, Ewm, slot);
        }

        public void Set(int slot, AssetState state) => Set(slot, state.RowsSeen, state.LastTime, state.TailTimes, state.TailValues, state.Ewm);

        /// <summary>
        /// The finished state. The room reserved for a batch of many rows per asset is mostly unused once each asset has
        /// kept its tail, so a state using less than half of it is copied to arrays of the tails' size: a state kept
        /// between batches costs its tails, not the last batch.
        /// </summary>
        public FeatureState Build()
        {
            long used = Lengths.Sum(length => (long)length);
            if (used * 2 >= Times.Length)
            {
                return new FeatureState(this);
            }

            var compact = new Successor(Spec, Index, Lengths);
            RowsSeen.CopyTo(compact.RowsSeen, 0);
            LastTimes.CopyTo(compact.LastTimes, 0);
            Lengths.CopyTo(compact.Lengths, 0);
            Ewm.CopyTo(compact.Ewm, 0);
            for (int s = 0; s < Lengths.Length; s++)
            {
                Times.AsSpan(Offsets[s], Lengths[s]).CopyTo(compact.Times.AsSpan(compact.Offsets[s]));
                for (int c = 0; c < Values.Length; c++)
                {
                    Values[c].AsSpan(Offsets[s], Lengths[s]).CopyTo(compact.Values[c].AsSpan(compact.Offsets[s]));
                }
            }

            return new FeatureState(compact);
        }
    }

    /// <summary>Where the exponentially weighted features of a spec keep their states: one column each, the others none.</summary>
    internal sealed class EwmLayout
    {
        private readonly int[] _columnOf;

        public EwmLayout(FeatureSpec spec)
        {
            _columnOf = new int[spec.Features.Count];
            for (int f = 0; f < _columnOf.Length; f++)
            {
                _columnOf[f] = spec.Features[f].Operator is FeatureOperator.EwmMean or FeatureOperator.EwmVariance ? Columns++ : -1;
            }
        }

        public int Columns { get; }

        public void Pack(ReadOnlySpan<EwmState> states, EwmState[] packed, int slot)
        {
            for (int f = 0; f < _columnOf.Length; f++)
            {
                if (_columnOf[f] >= 0)
                {
                    packed[(slot * Columns) + _columnOf[f]] = states[f];
                }
            }
        }

        public EwmState[] Unpack(EwmState[] packed, int slot)
        {
            var states = new EwmState[_columnOf.Length];
            for (int f = 0; f < _columnOf.Length; f++)
            {
                if (_columnOf[f] >= 0)
                {
                    states[f] = packed[(slot * Columns) + _columnOf[f]];
                }
            }

            return states;
        }
    }

    /// <summary>
    /// Asset ids by slot and the slot of each id. Never changed once built, so states that saw the same assets share
    /// one (and its sorted id list) instead of copying a dictionary of the whole fleet every batch.
    /// </summary>
    internal sealed class AssetIndex
    {
        private readonly Lazy<IReadOnlyList<string>> _sorted;

        private AssetIndex(string[] ids, Dictionary<string, int> slots)
        {
            Ids = ids;
            Slots = slots;
            _sorted = new Lazy<IReadOnlyList<string>>(() => new ReadOnlyCollection<string>([.. Ids.Order(AssetIdComparer.Instance)]));
        }

        public static AssetIndex Empty { get; } = new([], new Dictionary<string, int>(StringComparer.Ordinal));

        public string[] Ids { get; }

        public Dictionary<string, int> Slots { get; }

        public IReadOnlyList<string> Sorted => _sorted.Value;

        /// <summary>This index if it has every id already; otherwise a new one with the new ids in slots after the old ones.</summary>
        public AssetIndex With(IEnumerable<string> ids)
        {
            Dictionary<string, int>? slots = null;
            List<string> added = [];
            foreach (string id in ids)
            {
                if (!Slots.ContainsKey(id) && (slots ??= new Dictionary<string, int>(Slots, StringComparer.Ordinal)).TryAdd(id, Slots.Count + added.Count))
                {
                    added.Add(id);
                }
            }

            if (slots is null)
            {
                return this;
            }

            return new AssetIndex([.. Ids, .. added], slots);
        }
    }
}
