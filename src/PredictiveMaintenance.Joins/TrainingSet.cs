using System.Collections.ObjectModel;
using System.Globalization;
using PredictiveMaintenance.Features;

namespace PredictiveMaintenance.Joins;

/// <summary>
/// A model-ready table: telemetry rows with the features joined from the maintenance, error and failure logs and the
/// static asset data (role <see cref="ChannelRole.Sensor"/>), and failure and service labels (role
/// <see cref="ChannelRole.Label"/>), built without letting any row see its future. Immutable.
/// </summary>
/// <remarks>
/// <para>
/// Columns, after the telemetry's own and the windowed features (<see cref="TrainingSetOptions.Features"/>, or a
/// feature table given to <see cref="Build(TelemetryTable, TelemetryTable, MaintenanceLogs, TrainingSetOptions)"/>), in this order (<c>hours</c> becomes <c>cycles</c> on cycle tables; <c>{W}</c>
/// and <c>{H}</c> are <see cref="Duration.Name"/>s such as <c>24h</c>; docs/joins.md lists them with examples):
/// <c>hours_since_maintenance_{component}</c>, <c>hours_since_replacement_{component}</c>,
/// <c>hours_since_failure_{component}</c> (NaN before the first such event), <c>maintenance_{component}_{W}</c>,
/// <c>errors_{type}_{W}</c>, <c>services_{W}</c> (maintenance visits, components serviced together counting once),
/// <c>age_years</c> (timestamp tables with install dates), <c>model_{model}</c> (one-hot); then the labels
/// <c>fails_within_{H}</c>, <c>fails_within_{H}_{component}</c>, <c>failure_class_{H}</c> (0 for none, otherwise the
/// 1-based position in <see cref="Components"/> of the first failing component), <c>rul_hours</c> and
/// <c>rul_censored</c>, <c>next_service_hours</c> and <c>next_service_censored</c>.
/// </para>
/// <para>
/// Time semantics: features at a row of time <c>t</c> see the events stamped before <c>t</c>; labels see the events
/// stamped at or after <c>t</c>. Counts use the windows <c>[t - W, t)</c>, labels the horizon <c>[t, t + H)</c>.
/// </para>
/// </remarks>
public sealed class TrainingSet
{
    private readonly TrainingSetLayout _layout;

    private TrainingSet(TelemetryTable table, MaintenanceLogs logs, TrainingSetOptions options, TrainingSetLayout layout)
    {
        Table = table;
        Logs = logs;
        Options = options;
        _layout = layout;
        FeatureColumns = new ReadOnlyCollection<string>([.. table.Schema.Channels.Where(c => c.Role != ChannelRole.Label).Select(c => c.Name)]);
        LabelColumns = new ReadOnlyCollection<string>([.. table.Schema.Channels.Where(c => c.Role == ChannelRole.Label).Select(c => c.Name)]);
        CensoredRows = CountOnes(table.GetChannel(layout.TimeToFailureCensored));
        ServiceCensoredRows = CountOnes(table.GetChannel(layout.TimeToServiceCensored));
    }

    /// <summary>The rows: telemetry channels, joined features and labels.</summary>
    public TelemetryTable Table { get; }

    /// <summary>The logs the set was built from.</summary>
    public MaintenanceLogs Logs { get; }

    /// <summary>The options the set was built with.</summary>
    public TrainingSetOptions Options { get; }

    /// <summary>The components of the per-component columns, in order; <see cref="FailureClassColumn"/> counts from 1 in this order.</summary>
    public IReadOnlyList<string> Components => _layout.Components;

    /// <summary>The error types of the error-count columns, in order.</summary>
    public IReadOnlyList<string> ErrorTypes => _layout.ErrorTypes;

    /// <summary>The equipment models of the one-hot columns, in order.</summary>
    public IReadOnlyList<string> Models => _layout.Models;

    /// <summary>The names of the channels a model may read: every channel that is not a label, telemetry included.</summary>
    public IReadOnlyList<string> FeatureColumns { get; }

    /// <summary>The names of the label channels.</summary>
    public IReadOnlyList<string> LabelColumns { get; }

    /// <summary>The binary label: 1 when any listed component fails within the horizon, such as <c>fails_within_24h</c>.</summary>
    public string FailsWithinColumn => _layout.FailsWithin;

    /// <summary>The multi-class label: 0 for no failure within the horizon, otherwise the 1-based component, such as <c>failure_class_24h</c>.</summary>
    public string FailureClassColumn => _layout.FailureClass;

    /// <summary>The time until the next failure, in hours or cycles (NaN when censored): <c>rul_hours</c> or <c>rul_cycles</c>.</summary>
    public string TimeToFailureColumn => _layout.TimeToFailure;

