namespace PredictiveMaintenance.Storage;

/// <summary>
/// The store refused or failed a request after the storage client's retries: a missing container or bucket,
/// credentials it does not accept, a permission it does not grant, or throttling that outlasted the retries.
/// </summary>
public class StorageException : PredictiveMaintenanceException
{
    /// <summary>Creates an exception.</summary>
    public StorageException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, naming the location and the object.</param>
    public StorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, naming the location and the object.</param>
    /// <param name="innerException">The cause.</param>
    public StorageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception about one request.</summary>
    /// <param name="objectName">The full name of the object (or container) the request was about, as a URI.</param>
    /// <param name="status">The HTTP status the store answered, or 0 when no answer came.</param>
    /// <param name="problem">What went wrong and what to do about it.</param>
    /// <param name="innerException">The storage client's exception.</param>
    public StorageException(string objectName, int status, string problem, Exception? innerException = null)
        : this($"{objectName}: {problem}", objectName, status, problem, innerException)
    {
    }

    /// <summary>Creates an exception about one request with a message that says more than the object and the problem.</summary>
    /// <param name="message">The whole message.</param>
    /// <param name="objectName">The full name of the object the request was about.</param>
    /// <param name="status">The HTTP status the store answered, or 0 when no answer came.</param>
    /// <param name="problem">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    protected StorageException(string message, string? objectName, int status, string? problem, Exception? innerException)
        : base(message, innerException)
    {
        ObjectName = objectName;
        Status = status;
        Problem = problem;
    }

    /// <summary>The object the failed request was about, when there is one.</summary>
    public string? ObjectName { get; }

    /// <summary>The HTTP status of the store's answer; 0 when there was none (a network failure).</summary>
    public int Status { get; }

    /// <summary>What went wrong, without the object name.</summary>
    public string? Problem { get; }
}
