namespace PredictiveMaintenance.Models;

/// <summary>Errors of time-until-service predictions: RMSE, MAE and the C-MAPSS asymmetric score.</summary>
/// <remarks>All take predictions and true values of equal length, in the same time unit (cycles for C-MAPSS).</remarks>
public static class RegressionMetrics
{
    /// <summary>The root of the mean squared error.</summary>
    /// <param name="predicted">The predictions.</param>
    /// <param name="actual">The true values, as many.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double RootMeanSquaredError(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        Check(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double d = predicted[i] - actual[i];
            sum += d * d;
        }

        return Math.Sqrt(sum / predicted.Length);
    }

    /// <summary>The mean absolute error.</summary>
    /// <param name="predicted">The predictions.</param>
    /// <param name="actual">The true values, as many.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double MeanAbsoluteError(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        Check(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            sum += Math.Abs(predicted[i] - actual[i]);
        }

        return sum / predicted.Length;
    }

    /// <summary>
    /// The PHM08 / C-MAPSS score: the sum over units of exp(-d/13) - 1 for early predictions (d &lt; 0) and exp(d/10) - 1
    /// for late ones, d = predicted - actual. Late predictions cost more, as a missed failure does.
    /// </summary>
    /// <param name="predicted">The predictions.</param>
    /// <param name="actual">The true values, as many.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double CmapssScore(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        Check(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double d = predicted[i] - actual[i];
            sum += d < 0 ? Math.Exp(-d / 13) - 1 : Math.Exp(d / 10) - 1;
        }

        return sum;
    }

    /// <summary>All three measures at once.</summary>
    /// <param name="predicted">The predictions.</param>
    /// <param name="actual">The true values, as many.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static RegressionEvaluation Evaluate(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual) =>
        new(predicted.Length, RootMeanSquaredError(predicted, actual), MeanAbsoluteError(predicted, actual), CmapssScore(predicted, actual));

    private static void Check(ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual)
    {
        if (predicted.Length != actual.Length)
        {
            throw new ArgumentException($"There are {predicted.Length} predictions but {actual.Length} true values.", nameof(actual));
        }

        if (predicted.Length == 0)
        {
            throw new ArgumentException("There are no predictions to evaluate.", nameof(predicted));
        }
    }
}

/// <summary>How far predictions are from the truth.</summary>
/// <param name="Count">The number of predictions.</param>
/// <param name="RootMeanSquaredError">The RMSE.</param>
/// <param name="MeanAbsoluteError">The MAE.</param>
/// <param name="CmapssScore">The PHM08 asymmetric score (a sum over predictions; lower is better).</param>
public readonly record struct RegressionEvaluation(int Count, double RootMeanSquaredError, double MeanAbsoluteError, double CmapssScore);
