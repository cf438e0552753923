namespace PredictiveMaintenance.Features.Tests.Kernels;

/// <summary>
/// O(n·w) reference: gathers each window's valid values and applies the textbook two-pass formula.
/// Shares no code with the kernels.
/// </summary>
internal static class NaiveReference
{
    public static double[] Rolling(Aggregate aggregate, double[] values, int window, int minPeriods)
    {
        double[] result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int from = Math.Max(0, i - window + 1);
            result[i] = Statistic(aggregate, values[from..(i + 1)], Positions(from, i + 1), minPeriods, 1);
        }

        return result;
    }

    public static double[] Rolling(Aggregate aggregate, long[] times, double[] values, long span, int minPeriods)
    {
        double[] result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int from = i;
            while (from > 0 && times[from - 1] > times[i] - span)
            {
                from--;
            }

            result[i] = Statistic(aggregate, values[from..(i + 1)], [.. times[from..(i + 1)].Select(t => (double)t)], minPeriods, 1e6);
        }

        return result;
    }

    public static double Statistic(Aggregate aggregate, double[] window, double[] times, int minPeriods, double timeScale)
    {
        double[] valid = [.. window.Where(v => !double.IsNaN(v))];
        double[] validTimes = [.. times.Where((_, k) => !double.IsNaN(window[k]))];
        int n = valid.Length;
        if (aggregate.Kind == AggregateKind.Count)
        {
            return window.Length >= minPeriods ? n : double.NaN;
        }

        if (n < minPeriods)
        {
            return double.NaN;
        }

        if (aggregate.Kind == AggregateKind.Sum)
        {
            return valid.Sum();
        }

        if (n == 0)
        {
            return double.NaN;
        }

        double mean = valid.Average();
        double m2 = valid.Sum(v => (v - mean) * (v - mean));
        bool flat = valid.All(v => v == valid[0]);
        switch (aggregate.Kind)
        {
            case AggregateKind.Mean:
                return mean;
            case AggregateKind.Variance:
                return n < 2 ? double.NaN : flat ? 0 : m2 / (n - 1);
            case AggregateKind.StandardDeviation:
                return n < 2 ? double.NaN : flat ? 0 : Math.Sqrt(m2 / (n - 1));
            case AggregateKind.Min:
                return valid.Min();
            case AggregateKind.Max:
                return valid.Max();
            case AggregateKind.PeakToPeak:
                return valid.Max() - valid.Min();
            case AggregateKind.RootMeanSquare:
                return Math.Sqrt(valid.Sum(v => v * v) / n);
            case AggregateKind.Median:
            case AggregateKind.Quantile:
            {
                double[] sorted = [.. valid.Order()];
                double q = aggregate.Kind == AggregateKind.Median ? 0.5 : aggregate.Probability;
                double position = q * (n - 1);
                int lower = (int)Math.Floor(position);
                int upper = Math.Min(lower + 1, n - 1);
                return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
            }

            case AggregateKind.Skewness:
            {
                if (n < 3)
                {
                    return double.NaN;
                }

                if (flat)
                {
                    return 0;
                }

                double b = m2 / n;
                double c = valid.Sum(v => Math.Pow(v - mean, 3)) / n;
                return Math.Sqrt(n * (n - 1.0)) / (n - 2) * c / Math.Pow(b, 1.5);
            }

            case AggregateKind.Kurtosis:
            {
                if (n < 4)
                {
                    return double.NaN;
                }

                if (flat)
                {
                    return -3;
                }

                double b = m2 / n;
                double d = valid.Sum(v => Math.Pow(v - mean, 4)) / n;
                return (((n * (double)n) - 1) * d / (b * b) - (3 * (n - 1.0) * (n - 1.0))) / ((n - 2.0) * (n - 3.0));
            }

            case AggregateKind.Slope:
            {
                if (n < 2)
                {
                    return double.NaN;
                }

                double tMean = validTimes.Average();
                double stt = validTimes.Sum(t => (t - tMean) * (t - tMean));
                double stx = validTimes.Select((t, k) => (t - tMean) * (valid[k] - mean)).Sum();
                return stt > 0 ? stx / stt * timeScale : double.NaN;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(aggregate), aggregate.Kind, null);
        }
    }

    private static double[] Positions(int from, int to) => [.. Enumerable.Range(from, to - from).Select(i => (double)i)];
}
