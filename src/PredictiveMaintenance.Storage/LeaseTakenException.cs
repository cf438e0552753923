namespace PredictiveMaintenance.Storage;

/// <summary>Another holder has the lease on an object (<see cref="ObjectStore.AcquireLeaseAsync"/>), or took it from a holder that stopped renewing it.</summary>
public sealed class LeaseTakenException : StorageException
{
    /// <summary>Creates an exception.</summary>
    public LeaseTakenException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, naming the object.</param>
    public LeaseTakenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, naming the object.</param>
    /// <param name="innerException">The cause.</param>
    public LeaseTakenException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception naming the lease's holder.</summary>
    /// <param name="objectName">The leased object.</param>
    /// <param name="holder">Who holds it (host, process id and a unique id), when the store tells.</param>
    /// <param name="expires">When the holder's lease expires unless renewed, when the store tells.</param>
    /// <param name="innerException">The cause.</param>
    public LeaseTakenException(string objectName, string? holder, DateTimeOffset? expires, Exception? innerException = null)
        : base(objectName, 409, DescribeHolder(holder, expires), innerException)
    {
        Holder = holder;
        Expires = expires;
    }

    /// <summary>Who holds the lease, when the store tells.</summary>
    public string? Holder { get; }

    /// <summary>When the holder's lease expires unless renewed, when the store tells.</summary>
    public DateTimeOffset? Expires { get; }

    private static string DescribeHolder(string? holder, DateTimeOffset? expires) =>
        (holder, expires) switch
        {
            (null, _) => "another process holds the lease.",
            (_, null) => $"'{holder}' holds the lease.",
            (_, { } until) => FormattableString.Invariant($"'{holder}' holds the lease until {until.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} unless it renews it."),
        };
}
