using FsCheck;
using FsCheck.Fluent;

namespace PredictiveMaintenance.Joins.Tests;

/// <summary>A small random fleet: telemetry rows and an event log, on a coarse grid so that ties in time are common.</summary>
/// <param name="Table">Rows of assets m1..m4 (some may have none).</param>
/// <param name="Events">Events of assets m0..m5 (so some have no rows), categories c1..c3 and c10, times around the rows'.</param>
internal sealed record Fleet(TelemetryTable Table, LoggedEvent[] Events)
{
    public override string ToString() =>
        $"{Table.RowCount} rows [{string.Join(", ", Reference.Rows(Table).Select(r => $"{r.Asset}@{r.Time / Step(Table)}"))}], " +
        $"events [{string.Join(", ", Events.Select(e => $"{e.AssetId}@{e.Time / Step(Table)}:{e.Category}"))}]";

    /// <summary>Table time per grid step: 30 minutes for timestamps, 1 cycle for cycles.</summary>
    public static long Step(TelemetryTable table) => table.Schema.TimeKind == TimeKind.UtcTimestamp ? UnixTime.MicrosecondsPerHour / 2 : 1;
}

internal static class Fleets
{
    public static readonly string[] Categories = ["c1", "c2", "c3", "c10"];

    /// <summary>Fleets in the given time kind; grid steps of 30 minutes (timestamps, from 2015-01-01) or 1 cycle.</summary>
    public static Gen<Fleet> Of(TimeKind timeKind)
    {
        long step = timeKind == TimeKind.UtcTimestamp ? UnixTime.MicrosecondsPerHour / 2 : 1;
        long origin = timeKind == TimeKind.UtcTimestamp ? TestData.Epoch2015 : 0;
        Gen<(int Asset, int Step)> row = from asset in Gen.Choose(1, 4) from at in Gen.Choose(0, 60) select (asset, at);
        Gen<LoggedEvent> loggedEvent =
            from asset in Gen.Choose(0, 5)
            from at in Gen.Choose(-10, 70)
            from category in Gen.Elements(Categories)
            select new LoggedEvent($"m{asset}", origin + (at * step), category);
        return from rows in Gen.ListOf(row)
               from events in Gen.ListOf(loggedEvent)
               select new Fleet(Build(timeKind, origin, step, rows), [.. events]);
    }

    private static TelemetryTable Build(TimeKind timeKind, long origin, long step, IEnumerable<(int Asset, int Step)> rows)
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("asset", "time", timeKind, [new ChannelDefinition("x")]));
        foreach ((int asset, int at) in rows.Distinct())
        {
            builder.Add($"m{asset}", origin + (at * step), [at]);
        }

        return builder.Build();
    }
}

/// <summary>A random fleet history: telemetry rows, the four logs and the asset data.</summary>
internal sealed record History(
    TelemetryTable Table, LoggedEvent[] Maintenance, LoggedEvent[] Replacements, LoggedEvent[] Failures, LoggedEvent[] Errors, AssetAttributes[] Assets)
{
    public MaintenanceLogs Logs()
    {
        TimeKind kind = Table.Schema.TimeKind;
        return new MaintenanceLogs(
            EventTable.Create(kind, Maintenance), EventTable.Create(kind, Replacements), EventTable.Create(kind, Failures), EventTable.Create(kind, Errors), Assets);
    }

    public override string ToString() =>
        $"{new Fleet(Table, Maintenance)}; replacements {Replacements.Length}, failures [{string.Join(", ", Failures.Select(e => $"{e.AssetId}@{e.Time / Fleet.Step(Table)}:{e.Category}"))}], errors {Errors.Length}";
}

internal static class Histories
{
    /// <summary>Assets m0..m5 (m0 and m5 have events only), components c1..c3 and c10, error types e1 and e2.</summary>
    public static Gen<History> Of(TimeKind timeKind) =>
        from maintenance in Fleets.Of(timeKind)
        from failures in Fleets.Of(timeKind)
        from errors in Fleets.Of(timeKind)
        from models in Gen.ArrayOf(Gen.Elements("model1", "model2"), 6)
        select new History(
            maintenance.Table,
            maintenance.Events,
            [.. maintenance.Events.Where(e => e.Category is "c1" or "c3")],
            [.. failures.Events.Where((_, i) => i % 3 == 0)],
            [.. errors.Events.Select(e => e with { Category = e.Category is "c1" or "c2" ? "e1" : "e2" })],
            [.. Enumerable.Range(1, 5).Select(a => new AssetAttributes($"m{a}", models[a], a == 3 ? null : new DateTime(2010 + a, 1, 1, 0, 0, 0, DateTimeKind.Utc)))]);
}
