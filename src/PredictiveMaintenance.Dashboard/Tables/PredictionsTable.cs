using Apache.Arrow;
using Apache.Arrow.Types;
using PredictiveMaintenance.DeltaLake;

namespace PredictiveMaintenance.Dashboard;

/// <summary>
/// The predictions Delta table that scoring writes and the dashboard (and BI tools) read: one row per asset, reading
/// time and model. The column names here are the contract between both sides.
/// </summary>
/// <remarks>
/// <para>
/// A row says what one registered model version predicted for one asset at one reading time. An anomaly detector fills
/// <see cref="Score"/> and <see cref="Alarm"/>; a time-until-service model fills <see cref="TimeUntilService"/>; a
/// scoring job that runs both may write one row with all three under either model's name. Rescoring the same reading
/// appends a row with a later <see cref="ScoredAt"/>; readers keep the latest.
/// </para>
/// <para>Timestamps are Delta <c>timestamp</c> (UTC microseconds), so Spark, Databricks, DuckDB and Power BI read them as instants.</para>
/// </remarks>
public static class PredictionsTable
{
    /// <summary>The asset id (<c>string</c>, not null).</summary>
    public const string Asset = "asset";

    /// <summary>The time of the reading scored (<c>timestamp</c>, not null).</summary>
    public const string Timestamp = "timestamp";

    /// <summary>The anomaly score, higher is more anomalous (<c>double</c>); null when the model gives no score or could not score the reading.</summary>
    public const string Score = "score";

    /// <summary>Whether the detector raised an alarm, after its smoothing (<c>boolean</c>); null when the model is not a detector.</summary>
    public const string Alarm = "alarm";

    /// <summary>The predicted time until the next service (<c>double</c>): hours, or cycles for telemetry counted in cycles; null when the model does not predict it.</summary>
    public const string TimeUntilService = "time_until_service";

    /// <summary>The registered model's name (<c>string</c>, not null).</summary>
    public const string ModelName = "model_name";

    /// <summary>The registered model's version number (<c>integer</c>, not null).</summary>
    public const string ModelVersion = "model_version";

    /// <summary>When the row was scored (<c>timestamp</c>, not null).</summary>
    public const string ScoredAt = "scored_at";

    /// <summary>The version of the input (features or telemetry) Delta table that was scored (<c>long</c>, not null), for lineage and time travel.</summary>
    public const string InputVersion = "input_version";

    /// <summary>The Delta schema of the table, in column order.</summary>
    public static DeltaStructType Schema { get; } = new(
        new DeltaStructField(Asset, DeltaPrimitiveType.String, nullable: false),
        new DeltaStructField(Timestamp, DeltaPrimitiveType.Timestamp, nullable: false),
        new DeltaStructField(Score, DeltaPrimitiveType.Double),
        new DeltaStructField(Alarm, DeltaPrimitiveType.Boolean),
        new DeltaStructField(TimeUntilService, DeltaPrimitiveType.Double),
        new DeltaStructField(ModelName, DeltaPrimitiveType.String, nullable: false),
        new DeltaStructField(ModelVersion, DeltaPrimitiveType.Integer, nullable: false),
        new DeltaStructField(ScoredAt, DeltaPrimitiveType.Timestamp, nullable: false),
        new DeltaStructField(InputVersion, DeltaPrimitiveType.Long, nullable: false));

    /// <summary>Creates an empty predictions table.</summary>
    /// <param name="path">The table's folder; created if missing.</param>
    /// <param name="options">Write options of the returned table; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <exception cref="DeltaProtocolException">A table already exists at the path.</exception>
    public static Task<DeltaTable> CreateAsync(string path, DeltaTableOptions? options = null, CancellationToken cancellationToken = default) =>
        DeltaTable.CreateAsync(path, Schema, new DeltaCreateOptions { Name = "predictions", Description = "Anomaly scores, alarms and predicted time until service, one row per asset, reading and model." }, options, cancellationToken);

    /// <summary>Converts predictions to a record batch of <see cref="Schema"/>, to append to the table.</summary>
    /// <param name="predictions">The rows; NaN scores and times until service are written as null.</param>
    /// <exception cref="ArgumentException">A row has an empty asset id or model name, or a model version below 1.</exception>
    public static RecordBatch ToRecordBatch(IReadOnlyList<Prediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var asset = new StringArray.Builder();
        var time = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var score = new DoubleArray.Builder();
        var alarm = new BooleanArray.Builder();
        var service = new DoubleArray.Builder();
        var model = new StringArray.Builder();
        var version = new Int32Array.Builder();
        var scoredAt = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        var input = new Int64Array.Builder();
        for (int i = 0; i < predictions.Count; i++)
        {
            Prediction p = predictions[i];
            if (string.IsNullOrEmpty(p.AssetId) || string.IsNullOrEmpty(p.ModelName) || p.ModelVersion < 1)
            {
                throw new ArgumentException(FormattableString.Invariant($"Prediction {i} has asset '{p.AssetId}', model '{p.ModelName}' version {p.ModelVersion}; the asset and model name must not be empty and versions start at 1."), nameof(predictions));
            }

            asset.Append(p.AssetId);
            time.Append(FromMicroseconds(p.Time));
            AppendNullable(score, p.Score);
            if (p.Alarm is { } a)
            {
                alarm.Append(a);
            }
            else
            {
                alarm.AppendNull();
            }

            AppendNullable(service, p.TimeUntilService);
            model.Append(p.ModelName);
            version.Append(p.ModelVersion);
            scoredAt.Append(FromMicroseconds(p.ScoredAt));
            input.Append(p.InputVersion);
        }

        return new RecordBatch(
            Schema.ToArrowSchema(),
            [asset.Build(), time.Build(), score.Build(), alarm.Build(), service.Build(), model.Build(), version.Build(), scoredAt.Build(), input.Build()],
            predictions.Count);
    }

    private static void AppendNullable(DoubleArray.Builder builder, double value)
    {
        if (double.IsNaN(value))
        {
            builder.AppendNull();
        }
        else
        {
            builder.Append(value);
        }
    }

    private static DateTimeOffset FromMicroseconds(long microseconds) => new(UnixTime.ToDateTime(microseconds));
}

/// <summary>One row of the predictions table (<see cref="PredictionsTable"/>).</summary>
/// <param name="AssetId">The asset.</param>
/// <param name="Time">The reading's time: microseconds since the Unix epoch (UTC), or the cycle for cycle telemetry.</param>
/// <param name="Score">The anomaly score; NaN for none.</param>
/// <param name="Alarm">The alarm; null when the model is not a detector.</param>
/// <param name="TimeUntilService">The predicted time until the next service, in hours (cycles for cycle telemetry); NaN for none.</param>
/// <param name="ModelName">The registered model's name.</param>
/// <param name="ModelVersion">The registered model's version number.</param>
/// <param name="ScoredAt">When the row was scored, microseconds since the Unix epoch (UTC).</param>
/// <param name="InputVersion">The version of the input Delta table that was scored.</param>
public readonly record struct Prediction(
    string AssetId,
    long Time,
    double Score,
    bool? Alarm,
    double TimeUntilService,
    string ModelName,
    int ModelVersion,
    long ScoredAt,
    long InputVersion);
