namespace PredictiveMaintenance.Pipeline;

/// <summary>Another batch of the same pipeline (in this process or another) holds the pipeline's lock; batches never run at once.</summary>
public sealed class PipelineBusyException : PredictiveMaintenanceException
{
    /// <summary>Creates the exception.</summary>
    public PipelineBusyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public PipelineBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PipelineBusyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
