using Parquet.Meta;
using ParquetDataField = Parquet.Schema.DataField;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>
/// A node of a Parquet file's schema tree with its definition and repetition levels, built from the file's schema elements
/// so that list and map encodings (two- and three-level) can be told apart as the Parquet format's LogicalTypes.md describes.
/// </summary>
internal sealed class ParquetNode
{
    private ParquetNode(SchemaElement element, int definitionLevel, int repetitionLevel)
    {
        Element = element;
        DefinitionLevel = definitionLevel;
        RepetitionLevel = repetitionLevel;
    }

    public SchemaElement Element { get; }

    public string Name => Element.Name;

    /// <summary>The definition level at which this node is present (counts optional and repeated ancestors and itself).</summary>
    public int DefinitionLevel { get; }

    /// <summary>The number of repeated nodes from the root to this node, itself included.</summary>
    public int RepetitionLevel { get; }

    public bool IsOptional => Element.RepetitionType == FieldRepetitionType.OPTIONAL;

    public bool IsRepeated => Element.RepetitionType == FieldRepetitionType.REPEATED;

    public List<ParquetNode> Children { get; } = [];

    /// <summary>The Parquet.Net data field of a leaf; null for groups.</summary>
    public ParquetDataField? DataField { get; private set; }

    /// <summary>The index of the first leaf under this node, in depth-first order.</summary>
    public int FirstLeaf { get; private set; }

    public int LeafCount { get; private set; }

    public bool IsLeaf => DataField is not null;

    public ParquetNode? FindChild(string name)
    {
        foreach (ParquetNode child in Children)
        {
            if (child.Name == name)
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>Builds the tree of a file's schema; the root's children are the top-level columns.</summary>
    public static ParquetNode Build(IReadOnlyList<SchemaElement> elements, IReadOnlyList<ParquetDataField> dataFields)
    {
        int position = 0;
        int leaf = 0;
        ParquetNode root = Read(elements, ref position, dataFields, ref leaf, 0, 0, isRoot: true);
        return leaf == dataFields.Count
            ? root
            : throw new InvalidOperationException($"The Parquet schema has {leaf} leaf columns but the reader lists {dataFields.Count}.");
    }

    private static ParquetNode Read(IReadOnlyList<SchemaElement> elements, ref int position, IReadOnlyList<ParquetDataField> dataFields, ref int leaf, int definition, int repetition, bool isRoot)
    {
        SchemaElement element = elements[position++];
        if (!isRoot)
        {
            if (element.RepetitionType is FieldRepetitionType.OPTIONAL or FieldRepetitionType.REPEATED)
            {
                definition++;
            }

            if (element.RepetitionType == FieldRepetitionType.REPEATED)
            {
                repetition++;
            }
        }

        var node = new ParquetNode(element, definition, repetition) { FirstLeaf = leaf };
        int children = element.NumChildren ?? 0;
        if (children == 0 && !isRoot)
        {
            node.DataField = dataFields[leaf++];
        }

        for (int i = 0; i < children; i++)
        {
            node.Children.Add(Read(elements, ref position, dataFields, ref leaf, definition, repetition, isRoot: false));
        }

        node.LeafCount = leaf - node.FirstLeaf;
        return node;
    }
}
