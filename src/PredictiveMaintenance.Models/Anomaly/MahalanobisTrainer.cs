using MathNet.Numerics.Distributions;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>
/// Fits a Mahalanobis distance, by default a robust one: the minimum covariance determinant (MCD) estimate of location and scatter, found
/// by FAST-MCD (Rousseeuw and Van Driessen, Technometrics 1999), made consistent at the normal distribution and
/// reweighted, as scikit-learn's <c>MinCovDet</c> (which leaves out the consistency factor of the reweighted step). The score is the squared robust distance.
/// </summary>
/// <remarks>
/// <para>
/// The features are standardized first (the estimate is affine-equivariant, so this changes no distance but keeps the
/// factorizations well-conditioned). Each start draws p + 1 rows, then concentration steps (C-steps) keep the h rows
/// closest to the current estimate; the ten best starts are iterated until the determinant stops decreasing. The raw
/// covariance is scaled by <c>median(d²) / χ²_p(0.5)</c>, and the final estimate is that of the rows with
/// <c>d² ≤ χ²_p(0.975)</c>, scaled to stay consistent for the truncation.
/// </para>
/// <para>Rows with a missing value are ignored in fitting.</para>
/// </remarks>
public sealed class MahalanobisTrainer : AnomalyDetectorTrainer<MahalanobisDetector>
{
    private const int BestStarts = 10;
    private const int MaxConcentrationSteps = 100;
    private readonly MahalanobisOptions _options;
    private readonly int _seed;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The options; validated here.</param>
    public MahalanobisTrainer(MahalanobisOptions options)
        : base(options)
    {
        _options = options;
        _seed = options.Seed ?? 0;
    }

    /// <inheritdoc/>
    protected override ThresholdRule DefaultThreshold => ThresholdRule.Quantile(0.99);

    /// <inheritdoc/>
    protected override MahalanobisDetector FitCore(FeatureMatrix normal)
    {
        ArgumentNullException.ThrowIfNull(normal);
        int p = normal.ColumnCount;
        int[] complete = Standardizer.CompleteRows(normal, p + 2, $"A {(_options.Robust ? "robust " : "")}covariance of {p} features");
        int n = complete.Length;

        Standardizer standardizer = Standardizer.Fit(normal, complete, scale: true);
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++)
        {
            standardizer.Apply(normal.GetRow(complete[i]), x.AsSpan(i * p, p));
        }

        if (!_options.Robust)
        {
            return new MahalanobisDetector(normal.ColumnNames, standardizer, GaussianModel.Estimate(x, p, [.. Enumerable.Range(0, n)]), n);
        }

        int h = _options.SupportFraction is double fraction ? Math.Max((int)Math.Ceiling(fraction * n), p + 1) : (n + p + 1) / 2;
        h = Math.Min(h, n);
        var random = SplitMix64.ForStream(_seed, 0);
        GaussianModel raw = Search(x, n, p, h, ref random);

        // Consistency at the normal distribution, then one reweighting step.
        double[] distances = Distances(raw, x, n, p);
        double[] sorted = [.. distances];
        Array.Sort(sorted);
        double median = ThresholdRule.QuantileOfSorted(sorted, 0.5);
        double correction = median / ChiSquared.InvCDF(p, 0.5);
        GaussianModel corrected = GaussianModel.FromCovariance(raw.Mean, raw.LowerCovariance(), correction > 0 ? correction : 1);
        double cutoff = ChiSquared.InvCDF(p, 0.975);
        distances = Distances(corrected, x, n, p);
        int[] inliers = [.. Enumerable.Range(0, n).Where(i => distances[i] <= cutoff)];
        GaussianModel final = corrected;
        if (inliers.Length > p)
        {
            // Rows inside the χ²_p(0.975) ellipsoid have a covariance shrunk by F_{p+2}(q) / F_p(q) (truncated normal);
            // undoing it keeps the distances consistent, which scikit-learn's reweighting step does not.
            GaussianModel reweighted = GaussianModel.Estimate(x, p, inliers);
            final = GaussianModel.FromCovariance(reweighted.Mean, reweighted.LowerCovariance(), 0.975 / ChiSquared.CDF(p + 2, cutoff));
        }

        return new MahalanobisDetector(normal.ColumnNames, standardizer, final, h);
    }

    private GaussianModel Search(double[] x, int n, int p, int h, ref SplitMix64 random)
    {
        // Starts are searched on a subsample when the data is large, with h scaled to it.
        int[] searchRows = n <= _options.SearchRows ? [.. Enumerable.Range(0, n)] : Sample(n, _options.SearchRows, ref random);
        int hSearch = n <= _options.SearchRows ? h : Math.Max(p + 1, (int)Math.Ceiling((double)h * searchRows.Length / n));
        var candidates = new List<(double LogDeterminant, int[] Subset)>(_options.Starts);
        for (int s = 0; s < _options.Starts; s++)
        {
            int[] start = [.. Sample(searchRows.Length, Math.Min(p + 1, searchRows.Length), ref random).Select(i => searchRows[i])];
            GaussianModel model = GaussianModel.Estimate(x, p, start);
            int[] subset = start;
            for (int step = 0; step < 2; step++)
            {
                subset = Closest(model, x, p, searchRows, hSearch);
                model = GaussianModel.Estimate(x, p, subset);
            }

            candidates.Add((model.LogDeterminant, subset));
        }

        GaussianModel? best = null;
        int[] all = [.. Enumerable.Range(0, n)];
        foreach ((_, int[] subset) in candidates.OrderBy(c => c.LogDeterminant).Take(BestStarts))
        {
            GaussianModel model = GaussianModel.Estimate(x, p, subset);
            model = Concentrate(model, x, p, searchRows, hSearch);
            if (searchRows.Length < n)
            {
                model = Concentrate(model, x, p, all, h);
            }

            if (best is null || model.LogDeterminant < best.LogDeterminant)
            {
                best = model;
            }
        }

        return best!;
    }

    private static GaussianModel Concentrate(GaussianModel model, double[] x, int p, int[] rows, int h)
    {
        for (int step = 0; step < MaxConcentrationSteps; step++)
        {
            GaussianModel next = GaussianModel.Estimate(x, p, Closest(model, x, p, rows, h));
            // C-steps never increase the determinant; stop once it no longer decreases.
            if (next.LogDeterminant >= model.LogDeterminant - 1e-12)
            {
                return next.LogDeterminant < model.LogDeterminant ? next : model;
            }

            model = next;
        }

        return model;
    }

    private static int[] Closest(GaussianModel model, double[] x, int p, int[] rows, int h)
    {
        double[] distances = new double[rows.Length];
        int[] order = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            distances[i] = model.SquaredDistance(x.AsSpan(rows[i] * p, p));
            order[i] = rows[i];
        }

        Array.Sort(distances, order);
        return order[..h];
    }

    private static double[] Distances(GaussianModel model, double[] x, int n, int p)
    {
        double[] distances = new double[n];
        for (int i = 0; i < n; i++)
        {
            distances[i] = model.SquaredDistance(x.AsSpan(i * p, p));
        }

        return distances;
    }

    private static int[] Sample(int n, int count, ref SplitMix64 random)
    {
        int[] all = [.. Enumerable.Range(0, n)];
        for (int i = 0; i < count; i++)
        {
            int j = i + random.Next(n - i);
            (all[i], all[j]) = (all[j], all[i]);
        }

        return all[..count];
    }
}
