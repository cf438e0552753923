using System.Security.Cryptography;

namespace PredictiveMaintenance.Tracking;

/// <summary>A piece of input data a run used, identified exactly: a Delta table at a version, or a file with its SHA-256.</summary>
/// <param name="Kind">What kind of input it is.</param>
/// <param name="Path">The table's root or the file's path, as given.</param>
/// <param name="Version">The Delta table version read, for <see cref="DataInputKind.DeltaTable"/>.</param>
/// <param name="Sha256">The file's SHA-256 (lowercase hex), for <see cref="DataInputKind.File"/>.</param>
public sealed record DataInput(DataInputKind Kind, string Path, long? Version, string? Sha256)
{
    /// <summary>A Delta table read at a version.</summary>
    /// <param name="path">The table's root.</param>
    /// <param name="version">The version read.</param>
    public static DataInput DeltaTable(string path, long version)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return new DataInput(DataInputKind.DeltaTable, path, version, null);
    }

    /// <summary>A file, identified by the SHA-256 of its current content.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the hashing.</param>
    public static async Task<DataInput> FileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            byte[] hash = await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
            return new DataInput(DataInputKind.File, path, null, Convert.ToHexStringLower(hash));
        }
    }
}

/// <summary>The kinds of <see cref="DataInput"/>.</summary>
public enum DataInputKind
{
    /// <summary>A Delta table at a version.</summary>
    DeltaTable,

    /// <summary>A file with its SHA-256.</summary>
    File,
}
