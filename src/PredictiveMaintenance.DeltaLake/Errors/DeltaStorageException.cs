namespace PredictiveMaintenance.DeltaLake;

/// <summary>
/// The store that holds a table refused or failed a request after the storage client's retries: a missing container or
/// bucket, credentials it does not accept, a permission it does not grant, or throttling that outlasted the retries.
/// </summary>
public sealed class DeltaStorageException : PredictiveMaintenanceException
{
    /// <summary>Creates an exception.</summary>
    public DeltaStorageException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, naming the location and the object.</param>
    public DeltaStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, naming the location and the object.</param>
    /// <param name="innerException">The cause.</param>
    public DeltaStorageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception about one request.</summary>
    /// <param name="objectName">The full name of the object (or container) the request was about, as a URI.</param>
    /// <param name="version">The table version the object belongs to, when known.</param>
    /// <param name="status">The HTTP status the store answered, or 0 when no answer came.</param>
    /// <param name="problem">What went wrong and what to do about it.</param>
    /// <param name="innerException">The storage client's exception.</param>
    public DeltaStorageException(string objectName, long? version, int status, string problem, Exception? innerException = null)
        : base(version is { } v ? FormattableString.Invariant($"{objectName} (version {v}): {problem}") : $"{objectName}: {problem}", innerException)
    {
        ObjectName = objectName;
        Version = version;
        Status = status;
        Problem = problem;
    }

    /// <summary>The object the failed request was about, when there is one.</summary>
    public string? ObjectName { get; }

    /// <summary>The table version involved, when known.</summary>
    public long? Version { get; }

    /// <summary>The HTTP status of the store's answer; 0 when there was none (a network failure).</summary>
    public int Status { get; }

    /// <summary>What went wrong, without the object name.</summary>
    public string? Problem { get; }
}
