namespace PredictiveMaintenance;

/// <summary>What a maintenance event did.</summary>
public enum MaintenanceKind
{
    /// <summary>A planned service or inspection that replaced nothing.</summary>
    Scheduled,

    /// <summary>An unplanned repair, typically after a failure, that replaced nothing.</summary>
    Unscheduled,

    /// <summary>A component was replaced, resetting its wear (planned or not).</summary>
    Replacement,
}
