namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>Maximum-likelihood fit of a generalized Pareto distribution to positive excesses.</summary>
/// <remarks>
/// Uses Grimshaw's reduction ("Computing maximum likelihood estimates for the generalized Pareto distribution",
/// Technometrics 1993): with <c>θ = shape / scale</c>, the likelihood's maximum over shape and scale for a fixed θ is
/// closed-form (<c>shape = mean(ln(1 + θy))</c>), so the fit is a one-dimensional search of the profile likelihood over
/// θ in <c>(-1/max(y), ∞)</c>, compared with the exponential limit θ → 0.
/// </remarks>
internal static class GeneralizedPareto
{
    private const int GridPoints = 200;
    private const int RefineSteps = 100;

    /// <summary>The fitted shape (ξ, 0 for the exponential tail) and scale (σ).</summary>
    public static (double Shape, double Scale) Fit(ReadOnlySpan<double> excesses)
    {
        double max = 0, sum = 0;
        foreach (double y in excesses)
        {
            max = Math.Max(max, y);
            sum += y;
        }

        double mean = sum / excesses.Length;
        if (!(max > 0))
        {
            return (0, 0);
        }

        // The exponential tail is the θ → 0 limit: scale = mean, log-likelihood = -n (ln mean + 1).
        double bestTheta = 0, bestLikelihood = -excesses.Length * (Math.Log(mean) + 1);
        double lower = -1 / max;
        // Candidates: negative θ approaching -1/max, positive θ spread on a log scale up to far beyond the data's scale.
        double[] grid = new double[2 * GridPoints];
        for (int i = 0; i < GridPoints; i++)
        {
            double fraction = (i + 1.0) / (GridPoints + 1);
            grid[i] = lower * (1 - Math.Pow(1 - fraction, 2));
            grid[GridPoints + i] = Math.Pow(10, -3 + (6.0 * i / (GridPoints - 1))) / mean;
        }

        int bestIndex = -1;
        for (int i = 0; i < grid.Length; i++)
        {
            double likelihood = ProfileLikelihood(excesses, grid[i]);
            if (likelihood > bestLikelihood)
            {
                (bestLikelihood, bestTheta, bestIndex) = (likelihood, grid[i], i);
            }
        }

        if (bestIndex >= 0)
        {
            // Golden-section refinement between the grid neighbours of the best point.
            double a = bestIndex == 0 || bestIndex == GridPoints ? bestTheta - (Math.Abs(bestTheta) * 0.5) : grid[bestIndex - 1];
            double b = bestIndex == GridPoints - 1 || bestIndex == grid.Length - 1 ? bestTheta * 1.5 : grid[bestIndex + 1];
            a = Math.Max(a, lower * (1 - 1e-12));
            (a, b) = (Math.Min(a, b), Math.Max(a, b));
            double ratio = (Math.Sqrt(5) - 1) / 2;
            for (int step = 0; step < RefineSteps; step++)
            {
                double c = b - (ratio * (b - a)), d = a + (ratio * (b - a));
                if (ProfileLikelihood(excesses, c) > ProfileLikelihood(excesses, d))
                {
                    b = d;
                }
                else
                {
                    a = c;
                }
            }

            double theta = (a + b) / 2;
            double likelihood = ProfileLikelihood(excesses, theta);
            if (likelihood > bestLikelihood)
            {
                (bestLikelihood, bestTheta) = (likelihood, theta);
            }
        }

        if (bestTheta == 0)
        {
            return (0, mean);
        }

        double shape = MeanLog(excesses, bestTheta);
        return (shape, shape / bestTheta);
    }

    private static double ProfileLikelihood(ReadOnlySpan<double> excesses, double theta)
    {
        if (theta == 0)
        {
            return double.NegativeInfinity;
        }

        double shape = MeanLog(excesses, theta);
        double scale = shape / theta;
        return double.IsNaN(shape) || !(scale > 0) ? double.NegativeInfinity : -excesses.Length * (Math.Log(scale) + shape + 1);
    }

    private static double MeanLog(ReadOnlySpan<double> excesses, double theta)
    {
        double sum = 0;
        foreach (double y in excesses)
        {
            double x = 1 + (theta * y);
            if (!(x > 0))
            {
                return double.NaN;
            }

            sum += Math.Log(x);
        }

        return sum / excesses.Length;
    }
}
