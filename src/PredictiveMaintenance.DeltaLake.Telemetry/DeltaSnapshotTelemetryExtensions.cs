using Apache.Arrow;
using Microsoft.Data.Analysis;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>Reading a snapshot as telemetry or as a <see cref="DataFrame"/>.</summary>
public static class DeltaSnapshotTelemetryExtensions
{
    /// <summary>The values as written: a table was cleaned before it was appended, so nothing but duplicates and order is checked again.</summary>
    private static readonly DataQualityOptions AsWritten = new() { NonFiniteValues = NonFiniteValuePolicy.Keep, FutureTolerance = null };

    extension(DeltaSnapshot snapshot)
    {
        /// <summary>
        /// The telemetry schema the table records (tables created from a <see cref="TelemetrySchema"/>), or null for any other
        /// table.
        /// </summary>
        /// <exception cref="SchemaException">The table property <see cref="TelemetrySchemaMetadata.Key"/> is not a telemetry schema; the message names the table and version.</exception>
        public TelemetrySchema? TelemetrySchema =>
            snapshot.Metadata.Configuration.TryGetValue(TelemetrySchemaMetadata.Key, out string? json)
                ? TelemetrySchemaMetadata.FromJson(json, SourceName(snapshot))
                : null;

        /// <summary>
        /// Reads the rows of the snapshot as telemetry, through IO's record-batch conversion
        /// (<see cref="TelemetryArrowExtensions.ToTelemetryBatch(RecordBatch, TelemetryColumnMapping, DataQualityOptions?, string)"/>):
        /// sorted by asset and time, with duplicates quarantined.
        /// </summary>
        /// <param name="options">The column mapping, channels, file filter and cleaning rules; null reads a telemetry table whole.</param>
        /// <param name="cancellationToken">Cancels the read.</param>
        /// <returns>The table, the rows quarantined and the counts. A row's line in a quarantine position is its 1-based position among the rows read.</returns>
        /// <exception cref="SchemaException">
        /// The table records no telemetry schema and <see cref="DeltaTelemetryReadOptions.Columns"/> is not set, a mapped
        /// column is missing or of a type its role cannot take, or a requested channel is not in the schema.
        /// </exception>
        /// <exception cref="DeltaProtocolException">A data file or deletion vector is missing or corrupt.</exception>
        /// <remarks>
        /// Only the asset, time and requested channel columns are read, and <see cref="DeltaTelemetryReadOptions.Filter"/> skips
        /// files by partition values and statistics. Null channel values are missing readings (NaN). Rows of several data files
        /// are gathered into one table, so the whole result is in memory.
        /// </remarks>
        public async Task<TelemetryBatch> ReadTelemetryAsync(DeltaTelemetryReadOptions? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new DeltaTelemetryReadOptions();
            string source = SourceName(snapshot);
            string[] columns = [.. snapshot.Schema.Fields.Select(f => f.Name)];
            TelemetryColumnMapping mapping = options.Columns ?? (snapshot.TelemetrySchema is { } recorded
                ? TelemetryLayout.MappingOf(recorded)
                : throw new SchemaException($"{source} records no telemetry schema (it was not created from a TelemetrySchema); set DeltaTelemetryReadOptions.Columns to say which of its columns ({string.Join(", ", columns)}) are the asset, the time and the channels."));
            ResolvedTelemetryColumns resolved = mapping.Resolve(columns, columns.Length, source);
            TelemetrySchema schema = resolved.Schema;
            int[] channels = [.. Enumerable.Range(0, schema.Channels.Count)];
            if (options.Channels is { } requested)
            {
                channels = [.. requested.Select(schema.GetIndex)];
            }

            // Read only what the mapping uses, and name every column so the mapping means the same on the narrower batch.
            string? assetColumn = resolved.AssetIndex >= 0 ? columns[resolved.AssetIndex] : null;
            string timeColumn = columns[resolved.TimeIndex];
            var byName = new TelemetryColumnMapping
            {
                AssetColumn = assetColumn is null ? (ColumnReference?)null : ColumnReference.ByName(assetColumn),
                ConstantAssetId = resolved.ConstantAssetId,
                AssetColumnName = schema.AssetColumn,
                TimeColumn = ColumnReference.ByName(timeColumn),
                TimeColumnName = schema.TimeColumn,
                TimeKind = schema.TimeKind,
                Channels = [.. channels.Select(c => new ChannelMapping(ColumnReference.ByName(columns[resolved.ChannelIndexes[c]]), schema.Channels[c].Name, schema.Channels[c].Role))],
            };
            string[] scanned = [.. assetColumn is null ? [] : new[] { assetColumn }, timeColumn, .. channels.Select(c => columns[resolved.ChannelIndexes[c]])];
            RecordBatch batch = await snapshot.ReadAsync(new DeltaScanOptions { Columns = scanned, Filter = options.Filter }, cancellationToken).ConfigureAwait(false);
            return batch.ToTelemetryBatch(byName, options.DataQuality ?? (options.Columns is null ? AsWritten : new DataQualityOptions()), source);
        }

        /// <summary>Reads the rows of the snapshot into a <see cref="DataFrame"/>.</summary>
        /// <param name="options">The columns and file filter; null reads everything.</param>
        /// <param name="cancellationToken">Cancels the read.</param>
        /// <remarks>Timestamps become <see cref="DateTime"/> columns (UTC), dates <see cref="DateTime"/> at midnight; nested columns are not supported by <see cref="DataFrame"/> and must be left out with <see cref="DeltaScanOptions.Columns"/>.</remarks>
        public async Task<DataFrame> ReadDataFrameAsync(DeltaScanOptions? options = null, CancellationToken cancellationToken = default) =>
            DataFrameConversion.ToDataFrame(await snapshot.ReadAsync(options, cancellationToken).ConfigureAwait(false));
    }

    private static string SourceName(DeltaSnapshot snapshot) => FormattableString.Invariant($"Delta table '{snapshot.TableRoot}' at version {snapshot.Version}");
}
