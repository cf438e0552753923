namespace PredictiveMaintenance;

/// <summary>Columns do not match what is expected: a column is missing, repeated or of the wrong type.</summary>
public sealed class SchemaException : PredictiveMaintenanceException
{
    /// <summary>Creates an exception.</summary>
    public SchemaException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, naming the columns and types expected and found.</param>
    public SchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, naming the columns and types expected and found.</param>
    /// <param name="innerException">The cause.</param>
    public SchemaException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
