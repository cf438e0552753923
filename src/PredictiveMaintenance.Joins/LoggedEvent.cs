namespace PredictiveMaintenance.Joins;

/// <summary>One entry of an event log in table time: an asset, a time and a category (component, error type).</summary>
/// <param name="AssetId">The asset.</param>
/// <param name="Time">When, in the units of the table it is joined onto: microseconds since the Unix epoch or cycles.</param>
/// <param name="Category">What happened: the component serviced or failed, the error type, or any other label.</param>
public readonly record struct LoggedEvent(string AssetId, long Time, string Category);
