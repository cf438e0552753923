namespace PredictiveMaintenance.Simulation;

/// <summary>What <see cref="FleetWriter"/> wrote.</summary>
/// <param name="Files">The files written, in the order they were opened.</param>
/// <param name="TelemetryRows">The telemetry rows written (sent rows for CSV, accepted rows for Parquet).</param>
/// <param name="Maintenance">Maintenance records.</param>
/// <param name="Failures">Failure records.</param>
/// <param name="Errors">Error records.</param>
/// <param name="Faults">Injected faults recorded in the ground-truth file.</param>
public sealed record FleetWriteSummary(IReadOnlyList<string> Files, long TelemetryRows, long Maintenance, long Failures, long Errors, long Faults);
