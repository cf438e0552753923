namespace PredictiveMaintenance.Tracking;

/// <summary>A recorded change of a model version's stage: who moved it, when, and why.</summary>
/// <param name="Version">The version moved.</param>
/// <param name="From">Its stage before.</param>
/// <param name="To">Its stage after.</param>
/// <param name="Who">Who moved it (a person or a job).</param>
/// <param name="When">When, UTC.</param>
/// <param name="Why">The reason given.</param>
public sealed record StageTransition(int Version, ModelStage From, ModelStage To, string Who, DateTimeOffset When, string Why);
