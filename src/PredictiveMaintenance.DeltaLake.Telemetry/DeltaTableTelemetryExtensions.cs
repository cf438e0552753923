using Apache.Arrow;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>Telemetry tables: create one for a <see cref="TelemetrySchema"/>, and append or overwrite <see cref="TelemetryTable"/>s.</summary>
public static class DeltaTableTelemetryExtensions
{
    extension(DeltaTable table)
    {
        /// <summary>Creates a table for telemetry of <paramref name="schema"/>, recording the schema so that it reads back without a mapping.</summary>
        /// <param name="path">The table's location: a local directory, created if missing, or an object-store URI (see <see cref="DeltaTable.ExistsAsync"/>).</param>
        /// <param name="schema">The telemetry schema.</param>
        /// <param name="createOptions">Partitioning, properties, name and description; null for none.</param>
        /// <param name="options">Write options of the returned table; null for the defaults.</param>
        /// <param name="cancellationToken">Cancels the creation.</param>
        /// <returns>The new table, at version 0.</returns>
        /// <exception cref="DeltaProtocolException">A table already exists at the path, or a property needs a table feature this writer does not implement.</exception>
        /// <exception cref="SchemaException">The day column's name is a telemetry column, or a <see cref="TimeKind.Cycle"/> table is to be partitioned by day.</exception>
        /// <remarks>
        /// Columns: the asset as a non-nullable <c>string</c>; the time as a non-nullable <c>timestamp</c>
        /// (<see cref="TimeKind.UtcTimestamp"/>) or <c>long</c> (<see cref="TimeKind.Cycle"/>); each channel as a nullable
        /// <c>double</c>, a missing reading (NaN) being stored as null; with <see cref="DeltaTelemetryCreateOptions.PartitionByDay"/>,
        /// a non-nullable <c>date</c> partition column. The schema, with its time kind and channel roles, is stored as the JSON of
        /// <see cref="TelemetrySchemaMetadata"/> under the table property <see cref="TelemetrySchemaMetadata.Key"/>, which
        /// other engines keep and ignore.
        /// </remarks>
        public static Task<DeltaTable> CreateAsync(
            string path, TelemetrySchema schema, DeltaTelemetryCreateOptions? createOptions = null, DeltaTableOptions? options = null, CancellationToken cancellationToken = default)
        {
            (DeltaStructType deltaSchema, DeltaCreateOptions deltaOptions) = TelemetryLayout.ForCreate(path, schema, createOptions);
            return DeltaTable.CreateAsync(path, deltaSchema, deltaOptions, options, cancellationToken);
        }

        /// <summary>
        /// Opens the table at <paramref name="location"/>, or creates it for telemetry of <paramref name="schema"/> when there is none,
        /// as <see cref="CreateAsync(string, TelemetrySchema, DeltaTelemetryCreateOptions?, DeltaTableOptions?, CancellationToken)"/> does.
        /// </summary>
        /// <param name="location">The table's location: a local directory or an object-store URI (see <see cref="DeltaTable.ExistsAsync"/>).</param>
        /// <param name="schema">The telemetry schema of a new table.</param>
        /// <param name="createOptions">How a new table is created; null for the defaults.</param>
        /// <param name="options">Write options and storage credentials of the returned table; null for the defaults.</param>
        /// <param name="cancellationToken">Cancels the creation.</param>
        /// <remarks>
        /// An existing table is opened as it is: <paramref name="schema"/> and <paramref name="createOptions"/> are not compared
        /// with it, and each append checks its data against the table. When another writer creates the table at the same
        /// moment, this one opens the table that writer created (<see cref="DeltaTable.OpenOrCreateAsync"/>).
        /// </remarks>
        public static Task<DeltaTable> OpenOrCreateAsync(
            string location, TelemetrySchema schema, DeltaTelemetryCreateOptions? createOptions = null, DeltaTableOptions? options = null, CancellationToken cancellationToken = default)
        {
            (DeltaStructType deltaSchema, DeltaCreateOptions deltaOptions) = TelemetryLayout.ForCreate(location, schema, createOptions);
            return DeltaTable.OpenOrCreateAsync(location, deltaSchema, deltaOptions, options, cancellationToken);
        }

