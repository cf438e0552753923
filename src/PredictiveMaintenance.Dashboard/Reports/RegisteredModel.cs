using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Dashboard;

/// <summary>A registered model as the dashboard lists it: its versions with stages and metrics, and its stage transitions.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Versions">Its versions, by version number.</param>
/// <param name="Transitions">Its stage transitions, oldest first.</param>
public sealed record RegisteredModel(string Name, IReadOnlyList<ModelVersion> Versions, IReadOnlyList<StageTransition> Transitions);
