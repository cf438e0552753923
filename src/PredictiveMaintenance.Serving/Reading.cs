namespace PredictiveMaintenance.Serving;

/// <summary>One reading of a request: its asset, its time (microseconds since the Unix epoch, or a cycle), and the model's input channels' values in order (NaN when missing).</summary>
internal sealed record Reading(string Asset, long Time, double[] Values);
