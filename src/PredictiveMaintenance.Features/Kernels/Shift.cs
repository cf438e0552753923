namespace PredictiveMaintenance.Features;

/// <summary>Lag and difference kernels: each row against the row a fixed number of rows before it.</summary>
/// <remarks>
/// Rows, not times, are counted, as pandas' <c>shift(k)</c> and <c>diff(k)</c>: the first <c>lag</c> rows have no
/// earlier row and give NaN, and a NaN on either side gives NaN.
/// </remarks>
public static class Shift
{
    /// <summary>Writes <c>values[i - lag]</c>, or NaN for the first <paramref name="lag"/> rows.</summary>
    /// <param name="values">The series.</param>
    /// <param name="lag">Rows back, at least 1.</param>
    /// <param name="destination">Receives one value per value; at least as long as <paramref name="values"/>.</param>
    /// <returns>The number of values written, <c>values.Length</c>.</returns>
    public static int Lag(ReadOnlySpan<double> values, int lag, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lag, 1);
        Rolling.CheckDestination(values.Length, destination.Length);
        int head = Math.Min(lag, values.Length);

        // Copy before filling: the destination may be the values themselves.
        values[..^head].CopyTo(destination[head..]);
        destination[..head].Fill(double.NaN);
        return values.Length;
    }

    /// <summary>Writes <c>values[i] - values[i - lag]</c>, or NaN for the first <paramref name="lag"/> rows.</summary>
    /// <param name="values">The series.</param>
    /// <param name="lag">Rows back, at least 1.</param>
    /// <param name="destination">Receives one value per value; at least as long as <paramref name="values"/>.</param>
    /// <returns>The number of values written, <c>values.Length</c>.</returns>
    public static int Difference(ReadOnlySpan<double> values, int lag, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lag, 1);
        Rolling.CheckDestination(values.Length, destination.Length);
        int head = Math.Min(lag, values.Length);

        // Backwards, so that the destination may be the values themselves.
        for (int i = values.Length - 1; i >= head; i--)
        {
            destination[i] = values[i] - values[i - lag];
        }

        destination[..head].Fill(double.NaN);
        return values.Length;
    }
}
