using Apache.Arrow;
using Parquet;
using Parquet.Schema;
using ParquetField = Parquet.Schema.Field;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>The values of one column to write: an Arrow array (optionally a subset of its rows) or boxed nested values.</summary>
internal readonly record struct ColumnValues(DeltaStructField Field, IArrowArray? Array, int[]? Rows, IReadOnlyList<object?>? Objects)
{
    public int Count => Objects?.Count ?? Rows?.Length ?? Array!.Length;
}

/// <summary>
/// Writes a Parquet file with Parquet.Net from Arrow columns, one or more row groups at a time, and collects the file's
/// statistics as it goes. <see cref="CompleteAsync"/> writes the footer and corrects the timestamp statistics
/// (<see cref="TimestampStatisticsPatch"/>).
/// </summary>
internal sealed class ParquetFileWriter
{
    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private readonly List<WriteNode> _nodes;
    private readonly List<ColumnStatistics> _statistics;
    private readonly List<TimestampChunkBounds> _timestampBounds = [];
    private int _rowGroups;

    private ParquetFileWriter(Stream stream, ParquetWriter writer, List<WriteNode> nodes, List<ColumnStatistics> statistics)
    {
        _stream = stream;
        _writer = writer;
        _nodes = nodes;
        _statistics = statistics;
    }

    /// <summary>The statistics of each column over the rows written so far (bounds for top-level primitive columns).</summary>
    public IReadOnlyList<ColumnStatistics> Statistics => _statistics;

