using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>Reads and writes Delta schema strings (PROTOCOL.md, Schema Serialization Format).</summary>
internal static partial class DeltaSchemaJson
{
    internal const string PhysicalNameKey = "delta.columnMapping.physicalName";
    internal const string ColumnMappingIdKey = "delta.columnMapping.id";

    internal static DeltaStructType ParseSchema(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return ParseType(document.RootElement) as DeltaStructType
                ?? throw new SchemaException($"A Delta schema must be a struct type; found '{Truncate(json)}'.");
        }
        catch (JsonException e)
        {
            throw new SchemaException($"The Delta schema string is not valid JSON ({e.Message}): '{Truncate(json)}'.", e);
        }
    }

    internal static DeltaType ParseType(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            string name = element.GetString()!;
            if (DeltaPrimitiveType.FromName(name) is { } primitive)
            {
                return primitive;
            }

            Match match = DecimalPattern().Match(name);
            if (match.Success)
            {
                return new DeltaDecimalType(
                    int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
                    int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture));
            }

            if (name == "decimal")
            {
                return new DeltaDecimalType(10, 0);
            }

            throw new SchemaException($"Unsupported Delta data type '{name}'; supported are the primitive types of PROTOCOL.md, decimal(p,s), array, map and struct.");
        }

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type", out JsonElement kind) || kind.ValueKind != JsonValueKind.String)
        {
            throw new SchemaException($"A Delta type must be a type name or an object with a 'type'; found {element.ValueKind}.");
        }

        switch (kind.GetString())
        {
            case "struct":
                var fields = new List<DeltaStructField>();
                foreach (JsonElement field in Required(element, "fields", "struct").EnumerateArray())
                {
                    string name = Required(field, "name", "struct field").GetString()
                        ?? throw new SchemaException("A struct field has a null name.");
                    DeltaType type = ParseType(Required(field, "type", $"field '{name}'"));
                    bool nullable = !field.TryGetProperty("nullable", out JsonElement n) || n.ValueKind != JsonValueKind.False;
                    Dictionary<string, JsonElement>? metadata = null;
                    if (field.TryGetProperty("metadata", out JsonElement m) && m.ValueKind == JsonValueKind.Object)
                    {
                        metadata = m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
                    }

                    fields.Add(new DeltaStructField(name, type, nullable, metadata));
                }

                return new DeltaStructType(fields);
            case "array":
                return new DeltaArrayType(
                    ParseType(Required(element, "elementType", "array")),
                    !element.TryGetProperty("containsNull", out JsonElement cn) || cn.ValueKind != JsonValueKind.False);
            case "map":
                return new DeltaMapType(
                    ParseType(Required(element, "keyType", "map")),
                    ParseType(Required(element, "valueType", "map")),
                    !element.TryGetProperty("valueContainsNull", out JsonElement vn) || vn.ValueKind != JsonValueKind.False);
            default:
                throw new SchemaException($"Unsupported Delta data type '{kind.GetString()}'.");
        }
    }

    internal static string FormatType(DeltaType type)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteType(writer, type);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static void WriteType(Utf8JsonWriter writer, DeltaType type)
    {
        switch (type)
        {
            case DeltaPrimitiveType primitive:
                writer.WriteStringValue(primitive.Name);
                break;
            case DeltaDecimalType decimalType:
                writer.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"decimal({decimalType.Precision},{decimalType.Scale})"));
                break;
            case DeltaArrayType array:
                writer.WriteStartObject();
                writer.WriteString("type", "array");
                writer.WritePropertyName("elementType");
                WriteType(writer, array.ElementType);
                writer.WriteBoolean("containsNull", array.ContainsNull);
                writer.WriteEndObject();
                break;
            case DeltaMapType map:
                writer.WriteStartObject();
                writer.WriteString("type", "map");
                writer.WritePropertyName("keyType");
                WriteType(writer, map.KeyType);
                writer.WritePropertyName("valueType");
                WriteType(writer, map.ValueType);
                writer.WriteBoolean("valueContainsNull", map.ValueContainsNull);
                writer.WriteEndObject();
                break;
            case DeltaStructType structType:
                writer.WriteStartObject();
                writer.WriteString("type", "struct");
                writer.WriteStartArray("fields");
                foreach (DeltaStructField field in structType.Fields)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", field.Name);
                    writer.WritePropertyName("type");
                    WriteType(writer, field.Type);
                    writer.WriteBoolean("nullable", field.Nullable);
                    writer.WriteStartObject("metadata");
                    foreach (KeyValuePair<string, JsonElement> entry in field.Metadata)
                    {
                        writer.WritePropertyName(entry.Key);
                        entry.Value.WriteTo(writer);
                    }

                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown Delta type.");
        }
    }

    internal static string Describe(DeltaType type) => type switch
    {
        DeltaPrimitiveType primitive => primitive.Name,
        DeltaDecimalType d => string.Create(CultureInfo.InvariantCulture, $"decimal({d.Precision},{d.Scale})"),
        DeltaArrayType array => $"array<{Describe(array.ElementType)}>",
        DeltaMapType map => $"map<{Describe(map.KeyType)},{Describe(map.ValueType)}>",
        DeltaStructType s => $"struct<{string.Join(",", s.Fields.Select(f => $"{f.Name}:{Describe(f.Type)}"))}>",
        _ => type.GetType().Name,
    };

    private static JsonElement Required(JsonElement element, string property, string what) =>
        element.TryGetProperty(property, out JsonElement value)
            ? value
            : throw new SchemaException($"The Delta {what} type has no '{property}'.");

    private static string Truncate(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "...");

    [GeneratedRegex(@"^decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)$")]
    private static partial Regex DecimalPattern();
}
