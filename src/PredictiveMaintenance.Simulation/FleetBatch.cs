namespace PredictiveMaintenance.Simulation;

/// <summary>
/// What the simulator generated for every asset over a span of reading times: the telemetry as the data-quality layer
/// accepts it, the maintenance, failure and error logs, and the ground truth (injected faults, component wear).
/// </summary>
public sealed class FleetBatch
{
    private readonly double[] _wear;

    internal FleetBatch(
        int firstReading,
        int readings,
        DateTime start,
        DateTime end,
        TelemetryTable telemetry,
        long sentRows,
        IReadOnlyList<MaintenanceEvent> maintenance,
        IReadOnlyList<FailureEvent> failures,
        IReadOnlyList<ErrorEvent> errors,
        IReadOnlyList<SensorFault> faults,
        double[] wear)
    {
        FirstReading = firstReading;
        Readings = readings;
        Start = start;
        End = end;
        Telemetry = telemetry;
        SentRows = sentRows;
        Maintenance = maintenance;
        Failures = failures;
        Errors = errors;
        Faults = faults;
        _wear = wear;
    }

    /// <summary>The 0-based index of the batch's first reading time.</summary>
    public int FirstReading { get; }

    /// <summary>The number of reading times the batch covers.</summary>
    public int Readings { get; }

    /// <summary>The first reading time (UTC).</summary>
    public DateTime Start { get; }

    /// <summary>The reading time after the batch's last (UTC): the batch covers [<see cref="Start"/>, <see cref="End"/>).</summary>
    public DateTime End { get; }

    /// <summary>
    /// The rows that <see cref="FleetSimulator.QualityOptions"/> accepts, as a reader of the CSV output builds them:
    /// dropouts, clock-skewed rows and spikes are absent, a duplicate appears once, a missing value is NaN, and stuck
    /// values are in place (they are plausible values, which no row-level rule can catch).
    /// </summary>
    public TelemetryTable Telemetry { get; }

    /// <summary>The rows sent, faulty ones included: the number of records the CSV output holds for the batch.</summary>
    public long SentRows { get; }

    /// <summary>Component replacements: <see cref="MaintenanceKind.Scheduled"/> at a service, <see cref="MaintenanceKind.Unscheduled"/> after a failure; in time, then asset order.</summary>
    public IReadOnlyList<MaintenanceEvent> Maintenance { get; }

    /// <summary>Component failures, in time, then asset order.</summary>
    public IReadOnlyList<FailureEvent> Failures { get; }

    /// <summary>Errors raised (<c>error1</c> to <c>error4</c> grow with the wear of <c>comp1</c> to <c>comp4</c>; <c>error5</c> is background), in time, then asset order.</summary>
    public IReadOnlyList<ErrorEvent> Errors { get; }

    /// <summary>The faults injected into the batch's rows, in time, then asset order.</summary>
    public IReadOnlyList<SensorFault> Faults { get; }

    /// <summary>
    /// The wear of a component at the end of the batch (after its last reading time): 0 when new, 1 after
    /// <see cref="FleetSimulationOptions.WearLife"/> at normal load.
    /// </summary>
    /// <param name="assetIndex">The 0-based asset index (asset id minus one).</param>
    /// <param name="component">The 0-based component (<c>comp1</c> is 0).</param>
    public double GetWear(int assetIndex, int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(assetIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(assetIndex, _wear.Length / FleetEngine.ComponentCount);
        ArgumentOutOfRangeException.ThrowIfNegative(component);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(component, FleetEngine.ComponentCount);
        return _wear[(assetIndex * FleetEngine.ComponentCount) + component];
    }
}
