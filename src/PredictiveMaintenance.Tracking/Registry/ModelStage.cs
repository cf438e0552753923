namespace PredictiveMaintenance.Tracking;

/// <summary>The stage of a registered model version.</summary>
public enum ModelStage
{
    /// <summary>Registered, not in use.</summary>
    None,

    /// <summary>Being tried: scored alongside Production or on a test fleet.</summary>
    Staging,

    /// <summary>The version scheduled scoring jobs load.</summary>
    Production,

    /// <summary>Retired.</summary>
    Archived,
}
