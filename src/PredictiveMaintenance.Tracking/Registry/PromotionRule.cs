namespace PredictiveMaintenance.Tracking;

/// <summary>Promote a version to Production only if a named metric beats the current Production version's.</summary>
/// <param name="Metric">The metric compared, which both versions must have.</param>
/// <param name="HigherIsBetter">Whether larger values are better (F1) or smaller ones (RMSE).</param>
public sealed record PromotionRule(string Metric, bool HigherIsBetter);

/// <summary>What a promotion decided.</summary>
/// <param name="Promoted">Whether the version is now in Production.</param>
/// <param name="Reason">Why, with both metric values.</param>
/// <param name="Candidate">The candidate's metric value.</param>
/// <param name="Current">The current Production version's value, if there was one.</param>
public sealed record PromotionDecision(bool Promoted, string Reason, double Candidate, double? Current);
