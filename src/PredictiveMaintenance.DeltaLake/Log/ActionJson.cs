using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>Reads and writes the newline-delimited JSON actions of commit files (PROTOCOL.md, Actions).</summary>
internal static class ActionJson
{
    /// <summary>Parses every action of a commit or JSON checkpoint; unknown actions and fields are ignored (PROTOCOL.md, Protocol Evolution).</summary>
    public static List<LogAction> ParseFile(byte[] content, string path, long version)
    {
        var actions = new List<LogAction>();
        ReadOnlySpan<byte> rest = content;
        int line = 0;
        while (!rest.IsEmpty)
        {
            line++;
            int end = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> text = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (text.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(text.ToArray());
                if (ParseAction(document.RootElement) is { } action)
                {
                    actions.Add(action);
                }
            }
            catch (JsonException e)
            {
                throw new DeltaProtocolException(path, version, FormattableString.Invariant($"line {line} is not a valid JSON action ({e.Message}); the file is corrupt or truncated."), e);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or SchemaException or ArgumentException)
            {
                throw new DeltaProtocolException(path, version, FormattableString.Invariant($"line {line} is not a valid Delta action: {e.Message}"), e);
            }
        }

        return actions;
    }

    private static LogAction? ParseAction(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"expected a JSON object, found {root.ValueKind}");
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            JsonElement v = property.Value;
            if (v.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            switch (property.Name)
            {
                case "add":
                    return new LogAction { Add = ParseAdd(v) };
                case "remove":
                    return new LogAction { Remove = ParseRemove(v) };
                case "metaData":
                    return new LogAction { Metadata = ParseMetadata(v) };
                case "protocol":
                    return new LogAction { Protocol = ParseProtocol(v) };
                case "txn":
                    return new LogAction { Transaction = new DeltaTransaction(RequiredString(v, "appId", "txn"), RequiredLong(v, "version", "txn"), OptionalLong(v, "lastUpdated")) };
                case "domainMetadata":
                    return new LogAction
                    {
                        Domain = new DeltaDomainMetadata(RequiredString(v, "domain", "domainMetadata"), OptionalString(v, "configuration") ?? string.Empty, OptionalBool(v, "removed") ?? false),
                    };
                case "commitInfo":
                    return new LogAction { CommitInfoJson = v.GetRawText() };
                case "cdc" or "checkpointMetadata":
                    // Change data files are not table state (PROTOCOL.md, Add CDC File); checkpoint metadata only tags a V2 checkpoint.
                    return null;
                case "sidecar":
                    return new LogAction { SidecarPath = RequiredString(v, "path", "sidecar") };
                default:
                    continue;
            }
        }

