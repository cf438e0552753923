namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>Peaks over threshold with a generalized Pareto tail; see <see cref="ThresholdRule.PeaksOverThreshold"/>.</summary>
internal sealed class PeaksOverThresholdRule : ThresholdRule
{
    // Fewer peaks than this give a tail fit that is mostly noise; the rule then falls back to the highest training score.
    private const int MinimumPeaks = 10;
    private readonly double _riskLevel;
    private readonly double _initialQuantile;

    public PeaksOverThresholdRule(double riskLevel, double initialQuantile)
    {
        if (!(initialQuantile > 0 && initialQuantile < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(initialQuantile), initialQuantile, "The initial quantile must be in (0, 1).");
        }

        if (!(riskLevel > 0 && riskLevel < 1 - initialQuantile))
        {
            throw new ArgumentOutOfRangeException(nameof(riskLevel), riskLevel, $"The risk level must be in (0, {Format(Math.Round(1 - initialQuantile, 12))}), below the tail's share of the scores.");
        }

        _riskLevel = riskLevel;
        _initialQuantile = initialQuantile;
    }

    public override double Fit(ReadOnlySpan<double> trainingScores)
    {
        double[] sorted = SortedScores(trainingScores, ToString());
        double start = QuantileOfSorted(sorted, _initialQuantile);
        int first = Array.FindIndex(sorted, s => s > start);
        int peaks = first < 0 ? 0 : sorted.Length - first;
        if (peaks < MinimumPeaks)
        {
            return sorted[^1];
        }

        double[] excesses = new double[peaks];
        for (int i = 0; i < peaks; i++)
        {
            excesses[i] = sorted[first + i] - start;
        }

        (double shape, double scale) = GeneralizedPareto.Fit(excesses);
        double ratio = _riskLevel * sorted.Length / peaks;
        return shape == 0
            ? start - (scale * Math.Log(ratio))
            : start + (scale / shape * (Math.Pow(ratio, -shape) - 1));
    }

    public override string ToString() => $"pot(risk {Format(_riskLevel)}, from quantile {Format(_initialQuantile)})";
}
