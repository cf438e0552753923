using System.Buffers;
using System.Diagnostics;

namespace PredictiveMaintenance.Features;

/// <summary>
/// Computes the features of a <see cref="FeatureSpec"/> over telemetry tables, for a whole history at once or batch
/// by batch. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// The output is a <see cref="TelemetryTable"/> with the input's asset and time columns and one channel per feature,
/// named by <see cref="FeatureSpec.OutputNames"/>. A rolling spec gives one row per input row (same assets and
/// times); a tumbling spec gives one row per asset and bucket that holds rows, timed at the bucket's start (the time
/// of its first row, for buckets of rows).
/// </para>
/// <para>
/// Batch by batch (<see cref="ComputeBatch"/>), each asset resumes from the tail and states kept in a
/// <see cref="FeatureState"/>, and the results are bit for bit those of computing the concatenated history at once:
/// rolling windows are assembled from blocks aligned to the asset's first row (row windows) or to the epoch (time
/// windows), so a resumed asset sees the same blocks. A tumbling spec emits a bucket once a later row shows it is
/// closed; <see cref="Flush"/> emits the open ones.
/// </para>
/// </remarks>
public sealed class FeatureComputer
{
    private readonly FeatureComputerOptions _options;
    private readonly int[] _channelOf;

    /// <summary>Creates a computer.</summary>
    /// <param name="spec">The features to compute.</param>
    /// <param name="options">Options; null for the defaults.</param>
    public FeatureComputer(FeatureSpec spec, FeatureComputerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _options = options ?? new FeatureComputerOptions();
        _options.Validate();
        Spec = spec;
        _channelOf = [.. spec.Features.Select(f => spec.InputChannels.IndexOf(f.Channel))];
    }

    /// <summary>The features computed.</summary>
    public FeatureSpec Spec { get; }

    /// <summary>Returns the schema of the output for an input schema: its asset and time columns, one channel per feature.</summary>
    /// <param name="input">The input schema.</param>
    /// <exception cref="SchemaException">The spec does not fit the input (see <see cref="FeatureSpec.Validate"/>).</exception>
    public TelemetrySchema GetOutputSchema(TelemetrySchema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Spec.Validate(input);
        return input.WithChannels(Spec.OutputNames.Select(name => new ChannelDefinition(name)));
    }

    /// <summary>Computes the features of a whole history.</summary>
    /// <param name="input">The telemetry.</param>
    /// <returns>The feature table.</returns>
    /// <exception cref="SchemaException">The spec does not fit the input's schema.</exception>
    public TelemetryTable Compute(TelemetryTable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Run(input, null).Table;
    }