        return null;
    }

    public static DeltaAddFile ParseAdd(JsonElement v) => new(
        RequiredString(v, "path", "add"),
        StringMap(v, "partitionValues") ?? EmptyMap,
        RequiredLong(v, "size", "add"),
        OptionalLong(v, "modificationTime") ?? 0,
        OptionalBool(v, "dataChange") ?? true,
        OptionalString(v, "stats"),
        StringMap(v, "tags"),
        v.TryGetProperty("deletionVector", out JsonElement dv) && dv.ValueKind == JsonValueKind.Object ? ParseDeletionVector(dv) : null,
        OptionalLong(v, "baseRowId"),
        OptionalLong(v, "defaultRowCommitVersion"));

    public static DeltaRemoveFile ParseRemove(JsonElement v) => new(
        RequiredString(v, "path", "remove"),
        OptionalLong(v, "deletionTimestamp"),
        OptionalBool(v, "dataChange") ?? true,
        OptionalBool(v, "extendedFileMetadata"),
        StringMap(v, "partitionValues"),
        OptionalLong(v, "size"),
        v.TryGetProperty("deletionVector", out JsonElement dv) && dv.ValueKind == JsonValueKind.Object ? ParseDeletionVector(dv) : null);

    public static DeltaProtocol ParseProtocol(JsonElement v) => new(
        (int)RequiredLong(v, "minReaderVersion", "protocol"),
        (int)RequiredLong(v, "minWriterVersion", "protocol"),
        StringList(v, "readerFeatures"),
        StringList(v, "writerFeatures"));

    public static DeltaMetadata ParseMetadata(JsonElement v)
    {
        string provider = "parquet";
        IReadOnlyDictionary<string, string> options = new Dictionary<string, string>();
        if (v.TryGetProperty("format", out JsonElement format) && format.ValueKind == JsonValueKind.Object)
        {
            provider = OptionalString(format, "provider") ?? provider;
            options = NonNullMap(StringMap(format, "options"));
        }

        return new DeltaMetadata(
            RequiredString(v, "id", "metaData"),
            OptionalString(v, "name"),
            OptionalString(v, "description"),
            provider,
            options,
            RequiredString(v, "schemaString", "metaData"),
            StringList(v, "partitionColumns") ?? [],
            NonNullMap(StringMap(v, "configuration")),
            OptionalLong(v, "createdTime"));
    }

    private static DeletionVectorDescriptor ParseDeletionVector(JsonElement v) => new(
        RequiredString(v, "storageType", "deletionVector"),
        RequiredString(v, "pathOrInlineDv", "deletionVector"),
        OptionalLong(v, "offset") is { } offset ? checked((int)offset) : null,
        checked((int)RequiredLong(v, "sizeInBytes", "deletionVector")),
        RequiredLong(v, "cardinality", "deletionVector"));

    private static readonly IReadOnlyDictionary<string, string?> EmptyMap = new Dictionary<string, string?>();

    private static string RequiredString(JsonElement v, string name, string action) =>
        v.TryGetProperty(name, out JsonElement p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()!
            : throw new InvalidOperationException($"the {action} action has no string field '{name}'");

    private static long RequiredLong(JsonElement v, string name, string action) =>
        OptionalLong(v, name) ?? throw new InvalidOperationException($"the {action} action has no integer field '{name}'");

    private static string? OptionalString(JsonElement v, string name) =>
        v.TryGetProperty(name, out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static long? OptionalLong(JsonElement v, string name)
    {
        if (!v.TryGetProperty(name, out JsonElement p))
        {
            return null;
        }

        return p.ValueKind switch
        {
            JsonValueKind.Number => p.GetInt64(),
            JsonValueKind.String => long.Parse(p.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture),
            JsonValueKind.Null => null,
            _ => throw new InvalidOperationException($"field '{name}' is {p.ValueKind}, expected an integer"),
        };
    }

    private static bool? OptionalBool(JsonElement v, string name) =>
        v.TryGetProperty(name, out JsonElement p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False ? p.GetBoolean() : null;

    private static Dictionary<string, string?>? StringMap(JsonElement v, string name)
    {
        if (!v.TryGetProperty(name, out JsonElement p) || p.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (JsonProperty entry in p.EnumerateObject())
        {
            map[entry.Name] = entry.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => entry.Value.GetString(),
                _ => entry.Value.GetRawText(),
            };
        }

        return map;
    }

    private static Dictionary<string, string> NonNullMap(Dictionary<string, string?>? map) =>
        map is null ? new Dictionary<string, string>(StringComparer.Ordinal) : map.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);

    private static List<string>? StringList(JsonElement v, string name)
    {
        if (!v.TryGetProperty(name, out JsonElement p) || p.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return [.. p.EnumerateArray().Select(e => e.GetString() ?? throw new InvalidOperationException($"field '{name}' holds a null"))];
    }

    /// <summary>Serializes actions as newline-delimited JSON, in the given order.</summary>
    public static byte[] Format(IEnumerable<LogAction> actions)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (LogAction action in actions)
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteAction(writer, action);
            }

            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteAction(Utf8JsonWriter w, LogAction action)
    {
        w.WriteStartObject();
        if (action.CommitInfoJson is { } commitInfo)
        {
            w.WritePropertyName("commitInfo");
            w.WriteRawValue(commitInfo);
        }
        else if (action.Protocol is { } protocol)
        {
            w.WriteStartObject("protocol");
            w.WriteNumber("minReaderVersion", protocol.MinReaderVersion);
            w.WriteNumber("minWriterVersion", protocol.MinWriterVersion);
            WriteList(w, "readerFeatures", protocol.ReaderFeatures);
            WriteList(w, "writerFeatures", protocol.WriterFeatures);
            w.WriteEndObject();
        }
        else if (action.Metadata is { } metadata)
        {
            w.WriteStartObject("metaData");
            w.WriteString("id", metadata.Id);
            WriteOptional(w, "name", metadata.Name);
            WriteOptional(w, "description", metadata.Description);
            w.WriteStartObject("format");
            w.WriteString("provider", metadata.Provider);
            WriteMap(w, "options", metadata.FormatOptions.ToDictionary(p => p.Key, p => (string?)p.Value));
            w.WriteEndObject();
            w.WriteString("schemaString", metadata.SchemaString);
            WriteList(w, "partitionColumns", metadata.PartitionColumns);
            WriteMap(w, "configuration", metadata.Configuration.ToDictionary(p => p.Key, p => (string?)p.Value));
            if (metadata.CreatedTime is { } created)
            {
                w.WriteNumber("createdTime", created);
            }

            w.WriteEndObject();
        }
        else if (action.Transaction is { } txn)
        {
            w.WriteStartObject("txn");
            w.WriteString("appId", txn.AppId);
            w.WriteNumber("version", txn.Version);
            if (txn.LastUpdated is { } lastUpdated)
            {
                w.WriteNumber("lastUpdated", lastUpdated);
            }

            w.WriteEndObject();
        }
        else if (action.Add is { } add)
        {
            w.WriteStartObject("add");
            w.WriteString("path", add.Path);
            WriteMap(w, "partitionValues", add.PartitionValues);
            w.WriteNumber("size", add.Size);
            w.WriteNumber("modificationTime", add.ModificationTime);
            w.WriteBoolean("dataChange", add.DataChange);
            WriteOptional(w, "stats", add.Stats);
            if (add.Tags is not null)
            {
                WriteMap(w, "tags", add.Tags);
            }

            w.WriteEndObject();
        }
        else if (action.Remove is { } remove)
        {
            w.WriteStartObject("remove");
            w.WriteString("path", remove.Path);
            if (remove.DeletionTimestamp is { } deleted)
            {
                w.WriteNumber("deletionTimestamp", deleted);
            }

            w.WriteBoolean("dataChange", remove.DataChange);
            if (remove.ExtendedFileMetadata is { } extended)
            {
                w.WriteBoolean("extendedFileMetadata", extended);
            }

            if (remove.PartitionValues is not null)
            {
                WriteMap(w, "partitionValues", remove.PartitionValues);
            }

            if (remove.Size is { } size)
            {
                w.WriteNumber("size", size);
            }

            w.WriteEndObject();
        }
        else if (action.Domain is { } domain)
        {
            w.WriteStartObject("domainMetadata");
            w.WriteString("domain", domain.Domain);
            w.WriteString("configuration", domain.Configuration);
            w.WriteBoolean("removed", domain.Removed);
            w.WriteEndObject();
        }
        else
        {
            throw new InvalidOperationException("This action kind is never written by this package.");
        }

        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteList(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string?> map)
    {
        w.WriteStartObject(name);
        foreach (KeyValuePair<string, string?> entry in map)
        {
            if (entry.Value is null)
            {
                w.WriteNull(entry.Key);
            }
            else
            {
                w.WriteString(entry.Key, entry.Value);
            }
        }

        w.WriteEndObject();
    }

    /// <summary>Formats a JSON object from a writer callback, for commitInfo actions.</summary>
    public static string FormatObject(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
