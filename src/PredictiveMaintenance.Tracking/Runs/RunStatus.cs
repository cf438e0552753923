namespace PredictiveMaintenance.Tracking;

/// <summary>Where a run is in its life.</summary>
public enum RunStatus
{
    /// <summary>Started and not ended.</summary>
    Running,

    /// <summary>Ended normally.</summary>
    Finished,

    /// <summary>Ended by an error.</summary>
    Failed,

    /// <summary>Stopped from outside before it ended.</summary>
    Killed,
}
