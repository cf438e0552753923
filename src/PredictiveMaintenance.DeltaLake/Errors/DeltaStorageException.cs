using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>A request for an object of one table version (a commit or a checkpoint) failed: a <see cref="StorageException"/> that also names the version.</summary>
public sealed class DeltaStorageException : StorageException
{
    /// <summary>Creates an exception.</summary>
    public DeltaStorageException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, naming the location, the object and the version.</param>
    public DeltaStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, naming the location, the object and the version.</param>
    /// <param name="innerException">The cause.</param>
    public DeltaStorageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Names the table version of a failed request.</summary>
    /// <param name="failure">The store's exception.</param>
    /// <param name="version">The version the object belongs to.</param>
    public DeltaStorageException(StorageException failure, long version)
        : base(
            FormattableString.Invariant($"{failure?.ObjectName} (version {version}): {failure?.Problem}"),
            failure?.ObjectName,
            failure?.Status ?? 0,
            failure?.Problem,
            failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Version = version;
    }

    /// <summary>The table version the object belongs to.</summary>
    public long Version { get; }
}