    /// <summary>Computes the features of the next batch of a history, continuing from <paramref name="state"/>.</summary>
    /// <param name="batch">The next rows; for each asset, later than every row of the earlier batches.</param>
    /// <param name="state">The state after the earlier batches (<see cref="FeatureState.Initial"/> before the first).</param>
    /// <param name="next">The state after this batch.</param>
    /// <returns>
    /// The features of the batch's rows (rolling spec), or of the buckets this batch closed (tumbling spec).
    /// </returns>
    /// <exception cref="SchemaException">The spec does not fit the batch's schema.</exception>
    /// <exception cref="ArgumentException">The state belongs to another spec.</exception>
    /// <exception cref="DataQualityException">An asset's first row in the batch is not later than its last row before.</exception>
    public TelemetryTable ComputeBatch(TelemetryTable batch, FeatureState state, out FeatureState next)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Spec.Equals(Spec))
        {
            throw new ArgumentException($"The state was computed for the spec '{state.Spec}', not for '{Spec}'.", nameof(state));
        }

        (TelemetryTable table, FeatureState? after) = Run(batch, state);
        next = after!;
        return table;
    }

    /// <summary>Returns the features of the buckets still open in <paramref name="state"/> (tumbling specs; empty for rolling ones).</summary>
    /// <param name="state">The state after the last batch.</param>
    /// <param name="schema">The schema of the input batches.</param>
    public TelemetryTable Flush(FeatureState state, TelemetrySchema schema)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(schema);
        TelemetrySchema output = GetOutputSchema(schema);
        var builder = new TelemetryTableBuilder(output);
        if (!Spec.IsTumbling)
        {
            return builder.Build();
        }

        double[] row = new double[Spec.Features.Count];
        foreach (string id in state.AssetIds)
        {
            AssetState asset = state.Find(id)!;
            if (asset.TailTimes.Count == 0)
            {
                continue;
            }

            for (int f = 0; f < row.Length; f++)
            {
                row[f] = Tumbling.Statistic(Spec.Features[f].Aggregate, Spec.BucketWidth.IsTime ? asset.TailTimes : ReadOnlySpan<long>.Empty, asset.TailValues[_channelOf[f]], Spec.Features[f].EffectiveMinPeriods, UnixTime.MicrosecondsPerSecond);
            }

            builder.Add(id, BucketTime(asset.TailTimes, 0), row);
        }

        return builder.Build();
    }

    /// <summary>The end (exclusive) of the bucket of row <paramref name="start"/>, for a series whose first row is row <paramref name="originRow"/> of its asset.</summary>
    private int BucketEnd(ReadOnlySpan<long> times, int start, long originRow)
    {
        if (Spec.BucketWidth.IsTime)
        {
            return Tumbling.BucketEnd(times, start, Spec.BucketWidth.Microseconds, Spec.BucketOrigin);
        }

        long width = Spec.BucketWidth.Count;
        return (int)Math.Min(times.Length, start + width - ((originRow + start) % width));
    }

    private (long[] Times, double[][] Values) ComputeWholeBuckets(TelemetryTable input, int asset, int[] inputChannels)
    {
        ReadOnlySpan<long> times = input.GetTimes(asset);
        int buckets = 0;
        for (int start = 0; start < times.Length; start = BucketEnd(times, start, 0))
        {
            buckets++;
        }

        long[] bucketTimes = new long[buckets];
        double[][] values = [.. Spec.Features.Select(_ => new double[buckets])];
        int b = 0;
        for (int start = 0, end; start < times.Length; start = end, b++)
        {
            end = BucketEnd(times, start, 0);
            bucketTimes[b] = BucketTime(times, start);
            ReadOnlySpan<long> bucketRows = Spec.BucketWidth.IsTime ? times[start..end] : [];
            for (int f = 0; f < values.Length; f++)
            {
                FeatureDefinition feature = Spec.Features[f];
                values[f][b] = Tumbling.Statistic(feature.Aggregate, bucketRows, input.GetChannel(inputChannels[_channelOf[f]], asset)[start..end], feature.EffectiveMinPeriods, UnixTime.MicrosecondsPerSecond);
            }
        }

        return (bucketTimes, values);
    }

    private static void ComputeWhole(FeatureDefinition feature, ReadOnlySpan<long> times, ReadOnlySpan<double> values, Span<double> output)
    {
        int minPeriods = feature.EffectiveMinPeriods;
        EwmState ewm = default;
        switch (feature.Operator)
        {
            case FeatureOperator.Lag:
                Shift.Lag(values, feature.Lag, output);
                break;
            case FeatureOperator.Difference:
                Shift.Difference(values, feature.Lag, output);
                break;
            case FeatureOperator.EwmMean or FeatureOperator.EwmVariance:
                Ewm(feature, times, values, output, ref ewm);
                break;
            default:
                if (feature.Window.IsTime)
                {
                    Rolling.ComputeTimes(feature.Aggregate, times, values, feature.Window.Microseconds, minPeriods, output);
                }
                else
                {
                    Rolling.ComputeRows(feature.Aggregate, values, (int)feature.Window.Count, minPeriods, 0, output);
                }

                break;
        }
    }

    /// <summary>An exponentially weighted mean or variance feature, continued from <paramref name="state"/>.</summary>
    private static void Ewm(FeatureDefinition feature, ReadOnlySpan<long> times, ReadOnlySpan<double> values, Span<double> output, ref EwmState state)
    {
        bool variance = feature.Operator == FeatureOperator.EwmVariance;
        int minPeriods = feature.EffectiveMinPeriods;
        if (feature.Decay.IsTime)
        {
            long halfLife = feature.Decay.TimeHalfLife.Microseconds;
            _ = variance
                ? ExponentialMoving.Variance(times, values, halfLife, minPeriods, output, ref state)
                : ExponentialMoving.Mean(times, values, halfLife, minPeriods, output, ref state);
        }
        else
        {
            double alpha = feature.Decay.Alpha;
            _ = variance
                ? ExponentialMoving.Variance(values, alpha, minPeriods, output, ref state)
                : ExponentialMoving.Mean(values, alpha, minPeriods, output, ref state);
        }
    }

    private long BucketTime(ReadOnlySpan<long> times, int row) => Spec.BucketWidth.IsTime
        ? Spec.BucketOrigin + (TimeGeometry.FloorDivision(times[row] - Spec.BucketOrigin, Spec.BucketWidth.Microseconds) * Spec.BucketWidth.Microseconds)
        : times[row];

    private (TelemetryTable Table, FeatureState? Next) Run(TelemetryTable input, FeatureState? state)
    {
        TelemetrySchema outputSchema = GetOutputSchema(input.Schema);
        int[] inputChannels = [.. Spec.InputChannels.Select(input.Schema.GetIndex)];
        var assets = new AssetWork[input.AssetCount];
        // Fresh arrays of this call: the output table owns them (TelemetryTableMarshal) rather than copying them again.
        double[][] columns = Spec.IsTumbling ? [] : [.. Spec.Features.Select(_ => new double[input.RowCount])];
        if (state is not null)
        {
            for (int a = 0; a < input.AssetCount; a++)
            {
                long first = input.GetTimes(a)[0];
                if (state.TryGetLastTime(input.AssetIds[a], out long lastTime) && first <= lastTime)
                {
                    throw new DataQualityException(
                        $"Asset '{input.AssetIds[a]}': the batch starts at {input.Schema.FormatTime(first)}, which is not after the asset's last row before it, " +
                        $"at {input.Schema.FormatTime(lastTime)}; batches must arrive in time order.");
                }
            }
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism };
        if (state is null && !Spec.IsTumbling)
        {
            // A whole history needs no tail: kernels read the table's columns and write the output's in place.
            Parallel.For(0, input.AssetCount, parallel, a =>
            {
                Range rows = input.GetAssetRows(a);
                for (int f = 0; f < Spec.Features.Count; f++)
                {
                    ComputeWhole(Spec.Features[f], input.Times[rows], input.GetChannel(inputChannels[_channelOf[f]])[rows], columns[f].AsSpan(rows));
                }
            });
            return (TelemetryTableMarshal.WithOwnedChannels(input, outputSchema, columns), null);
        }

        if (state is null)
        {
            // A whole history: buckets straight from the table's columns, every bucket emitted.
            var results = new (long[] Times, double[][] Values)[input.AssetCount];
            Parallel.For(0, input.AssetCount, parallel, a => results[a] = ComputeWholeBuckets(input, a, inputChannels));
            var whole = new TelemetryTableBuilder(outputSchema, results.Sum(r => r.Times.Length));
            double[] values = new double[Spec.Features.Count];
            for (int a = 0; a < results.Length; a++)
            {
                int code = whole.GetOrAddAsset(input.AssetIds[a]);
                for (int b = 0; b < results[a].Times.Length; b++)
                {
                    for (int f = 0; f < values.Length; f++)
                    {
                        values[f] = results[a].Values[f][b];
                    }

                    whole.Add(code, results[a].Times[b], values);
                }
            }

            return (whole.Build(), null);
        }

        ReadOnlySpan<int> offsets = input.AssetOffsets;
        int[] batchRows = new int[input.AssetCount];
        for (int a = 0; a < batchRows.Length; a++)
        {
            batchRows[a] = offsets[a + 1] - offsets[a];
        }

        var next = FeatureState.Successor.After(state, input.AssetIds, batchRows);
        Parallel.For(0, input.AssetCount, parallel, a =>
        {
            string id = input.AssetIds[a];
            Range rows = input.GetAssetRows(a);
            AssetState? previous = state.Find(id);
            var work = new AssetWork(this, id, previous, input, rows, inputChannels);
            if (Spec.IsTumbling)
            {
                work.ComputeBuckets();
            }
            else
            {
                for (int f = 0; f < Spec.Features.Count; f++)
                {
                    work.ComputeRolling(f, columns[f].AsSpan(rows));
                }
            }

            work.Finish(next);
            if (Spec.IsTumbling)
            {
                // Only buckets outlive the asset's share of the work; a rolling batch keeps nothing per asset but the
                // tail copied into the next state, so the collector finds almost nothing alive.
                assets[a] = work;
            }
        });

        if (!Spec.IsTumbling)
        {
            return (TelemetryTableMarshal.WithOwnedChannels(input, outputSchema, columns), next.Build());
        }

        var builder = new TelemetryTableBuilder(outputSchema, assets.Sum(w => w.BucketTimes.Count));
        double[] row = new double[Spec.Features.Count];
        foreach (AssetWork work in assets)
        {
            int code = builder.GetOrAddAsset(work.Id);
            for (int b = 0; b < work.BucketTimes.Count; b++)
            {
                for (int f = 0; f < row.Length; f++)
                {
                    row[f] = work.BucketValues[f][b];
                }

                builder.Add(code, work.BucketTimes[b], row);
            }
        }

        return (builder.Build(), next.Build());
    }

    /// <summary>One asset's share of a computation: its tail and new rows side by side, and what it will keep.</summary>
    private sealed class AssetWork
    {
        private readonly FeatureComputer _computer;
        private readonly AssetState? _previous;
        private readonly long[] _times;
        private readonly double[][] _values;
        private readonly int _tail;
        private readonly long _originRow;
        private readonly EwmState[] _ewm;

        public AssetWork(FeatureComputer computer, string id, AssetState? previous, TelemetryTable input, Range rows, int[] inputChannels)
        {
            _computer = computer;
            Id = id;
            _previous = previous;
            _ewm = previous is null ? new EwmState[computer.Spec.Features.Count] : [.. previous.Ewm];
            _tail = previous?.TailTimes.Count ?? 0;
            _originRow = (previous?.RowsSeen ?? 0) - _tail;
            _times = previous is null ? input.Times[rows].ToArray() : [.. previous.TailTimes.AsSpan(), .. input.Times[rows]];
            _values = new double[inputChannels.Length][];
            for (int c = 0; c < inputChannels.Length; c++)
            {
                ReadOnlySpan<double> batch = input.GetChannel(inputChannels[c])[rows];
                _values[c] = previous is null ? batch.ToArray() : [.. previous.TailValues[c].AsSpan(), .. batch];
            }
        }

        public string Id { get; }

        public List<long> BucketTimes { get; } = [];

        public List<double>[] BucketValues { get; private set; } = [];

        private FeatureSpec Spec => _computer.Spec;

        private long RowsSeen => _originRow + _times.Length;

        public void ComputeRolling(int f, Span<double> output)
        {
            FeatureDefinition feature = Spec.Features[f];
            double[] values = _values[_computer._channelOf[f]];
            int batchRows = _times.Length - _tail;
            switch (feature.Operator)
            {
                case FeatureOperator.EwmMean or FeatureOperator.EwmVariance:
                    Ewm(feature, _times.AsSpan(_tail), values.AsSpan(_tail), output, ref _ewm[f]);
                    return;
                case FeatureOperator.Lag or FeatureOperator.Difference:
                {
                    int start = Math.Max(0, _tail - feature.Lag);
                    RunInto(output, values.Length - start, (scratch) =>
                    {
                        if (feature.Operator == FeatureOperator.Lag)
                        {
                            Shift.Lag(values.AsSpan(start), feature.Lag, scratch);
                        }
                        else
                        {
                            Shift.Difference(values.AsSpan(start), feature.Lag, scratch);
                        }
                    });
                    return;
                }

                default:
                {
                    int start = StartOf(feature.Window, _previous is null ? -1 : _tail - 1, _previous?.RowsSeen ?? 0);
                    long origin = _originRow + start;
                    RunInto(output, values.Length - start, scratch =>
                    {
                        if (feature.Window.IsTime)
                        {
                            Rolling.ComputeTimes(feature.Aggregate, _times.AsSpan(start), values.AsSpan(start), feature.Window.Microseconds, feature.EffectiveMinPeriods, scratch);
                        }
                        else
                        {
                            Rolling.ComputeRows(feature.Aggregate, values.AsSpan(start), (int)feature.Window.Count, feature.EffectiveMinPeriods, origin, scratch);
                        }
                    });
                    Debug.Assert(batchRows == output.Length, "One output per batch row.");
                    return;
                }
            }
        }

        /// <summary>Computes the buckets this batch closes; the open one stays in the tail for a later batch or <see cref="Flush"/>.</summary>
        public void ComputeBuckets()
        {
            FeatureSpec spec = Spec;
            BucketValues = [.. spec.Features.Select(_ => new List<double>())];
            int start = 0;
            while (start < _times.Length)
            {
                int end = _computer.BucketEnd(_times, start, _originRow);
                bool open = end == _times.Length && (spec.BucketWidth.IsTime || (_originRow + end) % spec.BucketWidth.Count != 0);
                if (open)
                {
                    break;
                }

                BucketTimes.Add(_computer.BucketTime(_times, start));
                for (int f = 0; f < spec.Features.Count; f++)
                {
                    FeatureDefinition feature = spec.Features[f];
                    ReadOnlySpan<long> times = spec.BucketWidth.IsTime ? _times.AsSpan(start, end - start) : [];
                    BucketValues[f].Add(Tumbling.Statistic(feature.Aggregate, times, _values[_computer._channelOf[f]].AsSpan(start, end - start), feature.EffectiveMinPeriods, UnixTime.MicrosecondsPerSecond));
                }

                start = end;
            }
        }

        /// <summary>Writes what the asset keeps for the next batch into <paramref name="next"/>.</summary>
        public void Finish(FeatureState.Successor next)
        {
            int keep = _times.Length;
            if (_times.Length > 0)
            {
                int last = _times.Length - 1;
                if (Spec.IsTumbling)
                {
                    keep = OpenBucketStart();
                }
                else
                {
                    foreach (FeatureDefinition feature in Spec.Features)
                    {
                        keep = Math.Min(keep, feature.Operator switch
                        {
                            FeatureOperator.Lag or FeatureOperator.Difference => Math.Max(0, _times.Length - feature.Lag),
                            FeatureOperator.Aggregate => StartOf(feature.Window, last, RowsSeen),
                            _ => _times.Length,
                        });
                    }
                }
            }

            long lastTime = _times.Length > 0 ? _times[^1] : _previous?.LastTime ?? long.MinValue;
            next.Set(next.SlotOf(Id), RowsSeen, lastTime, _times.AsSpan(keep), [.. _values.Select(v => new ArraySegment<double>(v, keep, v.Length - keep))], _ewm);
        }

        /// <summary>
        /// The first row that windows of rows after <paramref name="lastRow"/> can reach, so that the kernel sees whole
        /// blocks: the start of the block before <paramref name="lastRow"/>'s. With no earlier rows, 0.
        /// </summary>
        private int StartOf(WindowLength window, int lastRow, long rowsUpToLast)
        {
            if (lastRow < 0)
            {
                return 0;
            }

            if (window.IsTime)
            {
                long bucket = TimeGeometry.Bucket(_times[lastRow], window.Microseconds) - 1;
                int start = lastRow;
                while (start > 0 && TimeGeometry.Bucket(_times[start - 1], window.Microseconds) >= bucket)
                {
                    start--;
                }

                return start;
            }

            long blockStart = Math.Max(0, (((rowsUpToLast - 1) / window.Count) - 1) * window.Count);
            return (int)Math.Max(0, blockStart - _originRow);
        }

        private int OpenBucketStart()
        {
            if (Spec.BucketWidth.IsTime)
            {
                long width = Spec.BucketWidth.Microseconds;
                long bucket = TimeGeometry.FloorDivision(_times[^1] - Spec.BucketOrigin, width);
                int start = _times.Length - 1;
                while (start > 0 && TimeGeometry.FloorDivision(_times[start - 1] - Spec.BucketOrigin, width) == bucket)
                {
                    start--;
                }

                return start;
            }

            return (int)(_times.Length - (RowsSeen % Spec.BucketWidth.Count));
        }

        /// <summary>Runs a kernel over the rows from the tail onward and keeps the results of the batch's rows.</summary>
        private static void RunInto(Span<double> output, int length, SpanAction kernel)
        {
            if (length == output.Length)
            {
                kernel(output);
                return;
            }

            double[] scratch = ArrayPool<double>.Shared.Rent(length);
            try
            {
                kernel(scratch.AsSpan(0, length));
                scratch.AsSpan(length - output.Length, output.Length).CopyTo(output);
            }
            finally
            {
                ArrayPool<double>.Shared.Return(scratch);
            }
        }
    }

    private delegate void SpanAction(Span<double> destination);
}
