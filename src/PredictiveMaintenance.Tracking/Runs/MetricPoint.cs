namespace PredictiveMaintenance.Tracking;

/// <summary>One logged value of a metric.</summary>
/// <param name="Key">The metric's name, such as <c>rmse</c> or <c>val/loss</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="Step">The step it was logged at (an epoch, a batch), 0 when there is one value.</param>
/// <param name="Timestamp">When it was logged, UTC.</param>
public sealed record MetricPoint(string Key, double Value, long Step, DateTimeOffset Timestamp);
