using System.Text;
using System.Text.Json;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// The record of ingested files, one JSON line per completed batch, in the state folder. The Delta tables' transaction
/// ids are the source of truth for what was committed; the ledger records the files' names, sizes, hashes and row
/// counts, and a batch whose commits landed but whose ledger line did not is completed and recorded by the next run.
/// </summary>
public sealed class IngestLedger
{
    /// <summary>The ledger's file name in the state folder.</summary>
    public const string FileName = "ingest-ledger.jsonl";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly List<FileBatch> _entries;

    private IngestLedger(string path, List<FileBatch> entries)
    {
        Path = path;
        _entries = entries;
    }

    /// <summary>The ledger file.</summary>
    public string Path { get; }

    /// <summary>The completed batches, in the order they completed.</summary>
    public IReadOnlyList<FileBatch> Entries => _entries;

    /// <summary>Reads the ledger of a state folder; empty when there is none.</summary>
    /// <param name="stateFolder">The pipeline's state folder.</param>
    /// <remarks>A last line cut short by a crash is ignored: its batch is not recorded, so the next run completes and records it.</remarks>
    /// <exception cref="PredictiveMaintenanceException">A line other than the last is not a ledger entry.</exception>
    public static IngestLedger Load(string stateFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateFolder);
        string path = System.IO.Path.Combine(stateFolder, FileName);
        var entries = new List<FileBatch>();
        if (!File.Exists(path))
        {
            return new IngestLedger(path, entries);
        }

        string[] lines = File.ReadAllLines(path, Encoding.UTF8);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            try
            {
                entries.Add(JsonSerializer.Deserialize<FileBatch>(lines[i], Json)
                    ?? throw new JsonException("null entry"));
            }
            catch (JsonException e) when (i == lines.Length - 1)
            {
                _ = e;
            }
            catch (JsonException e)
            {
                throw new PredictiveMaintenanceException($"{path}, line {i + 1}: not an ingest ledger entry ({e.Message}).", e);
            }
        }

        return new IngestLedger(path, entries);
    }

    /// <summary>Finds the entry of a file's content.</summary>
    /// <param name="sha256">The file's SHA-256.</param>
    public FileBatch? Find(string sha256) => _entries.FirstOrDefault(e => e.Sha256 == sha256);

    internal void Append(FileBatch entry)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        string line = JsonSerializer.Serialize(entry, Json) + "\n";
        using (var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read))
        {
            // A line torn by a crash during an earlier append has no newline; cut it off so that it never sits between
            // good lines (its batch is the one being recorded now, or was recovered before this one).
            stream.SetLength(EndOfLastLine(stream));
            stream.Seek(0, SeekOrigin.End);
            stream.Write(Encoding.UTF8.GetBytes(line));
            stream.Flush(flushToDisk: true);
        }

        _entries.Add(entry);
    }

    private static long EndOfLastLine(FileStream stream)
    {
        long position = stream.Length;
        while (position > 0)
        {
            stream.Seek(position - 1, SeekOrigin.Begin);
            if (stream.ReadByte() == '\n')
            {
                break;
            }

            position--;
        }

        return position;
    }
}
