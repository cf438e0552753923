using System.Collections.Concurrent;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.Models.Anomaly;

namespace PredictiveMaintenance.Scoring;

/// <summary>
/// Online scoring of one loaded model version: per asset, the rows that later windows still reach, the exponentially
/// weighted states and the alarm-smoothing window, so that a reading costs a few windows' worth of work and allocates
/// nothing once the asset's buffers have grown to their window.
/// </summary>
/// <remarks>
/// <para>
/// Features equal FeatureComputer's over the asset's whole history bit for bit, because each kernel is given the rows
/// its batch computation would combine: rolling windows are assembled by the Features kernels from the block before a
/// row's block and the row's block, aligned to the epoch (time windows) or to the asset's first row (row windows), so
/// the kept rows start at the earlier block's first row; exponentially weighted features continue their state row by
/// row; lags keep the last <c>k</c> values.
/// </para>
/// <para>Assets are independent: readings of different assets are scored in parallel, those of one asset one at a time (a lock per asset).</para>
/// </remarks>
internal sealed class OnlineScoringState
{
    private readonly FeatureSpec? _spec;
    private readonly AnomalyDetector _detector;
    private readonly int[] _featureChannel;
    private readonly int[] _modelInput;
    private readonly int _featureCount;
    private readonly int _version;
    private readonly string _timeColumn;
    private readonly Func<long, string> _formatTime;
    private readonly ConcurrentDictionary<string, AssetStream> _assets = new(StringComparer.Ordinal);

    public OnlineScoringState(FeatureSpec? spec, AnomalyDetector detector, IReadOnlyList<string> channels, int version, string timeColumn, Func<long, string> formatTime)
    {
        _spec = spec;
        _detector = detector;
        Channels = channels;
        _version = version;
        _timeColumn = timeColumn;
        _formatTime = formatTime;
        IReadOnlyList<string> featureNames = spec?.OutputNames ?? channels;
        _featureCount = featureNames.Count;
        _featureChannel = spec is null ? [] : [.. spec.Features.Select(f => Find(channels, f.Channel))];
        _modelInput = [.. detector.FeatureNames.Select(n => Find(featureNames, n))];
    }

    /// <summary>The values a reading carries, in order.</summary>
    public IReadOnlyList<string> Channels { get; }

    public OnlinePrediction Score(string assetId, long time, ReadOnlySpan<double> values)
    {
        AssetStream asset = GetAsset(assetId);
        lock (asset.Gate)
        {
            return ScoreLocked(asset, assetId, time, values);
        }
    }

    public int Score(string assetId, ReadOnlySpan<long> times, ReadOnlySpan<double> values, Span<OnlinePrediction> destination)
    {
        AssetStream asset = GetAsset(assetId);
        int width = Channels.Count;
        lock (asset.Gate)
        {
            for (int i = 0; i < times.Length; i++)
            {
                destination[i] = ScoreLocked(asset, assetId, times[i], values.Slice(i * width, width));
            }
        }

        return times.Length;
    }

    private AssetStream GetAsset(string assetId) =>
        _assets.GetOrAdd(assetId, static (_, state) => new AssetStream(state.Channels.Count, state._spec?.Features.Count ?? 0, state._detector.Smoothing.Window), this);

    private OnlinePrediction ScoreLocked(AssetStream asset, string assetId, long time, ReadOnlySpan<double> values)
    {
        if (asset.RowsSeen > 0 && time <= asset.LastTime)
        {
            throw new ScoringInputException(_timeColumn, $"Asset '{assetId}': the reading at {_formatTime(time)} is not after its last reading at {_formatTime(asset.LastTime)}; online readings of an asset must arrive in time order.");
        }

        Span<double> features = _featureCount <= 256 ? stackalloc double[_featureCount] : new double[_featureCount];
        if (_spec is null)
        {
            values.CopyTo(features);
        }
        else
        {
            asset.Append(time, values);
            ComputeFeatures(asset, time, features);
            asset.Trim(_spec, time);
        }

        asset.RowsSeen++;
        asset.LastTime = time;
        Span<double> row = _modelInput.Length <= 256 ? stackalloc double[_modelInput.Length] : new double[_modelInput.Length];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = features[_modelInput[i]];
        }

