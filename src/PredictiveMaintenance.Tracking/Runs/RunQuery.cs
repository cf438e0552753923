namespace PredictiveMaintenance.Tracking;

/// <summary>Which runs of an experiment to list, and in what order. Defaults: every run, newest first.</summary>
public sealed record RunQuery
{
    /// <summary>Only runs with these tags (all of them, exact values). Default: none required.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Only runs in this status. Default: any.</summary>
    public RunStatus? Status { get; init; }

    /// <summary>Order by this metric's latest value (runs without it come last). Default: by start time, newest first.</summary>
    public string? OrderByMetric { get; init; }

    /// <summary>With <see cref="OrderByMetric"/>, whether larger values come first. Default: false (smallest first, as for an error).</summary>
    public bool Descending { get; init; }

    /// <summary>At most this many runs. Default: all.</summary>
    public int? Limit { get; init; }
}
