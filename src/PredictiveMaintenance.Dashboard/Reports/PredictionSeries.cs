namespace PredictiveMaintenance.Dashboard;

/// <summary>
/// What the models said about one asset over time: at each scored reading, the anomaly score, the alarm and the
/// predicted time until service. The arrays are parallel and in increasing time, one entry per reading.
/// </summary>
public sealed class PredictionSeries
{
    /// <summary>Creates a series.</summary>
    /// <param name="times">The reading times, microseconds since the Unix epoch (UTC), strictly increasing.</param>
    /// <param name="scores">The anomaly scores; NaN where there is none.</param>
    /// <param name="alarms">The alarms.</param>
    /// <param name="timeUntilService">The predicted time until service, in hours (cycles for cycle telemetry); NaN where there is none.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the times do not increase.</exception>
    /// <remarks>The series keeps the memory it is given: do not change it afterwards.</remarks>
    public PredictionSeries(ReadOnlyMemory<long> times, ReadOnlyMemory<double> scores, ReadOnlyMemory<bool> alarms, ReadOnlyMemory<double> timeUntilService)
    {
        if (scores.Length != times.Length || alarms.Length != times.Length || timeUntilService.Length != times.Length)
        {
            throw new ArgumentException(FormattableString.Invariant(
                $"A prediction series needs one score, alarm and time until service per time; there are {times.Length} times, {scores.Length} scores, {alarms.Length} alarms and {timeUntilService.Length} times until service."));
        }

        ReadOnlySpan<long> t = times.Span;
        for (int i = 1; i < t.Length; i++)
        {
            if (t[i] <= t[i - 1])
            {
                throw new ArgumentException(FormattableString.Invariant($"Prediction times must increase; entry {i} ({UnixTime.Format(t[i])}) is not after entry {i - 1} ({UnixTime.Format(t[i - 1])})."), nameof(times));
            }
        }

        Times = times;
        Scores = scores;
        Alarms = alarms;
        TimeUntilService = timeUntilService;
    }

    /// <summary>A series with no predictions.</summary>
    public static PredictionSeries Empty { get; } = new(ReadOnlyMemory<long>.Empty, ReadOnlyMemory<double>.Empty, ReadOnlyMemory<bool>.Empty, ReadOnlyMemory<double>.Empty);

    /// <summary>The number of scored readings.</summary>
    public int Count => Times.Length;

    /// <summary>The reading times, microseconds since the Unix epoch (UTC), strictly increasing.</summary>
    public ReadOnlyMemory<long> Times { get; }

    /// <summary>The anomaly scores (higher is more anomalous); NaN where there is none.</summary>
    public ReadOnlyMemory<double> Scores { get; }

    /// <summary>The alarms.</summary>
    public ReadOnlyMemory<bool> Alarms { get; }

    /// <summary>The predicted time until service, in hours (cycles for cycle telemetry); NaN where there is none.</summary>
    public ReadOnlyMemory<double> TimeUntilService { get; }
}
