namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>
/// "k of the last n": a row raises an alarm when at least <see cref="Required"/> of the last <see cref="Window"/> rows of
/// its segment (itself included) are over the threshold, which cuts isolated false alarms at the cost of a delay.
/// </summary>
/// <remarks>Rows whose score is NaN count as under the threshold. The window never reaches into the previous segment.</remarks>
public readonly record struct AlarmSmoothing
{
    // Stored less one so that default(AlarmSmoothing) is 1 of 1, equal to None.
    private readonly int _requiredLess1;
    private readonly int _windowLess1;

    /// <summary>Creates a rule.</summary>
    /// <param name="required">Rows over the threshold needed, 1 to <paramref name="window"/>.</param>
    /// <param name="window">The rows looked at, at least 1.</param>
    public AlarmSmoothing(int required, int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(required);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(required, window);
        _requiredLess1 = required - 1;
        _windowLess1 = window - 1;
    }

    /// <summary>No smoothing: each row's alarm is its own (1 of 1).</summary>
    public static AlarmSmoothing None => new(1, 1);

    /// <summary>Rows over the threshold needed.</summary>
    public int Required => _requiredLess1 + 1;

    /// <summary>The rows looked at.</summary>
    public int Window => _windowLess1 + 1;

    /// <summary>Whether this rule changes nothing.</summary>
    public bool IsNone => _requiredLess1 == 0 && _windowLess1 == 0;

    /// <summary>Applies the rule to one segment's raw alarms.</summary>
    /// <param name="raw">The rows' raw alarms (score over the threshold), in order.</param>
    /// <param name="destination">Where to write the smoothed alarms; the same length as <paramref name="raw"/>, and it may be the same memory.</param>
    public void Apply(ReadOnlySpan<bool> raw, Span<bool> destination)
    {
        if (destination.Length != raw.Length)
        {
            throw new ArgumentException($"The destination has {destination.Length} rows; the raw alarms have {raw.Length}.", nameof(destination));
        }

        if (IsNone)
        {
            raw.CopyTo(destination);
            return;
        }

        int window = Window, required = Required, count = 0;
        // A ring of the last window raw values, since destination may overwrite raw.
        Span<bool> ring = window <= 256 ? stackalloc bool[window] : new bool[window];
        ring.Clear();
        for (int i = 0; i < raw.Length; i++)
        {
            bool value = raw[i];
            int slot = i % window;
            count += (value ? 1 : 0) - (ring[slot] ? 1 : 0);
            ring[slot] = value;
            destination[i] = count >= required;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Required} of {Window}";
}
