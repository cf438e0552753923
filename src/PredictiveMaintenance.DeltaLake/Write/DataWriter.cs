using System.Text;
using Apache.Arrow;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>Checks data against the table schema, splits it by partition and writes its Parquet files with their add actions.</summary>
internal static class DataWriter
{
    /// <summary>Matches the data's columns to the table's: same names and types, no nulls in non-nullable columns; new columns only with schema evolution.</summary>
    public static (DeltaStructType Schema, List<ColumnValues> Columns) Resolve(RecordBatch data, DeltaStructType table, bool mergeSchema, string path)
    {
        var columns = new List<ColumnValues>();
        var added = new List<DeltaStructField>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < data.ColumnCount; c++)
        {
            Field arrowField = data.Schema.FieldsList[c];
            IArrowArray array = data.Column(c);
            if (!seen.Add(arrowField.Name))
            {
                throw new SchemaException($"Column '{arrowField.Name}' appears more than once in the data.");
            }

            DeltaType dataType = ArrowTypeMapping.FromArrowType(arrowField.DataType, arrowField.Name);
            DeltaStructField? field = table.FindField(arrowField.Name);
            if (field is null)
            {
                if (!mergeSchema)
                {
                    throw new SchemaException($"Column '{arrowField.Name}' ({dataType}) is not in the schema of '{path}' ({string.Join(", ", table.Fields.Select(f => $"{f.Name}: {f.Type}"))}); set MergeSchema to add it.");
                }

                field = new DeltaStructField(arrowField.Name, dataType, nullable: true);
                added.Add(field);
            }
            else if (!SameType(field.Type, dataType))
            {
                throw new SchemaException($"Column '{field.Name}' has type {field.Type} in '{path}' but {dataType} (Arrow {arrowField.DataType.Name}) in the data.");
            }

            if (!field.Nullable && array.NullCount > 0)
            {
                throw new SchemaException($"Column '{field.Name}' is not nullable in '{path}' but the data holds {array.NullCount} nulls in it.");
            }

            columns.Add(new ColumnValues(field, array, null, null));
        }

        foreach (DeltaStructField field in table.Fields)
        {
            if (!seen.Contains(field.Name) && !field.Nullable)
            {
                throw new SchemaException($"Column '{field.Name}' ({field.Type}) is not nullable in '{path}' but is missing from the data.");
            }
        }

