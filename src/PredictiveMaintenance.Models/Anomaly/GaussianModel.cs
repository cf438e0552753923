namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>A mean and the Cholesky factor of a covariance: squared Mahalanobis distances and the log-determinant.</summary>
internal sealed class GaussianModel
{
    // Added to the diagonal, relative to its mean, so that a feature constant in training keeps the factor defined; a
    // later change of that feature then gets a very large distance, as it should.
    private const double Ridge = 1e-9;

    private GaussianModel(double[] mean, double[] cholesky, double logDeterminant)
    {
        Mean = mean;
        Cholesky = cholesky;
        LogDeterminant = logDeterminant;
    }

    public double[] Mean { get; }

    /// <summary>The lower-triangular factor L (covariance = L Lᵀ), row-major p × p.</summary>
    public double[] Cholesky { get; }

    public double LogDeterminant { get; }

    public int Dimension => Mean.Length;

    public static GaussianModel FromFactor(double[] mean, double[] cholesky)
    {
        double logDeterminant = 0;
        for (int j = 0; j < mean.Length; j++)
        {
            logDeterminant += 2 * Math.Log(cholesky[(j * mean.Length) + j]);
        }

        return new GaussianModel(mean, cholesky, logDeterminant);
    }

    /// <summary>The mean and covariance (divided by the count) of the chosen rows of a row-major matrix.</summary>
    public static GaussianModel Estimate(double[] x, int p, ReadOnlySpan<int> rows)
    {
        double[] mean = new double[p];
        foreach (int r in rows)
        {
            for (int j = 0; j < p; j++)
            {
                mean[j] += x[(r * p) + j];
            }
        }

        for (int j = 0; j < p; j++)
        {
            mean[j] /= rows.Length;
        }

        double[] covariance = new double[p * p];
        Span<double> d = p <= 128 ? stackalloc double[p] : new double[p];
        foreach (int r in rows)
        {
            for (int j = 0; j < p; j++)
            {
                d[j] = x[(r * p) + j] - mean[j];
            }

            for (int a = 0; a < p; a++)
            {
                double da = d[a];
                for (int b = 0; b <= a; b++)
                {
                    covariance[(a * p) + b] += da * d[b];
                }
            }
        }

        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                covariance[(a * p) + b] /= rows.Length;
            }
        }

        return FromCovariance(mean, covariance, 1);
    }

    /// <summary>Factors <paramref name="factor"/> times a covariance given by its lower triangle.</summary>
    public static GaussianModel FromCovariance(double[] mean, double[] lowerCovariance, double factor)
    {
        int p = mean.Length;
        double trace = 0;
        for (int j = 0; j < p; j++)
        {
            trace += lowerCovariance[(j * p) + j];
        }

        double ridge = Ridge * Math.Max(trace * factor / p, 1e-300);
        double[] l = new double[p * p];
        double logDeterminant = 0;
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = (lowerCovariance[(i * p) + j] * factor) + (i == j ? ridge : 0);
                for (int k = 0; k < j; k++)
                {
                    sum -= l[(i * p) + k] * l[(j * p) + k];
                }

                if (i == j)
                {
                    double diagonal = Math.Sqrt(Math.Max(sum, ridge));
                    l[(i * p) + i] = diagonal;
                    logDeterminant += 2 * Math.Log(diagonal);
                }
                else
                {
                    l[(i * p) + j] = sum / l[(j * p) + j];
                }
            }
        }

        return new GaussianModel(mean, l, logDeterminant);
    }

    /// <summary>The squared Mahalanobis distance of a point: |L⁻¹(x - mean)|².</summary>
    public double SquaredDistance(ReadOnlySpan<double> x)
    {
        int p = Mean.Length;
        Span<double> y = p <= 128 ? stackalloc double[p] : new double[p];
        double total = 0;
        for (int i = 0; i < p; i++)
        {
            double sum = x[i] - Mean[i];
            for (int k = 0; k < i; k++)
            {
                sum -= Cholesky[(i * p) + k] * y[k];
            }

            y[i] = sum / Cholesky[(i * p) + i];
            total += y[i] * y[i];
        }

        return total;
    }

    /// <summary>The covariance's lower triangle, L Lᵀ.</summary>
    public double[] LowerCovariance()
    {
        int p = Mean.Length;
        double[] c = new double[p * p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = 0;
                for (int k = 0; k <= j; k++)
                {
                    sum += Cholesky[(i * p) + k] * Cholesky[(j * p) + k];
                }

                c[(i * p) + j] = sum;
            }
        }

        return c;
    }
}
