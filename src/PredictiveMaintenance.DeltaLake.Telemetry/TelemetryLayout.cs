using Apache.Arrow;
using Apache.Arrow.Types;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>
/// How a <see cref="TelemetryTable"/> is laid out in a Delta table: the asset as a non-nullable <c>string</c>, the time as a
/// non-nullable <c>timestamp</c> (or <c>long</c> cycles), each channel as a nullable <c>double</c> with missing readings
/// as null, and optionally a derived <c>date</c> partition column; the telemetry schema is recorded in the table's
/// configuration under <see cref="TelemetrySchemaMetadata.Key"/>.
/// </summary>
internal static class TelemetryLayout
{
    /// <summary>The configuration key of the derived day column's name, present only on tables partitioned by day.</summary>
    public const string DayColumnKey = "predictive-maintenance.telemetry-day-column";

    /// <summary>The Delta schema and creation options of a new telemetry table at <paramref name="location"/>, which messages name.</summary>
    public static (DeltaStructType Schema, DeltaCreateOptions Options) ForCreate(string location, TelemetrySchema schema, DeltaTelemetryCreateOptions? createOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        ArgumentNullException.ThrowIfNull(schema);
        createOptions ??= new DeltaTelemetryCreateOptions();
        var properties = new Dictionary<string, string>(createOptions.Properties, StringComparer.Ordinal)
        {
            [TelemetrySchemaMetadata.Key] = TelemetrySchemaMetadata.ToJson(schema),
        };
        string? day = null;
        if (createOptions.PartitionByDay)
        {
            ArgumentException.ThrowIfNullOrEmpty(createOptions.DayColumn, nameof(createOptions));
            day = createOptions.DayColumn;
            if (schema.TimeKind != TimeKind.UtcTimestamp)
            {
                throw new SchemaException($"Telemetry of schema [{schema}] counts cycles, so it has no days to partition '{location}' by; create it without PartitionByDay.");
            }

            if (day == schema.AssetColumn || day == schema.TimeColumn || schema.IndexOf(day) >= 0)
            {
                throw new SchemaException($"The day column '{day}' of '{location}' is also a column of the telemetry schema [{schema}]; choose another DayColumn.");
            }

            properties[DayColumnKey] = day;
        }

        return (ToDeltaSchema(schema, day), new DeltaCreateOptions { PartitionColumns = day is null ? [] : [day], Properties = properties, Name = createOptions.Name, Description = createOptions.Description });
    }

    public static DeltaStructType ToDeltaSchema(TelemetrySchema schema, string? dayColumn) => new(
        [
            new DeltaStructField(schema.AssetColumn, DeltaPrimitiveType.String, nullable: false),
            new DeltaStructField(schema.TimeColumn, schema.TimeKind == TimeKind.UtcTimestamp ? DeltaPrimitiveType.Timestamp : DeltaPrimitiveType.Long, nullable: false),
            .. schema.Channels.Select(c => new DeltaStructField(c.Name, DeltaPrimitiveType.Double)),
            .. dayColumn is null ? [] : new[] { new DeltaStructField(dayColumn, DeltaPrimitiveType.Date, nullable: false) },
        ]);

    /// <summary>
    /// The rows of <paramref name="table"/> as IO converts them (<see cref="TelemetryArrowExtensions.ToRecordBatch(TelemetryTable)"/>),
    /// with NaN readings marked null, so that SQL engines see missing readings as NULL and files keep their channel bounds,
    /// and the day column appended when the table has one.
    /// </summary>
    public static RecordBatch ToRecordBatch(TelemetryTable table, string? dayColumn)
    {
        RecordBatch batch = table.ToRecordBatch();
        var fields = new List<Field>(batch.ColumnCount + 1) { batch.Schema.FieldsList[0], batch.Schema.FieldsList[1] };
        var columns = new List<IArrowArray>(batch.ColumnCount + 1) { batch.Column(0), batch.Column(1) };
        for (int c = 2; c < batch.ColumnCount; c++)
        {
            fields.Add(new Field(batch.Schema.FieldsList[c].Name, DoubleType.Default, nullable: true));
            columns.Add(NaNAsNull((DoubleArray)batch.Column(c)));
        }

        if (dayColumn is not null)
        {
            fields.Add(new Field(dayColumn, Date32Type.Default, nullable: false));
            columns.Add(Days(table.Times));
        }

        return new RecordBatch(new Schema(fields, batch.Schema.Metadata), columns, batch.Length);
    }

