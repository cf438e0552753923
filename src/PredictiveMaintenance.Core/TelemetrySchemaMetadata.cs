using System.Buffers;
using System.Text.Json;

namespace PredictiveMaintenance;

/// <summary>
/// The <see cref="TelemetrySchema"/> as JSON, as the Parquet and Arrow writers of this package store it in a file's
/// key-value metadata, so a reader knows the time kind and the channel roles without being told.
/// </summary>
/// <remarks>
/// The value under <see cref="Key"/> is a JSON object:
/// <c>{"version":1,"assetColumn":"machine","timeColumn":"time","timeKind":"UtcTimestamp","channels":[{"name":"volt","role":"Sensor"}]}</c>.
/// Readers refuse versions they do not know.
/// </remarks>
public static class TelemetrySchemaMetadata
{
    /// <summary>The metadata key: <c>predictive-maintenance.telemetry-schema</c>.</summary>
    public const string Key = "predictive-maintenance.telemetry-schema";

    /// <summary>The version of the JSON layout this library writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Writes a schema as the JSON stored under <see cref="Key"/>.</summary>
    /// <param name="schema">The schema.</param>
    public static string ToJson(TelemetrySchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            json.WriteString("assetColumn", schema.AssetColumn);
            json.WriteString("timeColumn", schema.TimeColumn);
            json.WriteString("timeKind", schema.TimeKind.ToString());
            json.WriteStartArray("channels");
            foreach (ChannelDefinition channel in schema.Channels)
            {
                json.WriteStartObject();
                json.WriteString("name", channel.Name);
                json.WriteString("role", channel.Role.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a schema from the JSON stored under <see cref="Key"/>.</summary>
    /// <param name="json">The metadata value.</param>
    /// <param name="source">The file or stream the metadata came from, for messages.</param>
    /// <exception cref="SchemaException">The JSON is malformed, of another version, or not a valid schema; the message names the source.</exception>
    public static TelemetrySchema FromJson(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            using var document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            int version = Property(root, "version", JsonValueKind.Number).GetInt32();
            if (version != Version)
            {
                throw Invalid(source, FormattableString.Invariant($"it has version {version}, and this library reads version {Version}"));
            }

            var channels = new List<ChannelDefinition>();
            foreach (JsonElement channel in Property(root, "channels", JsonValueKind.Array).EnumerateArray())
            {
                channels.Add(new ChannelDefinition(
                    Property(channel, "name", JsonValueKind.String).GetString()!,
                    ParseEnum<ChannelRole>(Property(channel, "role", JsonValueKind.String).GetString()!, "role", source)));
            }

            string assetColumn = Property(root, "assetColumn", JsonValueKind.String).GetString()!;
            string timeColumn = Property(root, "timeColumn", JsonValueKind.String).GetString()!;
            TimeKind timeKind = ParseEnum<TimeKind>(Property(root, "timeKind", JsonValueKind.String).GetString()!, "timeKind", source);
            try
            {
                return new TelemetrySchema(assetColumn, timeColumn, timeKind, channels);
            }
            catch (SchemaException e)
            {
                throw Invalid(source, e.Message.TrimEnd('.'), e);
            }
        }
        catch (JsonException e)
        {
            throw Invalid(source, $"it is not valid JSON ({e.Message.TrimEnd('.')})", e);
        }
        catch (FormatException e)
        {
            throw Invalid(source, e.Message, e);
        }
    }

    private static JsonElement Property(JsonElement element, string name, JsonValueKind kind)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out JsonElement value))
        {
            throw new FormatException($"property '{name}' is missing");
        }

        return value.ValueKind == kind ? value : throw new FormatException($"property '{name}' is {value.ValueKind}, expected {kind}");
    }

    private static T ParseEnum<T>(string text, string property, string source)
        where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: false, out T value) && Enum.IsDefined(value) && !char.IsAsciiDigit(text[0]) && text[0] != '-'
            ? value
            : throw Invalid(source, $"property '{property}' is '{text}', expected one of {string.Join(", ", Enum.GetNames<T>())}");

    private static SchemaException Invalid(string source, string problem, Exception? inner = null) =>
        new($"{source}: the '{Key}' metadata is not a telemetry schema: {problem}.", inner);
}
