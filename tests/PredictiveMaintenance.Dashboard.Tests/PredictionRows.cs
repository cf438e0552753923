using Apache.Arrow;
using Apache.Arrow.Types;
using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.Scoring;

namespace PredictiveMaintenance.Dashboard.Tests;

/// <summary>One row of Scoring's predictions table, spelled out.</summary>
internal sealed record PredictionRow(string Asset, long Time, double? Score, bool? Alarm, double? TimeUntilService, string Model, int Version, long ScoringTime, long? InputTableVersion);

/// <summary>
/// Appends chosen rows to a predictions table of Scoring's layout (<see cref="PredictionTable.CreateSchema"/>), for the
/// merge cases a real scoring run does not produce on demand: the same reading rescored later, rows from other writers.
/// </summary>
internal static class PredictionRows
{
    public static async Task AppendAsync(string path, TimeKind timeKind, IReadOnlyList<PredictionRow> rows)
    {
        DeltaStructType schema = PredictionTable.CreateSchema(timeKind);
        DeltaTable table = DeltaTable.Exists(path) ? DeltaTable.Open(path) : await DeltaTable.CreateAsync(path, schema);
        var utc = new TimestampType(TimeUnit.Microsecond, "UTC");
        var time = new Int64Array.Builder();
        var stamp = new TimestampArray.Builder(utc);
        var scoringTime = new TimestampArray.Builder(utc);
        var score = new DoubleArray.Builder();
        var alarm = new BooleanArray.Builder();
        var service = new DoubleArray.Builder();
        var input = new Int64Array.Builder();
        foreach (PredictionRow row in rows)
        {
            _ = row.Score is { } s ? score.Append(s) : score.AppendNull();
            _ = row.Alarm is { } a ? alarm.Append(a) : alarm.AppendNull();
            _ = row.TimeUntilService is { } t ? service.Append(t) : service.AppendNull();
            _ = row.InputTableVersion is { } v ? input.Append(v) : input.AppendNull();
            time.Append(row.Time);
            stamp.Append(new DateTimeOffset(UnixTime.ToDateTime(row.Time)));
            scoringTime.Append(new DateTimeOffset(UnixTime.ToDateTime(row.ScoringTime)));
        }

        await table.AppendAsync(new RecordBatch(
            schema.ToArrowSchema(),
            [
                new StringArray.Builder().AppendRange(rows.Select(r => r.Asset)).Build(),
                timeKind == TimeKind.UtcTimestamp ? stamp.Build() : time.Build(),
                score.Build(),
                alarm.Build(),
                service.Build(),
                new StringArray.Builder().AppendRange(rows.Select(r => r.Model)).Build(),
                new Int32Array.Builder().AppendRange(rows.Select(r => r.Version)).Build(),
                scoringTime.Build(),
                input.Build(),
            ],
            rows.Count));
    }
}
