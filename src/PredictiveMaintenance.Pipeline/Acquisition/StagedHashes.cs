using System.Text.Json;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// The SHA-256 of each staged object as last hashed, by key, size and modification time, kept in the state as
/// <see cref="FileName"/>, so that a run hashes the files that are new or changed instead of reading the whole staging
/// area again.
/// </summary>
/// <remarks>
/// A hash is reused only for an object listed with the same size and modification time, and only when it was hashed
/// more than <see cref="Settled"/> after that modification: a later write gives the object a modification time at or
/// after the write, which then differs from the recorded one even where the store keeps whole seconds (Azure, S3) and
/// the clocks of this machine and the store differ by less than that margin. What it cannot see is a file rewritten in
/// place whose modification time is then set back to the old one with the same size (as tools that preserve times
/// do); such a file counts as unchanged, as it does for rsync and make. The record is advisory: a missing or unreadable
/// one only costs hashing every file again.
/// </remarks>
internal sealed class StagedHashes
{
    /// <summary>The record's name in the state folder or container.</summary>
    public const string FileName = "staged-hashes.json";

    /// <summary>How long after its last modification an object's hash is kept for the next run.</summary>
    public static readonly TimeSpan Settled = TimeSpan.FromMinutes(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, StagedHash> _hashes;
    private bool _changed;

    private StagedHashes(Dictionary<string, StagedHash> hashes, bool changed)
    {
        _hashes = hashes;
        _changed = changed;
    }

    /// <summary>Reads the record: empty where there is none, and empty with the reason where it is unreadable.</summary>
    public static async Task<(StagedHashes Hashes, string? Unreadable)> LoadAsync(ObjectStore state, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = await state.ReadAllAsync(FileName, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return (new StagedHashes(new Dictionary<string, StagedHash>(StringComparer.Ordinal), changed: false), null);
        }

        try
        {
            Dictionary<string, StagedHash> hashes = JsonSerializer.Deserialize<Dictionary<string, StagedHash>>(content, Json) ?? throw new JsonException("null record");
            return (new StagedHashes(new Dictionary<string, StagedHash>(hashes, StringComparer.Ordinal), changed: false), null);
        }
        catch (JsonException e)
        {
            // Written again whole at the end of the discovery.
            return (new StagedHashes(new Dictionary<string, StagedHash>(StringComparer.Ordinal), changed: true), $"{state.Describe(FileName)} is not a staged-hash record ({e.Message}); every staged file is hashed again");
        }
    }

    /// <summary>The recorded hash of an object as listed now, or null where it must be hashed.</summary>
    public string? Find(StoredObject stored) =>
        _hashes.TryGetValue(stored.Key, out StagedHash? hash) && hash.Size == stored.Length && hash.LastModified == stored.LastModified
            ? hash.Sha256
            : null;

    /// <summary>Records an object's hash, where it was hashed long enough after its last modification to be kept.</summary>
    public void Record(StoredObject stored, string sha256, DateTimeOffset hashedAt)
    {
        if (stored.LastModified == DateTimeOffset.MinValue || hashedAt - stored.LastModified <= Settled)
        {
            return;
        }

        _hashes[stored.Key] = new StagedHash(stored.Length, stored.LastModified, sha256);
        _changed = true;
    }

    /// <summary>Forgets the objects that are no longer staged.</summary>
    public void KeepOnly(IReadOnlySet<string> staged)
    {
        foreach (string key in _hashes.Keys.Where(k => !staged.Contains(k)).ToList())
        {
            _hashes.Remove(key);
            _changed = true;
        }
    }

    /// <summary>Writes the record again whole where it changed, replacing the old one at once.</summary>
    public async Task SaveAsync(ObjectStore state, CancellationToken cancellationToken)
    {
        if (!_changed)
        {
            return;
        }

        byte[] content = JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, StagedHash>(_hashes, StringComparer.Ordinal), Json);
        await state.WriteAsync(FileName, s => s.WriteAsync(content).AsTask(), replace: true, cancellationToken).ConfigureAwait(false);
        _changed = false;
    }
}

/// <summary>One staged object's hash and what it was listed with when hashed.</summary>
/// <param name="Size">Its length in bytes.</param>
/// <param name="LastModified">Its modification time as listed.</param>
/// <param name="Sha256">The SHA-256 of its content, lowercase hex.</param>
internal sealed record StagedHash(long Size, DateTimeOffset LastModified, string Sha256);
