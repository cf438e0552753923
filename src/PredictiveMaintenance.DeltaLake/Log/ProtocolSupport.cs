namespace PredictiveMaintenance.DeltaLake;

/// <summary>
/// Which protocol versions and table features this package reads and writes (PROTOCOL.md, Table Features, Reader Version
/// Requirements, Writer Version Requirements). Anything else is refused with the feature named, never read wrongly.
/// </summary>
internal static class ProtocolSupport
{
    public const int MaxReaderVersion = 3;
    public const int MaxWriterVersion = 7;

    /// <summary>Reader features whose data this reader interprets correctly.</summary>
    public static IReadOnlySet<string> ReaderFeatures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "columnMapping", "deletionVectors", "timestampNtz", "v2Checkpoint", "vacuumProtocolCheck",
    };

    /// <summary>Writer features whose rules this writer follows (some only while the feature is not active, checked in <see cref="EnsureWritable"/>).</summary>
    public static IReadOnlySet<string> WriterFeatures { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "appendOnly", "invariants", "checkConstraints", "changeDataFeed", "generatedColumns", "timestampNtz", "vacuumProtocolCheck",
        "domainMetadata", "deletionVectors", "identityColumns", "columnMapping",
    };

    public static void EnsureReadable(DeltaProtocol protocol, DeltaMetadata metadata, string table, long version)
    {
        if (protocol.MinReaderVersion > MaxReaderVersion || protocol.MinReaderVersion < 1)
        {
            throw new DeltaProtocolException(FormattableString.Invariant(
                $"Unsupported Delta protocol reader version {protocol.MinReaderVersion} in '{table}' at version {version}: this reader implements reader versions 1 to {MaxReaderVersion}."));
        }

        if (protocol.MinReaderVersion == 3)
        {
            string[] unsupported = [.. (protocol.ReaderFeatures ?? []).Where(f => !ReaderFeatures.Contains(f))];
            if (unsupported.Length > 0)
            {
                throw new DeltaProtocolException(FormattableString.Invariant(
                    $"Unsupported Delta reader feature{(unsupported.Length > 1 ? "s" : string.Empty)} {string.Join(", ", unsupported.Select(f => $"'{f}'"))} in '{table}' at version {version}; this reader supports {string.Join(", ", ReaderFeatures.Order(StringComparer.Ordinal))}."));
            }
        }

        bool mappingAllowed = protocol.MinReaderVersion == 2 || (protocol.ReaderFeatures?.Contains("columnMapping") ?? false);
        string mode = metadata.ColumnMappingMode;
        if (mappingAllowed && mode == "id")
        {
            throw new DeltaProtocolException(FormattableString.Invariant(
                $"Unsupported Delta column mapping mode 'id' in '{table}' at version {version}: this reader matches columns by physical name (mode 'name') only."));
        }
    }

    public static void EnsureWritable(DeltaProtocol protocol, DeltaMetadata metadata, string table, long version)
    {
        EnsureReadable(protocol, metadata, table, version);
        if (protocol.MinWriterVersion > MaxWriterVersion)
        {
            throw new DeltaProtocolException(FormattableString.Invariant(
                $"Unsupported Delta protocol writer version {protocol.MinWriterVersion} in '{table}' at version {version}: this writer implements writer versions up to {MaxWriterVersion}."));
        }

        if (protocol.MinWriterVersion == 7)
        {
            string[] unsupported = [.. (protocol.WriterFeatures ?? []).Concat(protocol.ReaderFeatures ?? []).Distinct().Where(f => !WriterFeatures.Contains(f))];
            if (unsupported.Length > 0)
            {
                throw Refuse(table, version, $"writer feature{(unsupported.Length > 1 ? "s" : string.Empty)} {string.Join(", ", unsupported.Select(f => $"'{f}'"))} {(unsupported.Length > 1 ? "are" : "is")} not supported");
            }
        }

        // Features this writer accepts only while nothing on the table uses them.
        bool mapping = protocol.MinWriterVersion >= 5 && metadata.ColumnMappingMode != "none";
        if (mapping)
        {
            throw Refuse(table, version, $"column mapping (mode '{metadata.ColumnMappingMode}') is active and this writer writes logical names only");
        }

        if (metadata.Configuration.Keys.FirstOrDefault(k => k.StartsWith("delta.constraints.", StringComparison.Ordinal)) is { } constraint && protocol.MinWriterVersion >= 3)
        {
            throw Refuse(table, version, $"the CHECK constraint '{constraint}' is defined and this writer does not evaluate constraints");
        }

        foreach (DeltaStructField field in metadata.Schema.Fields)
        {
            foreach (string key in new[] { "delta.invariants", "delta.generationExpression", "delta.identity.start" })
            {
                if (field.Metadata.ContainsKey(key))
                {
                    throw Refuse(table, version, $"column '{field.Name}' has '{key}' metadata, which this writer does not enforce");
                }
            }
        }
    }

    private static DeltaProtocolException Refuse(string table, long version, string reason) =>
        new(FormattableString.Invariant($"Cannot write to '{table}' at version {version}: {reason}."));
}
