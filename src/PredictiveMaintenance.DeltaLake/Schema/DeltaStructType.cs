using System.Collections.ObjectModel;
using System.Text.Json;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>A struct of named fields; a table's schema is the struct of its columns.</summary>
public sealed class DeltaStructType : DeltaType
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a struct type.</summary>
    /// <param name="fields">The fields, in order; names unique (case-sensitive).</param>
    /// <exception cref="SchemaException">Two fields have the same name.</exception>
    public DeltaStructType(IEnumerable<DeltaStructField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        DeltaStructField[] copy = [.. fields];
        _index = new Dictionary<string, int>(copy.Length, StringComparer.Ordinal);
        for (int i = 0; i < copy.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(copy[i], nameof(fields));
            if (!_index.TryAdd(copy[i].Name, i))
            {
                throw new SchemaException($"Field '{copy[i].Name}' appears more than once in the struct.");
            }
        }

        Fields = new ReadOnlyCollection<DeltaStructField>(copy);
    }

    /// <summary>Creates a struct type.</summary>
    /// <param name="fields">The fields, in order.</param>
    public DeltaStructType(params DeltaStructField[] fields)
        : this((IEnumerable<DeltaStructField>)fields)
    {
    }

    /// <summary>The fields, in order.</summary>
    public IReadOnlyList<DeltaStructField> Fields { get; }

    /// <summary>Returns the field named <paramref name="name"/> (ordinal comparison), or null.</summary>
    /// <param name="name">The field name.</param>
    public DeltaStructField? FindField(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _index.TryGetValue(name, out int i) ? Fields[i] : null;
    }

    /// <summary>Returns the position of the field named <paramref name="name"/>, or -1.</summary>
    /// <param name="name">The field name.</param>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _index.TryGetValue(name, out int i) ? i : -1;
    }

    /// <summary>Parses a Delta schema string (the <c>schemaString</c> of a table's metadata).</summary>
    /// <param name="json">The JSON text of a struct type.</param>
    /// <exception cref="SchemaException">The text is not a valid Delta struct type.</exception>
    public static DeltaStructType Parse(string json) => DeltaSchemaJson.ParseSchema(json);

    /// <summary>Serializes the struct as a Delta schema string.</summary>
    public string ToJson() => DeltaSchemaJson.FormatType(this);

    /// <summary>Returns the Arrow schema that snapshots of this schema read into (timestamps as microseconds in UTC, decimals as decimal128).</summary>
    public Apache.Arrow.Schema ToArrowSchema() => ArrowTypeMapping.ToArrowSchema(this);

    /// <summary>Returns the Delta schema of Arrow data, to create a table for it.</summary>
    /// <param name="schema">The Arrow schema.</param>
    /// <exception cref="SchemaException">A column's Arrow type has no Delta equivalent; the message names the column.</exception>
    public static DeltaStructType FromArrowSchema(Apache.Arrow.Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return ArrowTypeMapping.FromArrowSchema(schema);
    }
}

/// <summary>A named field of a <see cref="DeltaStructType"/>.</summary>
public sealed class DeltaStructField : IEquatable<DeltaStructField>
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoMetadata = new ReadOnlyDictionary<string, JsonElement>(new Dictionary<string, JsonElement>());

    /// <summary>Creates a field.</summary>
    /// <param name="name">The field (column) name; not empty.</param>
    /// <param name="type">The type.</param>
    /// <param name="nullable">Whether values may be null; default true.</param>
    /// <param name="metadata">Field metadata such as <c>delta.columnMapping.physicalName</c>; default none.</param>
    public DeltaStructField(string name, DeltaType type, bool nullable = true, IReadOnlyDictionary<string, JsonElement>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(type);
        Name = name;
        Type = type;
        Nullable = nullable;
        Metadata = metadata is null || metadata.Count == 0
            ? NoMetadata
            : new ReadOnlyDictionary<string, JsonElement>(metadata.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal));
    }

    /// <summary>The field name (the logical column name).</summary>
    public string Name { get; }

    /// <summary>The type.</summary>
    public DeltaType Type { get; }

    /// <summary>Whether values may be null.</summary>
    public bool Nullable { get; }

    /// <summary>The field metadata, as JSON values.</summary>
    public IReadOnlyDictionary<string, JsonElement> Metadata { get; }

    /// <summary>
    /// The name of the column in data files: <c>delta.columnMapping.physicalName</c> when the table uses column mapping,
    /// otherwise <see cref="Name"/> (PROTOCOL.md, Column Mapping).
    /// </summary>
    public string PhysicalName =>
        Metadata.TryGetValue(DeltaSchemaJson.PhysicalNameKey, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : Name;

    /// <summary>Returns the field with another type, keeping its name, nullability and metadata.</summary>
    /// <param name="type">The new type.</param>
    public DeltaStructField WithType(DeltaType type) => new(Name, type, Nullable, Metadata);

    /// <inheritdoc/>
    public bool Equals(DeltaStructField? other) =>
        other is not null && DeltaSchemaJson.FormatType(new DeltaStructType(this)) == DeltaSchemaJson.FormatType(new DeltaStructType(other));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DeltaStructField);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Type, Nullable);

    /// <summary>Describes the field as <c>name: type</c>, with <c>not null</c> when it is not nullable.</summary>
    public override string ToString() => Nullable ? $"{Name}: {Type}" : $"{Name}: {Type} not null";
}
