namespace PredictiveMaintenance.IO;

/// <summary>The inclusive range a channel's values must fall in.</summary>
/// <param name="Min">The smallest valid value.</param>
/// <param name="Max">The largest valid value.</param>
public readonly record struct ValueRange(double Min, double Max)
{
    /// <summary>Whether <paramref name="value"/> is within the range (NaN is not).</summary>
    /// <param name="value">The value to check.</param>
    public bool Contains(double value) => value >= Min && value <= Max;

    /// <summary>The range as <c>[min, max]</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"[{Min}, {Max}]");
}
