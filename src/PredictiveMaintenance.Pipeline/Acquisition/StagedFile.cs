using System.Security.Cryptography;

namespace PredictiveMaintenance.Pipeline;

/// <summary>A raw file found in the staging folder, identified by its content.</summary>
/// <param name="Name">Its path relative to the staging folder, with <c>/</c> separators.</param>
/// <param name="Path">Its full path.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="Sha256">The SHA-256 of its content, lowercase hex.</param>
public sealed record StagedFile(string Name, string Path, long Size, string Sha256)
{
    /// <summary>The prefix of the Delta transaction application ids of ingested files.</summary>
    public const string ApplicationIdPrefix = "pdm-ingest-";

    /// <summary>
    /// The Delta transaction application id under which the file's rows are committed to every table of the pipeline:
    /// <see cref="ApplicationIdPrefix"/> followed by <see cref="Sha256"/>. The same content under another name is the same file.
    /// </summary>
    public string ApplicationId => ApplicationIdPrefix + Sha256;

    /// <summary>Reads a file's size and hashes its content.</summary>
    /// <param name="stagingFolder">The staging folder.</param>
    /// <param name="path">The file, inside the staging folder.</param>
    /// <param name="cancellationToken">Cancels the hashing.</param>
    public static async Task<StagedFile> ReadAsync(string stagingFolder, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stagingFolder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        FileStream stream = File.OpenRead(full);
        await using (stream.ConfigureAwait(false))
        {
            byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            string name = System.IO.Path.GetRelativePath(System.IO.Path.GetFullPath(stagingFolder), full).Replace('\\', '/');
            return new StagedFile(name, full, stream.Length, Convert.ToHexStringLower(hash));
        }
    }
}
