namespace PredictiveMaintenance.DeltaLake;

/// <summary>
/// A Delta table cannot be read or written as the protocol requires: a corrupt or truncated log file, a missing commit,
/// or a protocol version or table feature this package does not implement.
/// </summary>
public sealed class DeltaProtocolException : PredictiveMaintenanceException
{
    /// <summary>Creates an exception.</summary>
    public DeltaProtocolException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, naming the file and version.</param>
    public DeltaProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, naming the file and version.</param>
    /// <param name="innerException">The cause.</param>
    public DeltaProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception about one log file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="version">The table version the file belongs to, when known.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DeltaProtocolException(string path, long? version, string problem, Exception? innerException = null)
        : base(version is { } v ? FormattableString.Invariant($"{path} (version {v}): {problem}") : $"{path}: {problem}", innerException)
    {
        FilePath = path;
        Version = version;
    }

    /// <summary>The log or data file involved, when there is one.</summary>
    public string? FilePath { get; }

    /// <summary>The table version involved, when there is one.</summary>
    public long? Version { get; }
}