        DeltaStructType schema = added.Count == 0 ? table : new DeltaStructType(table.Fields.Concat(added));
        return (schema, columns);
    }

    /// <summary>Compares types by their element types and field names, ignoring nullability inside nested types, which Arrow data does not always carry.</summary>
    private static bool SameType(DeltaType table, DeltaType data) => (table, data) switch
    {
        (DeltaArrayType a, DeltaArrayType b) => SameType(a.ElementType, b.ElementType),
        (DeltaMapType a, DeltaMapType b) => SameType(a.KeyType, b.KeyType) && SameType(a.ValueType, b.ValueType),
        (DeltaStructType a, DeltaStructType b) => a.Fields.Count == b.Fields.Count && a.Fields.Zip(b.Fields).All(p => p.First.Name == p.Second.Name && SameType(p.First.Type, p.Second.Type)),
        _ => table.Equals(data),
    };

    public static async Task<List<DeltaAddFile>> WriteFilesAsync(DeltaTable table, DeltaStructType schema, IReadOnlyList<string> partitionColumns, List<ColumnValues> columns, int rowCount, DeltaPredicate? predicate, long now, CancellationToken cancellationToken)
    {
        if (rowCount == 0)
        {
            // No rows, no file: the commit still records the schema change or the application's transaction.
            return [];
        }

        var partitionArrays = new List<(DeltaStructField Field, IArrowArray Array)>();
        foreach (string column in partitionColumns)
        {
            ColumnValues values = columns.FirstOrDefault(c => c.Field.Name == column);
            if (values.Array is null)
            {
                throw new SchemaException($"Partition column '{column}' is missing from the data.");
            }

            partitionArrays.Add((values.Field, values.Array));
        }

        List<ColumnValues> dataColumns = [.. columns.Where(c => !partitionColumns.Contains(c.Field.Name))];
        var groups = new List<(Dictionary<string, string?> Values, Dictionary<string, object?> Typed, int[]? Rows)>();
        if (partitionArrays.Count == 0)
        {
            groups.Add((new Dictionary<string, string?>(), new Dictionary<string, object?>(), null));
        }
        else
        {
            var byKey = new Dictionary<string, (Dictionary<string, string?>, Dictionary<string, object?>, List<int>)>(StringComparer.Ordinal);
            var key = new StringBuilder();
            for (int r = 0; r < rowCount; r++)
            {
                key.Clear();
                var values = new string?[partitionArrays.Count];
                for (int p = 0; p < partitionArrays.Count; p++)
                {
                    (DeltaStructField field, IArrowArray array) = partitionArrays[p];
                    values[p] = DeltaValues.FormatPartitionValue(PartitionValue(array, r), field.Type);
                    key.Append(values[p] is null ? "\u0000N" : "\u0000V" + values[p]);
                }

                string k = key.ToString();
                if (!byKey.TryGetValue(k, out var group))
                {
                    var named = new Dictionary<string, string?>(StringComparer.Ordinal);
                    var typed = new Dictionary<string, object?>(StringComparer.Ordinal);
                    for (int p = 0; p < partitionArrays.Count; p++)
                    {
                        named[partitionArrays[p].Field.PhysicalName] = values[p];
                        typed[partitionArrays[p].Field.Name] = PartitionValue(partitionArrays[p].Array, r);
                    }

                    byKey[k] = group = (named, typed, []);
                }

                group.Item3.Add(r);
            }

            groups.AddRange(byKey.Values.Select(g => (g.Item1, g.Item2, (int[]?)[.. g.Item3])));
        }

        var adds = new List<DeltaAddFile>();
        foreach ((Dictionary<string, string?> values, Dictionary<string, object?> typed, int[]? rows) in groups)
        {
            if (predicate is not null && !predicate.MatchesPartition(c => (schema.FindField(c)!.Type, typed[c])))
            {
                string partition = string.Join(", ", values.Select(p => $"{p.Key}={p.Value ?? "null"}"));
                throw new SchemaException($"The data holds rows of partition ({partition}), which does not match the overwrite predicate {predicate}.");
            }

            string directory = string.Join('/', partitionColumns.Select(c => DeltaPaths.PartitionDirectory(schema.FindField(c)!.PhysicalName, values[schema.FindField(c)!.PhysicalName])));
            string relative = directory.Length == 0 ? table.NewFileName() : directory + "/" + table.NewFileName();
            List<ColumnValues> selected = [.. dataColumns.Select(c => c with { Rows = rows })];
            IReadOnlyList<ColumnStatistics> statistics = [];
            long size = await table.Store.WriteAsync(
                relative,
                async stream => statistics = await ParquetFileWriter.WriteAsync(stream, selected, table.Options.RowGroupSize, cancellationToken).ConfigureAwait(false),
                replace: false,
                cancellationToken).ConfigureAwait(false);
            long records = rows?.Length ?? rowCount;
            adds.Add(new DeltaAddFile(DeltaPaths.ToUri(relative), values, size, now, true, Stats(records, statistics)));
        }

        return adds;
    }

    private static object? PartitionValue(IArrowArray array, int row) => ArrowValues.ToObject(array, row) switch
    {
        null => null,
        sbyte v => (long)v,
        short v => (long)v,
        int v => (long)v,
        long v => v,
        float v => (double)v,
        double v => v,
        DateTime t when array is Date32Array => (long)((Date32Array)array).Values[row],
        DateTime when array is TimestampArray => ((TimestampArray)array).Values[row],
        object other => other,
    };

    private static string Stats(long records, IReadOnlyList<ColumnStatistics> statistics) => ActionJson.FormatObject(w =>
    {
        w.WriteNumber("numRecords", records);
        List<ColumnStatistics> bounded = [.. statistics.Where(s => s.Bounds is not null)];
        w.WriteStartObject("minValues");
        foreach (ColumnStatistics s in bounded)
        {
            w.WritePropertyName(s.Field.PhysicalName);
            ColumnStatistics.WriteBound(w, s.Field.Type, s.Bounds!.Value.Min);
        }

        w.WriteEndObject();
        w.WriteStartObject("maxValues");
        foreach (ColumnStatistics s in bounded)
        {
            w.WritePropertyName(s.Field.PhysicalName);
            ColumnStatistics.WriteBound(w, s.Field.Type, s.Bounds!.Value.Max);
        }

        w.WriteEndObject();
        w.WriteStartObject("nullCount");
        foreach (ColumnStatistics s in statistics.Where(s => s.Field.Type is DeltaPrimitiveType or DeltaDecimalType))
        {
            w.WriteNumber(s.Field.PhysicalName, s.NullCount);
        }

        w.WriteEndObject();
    });
}
