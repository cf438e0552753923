namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>
/// Fits an isolation forest (Liu, Ting and Zhou, ICDM 2008) on normal rows, with scikit-learn's semantics: each tree is
/// grown on <see cref="IsolationForestOptions.MaxSamples"/> rows drawn without replacement, splitting on a feature drawn
/// among those not constant in the node at a threshold drawn uniformly between its minimum and maximum, down to
/// <c>ceil(log2(samples))</c> levels.
/// </summary>
/// <remarks>
/// Trees are grown in parallel; tree <c>t</c> draws from its own random stream of (seed, t), so the forest, and every
/// score, is bit-identical for a seed whatever the thread count or scheduling. Rows with a missing (NaN) feature are not
/// drawn. The default threshold is <c>ThresholdRule.Fixed(0.5)</c> (scikit-learn's <c>contamination="auto"</c>).
/// </remarks>
public sealed class IsolationForestTrainer : AnomalyDetectorTrainer<IsolationForestDetector>
{
    private readonly IsolationForestOptions _options;
    private readonly int _seed;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The options; validated here.</param>
    public IsolationForestTrainer(IsolationForestOptions options)
        : base(options)
    {
        _options = options;
        _seed = options.Seed ?? 0;
    }

    /// <inheritdoc/>
    protected override ThresholdRule DefaultThreshold => ThresholdRule.Fixed(0.5);

    /// <inheritdoc/>
    protected override IsolationForestDetector FitCore(FeatureMatrix normal)
    {
        ArgumentNullException.ThrowIfNull(normal);
        int[] complete = Standardizer.CompleteRows(normal, 2, "An isolation forest");

        int samples = Math.Min(_options.MaxSamples, complete.Length);
        int depth = (int)Math.Ceiling(Math.Log2(samples));
        var trees = new IsolationTree[_options.Trees];
        Parallel.For(
            0,
            trees.Length,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism },
            t => trees[t] = IsolationTree.Grow(normal, complete, samples, depth, SplitMix64.ForStream(_seed, t)));
        return new IsolationForestDetector(normal.ColumnNames, IsolationForest.Pack(trees, samples, depth), _seed, _options.MaxDegreeOfParallelism);
    }
}
