using Apache.Arrow;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>Reads the actions of Parquet checkpoints and sidecars (PROTOCOL.md, Checkpoints, Checkpoint Schema).</summary>
internal static class CheckpointReader
{
    public static async Task<List<LogAction>> ReadParquetAsync(ObjectStore store, string key, long version, CancellationToken cancellationToken)
    {
        string path = store.Describe(key);
        var actions = new List<LogAction>();
        try
        {
            Stream stream = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await foreach (ColumnChunk chunk in ParquetArrowReader.ReadAsync(stream, path, CheckpointSchema.Read.Fields, null, cancellationToken).ConfigureAwait(false))
                {
                    Extract(chunk, actions);
                }
            }
        }
        catch (DeltaProtocolException e) when (e.Version is null)
        {
            throw new DeltaProtocolException(path, version, $"the checkpoint cannot be read: {e.Message}", e);
        }
        catch (Exception e) when (e is SchemaException or InvalidOperationException or IndexOutOfRangeException or ArgumentException)
        {
            throw new DeltaProtocolException(path, version, $"the checkpoint cannot be read: {e.Message}", e);
        }

        return actions;
    }

    private static void Extract(ColumnChunk chunk, List<LogAction> actions)
    {
        var txn = (StructArray)chunk.Columns[0];
        var add = (StructArray)chunk.Columns[1];
        var remove = (StructArray)chunk.Columns[2];
        var metadata = (StructArray)chunk.Columns[3];
        var protocol = (StructArray)chunk.Columns[4];
        var domain = (StructArray)chunk.Columns[5];
        var sidecar = (StructArray)chunk.Columns[6];
        for (int r = 0; r < chunk.Length; r++)
        {
            if (add.IsValid(r) && Str(add, 0, r) is { } addPath)
            {
                actions.Add(new LogAction
                {
                    Add = new DeltaAddFile(
                        addPath,
                        Map(add, 1, r) ?? new Dictionary<string, string?>(),
                        Long(add, 2, r) ?? 0,
                        Long(add, 3, r) ?? 0,
                        Bool(add, 4, r) ?? true,
                        Str(add, 5, r),
                        Map(add, 6, r),
                        DeletionVector((StructArray)add.Fields[7], r),
                        Long(add, 8, r),
                        Long(add, 9, r)),
                });
            }
            else if (remove.IsValid(r) && Str(remove, 0, r) is { } removePath)
            {
                actions.Add(new LogAction
                {
                    Remove = new DeltaRemoveFile(
                        removePath,
                        Long(remove, 1, r),
                        Bool(remove, 2, r) ?? true,
                        Bool(remove, 3, r),
                        Map(remove, 4, r),
                        Long(remove, 5, r),
                        DeletionVector((StructArray)remove.Fields[6], r)),
                });
            }
            else if (txn.IsValid(r) && Str(txn, 0, r) is { } appId)
            {
                actions.Add(new LogAction { Transaction = new DeltaTransaction(appId, Long(txn, 1, r) ?? 0, Long(txn, 2, r)) });
            }
            else if (metadata.IsValid(r) && Str(metadata, 0, r) is { } id)
            {
                var format = (StructArray)metadata.Fields[3];
                actions.Add(new LogAction
                {
                    Metadata = new DeltaMetadata(
                        id,
                        Str(metadata, 1, r),
                        Str(metadata, 2, r),
                        (format.IsValid(r) ? Str(format, 0, r) : null) ?? "parquet",
                        NonNull(format.IsValid(r) ? Map(format, 1, r) : null),
                        Str(metadata, 4, r) ?? throw new InvalidOperationException("the metaData row has no schemaString"),
                        List(metadata, 5, r) ?? [],
                        NonNull(Map(metadata, 6, r)),
                        Long(metadata, 7, r)),
                });
            }
            else if (protocol.IsValid(r) && Long(protocol, 0, r) is { } reader)
            {
                actions.Add(new LogAction { Protocol = new DeltaProtocol((int)reader, (int)(Long(protocol, 1, r) ?? 0), List(protocol, 2, r), List(protocol, 3, r)) });
            }
            else if (domain.IsValid(r) && Str(domain, 0, r) is { } name)
            {
                actions.Add(new LogAction { Domain = new DeltaDomainMetadata(name, Str(domain, 1, r) ?? string.Empty, Bool(domain, 2, r) ?? false) });
            }
            else if (sidecar.IsValid(r) && Str(sidecar, 0, r) is { } sidecarPath)
            {
                actions.Add(new LogAction { SidecarPath = sidecarPath });
            }
        }
    }

    private static DeletionVectorDescriptor? DeletionVector(StructArray dv, int r) =>
        dv.IsValid(r) && Str(dv, 0, r) is { } storage
            ? new DeletionVectorDescriptor(storage, Str(dv, 1, r) ?? string.Empty, (int?)Long(dv, 2, r), (int)(Long(dv, 3, r) ?? 0), Long(dv, 4, r) ?? 0)
            : null;

    private static string? Str(StructArray s, int field, int r) => s.IsValid(r) ? ((StringArray)s.Fields[field]).GetString(r) : null;

    private static long? Long(StructArray s, int field, int r)
    {
        if (!s.IsValid(r))
        {
            return null;
        }

        return s.Fields[field] switch
        {
            Int64Array a => a.GetValue(r),
            Int32Array a => a.GetValue(r),
            _ => null,
        };
    }

    private static bool? Bool(StructArray s, int field, int r) => s.IsValid(r) ? ((BooleanArray)s.Fields[field]).GetValue(r) : null;

    private static Dictionary<string, string?>? Map(StructArray s, int field, int r)
    {
        var map = (MapArray)s.Fields[field];
        if (!s.IsValid(r) || map.IsNull(r))
        {
            return null;
        }

        var keys = (StringArray)map.Keys;
        var values = (StringArray)map.Values;
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (int i = map.ValueOffsets[r]; i < map.ValueOffsets[r + 1]; i++)
        {
            result[keys.GetString(i)] = values.IsNull(i) ? null : values.GetString(i);
        }

        return result;
    }

    private static List<string>? List(StructArray s, int field, int r)
    {
        var list = (ListArray)s.Fields[field];
        if (!s.IsValid(r) || list.IsNull(r))
        {
            return null;
        }

        var values = (StringArray)list.Values;
        var result = new List<string>();
        for (int i = list.ValueOffsets[r]; i < list.ValueOffsets[r + 1]; i++)
        {
            result.Add(values.GetString(i));
        }

        return result;
    }

    private static Dictionary<string, string> NonNull(Dictionary<string, string?>? map) =>
        map?.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal) ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
