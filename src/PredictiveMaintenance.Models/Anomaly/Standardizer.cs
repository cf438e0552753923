namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>Per-column mean and scale of the complete rows, as scikit-learn's <c>StandardScaler</c> (population standard deviation; 1 for a constant column).</summary>
internal sealed class Standardizer
{
    public Standardizer(double[] mean, double[] scale)
    {
        Mean = mean;
        Scale = scale;
    }

    public double[] Mean { get; }

    public double[] Scale { get; }

    public static Standardizer Fit(FeatureMatrix rows, IReadOnlyList<int> complete, bool scale)
    {
        int p = rows.ColumnCount;
        double[] mean = new double[p], m2 = new double[p];
        int n = 0;
        // Welford's update keeps the variance exact when values are large and spread is small.
        foreach (int r in complete)
        {
            ReadOnlySpan<double> row = rows.GetRow(r);
            n++;
            for (int j = 0; j < p; j++)
            {
                double delta = row[j] - mean[j];
                mean[j] += delta / n;
                m2[j] += delta * (row[j] - mean[j]);
            }
        }

        double[] scales = new double[p];
        for (int j = 0; j < p; j++)
        {
            double sd = Math.Sqrt(m2[j] / n);
            scales[j] = scale && sd > 1e-12 * Math.Max(1, Math.Abs(mean[j])) ? sd : 1;
        }

        return new Standardizer(mean, scales);
    }

    public void Apply(ReadOnlySpan<double> row, Span<double> destination)
    {
        for (int j = 0; j < row.Length; j++)
        {
            destination[j] = (row[j] - Mean[j]) / Scale[j];
        }
    }

    /// <summary>The rows without a missing value, which a model must have at least <paramref name="minimum"/> of.</summary>
    /// <param name="normal">The training rows, named as the trainers' <c>Fit</c> argument that the exception names.</param>
    /// <param name="minimum">The fewest complete rows the model can be fitted on.</param>
    /// <param name="model">The model in the message, such as "An isolation forest".</param>
    public static int[] CompleteRows(FeatureMatrix normal, int minimum, string model)
    {
        var complete = new List<int>(normal.RowCount);
        for (int r = 0; r < normal.RowCount; r++)
        {
            if (!normal.HasMissing(r))
            {
                complete.Add(r);
            }
        }

        return complete.Count >= minimum
            ? [.. complete]
            : throw new ArgumentException($"{model} needs at least {minimum} rows without missing values; there are {complete.Count} of {normal.RowCount}.", nameof(normal));
    }
}
