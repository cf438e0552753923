namespace PredictiveMaintenance.Features;

/// <summary>A feature specification cannot be read: its text or JSON is malformed or names an unknown operator.</summary>
public sealed class FeatureSpecException : PredictiveMaintenanceException
{
    /// <summary>Creates an exception.</summary>
    public FeatureSpecException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong, with the position in the text and what was expected and found.</param>
    public FeatureSpecException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What is wrong, with the position in the text and what was expected and found.</param>
    /// <param name="innerException">The cause.</param>
    public FeatureSpecException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
