namespace PredictiveMaintenance.DeltaLake;

/// <summary>
/// A commit lost the race for its version to a concurrent writer whose changes conflict with it, or kept losing races
/// past the retry limit (PROTOCOL.md, Creation of New Log Entries). Nothing of the failed commit is visible.
/// </summary>
public sealed class DeltaConcurrencyException : PredictiveMaintenanceException
{
    /// <summary>Creates an exception.</summary>
    public DeltaConcurrencyException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What conflicted, naming the versions.</param>
    public DeltaConcurrencyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What conflicted, naming the versions.</param>
    /// <param name="innerException">The cause.</param>
    public DeltaConcurrencyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a commit that conflicts with a winning commit.</summary>
    /// <param name="readVersion">The snapshot version the failed operation read.</param>
    /// <param name="winningVersion">The concurrent commit it conflicts with.</param>
    /// <param name="reason">How the two conflict.</param>
    public DeltaConcurrencyException(long readVersion, long winningVersion, string reason)
        : base(FormattableString.Invariant($"The commit based on version {readVersion} conflicts with the concurrent commit {winningVersion}: {reason}"))
    {
        ReadVersion = readVersion;
        WinningVersion = winningVersion;
    }

    /// <summary>The snapshot version the failed operation read, when known.</summary>
    public long? ReadVersion { get; }

    /// <summary>The concurrent commit it conflicts with, when known.</summary>
    public long? WinningVersion { get; }
}
