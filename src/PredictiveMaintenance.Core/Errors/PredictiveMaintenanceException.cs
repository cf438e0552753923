namespace PredictiveMaintenance;

/// <summary>The base of the exceptions the PredictiveMaintenance packages throw for bad data, schemas, tables and artifacts.</summary>
public class PredictiveMaintenanceException : Exception
{
    /// <summary>Creates an exception.</summary>
    public PredictiveMaintenanceException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, naming the file, line, column or version involved.</param>
    public PredictiveMaintenanceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, naming the file, line, column or version involved.</param>
    /// <param name="innerException">The cause.</param>
    public PredictiveMaintenanceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
