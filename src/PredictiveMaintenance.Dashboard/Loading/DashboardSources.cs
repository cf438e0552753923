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

    /// <summary>The page title; default <c>Fleet health</c>.</summary>
    public string Title { get; init; } = "Fleet health";

    /// <summary>The clock for the report's generation time; default the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks the sources as a whole.</summary>
    /// <exception cref="ArgumentException">The telemetry table is not set, the title is blank, or a channel list is empty.</exception>
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

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
