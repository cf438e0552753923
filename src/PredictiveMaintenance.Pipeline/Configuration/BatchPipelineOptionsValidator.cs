using System.Globalization;
using Cronos;
using Microsoft.Extensions.Options;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// Validates <see cref="BatchPipelineOptions"/> for hosts that bind them with the options pattern
/// (<c>services.AddOptions&lt;BatchPipelineOptions&gt;().Bind(section).ValidateOnStart()</c> plus this validator).
/// </summary>
public sealed class BatchPipelineOptionsValidator : IValidateOptions<BatchPipelineOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, BatchPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem of the options, each starting with the JSON path of its setting.</summary>
    internal static IReadOnlyList<string> Check(BatchPipelineOptions options)
    {
        var errors = new List<string>();
        void Require(string? value, string path)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{path}: a value is required.");
            }
        }

        void Positive(double value, string path)
        {
            if (!(value > 0))
            {
                errors.Add(FormattableString.Invariant($"{path}: expected a positive number, got {value}."));
            }
        }

        Require(options.Root, "$.root");
        Require(options.Staging, "$.staging");
        Require(options.Tables, "$.tables");
        Require(options.State, "$.state");
        Require(options.Tracking, "$.tracking");
        Require(options.Dashboard, "$.dashboard");
        Positive(options.DashboardDays, "$.dashboardDays");
        if (options.DashboardDays > 1_000_000)
        {
            errors.Add(FormattableString.Invariant($"$.dashboardDays: expected at most 1,000,000 days, got {options.DashboardDays}."));
        }
        foreach ((string? value, string path) in new[] { (options.Root, "$.root"), (options.Dashboard, "$.dashboard") })
        {
            if (!string.IsNullOrWhiteSpace(value) && StorageLocation.IsObjectStore(value))
            {
                errors.Add($"{path}: '{value}' is in object storage; only $.tables, $.staging, $.state and $.tracking may be, this one must be a local folder or file.");
            }
        }

        TelemetrySourceOptions telemetry = options.Telemetry ?? new TelemetrySourceOptions();
        Require(telemetry.AssetColumn, "$.telemetry.assetColumn");
        Require(telemetry.TimeColumn, "$.telemetry.timeColumn");
        if (telemetry.TimestampFormat is { } format)
        {
            try
            {
                IO.TimestampFormat.Parse(format);
            }
            catch (ArgumentException e)
            {
                errors.Add($"$.telemetry.timestampFormat: {e.Message}");
            }
        }

        foreach ((string channel, ChannelRangeOptions range) in telemetry.ChannelRanges ?? [])
        {
            if (range is null || !(range.Min <= range.Max))
            {
                errors.Add(FormattableString.Invariant($"$.telemetry.channelRanges.{channel}: min ({range?.Min}) must not exceed max ({range?.Max})."));
            }
        }

        if (telemetry.OnlyKnownAssets && string.IsNullOrWhiteSpace(options.Logs?.Machines))
        {
            errors.Add("$.logs.machines: a value is required when $.telemetry.onlyKnownAssets is true.");
        }

        FeatureOptions features = options.Features ?? new FeatureOptions();
        Require(features.Spec, "$.features.spec");
        if (!string.IsNullOrWhiteSpace(features.Spec))
        {
            try
            {
                if (FeatureSpec.Parse(features.Spec).IsTumbling)
                {
                    errors.Add("$.features.spec: tumbling specifications are not supported by the pipeline; use rolling windows (one feature row per telemetry row).");
                }
            }
            catch (FeatureSpecException e)
            {
                errors.Add($"$.features.spec: {e.Message}");
            }
        }

        TrainingOptions training = options.Training ?? new TrainingOptions();
        Positive(training.HorizonHours, "$.training.horizonHours");
        Positive(training.TestDays, "$.training.testDays");
        Positive(training.Anomaly?.Trees ?? 0, "$.training.anomaly.trees");
        Positive(training.Anomaly?.MaxSamples ?? 0, "$.training.anomaly.maxSamples");
        if (training.Anomaly is { } anomaly && !(anomaly.Contamination is > 0 and < 0.5))
        {
            errors.Add(FormattableString.Invariant($"$.training.anomaly.contamination: expected a share above 0 and below 0.5, got {anomaly.Contamination}."));
        }

        Positive(training.TimeToService?.Trees ?? 0, "$.training.timeToService.trees");
        if (training.TimeToService is { } service && service.Leaves < 2)
        {
            errors.Add(FormattableString.Invariant($"$.training.timeToService.leaves: expected at least 2, got {service.Leaves}."));
        }

        Positive(training.TimeToService?.MinimumRowsPerLeaf ?? 0, "$.training.timeToService.minimumRowsPerLeaf");
        if (training.TimeToService is { } rate && !(rate.LearningRate is > 0 and <= 1))
        {
            errors.Add(FormattableString.Invariant($"$.training.timeToService.learningRate: expected a rate above 0 and at most 1, got {rate.LearningRate}."));
        }

        Positive(training.TimeToService?.CapDays ?? 0, "$.training.timeToService.capDays");

        ScheduleOptions schedule = options.Schedule ?? new ScheduleOptions();
        if (schedule.Cron is { } cron)
        {
            try
            {
                BatchScheduler.ParseCron(cron);
            }
            catch (CronFormatException e)
            {
                errors.Add($"$.schedule.cron: '{cron}' is not a cron expression: {e.Message}");
            }
        }

        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"$.schedule.timeZone: '{schedule.TimeZone}' is not a known time zone."));
        }

        return errors;
    }
}