        Span<double> score = stackalloc double[1];
        _detector.ScoreRows(row, score);
        bool alarm = asset.Smooth(score[0] > _detector.Threshold, _detector.Smoothing);
        return new OnlinePrediction(assetId, time, score[0], alarm, _version);
    }

    private void ComputeFeatures(AssetStream asset, long time, Span<double> features)
    {
        int count = asset.Count;
        ReadOnlySpan<long> times = asset.Times.AsSpan(0, count);
        long row = asset.RowsSeen;
        long origin = row - (count - 1);
        for (int f = 0; f < _featureCount; f++)
        {
            FeatureDefinition feature = _spec!.Features[f];
            ReadOnlySpan<double> values = asset.Values[_featureChannel[f]].AsSpan(0, count);
            int minPeriods = feature.EffectiveMinPeriods;
            switch (feature.Operator)
            {
                case FeatureOperator.Lag or FeatureOperator.Difference:
                {
                    int start = Math.Max(0, count - 1 - feature.Lag);
                    Span<double> scratch = asset.Scratch.AsSpan(0, count - start);
                    _ = feature.Operator == FeatureOperator.Lag
                        ? Shift.Lag(values[start..], feature.Lag, scratch)
                        : Shift.Difference(values[start..], feature.Lag, scratch);
                    features[f] = scratch[^1];
                    break;
                }

                case FeatureOperator.EwmMean or FeatureOperator.EwmVariance:
                {
                    bool variance = feature.Operator == FeatureOperator.EwmVariance;
                    Span<double> one = asset.Scratch.AsSpan(0, 1);
                    ref EwmState state = ref asset.Ewm[f];
                    if (feature.Decay.IsTime)
                    {
                        long halfLife = feature.Decay.TimeHalfLife.Microseconds;
                        _ = variance
                            ? ExponentialMoving.Variance(times[^1..], values[^1..], halfLife, minPeriods, one, ref state)
                            : ExponentialMoving.Mean(times[^1..], values[^1..], halfLife, minPeriods, one, ref state);
                    }
                    else
                    {
                        _ = variance
                            ? ExponentialMoving.Variance(values[^1..], feature.Decay.Alpha, minPeriods, one, ref state)
                            : ExponentialMoving.Mean(values[^1..], feature.Decay.Alpha, minPeriods, one, ref state);
                    }

                    features[f] = one[0];
                    break;
                }

                default:
                {
                    int start = feature.Window.IsTime
                        ? AssetStream.FirstInBucket(times, Bucket(time, feature.Window.Microseconds) - 1, feature.Window.Microseconds)
                        : (int)(PreviousBlockStart(row, feature.Window.Count) - origin);
                    Span<double> scratch = asset.Scratch.AsSpan(0, count - start);
                    _ = feature.Window.IsTime
                        ? Rolling.Compute(feature.Aggregate, times[start..], values[start..], feature.Window.Microseconds, minPeriods, scratch)
                        : Rolling.Compute(feature.Aggregate, values[start..], (int)feature.Window.Count, minPeriods, scratch);
                    features[f] = scratch[^1];
                    break;
                }
            }
        }
    }

    /// <summary>The first row of the block of rows before row <paramref name="row"/>'s block (blocks of <paramref name="window"/> rows from the asset's first row).</summary>
    internal static long PreviousBlockStart(long row, long window) => Math.Max(0, ((row / window) - 1) * window);

    /// <summary>The epoch-aligned window bucket of a time, as the Features kernels number them.</summary>
    internal static long Bucket(long time, long span)
    {
        long quotient = Math.DivRem(time, span, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    private static int Find(IReadOnlyList<string> names, string name)
    {
        int index = names.IndexOf(name);
        return index >= 0 ? index : throw new InvalidOperationException($"'{name}' is not among {string.Join(", ", names)}.");
    }

    /// <summary>One asset's kept rows, states and alarm window.</summary>
    private sealed class AssetStream
    {
        private readonly bool[] _ring;
        private int _ringCount;
        private long _smoothed;

        public AssetStream(int channels, int features, int smoothingWindow)
        {
            Values = new double[channels][];
            for (int c = 0; c < channels; c++)
            {
                Values[c] = new double[16];
            }

            Ewm = new EwmState[features];
            _ring = new bool[smoothingWindow];
        }

        public Lock Gate { get; } = new();

        public long[] Times { get; private set; } = new long[16];

        public double[][] Values { get; }

        public double[] Scratch { get; private set; } = new double[16];

        public EwmState[] Ewm { get; }

        public int Count { get; private set; }

        public long RowsSeen { get; set; }

        public long LastTime { get; set; }

        public static int FirstInBucket(ReadOnlySpan<long> times, long bucket, long span)
        {
            int start = times.Length - 1;
            while (start > 0 && Bucket(times[start - 1], span) >= bucket)
            {
                start--;
            }

            return start;
        }

        public void Append(long time, ReadOnlySpan<double> values)
        {
            if (Count == Times.Length)
            {
                int capacity = Count * 2;
                Times = Grow(Times, capacity);
                for (int c = 0; c < Values.Length; c++)
                {
                    Values[c] = Grow(Values[c], capacity);
                }

                Scratch = new double[capacity];
            }

            Times[Count] = time;
            for (int c = 0; c < Values.Length; c++)
            {
                Values[c][Count] = values[c];
            }

            Count++;
        }

        /// <summary>Drops the rows that no window of a later reading reaches (that reading being later than <paramref name="time"/>).</summary>
        public void Trim(FeatureSpec spec, long time)
        {
            long nextRow = RowsSeen + 1;
            long origin = RowsSeen - (Count - 1);
            int keep = Count;
            // An index loop: a foreach over the interface would allocate an enumerator per reading.
            for (int f = 0; f < spec.Features.Count; f++)
            {
                FeatureDefinition feature = spec.Features[f];
                keep = Math.Min(keep, feature.Operator switch
                {
                    FeatureOperator.Lag or FeatureOperator.Difference => Math.Max(0, Count - feature.Lag),
                    FeatureOperator.Aggregate when feature.Window.IsTime =>
                        FirstInBucket(Times.AsSpan(0, Count), Bucket(time, feature.Window.Microseconds) - 1, feature.Window.Microseconds),
                    FeatureOperator.Aggregate => (int)Math.Max(0, PreviousBlockStart(nextRow, feature.Window.Count) - origin),
                    _ => Count,
                });
            }

            if (keep > 0)
            {
                Count -= keep;
                Array.Copy(Times, keep, Times, 0, Count);
                foreach (double[] values in Values)
                {
                    Array.Copy(values, keep, values, 0, Count);
                }
            }
        }

        /// <summary>"k of the last n" over the asset's raw alarms, as AlarmSmoothing.Apply does over a segment.</summary>
        public bool Smooth(bool raw, AlarmSmoothing smoothing)
        {
            int slot = (int)(_smoothed++ % _ring.Length);
            _ringCount += (raw ? 1 : 0) - (_ring[slot] ? 1 : 0);
            _ring[slot] = raw;
            return _ringCount >= smoothing.Required;
        }

        private static T[] Grow<T>(T[] array, int capacity)
        {
            var grown = new T[capacity];
            array.CopyTo(grown, 0);
            return grown;
        }
    }
}
