namespace PredictiveMaintenance.Scoring;

/// <summary>
/// Telemetry given to a scorer does not match what the model needs: a missing channel, a column of the wrong type or
/// time kind, a channel with no value at all, or a reading out of time order. <see cref="Column"/> names the column.
/// </summary>
public sealed class ScoringInputException : PredictiveMaintenanceException
{
    /// <summary>Creates an exception.</summary>
    public ScoringInputException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public ScoringInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ScoringInputException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception about one column.</summary>
    /// <param name="column">The column (channel, asset or time column) at fault.</param>
    /// <param name="message">What is wrong, naming the column, the model and the expected and actual values.</param>
    public ScoringInputException(string column, string message)
        : base(message) => Column = column;

    /// <summary>The column at fault, when the problem is one column's.</summary>
    public string? Column { get; }
}
