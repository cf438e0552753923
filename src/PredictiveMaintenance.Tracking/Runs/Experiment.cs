namespace PredictiveMaintenance.Tracking;

/// <summary>A named group of runs, such as all training runs of one model.</summary>
/// <param name="Id">The store's id of the experiment.</param>
/// <param name="Name">The experiment's unique name.</param>
/// <param name="Created">When it was created, UTC.</param>
public sealed record Experiment(string Id, string Name, DateTimeOffset Created);
