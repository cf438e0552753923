namespace PredictiveMaintenance.Tracking;

/// <summary>Exactly what a run was built from, so its result can be reproduced and audited.</summary>
/// <param name="Inputs">The data it read: Delta tables at a version, or files with their hash.</param>
/// <param name="FeatureSpecification">The feature specification it computed features with, as text, if any.</param>
/// <param name="PackageVersion">The version of the code that ran (for example the PredictiveMaintenance packages' version).</param>
/// <param name="Seed">The random seed, if the run used one.</param>
public sealed record RunLineage(IReadOnlyList<DataInput> Inputs, string? FeatureSpecification, string PackageVersion, long? Seed);
