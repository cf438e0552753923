using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using PredictiveMaintenance.DeltaLake;
using static PredictiveMaintenance.PredictionColumns;

namespace PredictiveMaintenance.Scoring;

/// <summary>
/// The layout of a predictions Delta table: one row per scored row, with the model version that scored it, when, and
/// from which input table version.
/// </summary>
/// <remarks>
/// <para>Columns, in order (the table is not partitioned):</para>
/// <list type="table">
/// <item><term><c>asset</c></term><description><c>string</c>, not null: the asset id.</description></item>
/// <item><term><c>time</c></term><description><c>timestamp</c> (UTC, microseconds), or <c>long</c> for cycle telemetry, not null: the row's time.</description></item>
/// <item><term><c>score</c></term><description><c>double</c>: the anomaly score (higher is more anomalous); null for time-until-service models.</description></item>
/// <item><term><c>alarm</c></term><description><c>boolean</c>: the smoothed alarm; null for time-until-service models.</description></item>
/// <item><term><c>time_until_service</c></term><description><c>double</c>: cycles, or hours for timestamped telemetry; null for anomaly models.</description></item>
/// <item><term><c>model_name</c></term><description><c>string</c>, not null: the registered model.</description></item>
/// <item><term><c>model_version</c></term><description><c>integer</c>, not null: its version.</description></item>
/// <item><term><c>scoring_time</c></term><description><c>timestamp</c>, not null: when the batch was scored.</description></item>
/// <item><term><c>input_table_version</c></term><description><c>long</c>: the input Delta table's version; null for files and in-memory tables.</description></item>
/// </list>
/// <para>
/// Each write is one commit carrying a <c>txn</c> action (PROTOCOL.md, Transaction Identifiers) whose application id
/// names the model version and the input (<c>pdm-scoring/&lt;model&gt;/&lt;version&gt;/delta/&lt;table id&gt;</c> with the
/// input table's version, or <c>.../sha256/&lt;hash&gt;</c> with version 0 for files and in-memory tables), which is what
/// makes scoring the same input twice append nothing.
/// </para>
/// </remarks>
public static class PredictionTable
{
    /// <summary>The Delta schema of a predictions table for telemetry of a time kind.</summary>
    /// <param name="timeKind">The telemetry's time kind.</param>
    public static DeltaStructType CreateSchema(TimeKind timeKind) => new(
        new DeltaStructField(Asset, DeltaPrimitiveType.String, nullable: false),
        new DeltaStructField(Time, timeKind == TimeKind.UtcTimestamp ? DeltaPrimitiveType.Timestamp : DeltaPrimitiveType.Long, nullable: false),
        new DeltaStructField(Score, DeltaPrimitiveType.Double),
        new DeltaStructField(Alarm, DeltaPrimitiveType.Boolean),
        new DeltaStructField(TimeUntilService, DeltaPrimitiveType.Double),
        new DeltaStructField(ModelName, DeltaPrimitiveType.String, nullable: false),
        new DeltaStructField(ModelVersion, DeltaPrimitiveType.Integer, nullable: false),
        new DeltaStructField(ScoringTime, DeltaPrimitiveType.Timestamp, nullable: false),
        new DeltaStructField(InputTableVersion, DeltaPrimitiveType.Long));

    /// <summary>The scored rows of a result as one record batch of this layout.</summary>
    internal static RecordBatch ToRecordBatch(ScoringResult result, DateTimeOffset scoringTime, long? inputTableVersion)
    {
        TelemetryTable features = result.Features;
        ReadOnlySpan<double> values = result.Values;
        int rows = result.ScoredCount;
        int[] codes = new int[rows];
        long[] times = new long[rows];
        double[] kept = new double[rows];
        byte[] alarmBits = new byte[(rows + 7) / 8];
        ReadOnlySpan<long> rowTimes = features.Times;
        ReadOnlySpan<int> offsets = features.AssetOffsets;
        ReadOnlySpan<bool> alarms = result.Alarms;
        int n = 0;
        for (int asset = 0; asset < features.AssetCount; asset++)
        {
            for (int row = offsets[asset]; row < offsets[asset + 1]; row++)
            {
                if (double.IsNaN(values[row]))
                {
                    continue;
                }

                codes[n] = asset;
                times[n] = rowTimes[row];
                kept[n] = values[row];
                if (!alarms.IsEmpty && alarms[row])
                {
                    alarmBits[n >> 3] |= (byte)(1 << (n & 7));
                }

                n++;
            }
        }

        var assetType = new DictionaryType(Int32Type.Default, StringType.Default, ordered: false);
        var assets = new DictionaryArray(assetType, new Int32Array(Buffer(codes), ArrowBuffer.Empty, rows, 0, 0), new StringArray.Builder().AppendRange(features.AssetIds).Build());
        var utc = new TimestampType(TimeUnit.Microsecond, "UTC");
        IArrowArray time = features.Schema.TimeKind == TimeKind.UtcTimestamp
            ? new TimestampArray(utc, Buffer(times), ArrowBuffer.Empty, rows, 0, 0)
            : new Int64Array(Buffer(times), ArrowBuffer.Empty, rows, 0, 0);
        var allNull = new ArrowBuffer(new byte[(rows + 7) / 8]);
        bool anomaly = result.Kind == PredictionKind.Anomaly;
        var predicted = new DoubleArray(Buffer(kept), ArrowBuffer.Empty, rows, 0, 0);
        var missing = new DoubleArray(Buffer(new double[rows]), allNull, rows, rows, 0);
        IArrowArray alarm = anomaly
            ? new BooleanArray(new ArrowBuffer(alarmBits), ArrowBuffer.Empty, rows, 0, 0)
            : new BooleanArray(new ArrowBuffer(new byte[(rows + 7) / 8]), allNull, rows, rows, 0);
        var modelName = new DictionaryArray(assetType, new Int32Array(Buffer(new int[rows]), ArrowBuffer.Empty, rows, 0, 0), new StringArray.Builder().Append(result.Version.Name).Build());
        var modelVersion = new Int32Array(Buffer(Enumerable.Repeat(result.Version.Version, rows).ToArray()), ArrowBuffer.Empty, rows, 0, 0);
        var scored = new TimestampArray(utc, Buffer(Enumerable.Repeat(UnixTime.ToMicroseconds(scoringTime.UtcDateTime), rows).ToArray()), ArrowBuffer.Empty, rows, 0, 0);
        IArrowArray input = inputTableVersion is { } version
            ? new Int64Array(Buffer(Enumerable.Repeat(version, rows).ToArray()), ArrowBuffer.Empty, rows, 0, 0)
            : new Int64Array(Buffer(new long[rows]), allNull, rows, rows, 0);

        Schema schema = CreateSchema(features.Schema.TimeKind).ToArrowSchema();
        var fields = schema.FieldsList.ToList();
        fields[0] = new Field(Asset, assetType, nullable: false);
        fields[5] = new Field(ModelName, assetType, nullable: false);
        return new RecordBatch(
            new Schema(fields, null),
            [assets, time, anomaly ? predicted : missing, alarm, anomaly ? missing : predicted, modelName, modelVersion, scored, input],
            rows);
    }

    private static ArrowBuffer Buffer<T>(T[] values)
        where T : struct => new(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
}
