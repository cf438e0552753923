using System.Globalization;

namespace PredictiveMaintenance.Features;

/// <summary>An aggregate: its kind and, for <see cref="AggregateKind.Quantile"/>, the probability.</summary>
public readonly record struct Aggregate
{
    private Aggregate(AggregateKind kind, double probability)
    {
        Kind = kind;
        Probability = probability;
    }

    /// <summary>What is computed.</summary>
    public AggregateKind Kind { get; }

    /// <summary>For <see cref="AggregateKind.Quantile"/>, the probability in [0, 1]; 0.5 for <see cref="AggregateKind.Median"/>; otherwise NaN.</summary>
    public double Probability { get; }

    /// <summary>Sum of the valid values.</summary>
    public static Aggregate Sum => new(AggregateKind.Sum, double.NaN);

    /// <summary>Mean of the valid values.</summary>
    public static Aggregate Mean => new(AggregateKind.Mean, double.NaN);

    /// <summary>Sample variance (ddof 1).</summary>
    public static Aggregate Variance => new(AggregateKind.Variance, double.NaN);

    /// <summary>Sample standard deviation (ddof 1).</summary>
    public static Aggregate StandardDeviation => new(AggregateKind.StandardDeviation, double.NaN);

    /// <summary>Smallest valid value.</summary>
    public static Aggregate Min => new(AggregateKind.Min, double.NaN);

    /// <summary>Largest valid value.</summary>
    public static Aggregate Max => new(AggregateKind.Max, double.NaN);

    /// <summary>Median of the valid values.</summary>
    public static Aggregate Median => new(AggregateKind.Median, 0.5);

    /// <summary>Number of valid values.</summary>
    public static Aggregate Count => new(AggregateKind.Count, double.NaN);

    /// <summary>Root mean square of the valid values.</summary>
    public static Aggregate RootMeanSquare => new(AggregateKind.RootMeanSquare, double.NaN);

    /// <summary>Largest minus smallest valid value.</summary>
    public static Aggregate PeakToPeak => new(AggregateKind.PeakToPeak, double.NaN);

    /// <summary>Sample skewness.</summary>
    public static Aggregate Skewness => new(AggregateKind.Skewness, double.NaN);

    /// <summary>Sample excess kurtosis.</summary>
    public static Aggregate Kurtosis => new(AggregateKind.Kurtosis, double.NaN);

    /// <summary>Least-squares slope against time.</summary>
    public static Aggregate Slope => new(AggregateKind.Slope, double.NaN);

    /// <summary>Returns the quantile aggregate at a probability, interpolating linearly between the closest ranks.</summary>
    /// <param name="probability">The probability, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1] or NaN.</exception>
    public static Aggregate Quantile(double probability)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A quantile's probability must be in [0, 1].");
        }

        return new(AggregateKind.Quantile, probability);
    }

    /// <summary>Returns the aggregate of a kind that takes no parameter.</summary>
    /// <param name="kind">Any kind but <see cref="AggregateKind.Quantile"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is <see cref="AggregateKind.Quantile"/>, which needs a probability.</exception>
    public static Aggregate Of(AggregateKind kind) => kind switch
    {
        AggregateKind.Quantile => throw new ArgumentException("A quantile needs a probability; call Aggregate.Quantile(p).", nameof(kind)),
        AggregateKind.Median => Median,
        _ when Enum.IsDefined(kind) => new(kind, double.NaN),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown aggregate kind."),
    };

    /// <summary>The lower-case name used in feature specifications and column names: <c>mean</c>, <c>std</c>, <c>q90</c>.</summary>
    public override string ToString() => Kind switch
    {
        AggregateKind.Sum => "sum",
        AggregateKind.Mean => "mean",
        AggregateKind.Variance => "var",
        AggregateKind.StandardDeviation => "std",
        AggregateKind.Min => "min",
        AggregateKind.Max => "max",
        AggregateKind.Median => "median",
        AggregateKind.Quantile => "q" + FormatPercent(Probability),
        AggregateKind.Count => "count",
        AggregateKind.RootMeanSquare => "rms",
        AggregateKind.PeakToPeak => "ptp",
        AggregateKind.Skewness => "skew",
        AggregateKind.Kurtosis => "kurt",
        AggregateKind.Slope => "slope",
        _ => Kind.ToString(),
    };

    /// <summary>Writes a probability as a percentage for column names: 0.9 is <c>90</c>, 0.975 is <c>97p5</c>.</summary>
    internal static string FormatPercent(double probability) =>
        Math.Round(probability * 100, 10).ToString("0.##########", CultureInfo.InvariantCulture).Replace('.', 'p');
}
