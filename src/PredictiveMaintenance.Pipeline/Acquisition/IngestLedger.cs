using System.Text;
using System.Text.Json;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// The record of ingested files, one JSON line per completed batch, in the state folder or container. The Delta
/// tables' transaction ids are the source of truth for what was committed; the ledger records the files' names, sizes,
/// hashes and row counts, and a batch whose commits landed but whose ledger line did not is completed and recorded by
/// the next run.
/// </summary>
public sealed class IngestLedger
{
    /// <summary>The ledger's name in the state folder or container.</summary>
    public const string FileName = "ingest-ledger.jsonl";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ObjectStore _state;
    private readonly List<FileBatch> _entries;

    private IngestLedger(ObjectStore state, List<FileBatch> entries)
    {
        _state = state;
        _entries = entries;
    }

    /// <summary>The ledger's full name: a path, or a URI in an object store.</summary>
    public string Location => _state.Describe(FileName);

    /// <summary>The completed batches, in the order they completed.</summary>
    public IReadOnlyList<FileBatch> Entries => _entries;

    /// <summary>Reads the ledger of a state folder or container; empty when there is none.</summary>
    /// <param name="stateLocation">The pipeline's state: a local folder or an object-store location.</param>
    /// <param name="options">Credentials and retries for an object store; the environment's when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <remarks>A last line cut short by a crash (of an earlier release, which appended in place) is ignored: its batch is not recorded, so the next run completes and records it.</remarks>
    /// <exception cref="PredictiveMaintenanceException">A line other than the last is not a ledger entry.</exception>
    public static Task<IngestLedger> LoadAsync(string stateLocation, StorageOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateLocation);
        return LoadAsync(StorageLocation.Open(stateLocation, options), cancellationToken);
    }

    /// <summary>Finds the entry of a file's content.</summary>
    /// <param name="sha256">The file's SHA-256.</param>
    public FileBatch? Find(string sha256) => _entries.FirstOrDefault(e => e.Sha256 == sha256);

    internal static async Task<IngestLedger> LoadAsync(ObjectStore state, CancellationToken cancellationToken)
    {
        var entries = new List<FileBatch>();
        byte[] content;
        try
        {
            content = await state.ReadAllAsync(FileName, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return new IngestLedger(state, entries);
        }

        string[] lines = Encoding.UTF8.GetString(content).Split('\n');
        int last = Array.FindLastIndex(lines, l => l.Length > 0);
        for (int i = 0; i <= last; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            try
            {
                entries.Add(JsonSerializer.Deserialize<FileBatch>(lines[i], Json) ?? throw new JsonException("null entry"));
            }
            catch (JsonException e) when (i == last && !content.AsSpan().EndsWith("\n"u8))
            {
                _ = e;
            }
            catch (JsonException e)
            {
                throw new PredictiveMaintenanceException($"{state.Describe(FileName)}, line {i + 1}: not an ingest ledger entry ({e.Message}).", e);
            }
        }

        return new IngestLedger(state, entries);
    }

    /// <summary>Records a completed batch: the whole ledger is written again, replacing the old one at once (a crash leaves one or the other).</summary>
    internal async Task AppendAsync(FileBatch entry, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (FileBatch e in _entries.Append(entry))
        {
            text.Append(JsonSerializer.Serialize(e, Json)).Append('\n');
        }

        byte[] content = Encoding.UTF8.GetBytes(text.ToString());
        await _state.WriteAsync(FileName, s => s.WriteAsync(content).AsTask(), replace: true, cancellationToken).ConfigureAwait(false);
        _entries.Add(entry);
    }
}
