using PredictiveMaintenance.Storage;
namespace PredictiveMaintenance.DeltaLake;

/// <summary>Writes classic single-file V1 checkpoints and <c>_last_checkpoint</c> (PROTOCOL.md, Checkpoints, Last Checkpoint File).</summary>
internal static class CheckpointWriter
{
    /// <summary>Writes the checkpoint of <paramref name="state"/>, keeping tombstones deleted after <paramref name="tombstoneCutoffMs"/>.</summary>
    public static async Task WriteAsync(ObjectStore store, LogState state, long tombstoneCutoffMs, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        rows.Add(Row(protocol: Protocol(state.Protocol!)));
        rows.Add(Row(metadata: Metadata(state.Metadata!)));
        rows.AddRange(state.Transactions.Values.Select(t => Row(txn: [t.AppId, t.Version, t.LastUpdated])));
        rows.AddRange(state.Domains.Values.Select(d => Row(domain: [d.Domain, d.Configuration, d.Removed])));
        rows.AddRange(state.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).Select(a => Row(add: Add(a))));
        rows.AddRange(state.Tombstones.Values
            .Where(r => (r.DeletionTimestamp ?? long.MaxValue) > tombstoneCutoffMs)
            .OrderBy(r => r.Path, StringComparer.Ordinal)
            .Select(r => Row(remove: Remove(r))));

        IReadOnlyList<DeltaStructField> fields = CheckpointSchema.Write.Fields;
        var columns = fields.Select((f, c) => new ColumnValues(f, null, null, rows.Select(r => r[c]).ToList())).ToList();
        long size = await store.WriteAsync(
            DeltaLog.Key(DeltaPaths.CheckpointName(state.Version)),
            stream => ParquetFileWriter.WriteAsync(stream, columns, int.MaxValue, cancellationToken),
            replace: true,
            cancellationToken).ConfigureAwait(false);

        string lastCheckpoint = ActionJson.FormatObject(w =>
        {
            w.WriteNumber("version", state.Version);
            w.WriteNumber("size", rows.Count);
            w.WriteNumber("sizeInBytes", size);
            w.WriteNumber("numOfAddFiles", state.Files.Count);
        });
        await store.WriteAsync(
            DeltaLog.Key(DeltaPaths.LastCheckpointName),
            stream => stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(lastCheckpoint), cancellationToken).AsTask(),
            replace: true,
            cancellationToken).ConfigureAwait(false);
    }

    private static object?[] Row(object?[]? txn = null, object?[]? add = null, object?[]? remove = null, object?[]? metadata = null, object?[]? protocol = null, object?[]? domain = null) =>
        [txn, add, remove, metadata, protocol, domain];

    private static object?[] Protocol(DeltaProtocol p) =>
        [p.MinReaderVersion, p.MinWriterVersion, p.ReaderFeatures?.Cast<object?>().ToList(), p.WriterFeatures?.Cast<object?>().ToList()];

    private static object?[] Metadata(DeltaMetadata m) =>
    [
        m.Id, m.Name, m.Description, new object?[] { m.Provider, Map(m.FormatOptions.ToDictionary(p => p.Key, p => (string?)p.Value)) },
        m.SchemaString, m.PartitionColumns.Cast<object?>().ToList(), Map(m.Configuration.ToDictionary(p => p.Key, p => (string?)p.Value)), m.CreatedTime,
    ];

    private static object?[] Add(DeltaAddFile a) =>
        [a.Path, Map(a.PartitionValues), a.Size, a.ModificationTime, a.DataChange, a.Stats, a.Tags is null ? null : Map(a.Tags), DeletionVector(a.DeletionVector), a.BaseRowId, a.DefaultRowCommitVersion];

    private static object?[] Remove(DeltaRemoveFile r) =>
        [r.Path, r.DeletionTimestamp, r.DataChange, r.ExtendedFileMetadata, r.PartitionValues is null ? null : Map(r.PartitionValues), r.Size, DeletionVector(r.DeletionVector)];

    private static object?[]? DeletionVector(DeletionVectorDescriptor? dv) =>
        dv is null ? null : [dv.StorageType, dv.PathOrInlineDv, dv.Offset, dv.SizeInBytes, dv.Cardinality];

    private static List<KeyValuePair<object?, object?>> Map(IReadOnlyDictionary<string, string?> map) =>
        [.. map.Select(p => new KeyValuePair<object?, object?>(p.Key, p.Value))];
}
