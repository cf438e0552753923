using System.Globalization;
using System.Text;

namespace PredictiveMaintenance.Features;

/// <summary>
/// One feature of a <see cref="FeatureSpec"/>: a channel, an operator and its arguments. Immutable; equal when the
/// channel and the expression are.
/// </summary>
/// <remarks>
/// Output column names (<see cref="Name"/>) follow one rule, <c>{channel}_{operator}_{argument}</c>:
/// <list type="bullet">
/// <item>rolling aggregates: <c>vibration_mean_24h</c>, <c>x_mean_64</c> (64 rows), <c>vibration_q90_24h</c> and
/// <c>vibration_q97p5_24h</c> for quantiles 0.9 and 0.975, <c>vibration_median_3h</c>;</item>
/// <item>aggregates over a tumbling spec's buckets have no window part, since every feature of the spec shares the
/// buckets: <c>volt_mean</c>, <c>volt_q90</c>;</item>
/// <item>lags and differences: <c>volt_lag_1</c>, <c>volt_diff_24</c>;</item>
/// <item>exponentially weighted: <c>volt_ewm_mean_span12</c>, <c>volt_ewm_var_halflife6h</c>, <c>volt_ewm_mean_alpha0p1</c>;</item>
/// <item>a <c>minPeriods</c> other than the default adds <c>_mp{n}</c>: <c>vibration_mean_24h_mp3</c>.</item>
/// </list>
/// A decimal point in a number is written <c>p</c>.
/// </remarks>
public sealed class FeatureDefinition : IEquatable<FeatureDefinition>
{
    private FeatureDefinition(string channel, FeatureOperator op, Aggregate aggregate, WindowLength window, int? minPeriods, int lag, EwmDecay decay)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        if (minPeriods is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minPeriods), minPeriods, "minPeriods must be at least 0.");
        }

        Channel = channel;
        Operator = op;
        Aggregate = aggregate;
        Window = window;
        MinPeriods = minPeriods;
        Lag = lag;
        Decay = decay;
    }

    /// <summary>The input channel.</summary>
    public string Channel { get; }

    /// <summary>What is computed.</summary>
    public FeatureOperator Operator { get; }

    /// <summary>The aggregate, for <see cref="FeatureOperator.Aggregate"/>.</summary>
    public Aggregate Aggregate { get; }

    /// <summary>The rolling window, for a rolling <see cref="FeatureOperator.Aggregate"/>; <c>default</c> for one over the spec's buckets.</summary>
    public WindowLength Window { get; }

    /// <summary>The explicit <c>minPeriods</c>, or null for the default (see <see cref="EffectiveMinPeriods"/>).</summary>
    public int? MinPeriods { get; }

    /// <summary>Rows back, for <see cref="FeatureOperator.Lag"/> and <see cref="FeatureOperator.Difference"/>.</summary>
    public int Lag { get; }

    /// <summary>The decay, for <see cref="FeatureOperator.EwmMean"/> and <see cref="FeatureOperator.EwmVariance"/>.</summary>
    public EwmDecay Decay { get; }

    /// <summary>Whether this is an aggregate over the spec's tumbling buckets rather than a rolling window.</summary>
    public bool IsBucketed => Operator == FeatureOperator.Aggregate && Window.Count == 0;

    /// <summary>
    /// The <c>minPeriods</c> used, pandas' defaults unless given: the window for row windows, 1 for time windows,
    /// 0 for tumbling buckets (as <c>groupby</c>) and exponentially weighted features; 0 for lags and differences.
    /// </summary>
    public int EffectiveMinPeriods => MinPeriods ?? Operator switch
    {
        FeatureOperator.Aggregate when IsBucketed => 0,
        FeatureOperator.Aggregate when Window.IsTime => 1,
        FeatureOperator.Aggregate => (int)Window.Count,
        _ => 0,
    };

    /// <summary>The output column name (see the remarks for the rule).</summary>
    public string Name
    {
        get
        {
            var name = new StringBuilder(Channel).Append('_');
            switch (Operator)
            {
                case FeatureOperator.Aggregate:
                    name.Append(Aggregate.ToString());
                    if (!IsBucketed)
                    {
                        name.Append('_').Append(Window.ToString());
                    }

                    break;
                case FeatureOperator.Lag:
                    name.Append("lag_").Append(Lag.ToString(CultureInfo.InvariantCulture));
                    break;
                case FeatureOperator.Difference:
                    name.Append("diff_").Append(Lag.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    name.Append(Operator == FeatureOperator.EwmMean ? "ewm_mean_" : "ewm_var_").Append(Decay.ArgumentName).Append(Decay.ValueText.Replace('.', 'p'));
                    break;
            }

            if (MinPeriods is int minPeriods)
            {
                name.Append("_mp").Append(minPeriods.ToString(CultureInfo.InvariantCulture));
            }

            return name.ToString();
        }
    }

    /// <summary>The expression as written in a specification: <c>mean(24h)</c>, <c>quantile(0.9, 3h)</c>, <c>ewm_mean(span=12)</c>.</summary>
    public string Expression
    {
        get
        {
            var arguments = new List<string>();
            string op;
            switch (Operator)
            {
                case FeatureOperator.Aggregate:
                    op = Aggregate.Kind == AggregateKind.Quantile ? "quantile" : Aggregate.ToString();
                    if (Aggregate.Kind == AggregateKind.Quantile)
                    {
                        arguments.Add(Aggregate.Probability.ToString("R", CultureInfo.InvariantCulture));
                    }

                    if (!IsBucketed)
                    {
                        arguments.Add(Window.ToString());
                    }

                    break;
                case FeatureOperator.Lag or FeatureOperator.Difference:
                    op = Operator == FeatureOperator.Lag ? "lag" : "diff";
                    arguments.Add(Lag.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    op = Operator == FeatureOperator.EwmMean ? "ewm_mean" : "ewm_var";
                    arguments.Add(Decay.ToString());
                    break;
            }

            if (MinPeriods is int minPeriods)
            {
                arguments.Add("min=" + minPeriods.ToString(CultureInfo.InvariantCulture));
            }

            return arguments.Count == 0 ? op : $"{op}({string.Join(", ", arguments)})";
        }
    }

    /// <summary>An aggregate over a rolling window.</summary>
    /// <param name="channel">The input channel.</param>
    /// <param name="aggregate">What to compute.</param>
    /// <param name="window">Rows or a time span.</param>
    /// <param name="minPeriods">Fewest valid values for a result; null for pandas' default.</param>
    public static FeatureDefinition Rolling(string channel, Aggregate aggregate, WindowLength window, int? minPeriods = null)
    {
        if (window.Count == 0)
        {
            throw new ArgumentException("A rolling feature needs a window of rows or a time span.", nameof(window));
        }

        if (!window.IsTime && minPeriods > window.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(minPeriods), minPeriods, $"minPeriods cannot exceed the window of {window.Count} rows.");
        }

        return new(channel, FeatureOperator.Aggregate, aggregate, window, minPeriods, 0, default);
    }

    /// <summary>An aggregate over the tumbling buckets of the spec.</summary>
    /// <param name="channel">The input channel.</param>
    /// <param name="aggregate">What to compute.</param>
    /// <param name="minPeriods">Fewest valid values for a result; null for 0, as pandas' <c>groupby</c>.</param>
    public static FeatureDefinition Bucketed(string channel, Aggregate aggregate, int? minPeriods = null) =>
        new(channel, FeatureOperator.Aggregate, aggregate, default, minPeriods, 0, default);

    /// <summary>The value <paramref name="lag"/> rows back.</summary>
    /// <param name="channel">The input channel.</param>
    /// <param name="lag">Rows back, at least 1.</param>
    public static FeatureDefinition Lagged(string channel, int lag)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lag, 1);
        return new(channel, FeatureOperator.Lag, default, default, null, lag, default);
    }

    /// <summary>The change from the value <paramref name="lag"/> rows back.</summary>
    /// <param name="channel">The input channel.</param>
    /// <param name="lag">Rows back, at least 1.</param>
    public static FeatureDefinition Differenced(string channel, int lag)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lag, 1);
        return new(channel, FeatureOperator.Difference, default, default, null, lag, default);
    }

    /// <summary>An exponentially weighted mean or variance.</summary>
    /// <param name="channel">The input channel.</param>
    /// <param name="variance">False for the mean, true for the variance.</param>
    /// <param name="decay">How the weights decay.</param>
    /// <param name="minPeriods">Valid values needed before a result; null for 0.</param>
    public static FeatureDefinition Ewm(string channel, bool variance, EwmDecay decay, int? minPeriods = null)
    {
        if (!decay.IsTime)
        {
            _ = decay.Alpha;
        }

        return new(channel, variance ? FeatureOperator.EwmVariance : FeatureOperator.EwmMean, default, default, minPeriods, 0, decay);
    }

    /// <inheritdoc/>
    public bool Equals(FeatureDefinition? other) => other is not null && Channel == other.Channel && Expression == other.Expression;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FeatureDefinition);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Channel, Expression);

    /// <summary>The feature as written in a specification: <c>vibration: mean(24h)</c>.</summary>
    public override string ToString() => $"{FeatureSpec.QuoteChannel(Channel)}: {Expression}";
}
