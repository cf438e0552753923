using System.Runtime.CompilerServices;
using Apache.Arrow;
using Parquet;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>One row group of a data file as Arrow columns, in the order of the requested fields.</summary>
internal readonly record struct ColumnChunk(IArrowArray[] Columns, int Length);

/// <summary>Reads Parquet data files into Arrow arrays of given Delta types, matching columns by physical name.</summary>
internal static class ParquetArrowReader
{
    /// <summary>Reads the requested fields of every row group, leaving out deleted rows.</summary>
    /// <param name="stream">The file, open for reading.</param>
    /// <param name="path">The file's path for messages.</param>
    /// <param name="fields">The fields to read (physical names select the file columns; missing columns read as null).</param>
    /// <param name="deletedRows">Row indexes (0-based, in the file) to leave out, or null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async IAsyncEnumerable<ColumnChunk> ReadAsync(
        Stream stream,
        string path,
        IReadOnlyList<DeltaStructField> fields,
        IReadOnlySet<long>? deletedRows,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or NotSupportedException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new DeltaProtocolException(path, null, $"is not a readable Parquet file: {e.Message}", e);
        }

        await using (reader.ConfigureAwait(false))
        {
            ParquetNode root = ParquetNode.Build(reader.Metadata!.Schema, reader.Schema.GetDataFields());
            long firstRow = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                ParquetRowGroupReader rowGroup = reader.OpenRowGroupReader(g);
                int rows = checked((int)rowGroup.RowCount);
                int[]? kept = Kept(deletedRows, firstRow, rows);
                int length = kept?.Length ?? rows;
                var columns = new IArrowArray[fields.Count];
                for (int f = 0; f < fields.Count; f++)
                {
                    DeltaStructField field = fields[f];
                    ParquetNode? node = root.FindChild(field.PhysicalName);
                    columns[f] = node is null
                        ? ArrowArrays.Nulls(field.Type, length)
                        : await ReadColumnAsync(rowGroup, node, field, rows, kept, path, cancellationToken).ConfigureAwait(false);
                }

                firstRow += rows;
                yield return new ColumnChunk(columns, length);
            }
        }
    }

    private static async Task<IArrowArray> ReadColumnAsync(ParquetRowGroupReader rowGroup, ParquetNode node, DeltaStructField field, int rows, int[]? kept, string path, CancellationToken cancellationToken)
    {
        var leaves = new LeafData?[node.FirstLeaf + node.LeafCount];
        for (int l = node.FirstLeaf; l < node.FirstLeaf + node.LeafCount; l++)
        {
            ParquetNode leafNode = FindLeaf(node, l);
            try
            {
                leaves[l] = await LeafData.ReadAsync(rowGroup, leafNode, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or NotSupportedException or ArgumentException or IndexOutOfRangeException or OverflowException)
            {
                throw new DeltaProtocolException(path, null, $"column '{field.Name}' cannot be decoded: {e.Message}", e);
            }
        }

        if (node.IsLeaf && node.RepetitionLevel == 0)
        {
            return ArrowArrays.BuildLeaf(field.Type, leaves[node.FirstLeaf]!, kept, kept?.Length ?? rows, field.Name);
        }

        var starts = new int[leaves.Length][];
        var ends = new int[leaves.Length][];
        for (int l = node.FirstLeaf; l < leaves.Length; l++)
        {
            (starts[l], ends[l]) = Records(leaves[l]!, rows, path, field.Name);
            if (kept is not null)
            {
                starts[l] = [.. kept.Select(r => starts[l][r])];
                ends[l] = [.. kept.Select(r => ends[l][r])];
            }
        }

        return new NestedAssembler(leaves, field.Name).Assemble(node, field.Type, starts, ends, kept?.Length ?? rows);
    }

    /// <summary>The level positions of each row: a row starts wherever the repetition level is 0.</summary>
    private static (int[] Starts, int[] Ends) Records(LeafData leaf, int rows, string path, string column)
    {
        var starts = new int[rows];
        var ends = new int[rows];
        int row = -1;
        for (int p = 0; p < leaf.LevelCount; p++)
        {
            if (leaf.Repetitions is null || leaf.Repetitions[p] == 0)
            {
                if (++row >= rows)
                {
                    break;
                }

                starts[row] = p;
                if (row > 0)
                {
                    ends[row - 1] = p;
                }
            }
        }

        if (row + 1 != rows)
        {
            throw new DeltaProtocolException(path, null, FormattableString.Invariant($"column '{column}' holds {row + 1} rows where its row group has {rows}."));
        }

        if (rows > 0)
        {
            ends[rows - 1] = leaf.LevelCount;
        }

        return (starts, ends);
    }

    private static ParquetNode FindLeaf(ParquetNode node, int leaf)
    {
        while (!node.IsLeaf)
        {
            node = node.Children.First(c => leaf >= c.FirstLeaf && leaf < c.FirstLeaf + c.LeafCount);
        }

        return node;
    }

    private static int[]? Kept(IReadOnlySet<long>? deletedRows, long firstRow, int rows)
    {
        if (deletedRows is null || deletedRows.Count == 0)
        {
            return null;
        }

        var kept = new List<int>(rows);
        for (int r = 0; r < rows; r++)
        {
            if (!deletedRows.Contains(firstRow + r))
            {
                kept.Add(r);
            }
        }

        return kept.Count == rows ? null : [.. kept];
    }
}
