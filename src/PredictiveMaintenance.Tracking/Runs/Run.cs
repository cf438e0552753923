using System.Text.Json.Serialization;

namespace PredictiveMaintenance.Tracking;

/// <summary>One execution of training or evaluation code: what it was given, what it measured and produced.</summary>
/// <param name="Id">The run's id (32 hex digits).</param>
/// <param name="ExperimentId">The experiment it belongs to.</param>
/// <param name="Name">A name for people, not necessarily unique.</param>
/// <param name="Status">Where the run is in its life.</param>
/// <param name="Start">When it started, UTC.</param>
/// <param name="End">When it ended, UTC; null while running.</param>
/// <param name="Parameters">Parameters by key; each is set once.</param>
/// <param name="Tags">Tags by key; a tag can be set again.</param>
/// <param name="Lineage">What data, features, code version and seed the run used, if recorded.</param>
public sealed record Run(
    string Id,
    string ExperimentId,
    string Name,
    RunStatus Status,
    DateTimeOffset Start,
    DateTimeOffset? End,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> Tags,
    RunLineage? Lineage)
{
    /// <summary>How long the run took, or null while it runs.</summary>
    [JsonIgnore]
    public TimeSpan? Duration => End - Start;
}
