using System.Globalization;

namespace PredictiveMaintenance.Features;

/// <summary>How an exponentially weighted feature decays, as pandas' <c>ewm</c> arguments.</summary>
public enum EwmDecayKind
{
    /// <summary><c>span=N</c>: alpha = 2 / (N + 1).</summary>
    Span,

    /// <summary><c>com=c</c>: alpha = 1 / (1 + c).</summary>
    CenterOfMass,

    /// <summary><c>halflife=h</c> in rows (alpha = 1 - exp(-ln 2 / h)), or <c>halflife=6h</c> in time (weights halve every 6 hours).</summary>
    HalfLife,

    /// <summary><c>alpha=a</c>: the smoothing factor itself.</summary>
    Alpha,
}

/// <summary>The decay of an exponentially weighted feature: a kind and its value, or a time half-life.</summary>
public readonly record struct EwmDecay
{
    private EwmDecay(EwmDecayKind kind, double value, WindowLength timeHalfLife)
    {
        Kind = kind;
        Value = value;
        TimeHalfLife = timeHalfLife;
    }

    /// <summary>Which pandas argument this is.</summary>
    public EwmDecayKind Kind { get; }

    /// <summary>The argument's value (rows for a span or a row half-life); NaN for a time half-life.</summary>
    public double Value { get; }

    /// <summary>The half-life as a time span, when <see cref="IsTime"/>.</summary>
    public WindowLength TimeHalfLife { get; }

    /// <summary>Whether the weights decay with elapsed time rather than per row.</summary>
    public bool IsTime => TimeHalfLife.IsTime;

    /// <summary>Returns a row-based decay.</summary>
    /// <param name="kind">The pandas argument.</param>
    /// <param name="value">Its value: span at least 1, centre of mass at least 0, half-life above 0, alpha in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of its range.</exception>
    public static EwmDecay Of(EwmDecayKind kind, double value)
    {
        var decay = new EwmDecay(kind, value, default);
        _ = decay.Alpha;
        return decay;
    }

    /// <summary>Returns a time half-life: weights halve every <paramref name="halfLife"/>.</summary>
    /// <param name="halfLife">A time span.</param>
    public static EwmDecay HalfLifeOf(WindowLength halfLife)
    {
        if (!halfLife.IsTime)
        {
            throw new ArgumentException("A time half-life needs a time span such as 6h; use Of(EwmDecayKind.HalfLife, rows) for rows.", nameof(halfLife));
        }

        return new EwmDecay(EwmDecayKind.HalfLife, double.NaN, halfLife);
    }

    /// <summary>The smoothing factor per row; NaN for a time half-life.</summary>
    public double Alpha => IsTime ? double.NaN : Kind switch
    {
        EwmDecayKind.Span => ExponentialMoving.AlphaFromSpan(Value),
        EwmDecayKind.CenterOfMass => ExponentialMoving.AlphaFromCenterOfMass(Value),
        EwmDecayKind.HalfLife => ExponentialMoving.AlphaFromHalfLife(Value),
        EwmDecayKind.Alpha => Value > 0 && Value <= 1 ? Value : throw new ArgumentOutOfRangeException(nameof(Value), Value, "The smoothing factor must be in (0, 1]."),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown decay kind."),
    };

    /// <summary>The pandas argument name: <c>span</c>, <c>com</c>, <c>halflife</c> or <c>alpha</c>.</summary>
    public string ArgumentName => Kind switch
    {
        EwmDecayKind.Span => "span",
        EwmDecayKind.CenterOfMass => "com",
        EwmDecayKind.HalfLife => "halflife",
        _ => "alpha",
    };

    /// <summary>The value as written in specifications: <c>12</c>, <c>0.1</c> or <c>6h</c>.</summary>
    public string ValueText => IsTime ? TimeHalfLife.ToString() : Value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The argument as written in specifications: <c>span=12</c>, <c>halflife=6h</c>.</summary>
    public override string ToString() => $"{ArgumentName}={ValueText}";
}
