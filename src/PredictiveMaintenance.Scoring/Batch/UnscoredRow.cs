namespace PredictiveMaintenance.Scoring;

/// <summary>A row a model could not score, reported rather than dropped.</summary>
/// <param name="Row">Its index in <see cref="ScoringResult.Features"/>.</param>
/// <param name="AssetId">Its asset.</param>
/// <param name="Time">Its time (microseconds since the Unix epoch, or a cycle).</param>
/// <param name="Reason">Why: the model inputs that are missing (such as a window with fewer than its minimum periods of values), or that the model gave no prediction.</param>
public sealed record UnscoredRow(int Row, string AssetId, long Time, string Reason);
