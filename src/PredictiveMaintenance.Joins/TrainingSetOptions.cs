using PredictiveMaintenance.Features;

namespace PredictiveMaintenance.Joins;

/// <summary>
/// What <see cref="TrainingSet.Build(TelemetryTable, MaintenanceLogs, TrainingSetOptions)"/> joins and labels. Durations must match the table's time kind: time spans for
/// timestamp tables (the defaults), <see cref="Duration.Cycles"/> for cycle tables.
/// </summary>
public sealed class TrainingSetOptions
{
    /// <summary>The label horizon <c>H</c>: a row is labelled failing when a failure falls in <c>[t, t + H)</c>. Default: 24 hours.</summary>
    public Duration Horizon { get; init; } = Duration.Hours(24);

    /// <summary>The trailing windows of the maintenance and error counts. Default: 24 hours and 7 days.</summary>
    public IReadOnlyList<Duration> EventWindows { get; init; } = [Duration.Hours(24), Duration.Days(7)];

    /// <summary>The trailing windows of the service counts (the service-frequency hypothesis). Default: 90 and 365 days.</summary>
    public IReadOnlyList<Duration> ServiceWindows { get; init; } = [Duration.Days(90), Duration.Days(365)];

    /// <summary>The cap of the time-to-failure and time-to-service labels (piecewise-linear target); none when null. Default: null.</summary>
    public Duration? TimeToEventCap { get; init; }

    /// <summary>
    /// The components, in column order; when null, every component of the maintenance and failure logs in
    /// <see cref="AssetIdComparer"/> order. Give them explicitly to keep the columns stable between data sets. Events of
    /// other components are left out of the per-component columns and of the failure labels. Default: null.
    /// </summary>
    public IReadOnlyList<string>? Components { get; init; }

    /// <summary>The error types, in column order; when null, every type of the error log in <see cref="AssetIdComparer"/> order. Default: null.</summary>
    public IReadOnlyList<string>? ErrorTypes { get; init; }

    /// <summary>
    /// Windowed features of the telemetry to add, computed by the Features package's <see cref="FeatureComputer"/> and
    /// placed after the telemetry's channels; none when null. Only rolling specs: a tumbling bucket is stamped with its
    /// start but summarises rows up to its end, so it would show a row its future. Default: null.
    /// </summary>
    public FeatureSpec? Features { get; init; }

    /// <summary>How the <see cref="Features"/> are computed (parallelism across assets); the Features defaults when null. Default: null.</summary>
    public FeatureComputerOptions? FeatureOptions { get; init; }

    /// <summary>The equipment models of the one-hot columns; when null, every model of the asset data in <see cref="AssetIdComparer"/> order. Default: null.</summary>
    public IReadOnlyList<string>? Models { get; init; }
}