    /// <summary>1 where <see cref="TimeToFailureColumn"/> is censored, 0 elsewhere: <c>rul_censored</c>.</summary>
    public string TimeToFailureCensoredColumn => _layout.TimeToFailureCensored;

    /// <summary>The time until the next maintenance, in hours or cycles (NaN when censored): <c>next_service_hours</c> or <c>next_service_cycles</c>.</summary>
    public string TimeToServiceColumn => _layout.TimeToService;

    /// <summary>1 where <see cref="TimeToServiceColumn"/> is censored, 0 elsewhere: <c>next_service_censored</c>.</summary>
    public string TimeToServiceCensoredColumn => _layout.TimeToServiceCensored;

    /// <summary>Rows whose time-to-failure label is right censored: no later failure, so no value.</summary>
    public int CensoredRows { get; }

    /// <summary>Rows whose time-to-service label is right censored: no later maintenance, so no value.</summary>
    public int ServiceCensoredRows { get; }

    /// <summary>Joins the logs onto the telemetry and labels every row.</summary>
    /// <param name="telemetry">The telemetry; its channels come first in the result, with their roles.</param>
    /// <param name="logs">The maintenance history, in the telemetry's time kind.</param>
    /// <param name="options">What to join and label; defaults when null.</param>
    /// <exception cref="SchemaException">
    /// The time kinds of the telemetry, the logs or a duration differ, or a new column's name is already a telemetry channel.
    /// </exception>
    public static TrainingSet Build(TelemetryTable telemetry, MaintenanceLogs logs, TrainingSetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        return Build(telemetry, [], logs, options);
    }

    /// <summary>
    /// Joins the logs onto the telemetry, adds precomputed features of the same rows (such as those of the
    /// PredictiveMaintenance.Features package's <c>FeatureComputer.Compute</c>), and labels every row.
    /// </summary>
    /// <remarks>
    /// The features must be causal for the set to be free of leakage: a value at time <c>t</c> may read rows at or
    /// before <c>t</c> only, as the rolling windows <c>(t - s, t]</c> of the Features package do.
    /// </remarks>
    /// <param name="telemetry">The telemetry; its channels come first in the result, with their roles.</param>
    /// <param name="features">A table with exactly the telemetry's assets and times; its channels follow the telemetry's, with their roles.</param>
    /// <param name="logs">The maintenance history, in the telemetry's time kind.</param>
    /// <param name="options">What to join and label; defaults when null.</param>
    /// <exception cref="SchemaException">
    /// The feature table has other rows, the time kinds of the telemetry, the logs or a duration differ, or two columns share a name.
    /// </exception>
    public static TrainingSet Build(TelemetryTable telemetry, TelemetryTable features, MaintenanceLogs logs, TrainingSetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(features);
        return Build(telemetry, [features], logs, options);
    }

    /// <summary>
    /// Splits by asset: a seeded random <paramref name="testFraction"/> of the assets (rounded, at least one on each side
    /// when there are two or more) goes to the test set with all its rows, the rest to the training set. No asset is in both.
    /// </summary>
    /// <param name="testFraction">The share of assets to test on, in (0, 1).</param>
    /// <param name="seed">The seed of the shuffle; the same seed and assets give the same split.</param>
    public TrainTestSplit SplitByAsset(double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be between 0 and 1, exclusive.");
        }

        string[] assets = [.. Table.AssetIds];
        new Random(seed).Shuffle(assets);
        int testCount = (int)Math.Round(testFraction * assets.Length, MidpointRounding.AwayFromZero);
        if (assets.Length >= 2)
        {
            testCount = Math.Clamp(testCount, 1, assets.Length - 1);
        }

