namespace PredictiveMaintenance;

/// <summary>
/// Input cannot be read as data: a malformed file (bad header, unterminated quote, empty file, undecodable bytes) or data
/// that breaks a table's invariants. Rows that are merely bad are quarantined instead, not thrown.
/// </summary>
public sealed class DataQualityException : PredictiveMaintenanceException
{
    /// <summary>Creates an exception.</summary>
    public DataQualityException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public DataQualityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DataQualityException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a problem at a position; the message is <c>position: problem</c>.</summary>
    /// <param name="position">Where the problem is.</param>
    /// <param name="problem">What is wrong, with the expected and actual values.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DataQualityException(SourcePosition position, string problem, Exception? innerException = null)
        : base($"{position}: {problem}", innerException)
    {
        Position = position;
    }

    /// <summary>Where the problem is, when it is in one place.</summary>
    public SourcePosition? Position { get; }
}
