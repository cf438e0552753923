using Apache.Arrow;
using Apache.Arrow.Types;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>
/// Reassembles nested values (structs, lists, maps) from the definition and repetition levels of their leaves
/// (the record shredding of the Dremel paper, which Parquet uses), straight into Arrow arrays.
/// </summary>
/// <remarks>
/// A slot is one value of a node: a row at the top level, one element of the enclosing list below it. For each leaf under
/// the node, a slot covers the level positions <c>[start, end)</c> of that leaf. The first position of a slot carries the
/// definition level that says whether the slot's value (or an ancestor) is null or an empty list.
/// </remarks>
internal sealed class NestedAssembler(LeafData?[] leaves, string column)
{
    public IArrowArray Assemble(ParquetNode node, DeltaType type, int[][] starts, int[][] ends, int count)
    {
        switch (type)
        {
            case DeltaStructType structType:
                return AssembleStruct(node, structType, starts, ends, count);
            case DeltaArrayType arrayType:
                {
                    (ParquetNode repeated, ParquetNode element) = ResolveList(node);
                    (int[] offsets, byte[] validity, int nullCount, int[][] childStarts, int[][] childEnds, int total) = Split(node, repeated, starts, ends, count);
                    IArrowArray values = Assemble(element, arrayType.ElementType, childStarts, childEnds, total);
                    return ArrowArrayFactory.BuildArray(new ArrayData(ArrowTypeMapping.ToArrowType(arrayType), count, nullCount, 0, [ArrowArrays.Validity(validity, nullCount), Offsets(offsets)], [values.Data]));
                }

            case DeltaMapType mapType:
                {
                    ParquetNode repeated = node.Children.Count == 1 && node.Children[0].IsRepeated && node.Children[0].Children.Count == 2
                        ? node.Children[0]
                        : throw new SchemaException($"Column '{column}': map node '{node.Name}' does not have the repeated key_value group of a Parquet MAP.");
                    (int[] offsets, byte[] validity, int nullCount, int[][] childStarts, int[][] childEnds, int total) = Split(node, repeated, starts, ends, count);
                    IArrowArray keys = Assemble(repeated.Children[0], mapType.KeyType, childStarts, childEnds, total);
                    IArrowArray values = Assemble(repeated.Children[1], mapType.ValueType, childStarts, childEnds, total);
                    var mapArrowType = (MapType)ArrowTypeMapping.ToArrowType(mapType);
                    var entries = new ArrayData(mapArrowType.KeyValueType, total, 0, 0, [ArrowBuffer.Empty], [keys.Data, values.Data]);
                    return ArrowArrayFactory.BuildArray(new ArrayData(mapArrowType, count, nullCount, 0, [ArrowArrays.Validity(validity, nullCount), Offsets(offsets)], [entries]));
                }

            default:
                if (!node.IsLeaf)
                {
                    throw new SchemaException($"Column '{column}' has type {type} in the table schema but '{node.Name}' is a group in the data file.");
                }

                LeafData leaf = leaves[node.FirstLeaf]!;
                return ArrowArrays.BuildLeaf(type, leaf, starts[node.FirstLeaf][..count], count, column);
        }
    }

    private StructArray AssembleStruct(ParquetNode node, DeltaStructType type, int[][] starts, int[][] ends, int count)
    {
        if (node.IsLeaf)
        {
            throw new SchemaException($"Column '{column}' has type {type} in the table schema but '{node.Name}' is a primitive in the data file.");
        }

        var validity = new byte[(count + 7) / 8];
        int nullCount = 0;
        LeafData representative = leaves[node.FirstLeaf]!;
        for (int i = 0; i < count; i++)
        {
            int p = starts[node.FirstLeaf][i];
            if (!node.IsOptional || representative.Definitions is null || representative.Definitions[p] >= node.DefinitionLevel)
            {
                validity[i >> 3] |= (byte)(1 << (i & 7));
            }
            else
            {
                nullCount++;
            }
        }

        var children = new List<ArrayData>(type.Fields.Count);
        foreach (DeltaStructField field in type.Fields)
        {
            ParquetNode? child = node.FindChild(field.PhysicalName);
            children.Add(child is null ? ArrowArrays.Nulls(field.Type, count).Data : Assemble(child, field.Type, starts, ends, count).Data);
        }

        return new StructArray(new ArrayData(ArrowTypeMapping.ToArrowType(type), count, nullCount, 0, [ArrowArrays.Validity(validity, nullCount)], children));
    }

    /// <summary>Splits each slot of a list or map node into the slots of its elements.</summary>
    private (int[] Offsets, byte[] Validity, int NullCount, int[][] ChildStarts, int[][] ChildEnds, int Total) Split(
        ParquetNode node, ParquetNode repeated, int[][] starts, int[][] ends, int count)
    {
        var offsets = new int[count + 1];
        var validity = new byte[(count + 7) / 8];
        int nullCount = 0;
        int first = node.FirstLeaf;
        int last = first + node.LeafCount;
        var childStarts = new List<int>[leaves.Length];
        var childEnds = new List<int>[leaves.Length];
        for (int l = first; l < last; l++)
        {
            childStarts[l] = [];
            childEnds[l] = [];
        }

        LeafData representative = leaves[first]!;
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            int definition = representative.Definitions![starts[first][i]];
            if (node.IsOptional && definition < node.DefinitionLevel)
            {
                nullCount++;
            }
            else
            {
                validity[i >> 3] |= (byte)(1 << (i & 7));
                if (definition >= repeated.DefinitionLevel)
                {
                    for (int l = first; l < last; l++)
                    {
                        int[] repetitions = leaves[l]!.Repetitions!;
                        int start = starts[l][i];
                        int end = ends[l][i];
                        int elements = 0;
                        for (int p = start; p < end; p++)
                        {
                            if (p == start || repetitions[p] <= repeated.RepetitionLevel)
                            {
                                if (p != start)
                                {
                                    childEnds[l].Add(p);
                                }

                                childStarts[l].Add(p);
                                elements++;
                            }
                        }

                        childEnds[l].Add(end);
                        if (l == first)
                        {
                            total += elements;
                        }
                    }
                }
            }

            offsets[i + 1] = total;
        }

        var startArrays = new int[leaves.Length][];
        var endArrays = new int[leaves.Length][];
        for (int l = first; l < last; l++)
        {
            startArrays[l] = [.. childStarts[l]];
            endArrays[l] = [.. childEnds[l]];
        }

        return (offsets, validity, nullCount, startArrays, endArrays, total);
    }

    /// <summary>Finds the repeated node and the element node of a LIST, in the three-level or a legacy two-level layout (Parquet LogicalTypes.md, Lists).</summary>
    private (ParquetNode Repeated, ParquetNode Element) ResolveList(ParquetNode node)
    {
        if (node.Children.Count != 1 || !node.Children[0].IsRepeated)
        {
            throw new SchemaException($"Column '{column}': list node '{node.Name}' does not have the single repeated child of a Parquet LIST.");
        }

        ParquetNode repeated = node.Children[0];
        bool threeLevel = !repeated.IsLeaf && repeated.Children.Count == 1 && repeated.Name != "array" && repeated.Name != node.Name + "_tuple";
        return (repeated, threeLevel ? repeated.Children[0] : repeated);
    }

    private static ArrowBuffer Offsets(int[] offsets) => ArrayMemory<int>.Buffer(offsets);
}
