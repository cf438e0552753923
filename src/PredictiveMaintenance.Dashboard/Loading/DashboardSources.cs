using PredictiveMaintenance.DeltaLake;

namespace PredictiveMaintenance.Dashboard;

/// <summary>Where <see cref="DashboardLoader"/> reads a report from: the pipeline's Delta tables and model registry.</summary>
public sealed class DashboardSources
{
    /// <summary>The telemetry Delta table (one created from a telemetry schema): a local folder or an object-store URI such as <c>abfss://…</c> or <c>s3://…</c>; required.</summary>
    public string? TelemetryTable { get; init; }

    /// <summary>The predictions Delta table (<see cref="PredictionColumns"/>, as <c>ModelScorer</c> writes it); default none (no scores are drawn).</summary>
    public string? PredictionsTable { get; init; }

    /// <summary>The data-quality summary Delta table (<see cref="DataQualityTable"/>); default none.</summary>
    public string? DataQualityTable { get; init; }

    /// <summary>The model registry's folder (a tracking store, on local disk or in object storage, reached with <see cref="TableOptions"/>' credentials); default none.</summary>
    public string? RegistryFolder { get; init; }

    /// <summary>How the tables are opened: their storage credentials (<see cref="DeltaTableOptions.Storage"/>); default those of the environment.</summary>
    public DeltaTableOptions? TableOptions { get; init; }

    /// <summary>The telemetry channels to draw, by name; default (null) every sensor channel of the table.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>
    /// Only readings and predictions at or after this time are drawn; default (null) all of them. Alarm counts and the
    /// fleet ranking see the same window.
    /// </summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>
    /// Only readings and predictions later than this span before the telemetry's latest reading are drawn; default (null)
    /// all of them. The latest reading comes from the telemetry table's file statistics, so only the files that reach
    /// into the window are read, and the report's cost stays flat as the history grows. With <see cref="Since"/> too,
    /// the later start applies. For timestamped telemetry only: cycle telemetry, or a table whose files record no bounds
    /// of the time column, is drawn whole.
    /// </summary>
    public TimeSpan? Window { get; init; }

    /// <summary>The page title; default <c>Fleet health</c>.</summary>
    public string Title { get; init; } = "Fleet health";

    /// <summary>The clock for the report's generation time; default the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks the sources as a whole.</summary>
    /// <exception cref="ArgumentException">The telemetry table is not set, the title is blank, a channel list is empty, or the window is not positive.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TelemetryTable))
        {
            throw new ArgumentException("DashboardSources.TelemetryTable must name the telemetry Delta table.", nameof(TelemetryTable));
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            throw new ArgumentException("DashboardSources.Title must not be blank.", nameof(Title));
        }

        if (Channels is { Count: 0 })
        {
            throw new ArgumentException("DashboardSources.Channels must name at least one channel, or be null for every sensor channel.", nameof(Channels));
        }

        if (Window is { } window && window <= TimeSpan.Zero)
        {
            throw new ArgumentException($"DashboardSources.Window must be positive, or null for every reading; it is {window}.", nameof(Window));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
