using System.Security.Cryptography;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Pipeline;

/// <summary>A raw file found in the staging folder or container, identified by its content.</summary>
/// <param name="Name">Its name relative to the staging location, with <c>/</c> separators.</param>
/// <param name="Path">Its full name: a path, or a URI in an object store.</param>
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

    /// <summary>Hashes a staged object's content as it streams from the store.</summary>
    internal static async Task<StagedFile> ReadAsync(ObjectStore staging, StoredObject stored, CancellationToken cancellationToken)
    {
        Stream stream = await staging.OpenReadAsync(stored.Key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return new StagedFile(stored.Key, staging.Describe(stored.Key), stream.Length, Convert.ToHexStringLower(hash));
        }
    }
}