        return SplitByAsset(assets.Take(testCount));
    }

    /// <summary>Splits by asset: the given assets go to the test set with all their rows, the others to the training set.</summary>
    /// <param name="testAssets">The assets to test on; ids the set lacks are ignored.</param>
    public TrainTestSplit SplitByAsset(IEnumerable<string> testAssets)
    {
        ArgumentNullException.ThrowIfNull(testAssets);
        var test = new HashSet<string>(testAssets, StringComparer.Ordinal);
        return new TrainTestSplit(
            With(Table.SelectAssets(Table.AssetIds.Where(id => !test.Contains(id)))),
            With(Table.SelectAssets(Table.AssetIds.Where(test.Contains))));
    }

    /// <summary>Splits by time at <paramref name="cutoff"/>; see <see cref="SplitByTime(long, bool)"/>.</summary>
    /// <param name="cutoff">The first time of the test set, in UTC.</param>
    /// <param name="embargo">Whether to drop the training rows whose label horizon reaches the cut-off.</param>
    /// <exception cref="SchemaException">The set's time column counts cycles.</exception>
    public TrainTestSplit SplitByTime(DateTime cutoff, bool embargo = true) =>
        Table.Schema.TimeKind == TimeKind.UtcTimestamp
            ? SplitByTime(UnixTime.ToMicroseconds(cutoff), embargo)
            : throw new SchemaException($"The time column '{Table.Schema.TimeColumn}' counts cycles; give the cut-off as a cycle number.");

    /// <summary>
    /// Splits by time: the test set holds the rows at or after <paramref name="cutoff"/>; the training set the rows
    /// before it, relabelled from the logs as they were known at the cut-off, so no event at or after it reaches a
    /// training label. Every test row is later than every training row.
    /// </summary>
    /// <remarks>
    /// With <paramref name="embargo"/> (the default) the training set also loses the rows within one label horizon of the
    /// cut-off, <c>[cutoff - H, cutoff)</c>, whose horizon the cut-off would truncate, so their labels would claim
    /// "no failure" for time nobody had seen yet. Training rows whose next failure is not known by the cut-off become
    /// censored. Features need no relabelling: they read only the past.
    /// </remarks>
    /// <param name="cutoff">The first time of the test set, in table time.</param>
    /// <param name="embargo">Whether to drop the training rows whose label horizon reaches the cut-off.</param>
    public TrainTestSplit SplitByTime(long cutoff, bool embargo = true)
    {
        long trainEnd = embargo ? cutoff - _layout.Horizon : cutoff;
        ReadOnlySpan<long> times = Table.Times;
        bool[] train = new bool[times.Length];
        bool[] test = new bool[times.Length];
        for (int row = 0; row < times.Length; row++)
        {
            train[row] = times[row] < trainEnd;
            test[row] = times[row] >= cutoff;
        }

        return new TrainTestSplit(Relabel(Table.SelectRows(train), Logs.Before(cutoff)), With(Table.SelectRows(test)));
    }

    /// <summary>
    /// Down-samples the majority class of a label for classification: every row of the other classes is kept, and a
    /// seeded random sample of the majority class of at most <paramref name="majorityPerMinority"/> rows per row of the
    /// others, in table order. Rows whose label is NaN are dropped.
    /// </summary>
    /// <param name="labelColumn">The label, such as <see cref="FailsWithinColumn"/> or <see cref="FailureClassColumn"/>.</param>
    /// <param name="majorityPerMinority">Majority rows to keep per row of the other classes, positive.</param>
    /// <param name="seed">The seed of the sample.</param>
    /// <exception cref="SchemaException">The set has no such channel.</exception>
    /// <exception cref="DataQualityException">The label has a single class, so there is nothing to balance against.</exception>
    public TrainingSet DownSample(string labelColumn, double majorityPerMinority, int seed)
    {
        ArgumentNullException.ThrowIfNull(labelColumn);
        if (!(majorityPerMinority > 0) || double.IsPositiveInfinity(majorityPerMinority))
        {
            throw new ArgumentOutOfRangeException(nameof(majorityPerMinority), majorityPerMinority, "The ratio must be positive and finite.");
        }

        ReadOnlySpan<double> labels = Table.GetChannel(labelColumn);
        var frequency = new Dictionary<double, int>();
        int labelled = 0;
        foreach (double label in labels)
        {
            if (!double.IsNaN(label))
            {
                frequency[label] = frequency.GetValueOrDefault(label) + 1;
                labelled++;
            }
        }

        // The most frequent class, the smallest value among equals, so the choice does not depend on hashing.
        (double majority, int majorityRows) = frequency.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Select(p => (p.Key, p.Value)).FirstOrDefault();
        int minorityRows = labelled - majorityRows;
        if (minorityRows == 0)
        {
            throw new DataQualityException(string.Create(
                CultureInfo.InvariantCulture,
                $"The label '{labelColumn}' has a single class ({majority}) in its {labelled} labelled rows; there is no minority to balance against."));
        }

        int wanted = (int)Math.Min(majorityRows, Math.Floor(majorityPerMinority * minorityRows));
        var random = new Random(seed);
        bool[] keep = new bool[labels.Length];
        int seen = 0, kept = 0;
        for (int row = 0; row < labels.Length; row++)
        {
            if (labels[row] != majority)
            {
                keep[row] = !double.IsNaN(labels[row]);
                continue;
            }

            // Selection sampling (Knuth, TAOCP 3.4.2, algorithm S): each majority row is kept with probability
            // (still wanted) / (still to see), which draws exactly `wanted` rows uniformly and leaves them in order.
            keep[row] = random.NextDouble() * (majorityRows - seen) < wanted - kept;
            kept += keep[row] ? 1 : 0;
            seen++;
        }

        return With(Table.SelectRows(keep));
    }

    private static TrainingSet Build(TelemetryTable telemetry, TelemetryTable[] inputs, MaintenanceLogs logs, TrainingSetOptions? options)
    {
        ArgumentNullException.ThrowIfNull(logs);
        options ??= new TrainingSetOptions();
        foreach (TelemetryTable input in inputs)
        {
            CheckSameRows(telemetry, input);
        }

        if (options.Features is { } spec)
        {
            if (spec.IsTumbling)
            {
                throw new SchemaException(
                    $"TrainingSetOptions.Features is the tumbling spec '{spec}', whose buckets are stamped with their start but summarise rows up to their end; " +
                    "use rolling windows, or compute the buckets yourself and build the training set on them stamped with their end.");
            }

            inputs = [.. inputs, new FeatureComputer(spec, options.FeatureOptions).Compute(telemetry)];
        }

        TrainingSetLayout layout = TrainingSetLayout.Create(telemetry.Schema.TimeKind, logs, options);
        ChannelDefinition[] given = [.. telemetry.Schema.Channels, .. inputs.SelectMany(t => t.Schema.Channels)];
        int rows = telemetry.RowCount;
        var columns = new List<double[]>(given.Length + layout.FeatureNames.Length + layout.LabelNames.Length);
        foreach (TelemetryTable input in (TelemetryTable[])[telemetry, .. inputs])
        {
            for (int c = 0; c < input.Schema.Channels.Count; c++)
            {
                columns.Add(input.GetChannel(c).ToArray());
            }
        }

        // Every kernel writes every row, so the zeroing of a plain allocation would be wasted.
        double[][] joined = [.. layout.FeatureNames.Select(_ => GC.AllocateUninitializedArray<double>(rows))];
        double[][] labels = [.. layout.LabelNames.Select(_ => GC.AllocateUninitializedArray<double>(rows))];
        layout.WriteFeatures(telemetry, logs, joined);
        layout.WriteLabels(telemetry, logs, labels);
        columns.AddRange(joined);
        columns.AddRange(labels);
        TelemetrySchema schema = telemetry.Schema.WithChannels([
            .. given,
            .. layout.FeatureNames.Select(name => new ChannelDefinition(name, ChannelRole.Sensor)),
            .. layout.LabelNames.Select(name => new ChannelDefinition(name, ChannelRole.Label))]);
        // Every column is a fresh array of this method's, so the table may own it: WithChannels would copy them all again.
        return new TrainingSet(TelemetryTableMarshal.WithOwnedChannels(telemetry, schema, columns), logs, options, layout);
    }

    private static void CheckSameRows(TelemetryTable telemetry, TelemetryTable features)
    {
        string? difference =
            features.Schema.TimeKind != telemetry.Schema.TimeKind ? $"its time column is {features.Schema.TimeKind}, the telemetry's {telemetry.Schema.TimeKind}"
            : features.RowCount != telemetry.RowCount ? $"it has {features.RowCount} rows, the telemetry {telemetry.RowCount}"
            : !features.AssetIds.SequenceEqual(telemetry.AssetIds) || !features.AssetOffsets.SequenceEqual(telemetry.AssetOffsets) ? "its assets or their row counts differ"
            : features.Times.SequenceEqual(telemetry.Times) ? null
            : $"its times differ from row {features.Times.CommonPrefixLength(telemetry.Times)} on";
        if (difference is not null)
        {
            throw new SchemaException($"The feature table must have the telemetry's rows (the same assets and times), but {difference}.");
        }
    }

    private TrainingSet With(TelemetryTable table) => new(table, Logs, Options, _layout);

    private TrainingSet Relabel(TelemetryTable table, MaintenanceLogs logs)
    {
        int first = table.Schema.Channels.Count - _layout.LabelNames.Length;
        double[][] columns = new double[table.Schema.Channels.Count][];
        for (int c = 0; c < first; c++)
        {
            columns[c] = table.GetChannel(c).ToArray();
        }

        for (int c = first; c < columns.Length; c++)
        {
            columns[c] = GC.AllocateUninitializedArray<double>(table.RowCount);
        }

        _layout.WriteLabels(table, logs, columns[first..]);
        return new TrainingSet(TelemetryTableMarshal.WithOwnedChannels(table, table.Schema, columns), logs, Options, _layout);
    }

    private static int CountOnes(ReadOnlySpan<double> column)
    {
        int count = 0;
        foreach (double value in column)
        {
            count += value == 1 ? 1 : 0;
        }

        return count;
    }
}

/// <summary>A training set split in two.</summary>
/// <param name="Train">The rows to train on.</param>
/// <param name="Test">The rows to test on.</param>
public sealed record TrainTestSplit(TrainingSet Train, TrainingSet Test);