    /// <summary>Starts a file of the given columns on <paramref name="stream"/>, which must be readable and seekable when a column holds timestamps.</summary>
    public static async Task<ParquetFileWriter> CreateAsync(Stream stream, IReadOnlyList<DeltaStructField> fields, CancellationToken cancellationToken)
    {
        var nodes = fields.Select(f => WriteNode.Create(f.PhysicalName, f.Type, f.Nullable)).ToList();
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(nodes.Select(n => n.Field)), stream, options, append: false, cancellationToken).ConfigureAwait(false);
        return new ParquetFileWriter(stream, writer, nodes, [.. fields.Select(f => new ColumnStatistics(f))]);
    }

    /// <summary>Writes the columns (all of equal length) to a file and returns the statistics of each column.</summary>
    public static async Task<IReadOnlyList<ColumnStatistics>> WriteAsync(Stream stream, IReadOnlyList<ColumnValues> columns, int rowGroupSize, CancellationToken cancellationToken)
    {
        ParquetFileWriter writer = await CreateAsync(stream, [.. columns.Select(c => c.Field)], cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(columns, rowGroupSize, cancellationToken).ConfigureAwait(false);
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return writer.Statistics;
    }

    /// <summary>Writes the columns (in the order of the file's fields, all of equal length) as row groups of at most <paramref name="rowGroupSize"/> rows.</summary>
    public async Task WriteAsync(IReadOnlyList<ColumnValues> columns, int rowGroupSize, CancellationToken cancellationToken)
    {
        int rows = columns.Count == 0 ? 0 : columns[0].Count;
        for (int start = 0; start < rows; start += rowGroupSize)
        {
            await WriteRowGroupAsync(columns, start, Math.Min(rowGroupSize, rows - start), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the footer (with an empty row group when no row was written, as readers expect one) and corrects the timestamp statistics.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await using (_writer.ConfigureAwait(false))
        {
            if (_rowGroups == 0)
            {
                await WriteRowGroupAsync([.. _statistics.Select(s => new ColumnValues(s.Field, null, null, []))], 0, 0, cancellationToken).ConfigureAwait(false);
            }
        }

        await TimestampStatisticsPatch.ApplyAsync(_stream, _timestampBounds, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteRowGroupAsync(IReadOnlyList<ColumnValues> columns, int start, int count, CancellationToken cancellationToken)
    {
        int group = _rowGroups++;
        using ParquetRowGroupWriter rowGroup = _writer.CreateRowGroup();
        int leaf = 0;
        for (int c = 0; c < columns.Count; c++)
        {
            ColumnValues column = columns[c];
            WriteNode node = _nodes[c];
            if (node.IsLeaf && column.Array is not null)
            {
                TimestampBounds? bounds = node.IsTimestamp ? new TimestampBounds() : null;
                await PrimitiveColumnWriter.WriteAsync(rowGroup, node, column, start, count, _statistics[c], bounds, cancellationToken).ConfigureAwait(false);
                if (bounds?.ToChunk(group, leaf) is { } chunk)
                {
                    _timestampBounds.Add(chunk);
                }
            }
            else
            {
                var shredder = new Shredder(node);
                for (int r = start; r < start + count; r++)
                {
                    object? value = column.Objects is not null ? column.Objects[r] : ArrowValues.ToObject(column.Array!, column.Rows is null ? r : column.Rows[r]);
                    shredder.Add(value, column.Field.Name);
                }

                await shredder.WriteAsync(rowGroup, group, leaf, _timestampBounds, cancellationToken).ConfigureAwait(false);
            }

            leaf += node.Leaves.Count();
        }
    }
}

/// <summary>A node of the Parquet schema being written, with the Parquet.Net field that declares it.</summary>
internal sealed class WriteNode
{
    private WriteNode(DeltaType type, ParquetField field, bool optional, List<WriteNode> children)
    {
        Type = type;
        Field = field;
        Optional = optional;
        Children = children;
    }

    public DeltaType Type { get; }

    public ParquetField Field { get; }

    /// <summary>Whether the node is OPTIONAL in Parquet (groups always are; leaves when nullable).</summary>
    public bool Optional { get; }

    /// <summary>Struct fields; the element of a list; the key and value of a map.</summary>
    public List<WriteNode> Children { get; }

    public bool IsLeaf => Field is DataField;

    /// <summary>Whether the node is a timestamp leaf, whose statistics Parquet.Net writes in the wrong unit (<see cref="TimestampStatisticsPatch"/>).</summary>
    public bool IsTimestamp => Type == DeltaPrimitiveType.Timestamp || Type == DeltaPrimitiveType.TimestampNtz;

    public IEnumerable<WriteNode> Leaves => IsLeaf ? [this] : Children.SelectMany(c => c.Leaves);

    public static WriteNode Create(string name, DeltaType type, bool nullable)
    {
        switch (type)
        {
            case DeltaStructType s:
                {
                    var children = s.Fields.Select(f => Create(f.PhysicalName, f.Type, f.Nullable)).ToList();
                    return new WriteNode(type, new StructField(name, [.. children.Select(c => c.Field)]), true, children);
                }

            case DeltaArrayType a:
                {
                    WriteNode element = Create("element", a.ElementType, a.ContainsNull);
                    return new WriteNode(type, new ListField(name, element.Field), true, [element]);
                }

            case DeltaMapType m:
                {
                    WriteNode key = Create("key", m.KeyType, false);
                    WriteNode value = Create("value", m.ValueType, m.ValueContainsNull);
                    return new WriteNode(type, new MapField(name, key.Field, value.Field), true, [key, value]);
                }

            default:
                return new WriteNode(type, PrimitiveField(name, type, nullable), nullable, []);
        }
    }

    private static DataField PrimitiveField(string name, DeltaType type, bool nullable) => type switch
    {
        DeltaDecimalType d => new DecimalDataField(name, d.Precision, d.Scale, forceByteArrayEncoding: d.Precision > 18, isNullable: nullable),
        _ when type == DeltaPrimitiveType.Byte => new DataField<sbyte>(name, nullable),
        _ when type == DeltaPrimitiveType.Short => new DataField<short>(name, nullable),
        _ when type == DeltaPrimitiveType.Integer => new DataField<int>(name, nullable),
        _ when type == DeltaPrimitiveType.Long => new DataField<long>(name, nullable),
        _ when type == DeltaPrimitiveType.Float => new DataField<float>(name, nullable),
        _ when type == DeltaPrimitiveType.Double => new DataField<double>(name, nullable),
        _ when type == DeltaPrimitiveType.Boolean => new DataField<bool>(name, nullable),
        _ when type == DeltaPrimitiveType.String => new DataField<string>(name, nullable),
        _ when type == DeltaPrimitiveType.Binary => new DataField<byte[]>(name, nullable),
        _ when type == DeltaPrimitiveType.Date => new DateTimeDataField(name, DateTimeFormat.Date, isNullable: nullable),
        _ when type == DeltaPrimitiveType.Timestamp => new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: nullable),
        _ when type == DeltaPrimitiveType.TimestampNtz => new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros, isNullable: nullable),
        _ => throw new SchemaException($"Column '{name}' has type {type}, which this writer cannot write."),
    };
}

/// <summary>Turns nested values into the definition and repetition levels of their leaves (Dremel record shredding).</summary>
internal sealed class Shredder
{
    private readonly WriteNode _root;
    private readonly Dictionary<WriteNode, LeafSink> _sinks;

    public Shredder(WriteNode root)
    {
        _root = root;
        _sinks = root.Leaves.ToDictionary(l => l, _ => new LeafSink());
    }

    public void Add(object? value, string column) => Shred(_root, value, 0, 0, 0, column);

    private void Shred(WriteNode node, object? value, int definition, int repetition, int depth, string column)
    {
        if (node.IsLeaf)
        {
            LeafSink sink = _sinks[node];
            if (value is null)
            {
                if (!node.Optional)
                {
                    throw new SchemaException($"Column '{column}' is not nullable but holds a null.");
                }

                sink.Add(null, definition, repetition);
            }
            else
            {
                sink.Add(value, definition + (node.Optional ? 1 : 0), repetition);
            }

            return;
        }

        if (value is null)
        {
            AddNulls(node, definition, repetition);
            return;
        }

        switch (node.Type)
        {
            case DeltaStructType:
                var fields = (object?[])value;
                for (int i = 0; i < node.Children.Count; i++)
                {
                    Shred(node.Children[i], fields[i], definition + 1, repetition, depth, column);
                }

                break;
            case DeltaArrayType:
                var items = (IReadOnlyList<object?>)value;
                if (items.Count == 0)
                {
                    AddNulls(node, definition + 1, repetition);
                }

                for (int k = 0; k < items.Count; k++)
                {
                    Shred(node.Children[0], items[k], definition + 2, k == 0 ? repetition : depth + 1, depth + 1, column);
                }

                break;
            case DeltaMapType:
                var entries = (IReadOnlyList<KeyValuePair<object?, object?>>)value;
                if (entries.Count == 0)
                {
                    AddNulls(node, definition + 1, repetition);
                }

                for (int k = 0; k < entries.Count; k++)
                {
                    int r = k == 0 ? repetition : depth + 1;
                    Shred(node.Children[0], entries[k].Key ?? throw new SchemaException($"Column '{column}' holds a map with a null key."), definition + 2, r, depth + 1, column);
                    Shred(node.Children[1], entries[k].Value, definition + 2, r, depth + 1, column);
                }

                break;
        }
    }

    private void AddNulls(WriteNode node, int definition, int repetition)
    {
        foreach (WriteNode leaf in node.Leaves)
        {
            _sinks[leaf].Add(null, definition, repetition);
        }
    }

    /// <summary>Writes every leaf, adding the bounds of its timestamp leaves (numbered from <paramref name="firstLeaf"/>) to <paramref name="timestampBounds"/>.</summary>
    public async Task WriteAsync(ParquetRowGroupWriter rowGroup, int rowGroupIndex, int firstLeaf, List<TimestampChunkBounds> timestampBounds, CancellationToken cancellationToken)
    {
        int index = firstLeaf;
        foreach (WriteNode leaf in _root.Leaves)
        {
            LeafSink sink = _sinks[leaf];
            if (leaf.IsTimestamp)
            {
                var bounds = new TimestampBounds();
                foreach (object value in sink.Values)
                {
                    bounds.Add(UnixTime.ToMicroseconds((DateTime)value));
                }

                if (bounds.ToChunk(rowGroupIndex, index) is { } chunk)
                {
                    timestampBounds.Add(chunk);
                }
            }

            index++;
            var field = (DataField)leaf.Field;
            int[]? definitions = field.MaxDefinitionLevel > 0 ? [.. sink.Definitions] : null;
            int[]? repetitions = field.MaxRepetitionLevel > 0 ? [.. sink.Repetitions] : null;
            await PrimitiveColumnWriter.WriteBoxedAsync(rowGroup, field, leaf.Type, sink.Values, definitions, repetitions, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class LeafSink
    {
        public List<object> Values { get; } = [];

        public List<int> Definitions { get; } = [];

        public List<int> Repetitions { get; } = [];

        public void Add(object? value, int definition, int repetition)
        {
            if (value is not null)
            {
                Values.Add(value);
            }

            Definitions.Add(definition);
            Repetitions.Add(repetition);
        }
    }
}