    /// <summary>The mapping that reads the columns of <paramref name="schema"/> by name, with its time kind and roles.</summary>
    public static TelemetryColumnMapping MappingOf(TelemetrySchema schema) => new()
    {
        AssetColumn = ColumnReference.ByName(schema.AssetColumn),
        TimeColumn = ColumnReference.ByName(schema.TimeColumn),
        TimeKind = schema.TimeKind,
        Channels = [.. schema.Channels.Select(c => new ChannelMapping(ColumnReference.ByName(c.Name), c.Name, c.Role))],
    };

    /// <summary>
    /// Checks that data of <paramref name="data"/> can be written to a table that records <paramref name="recorded"/>: the
    /// same asset and time columns and time kind, and each channel either recorded with the same role or, with
    /// <paramref name="mergeSchema"/>, new. Recorded channels the data lacks are written as null (missing readings).
    /// </summary>
    /// <returns>The schema to record after the write: <paramref name="recorded"/>, or it extended with the new channels.</returns>
    /// <exception cref="SchemaException">The schemas do not match; the message names the table, the column and both schemas.</exception>
    public static TelemetrySchema Merge(TelemetrySchema recorded, TelemetrySchema data, bool mergeSchema, string table)
    {
        if (recorded.Equals(data))
        {
            return recorded;
        }

        if (recorded.AssetColumn != data.AssetColumn || recorded.TimeColumn != data.TimeColumn || recorded.TimeKind != data.TimeKind)
        {
            throw Mismatch(table, recorded, data, "the asset column, the time column and the time kind must be the same");
        }

        var added = new List<ChannelDefinition>();
        foreach (ChannelDefinition channel in data.Channels)
        {
            int index = recorded.IndexOf(channel.Name);
            if (index < 0)
            {
                added.Add(channel);
            }
            else if (recorded.Channels[index].Role != channel.Role)
            {
                throw Mismatch(table, recorded, data, $"channel '{channel.Name}' is a {recorded.Channels[index].Role} in the table but a {channel.Role} in the data");
            }
        }

        if (added.Count > 0 && !mergeSchema)
        {
            throw Mismatch(table, recorded, data, $"the table has no channel {string.Join(", ", added.Select(c => $"'{c.Name}'"))}; set MergeSchema to add it");
        }

        return added.Count == 0 ? recorded : recorded.WithChannels(recorded.Channels.Concat(added));
    }

    private static SchemaException Mismatch(string table, TelemetrySchema recorded, TelemetrySchema data, string problem) =>
        new($"Telemetry of schema [{data}] cannot be written to '{table}', which holds telemetry of schema [{recorded}]: {problem}.");

    private static DoubleArray NaNAsNull(DoubleArray array)
    {
        ReadOnlySpan<double> values = array.Values;
        byte[] validity = new byte[(values.Length + 7) / 8];
        int nulls = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                nulls++;
            }
            else
            {
                validity[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        // The value buffer is shared: a null's slot keeps its NaN, which no reader looks at.
        return nulls == 0 ? array : new DoubleArray(array.ValueBuffer, new ArrowBuffer(validity), values.Length, nulls, 0);
    }

    private static Date32Array Days(ReadOnlySpan<long> times)
    {
        int[] days = new int[times.Length];
        for (int i = 0; i < times.Length; i++)
        {
            // Floor division keeps a reading before 1970 on its own day rather than the next one.
            days[i] = (int)(Math.DivRem(times[i], UnixTime.MicrosecondsPerDay) switch
            {
                (long q, < 0) => q - 1,
                (long q, _) => q,
            });
        }

        return new Date32Array(new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(days.AsSpan()).ToArray()), ArrowBuffer.Empty, days.Length, 0, 0);
    }
}
