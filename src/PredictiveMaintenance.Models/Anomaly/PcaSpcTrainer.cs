using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>
/// Fits PCA-based multivariate statistical process control, the classic industrial baseline: the principal components of
/// normal operation, Hotelling's T² in the kept components, the Q statistic (squared prediction error) in the rest, and
/// the control limit of each.
/// </summary>
/// <remarks>
/// <para>
/// With n training rows and k kept components, the T² limit is <c>k(n-1)(n+1) / (n(n-k)) F(k, n-k)</c> at the
/// confidence (the prediction limit for a new row), and the Q limit is Jackson and Mudholkar's (Technometrics 1979)
/// from the discarded eigenvalues. The detector's score is <c>max(T² / T²limit, Q / Qlimit)</c>, so the default
/// threshold 1 alarms when either statistic is out of control.
/// </para>
/// <para>Rows with a missing value are ignored in fitting. The eigen-decomposition is MathNet.Numerics'.</para>
/// </remarks>
public sealed class PcaSpcTrainer : AnomalyDetectorTrainer<PcaSpcDetector>
{
    private readonly PcaSpcOptions _options;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The options; validated here.</param>
    public PcaSpcTrainer(PcaSpcOptions options)
        : base(options) => _options = options;

    /// <inheritdoc/>
    protected override ThresholdRule DefaultThreshold => ThresholdRule.Fixed(1);

    /// <inheritdoc/>
    protected override PcaSpcDetector FitCore(FeatureMatrix normal)
    {
        ArgumentNullException.ThrowIfNull(normal);
        int p = normal.ColumnCount;
        int[] complete = Standardizer.CompleteRows(normal, p + 2, $"PCA process control of {p} features");
        int n = complete.Length;

        if (_options.Components > p)
        {
            throw new ArgumentException($"Components is {_options.Components}, more than the {p} features.", nameof(normal));
        }

        Standardizer standardizer = Standardizer.Fit(normal, complete, _options.Standardize);
        Matrix<double> x = Matrix<double>.Build.Dense(n, p);
        double[] z = new double[p];
        for (int i = 0; i < n; i++)
        {
            standardizer.Apply(normal.GetRow(complete[i]), z);
            x.SetRow(i, z);
        }

        Matrix<double> covariance = x.TransposeThisAndMultiply(x) / (n - 1);
        Evd<double> evd = covariance.Evd(Symmetricity.Symmetric);
        // MathNet returns eigenvalues in ascending order; components are wanted by decreasing variance.
        int[] order = [.. Enumerable.Range(0, p).OrderByDescending(i => evd.EigenValues[i].Real)];
        double[] eigenvalues = [.. order.Select(i => Math.Max(evd.EigenValues[i].Real, 0))];
        double total = eigenvalues.Sum();
        int k = _options.Components ?? KeptComponents(eigenvalues, total, _options.ExplainedVariance);
        double[] loadings = new double[p * k];
        for (int c = 0; c < k; c++)
        {
            Vector<double> v = evd.EigenVectors.Column(order[c]);
            for (int j = 0; j < p; j++)
            {
                loadings[(j * k) + c] = v[j];
            }
        }

        double t2Limit = k * (n - 1.0) * (n + 1.0) / (n * (double)(n - k)) * FisherSnedecor.InvCDF(k, n - k, _options.Confidence);
        double qLimit = QLimit(eigenvalues.AsSpan(k), _options.Confidence);
        return new PcaSpcDetector(normal.ColumnNames, standardizer, loadings, eigenvalues[..k], t2Limit, qLimit);
    }

    private static int KeptComponents(double[] eigenvalues, double total, double share)
    {
        if (!(total > 0))
        {
            return 1;
        }

        double cumulative = 0;
        for (int c = 0; c < eigenvalues.Length; c++)
        {
            cumulative += eigenvalues[c];
            if (cumulative / total >= share - 1e-12)
            {
                return c + 1;
            }
        }

        return eigenvalues.Length;
    }

    /// <summary>Jackson and Mudholkar's limit of Q from the discarded eigenvalues; 0 when none carries variance (Q is then 0 too).</summary>
    internal static double QLimit(ReadOnlySpan<double> discarded, double confidence)
    {
        double theta1 = 0, theta2 = 0, theta3 = 0;
        foreach (double l in discarded)
        {
            theta1 += l;
            theta2 += l * l;
            theta3 += l * l * l;
        }

        if (!(theta1 > 0))
        {
            return 0;
        }

        double h0 = 1 - (2 * theta1 * theta3 / (3 * theta2 * theta2));
        double c = Normal.InvCDF(0, 1, confidence);
        double inner = (c * Math.Sqrt(2 * theta2 * h0 * h0) / theta1) + 1 + (theta2 * h0 * (h0 - 1) / (theta1 * theta1));
        return theta1 * Math.Pow(inner, 1 / h0);
    }
}
