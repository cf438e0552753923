namespace PredictiveMaintenance;

/// <summary>A saved model cannot be loaded: not an artifact, corrupted, tampered with, of another model type, or of a format version this package does not read.</summary>
public sealed class ModelArtifactException : PredictiveMaintenanceException
{
    /// <summary>Creates an exception.</summary>
    public ModelArtifactException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong, naming the artifact, the entry and the expected and actual values.</param>
    public ModelArtifactException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What is wrong, naming the artifact, the entry and the expected and actual values.</param>
    /// <param name="innerException">The cause.</param>
    public ModelArtifactException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
