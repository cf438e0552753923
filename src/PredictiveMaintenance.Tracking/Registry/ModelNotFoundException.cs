using System.Globalization;

namespace PredictiveMaintenance.Tracking;

/// <summary>
/// A model that is not registered, or a version a registered model does not have, was asked for; the message names the
/// model, the version, the tracking store and what it does hold.
/// </summary>
public sealed class ModelNotFoundException : PredictiveMaintenanceException
{
    /// <summary>Creates an exception.</summary>
    public ModelNotFoundException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What was asked for and what the store holds.</param>
    public ModelNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What was asked for and what the store holds.</param>
    /// <param name="innerException">The cause.</param>
    public ModelNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a model that is not registered, listing the models that are.</summary>
    /// <param name="modelName">The model asked for.</param>
    /// <param name="location">Where the store is (<see cref="ITrackingStore.Location"/>).</param>
    /// <param name="registeredModels">The names of the models the store holds.</param>
    public ModelNotFoundException(string modelName, string location, IReadOnlyList<string> registeredModels)
        : base($"There is no registered model '{modelName}' in {location}; {(registeredModels.Count == 0 ? "no model is registered there" : $"the registered models are {string.Join(", ", registeredModels)}")}.")
    {
        ModelName = modelName;
        Location = location;
    }

    /// <summary>Creates the exception for a version a registered model does not have, listing the versions it has.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version asked for.</param>
    /// <param name="location">Where the store is (<see cref="ITrackingStore.Location"/>).</param>
    /// <param name="versions">The model's version numbers.</param>
    public ModelNotFoundException(string modelName, int version, string location, IReadOnlyList<int> versions)
        : base(string.Create(CultureInfo.InvariantCulture, $"Model '{modelName}' has no version {version} in {location}; {(versions.Count == 0 ? "it has no versions" : $"its versions are {string.Join(", ", versions)}")}."))
    {
        ModelName = modelName;
        Version = version;
        Location = location;
    }

    /// <summary>The model asked for, when the exception was created for one.</summary>
    public string? ModelName { get; }

    /// <summary>The version asked for; null when the model itself is not registered.</summary>
    public int? Version { get; }

    /// <summary>Where the store that was searched is.</summary>
    public string? Location { get; }
}
