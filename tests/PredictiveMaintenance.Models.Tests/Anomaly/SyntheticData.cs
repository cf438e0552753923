using MathNet.Numerics.LinearAlgebra;

namespace PredictiveMaintenance.Models.Tests.Anomaly;

/// <summary>Seeded test data: correlated Gaussian normal operation and a few far-away outliers.</summary>
internal static class SyntheticData
{
    /// <summary>Rows of two correlated features (x ~ N(0, 1), y = 0.8 x + N(0, 0.6²)) and a third N(5, 2²).</summary>
    public static double[] Normal(int rows, int seed)
    {
        var random = new Random(seed);
        double[] values = new double[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            double x = Gaussian(random);
            values[(r * 3) + 0] = x;
            values[(r * 3) + 1] = (0.8 * x) + (0.6 * Gaussian(random));
            values[(r * 3) + 2] = 5 + (2 * Gaussian(random));
        }

        return values;
    }

    /// <summary>Normal rows followed by <paramref name="outliers"/> rows far from them: beyond four standard deviations on x and y, against their correlation.</summary>
    public static FeatureMatrix WithOutliers(int rows, int outliers, int seed)
    {
        double[] normal = Normal(rows, seed);
        var random = new Random(seed + 1);
        double[] values = new double[(rows + outliers) * 3];
        normal.CopyTo(values, 0);
        for (int o = 0; o < outliers; o++)
        {
            int i = (rows + o) * 3;
            double sign = o % 2 == 0 ? 1 : -1;
            values[i] = sign * (4 + Math.Abs(Gaussian(random)));
            values[i + 1] = -sign * (4 + Math.Abs(Gaussian(random)));
            values[i + 2] = 5 + (o % 3 == 0 ? 12 : 2 * Gaussian(random));
        }

        return new FeatureMatrix(values, 3, ["x", "y", "z"]);
    }

    public static FeatureMatrix NormalMatrix(int rows, int seed) => new(Normal(rows, seed), 3, ["x", "y", "z"]);

    /// <summary>
    /// The naive reference: each probe row's squared Mahalanobis distance from the training mean under the training
    /// covariance, with MathNet's dense inverse; the covariance divides by n - <paramref name="degreesOfFreedomLost"/>.
    /// </summary>
    public static double[] SquaredMahalanobis(FeatureMatrix train, FeatureMatrix probe, int degreesOfFreedomLost)
    {
        int n = train.RowCount, p = train.ColumnCount;
        Matrix<double> x = Matrix<double>.Build.Dense(n, p, (i, j) => train.GetRow(i)[j]);
        Vector<double> mean = x.ColumnSums() / n;
        Matrix<double> centred = x - Matrix<double>.Build.Dense(n, p, (_, j) => mean[j]);
        Matrix<double> inverse = (centred.TransposeThisAndMultiply(centred) / (n - degreesOfFreedomLost)).Inverse();
        double[] distances = new double[probe.RowCount];
        for (int r = 0; r < probe.RowCount; r++)
        {
            Vector<double> d = Vector<double>.Build.DenseOfArray(probe.GetRow(r).ToArray()) - mean;
            distances[r] = d * inverse * d;
        }

        return distances;
    }

    /// <summary>The indices of the <paramref name="count"/> highest scores.</summary>
    public static int[] Top(double[] scores, int count) =>
        [.. scores.Select((s, i) => (s, i)).OrderByDescending(p => p.s).Take(count).Select(p => p.i).Order()];

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
