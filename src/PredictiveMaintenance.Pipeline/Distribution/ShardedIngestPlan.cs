using System.Globalization;
using System.Text;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Pipeline;

/// <summary>A staged file and the batch sequence number a sharded ingest run gave it.</summary>
/// <param name="Sequence">The file's batch number, as a single-process run would give it.</param>
/// <param name="File">The staged file.</param>
public sealed record PlannedFile(long Sequence, StagedFile File);

/// <summary>
/// One sharded ingest run (<see cref="BatchPipeline.PlanShardedIngestAsync"/>): the staged files not ingested yet, each
/// with its batch sequence number, and the number of shards the fleet's assets are spread over.
/// </summary>
/// <param name="Shards">How many shards the assets are spread over (fixed for the pipeline's tables).</param>
/// <param name="PreviousSequence">The last batch ingested before this run (0 for none); the shards continue from their state after it.</param>
/// <param name="Files">The files of the run, in sequence order; empty when nothing new is staged.</param>
public sealed record ShardedIngestPlan(int Shards, long PreviousSequence, IReadOnlyList<PlannedFile> Files)
{
    /// <summary>The run's name, from its first and last sequence (<c>5-12</c>), unique within the pipeline; <c>none-after-4</c> for an empty run.</summary>
    public string Id => Files.Count == 0
        ? FormattableString.Invariant($"none-after-{PreviousSequence}")
        : FormattableString.Invariant($"{Files[0].Sequence}-{Files[^1].Sequence}");

    /// <summary>The last sequence of the run: the version of its shard and run transactions.</summary>
    public long LastSequence => Files.Count == 0 ? PreviousSequence : Files[^1].Sequence;

    /// <summary>
    /// The shard of an asset: the 64-bit FNV-1a hash of its id's UTF-8 bytes, modulo <paramref name="shards"/>, so it
    /// is the same in every process, machine and run.
    /// </summary>
    /// <param name="assetId">The asset id.</param>
    /// <param name="shards">The number of shards, at least 1.</param>
    public static int ShardOf(string assetId, int shards)
    {
        ArgumentNullException.ThrowIfNull(assetId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shards);
        ulong hash = 14695981039346656037;
        Span<byte> buffer = stackalloc byte[256];
        ReadOnlySpan<byte> bytes = Encoding.UTF8.GetByteCount(assetId) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(assetId, buffer)]
            : Encoding.UTF8.GetBytes(assetId);
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211;
        }

        return (int)(hash % (ulong)shards);
    }

    internal string FolderOf(long sequence) => $"runs/{Id}/{sequence.ToString("D10", CultureInfo.InvariantCulture)}";

    internal PlannedFile FileOf(long sequence) =>
        Files.FirstOrDefault(f => f.Sequence == sequence)
        ?? throw new ArgumentOutOfRangeException(nameof(sequence), sequence, FormattableString.Invariant($"Run {Id} has no file of sequence {sequence}."));
}

/// <summary>What splitting one file of a sharded run did (<see cref="BatchPipeline.SplitFileAsync"/>).</summary>
/// <param name="Sequence">The file's batch number.</param>
/// <param name="File">The file's name in the staging area.</param>
/// <param name="RowsRead">Rows read from the file.</param>
/// <param name="RowsClean">Rows the data quality rules accepted, before the shards split off the late ones.</param>
/// <param name="QuarantinedByReason">Rows the data quality rules rejected, by reason; they are in the quarantine table.</param>
public sealed record FileSplit(long Sequence, string File, long RowsRead, long RowsClean, IReadOnlyDictionary<QuarantineReason, long> QuarantinedByReason);

/// <summary>One shard's rows of one file of a sharded run.</summary>
/// <param name="Sequence">The file's batch number.</param>
/// <param name="RowsAccepted">The shard's rows of the file appended to the telemetry table.</param>
/// <param name="RowsLate">The shard's rows of the file not later than their asset's last ingested row, quarantined as late.</param>
/// <param name="FeatureRows">The shard's rows of the file appended to the features table.</param>
public sealed record ShardFileCounts(long Sequence, long RowsAccepted, long RowsLate, long FeatureRows);

/// <summary>What ingesting one shard of a sharded run did (<see cref="BatchPipeline.IngestShardAsync"/>).</summary>
/// <param name="Shard">The shard, from 0.</param>
/// <param name="Files">Its counts per file of the run, in sequence order.</param>
public sealed record ShardIngest(int Shard, IReadOnlyList<ShardFileCounts> Files);
