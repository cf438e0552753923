namespace PredictiveMaintenance.Dashboard;

/// <summary>One line of the fleet overview: an asset's latest state and its place in the risk ranking.</summary>
/// <param name="AssetId">The asset.</param>
/// <param name="RiskRank">Its rank, from 1 (highest risk); see <see cref="DashboardReport.Fleet"/> for the order.</param>
/// <param name="LastReading">The time of its latest telemetry reading, or null when it has none.</param>
/// <param name="LastScored">The time of its latest prediction, or null when it has none.</param>
/// <param name="LatestScore">The latest anomaly score; NaN when there is none.</param>
/// <param name="LatestAlarm">Whether the latest scored reading raised an alarm.</param>
/// <param name="AlarmCount">How many scored readings raised an alarm.</param>
/// <param name="TimeUntilService">The latest predicted time until service, in hours (cycles for cycle telemetry); NaN when there is none.</param>
public sealed record AssetSummary(
    string AssetId,
    int RiskRank,
    long? LastReading,
    long? LastScored,
    double LatestScore,
    bool LatestAlarm,
    int AlarmCount,
    double TimeUntilService);