        /// <summary>Appends the rows of a telemetry table as one commit (a blind append, which never conflicts with concurrent appends).</summary>
        /// <param name="data">The rows.</param>
        /// <param name="writeOptions">
        /// Idempotency (an <see cref="DeltaWriteOptions.ApplicationId"/> and <see cref="DeltaWriteOptions.ApplicationVersion"/>
        /// per batch make a re-run of the same batch write nothing) and channel evolution; null for none.
        /// </param>
        /// <param name="cancellationToken">Cancels the write.</param>
        /// <exception cref="SchemaException">
        /// The data does not fit the table: another asset or time column or time kind than the recorded telemetry schema, a
        /// channel with another role, a new channel without <see cref="DeltaWriteOptions.MergeSchema"/>, or a timestamp
        /// outside the years 1 to 9999. A table without a recorded telemetry schema checks the columns by name and type.
        /// </exception>
        /// <exception cref="DeltaConcurrencyException">The commit kept losing races, or a concurrent commit changed the schema.</exception>
        /// <remarks>
        /// Channels the table records and the data lacks are written as missing readings. With
        /// <see cref="DeltaWriteOptions.MergeSchema"/>, new channels are added to the table (nullable <c>double</c> columns) and
        /// to its recorded telemetry schema in the same commit. On a table partitioned by day, the day column is derived from
        /// the time and each day goes to its own file.
        /// </remarks>
        public Task<DeltaCommitResult> AppendAsync(TelemetryTable data, DeltaWriteOptions? writeOptions = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(data);
            return WriteTelemetryAsync(table, data, overwrite: false, null, writeOptions ?? new DeltaWriteOptions(), cancellationToken);
        }

        /// <summary>Replaces the rows of the table, or of the partitions (days) that match <paramref name="partitionPredicate"/>, with a telemetry table.</summary>
        /// <param name="data">The new rows; with a predicate, every row must fall in a partition that matches it.</param>
        /// <param name="partitionPredicate">A predicate over the day column; null replaces the whole table.</param>
        /// <param name="writeOptions">Idempotency and channel evolution; null for none.</param>
        /// <param name="cancellationToken">Cancels the write.</param>
        /// <exception cref="SchemaException">The data does not fit the table (as for an append), or a row falls outside the predicate.</exception>
        /// <exception cref="DeltaConcurrencyException">A concurrent commit wrote to or removed files from the replaced partitions.</exception>
        public Task<DeltaCommitResult> OverwriteAsync(TelemetryTable data, DeltaPredicate? partitionPredicate = null, DeltaWriteOptions? writeOptions = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(data);
            return WriteTelemetryAsync(table, data, overwrite: true, partitionPredicate, writeOptions ?? new DeltaWriteOptions(), cancellationToken);
        }
    }

    /// <summary>
    /// Writes the telemetry as a record batch, based on the snapshot whose recorded schema it was checked against, with
    /// the merged schema recorded in the same commit when it gained channels.
    /// </summary>
    private static async Task<DeltaCommitResult> WriteTelemetryAsync(
        DeltaTable table, TelemetryTable data, bool overwrite, DeltaPredicate? predicate, DeltaWriteOptions writeOptions, CancellationToken cancellationToken)
    {
        DeltaSnapshot snapshot = writeOptions.ReadSnapshot ?? await table.GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        var properties = new Dictionary<string, string>(writeOptions.TableProperties ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (snapshot.TelemetrySchema is { } recorded)
        {
            TelemetrySchema merged = TelemetryLayout.Merge(recorded, data.Schema, writeOptions.MergeSchema, table.Path);
            if (!ReferenceEquals(merged, recorded))
            {
                properties[TelemetrySchemaMetadata.Key] = TelemetrySchemaMetadata.ToJson(merged);
            }
        }

        if (data.Schema.TimeKind == TimeKind.UtcTimestamp)
        {
            CheckTimestampRange(table, data);
        }

        string? day = snapshot.Metadata.Configuration.GetValueOrDefault(TelemetryLayout.DayColumnKey);
        RecordBatch batch = TelemetryLayout.ToRecordBatch(data, day);
        var options = new DeltaWriteOptions
        {
            ApplicationId = writeOptions.ApplicationId,
            ApplicationVersion = writeOptions.ApplicationVersion,
            MergeSchema = writeOptions.MergeSchema,
            TableProperties = properties,
            ReadSnapshot = snapshot,
        };
        return await (overwrite ? table.OverwriteAsync(batch, predicate, options, cancellationToken) : table.AppendAsync(batch, options, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Refuses readings a Delta timestamp cannot hold, naming the asset, before anything is written.</summary>
    private static void CheckTimestampRange(DeltaTable table, TelemetryTable data)
    {
        ReadOnlySpan<int> offsets = data.AssetOffsets;
        ReadOnlySpan<long> times = data.Times;
        for (int asset = 0; asset < data.AssetCount; asset++)
        {
            // Rows of an asset are in increasing time, so its first and last readings bound the rest.
            foreach (int row in (ReadOnlySpan<int>)[offsets[asset], offsets[asset + 1] - 1])
            {
                if (times[row] < UnixTime.MinMicroseconds || times[row] > UnixTime.MaxMicroseconds)
                {
                    throw new SchemaException(FormattableString.Invariant(
                        $"Asset '{data.AssetIds[asset]}' has a reading at {times[row]} µs since 1970, which '{table.Path}' cannot hold: a Delta timestamp ('{data.Schema.TimeColumn}') lies between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z."));
                }
            }
        }
    }
}
