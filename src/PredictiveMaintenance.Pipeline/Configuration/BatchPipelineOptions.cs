using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// Everything a batch pipeline needs: where files arrive and tables live, how telemetry is read and cleaned, the logs
/// that training joins, the features, the models and the schedule. Bound from a JSON file by
/// <see cref="BatchPipelineConfiguration.Load(string)"/> (the property names in camel case are the JSON keys), or
/// built in code and checked with <see cref="Validate"/>.
/// </summary>
/// <remarks>
/// Relative paths are resolved against <see cref="Root"/>, which <see cref="BatchPipelineConfiguration.Load(string)"/>
/// sets to the configuration file's folder, so a configuration and its data can move together.
/// </remarks>
public sealed class BatchPipelineOptions
{
    /// <summary>The folder relative paths are resolved against; default the current directory.</summary>
    public string Root { get; set; } = ".";

    /// <summary>The folder new raw telemetry files (CSV, gzip CSV, Parquet) are dropped in; default <c>staging</c>.</summary>
    /// <remarks>Files are taken in ordinal order of their names, so names should sort in time order (e.g. <c>telemetry-2015-01-02.csv.gz</c>).</remarks>
    public string Staging { get; set; } = "staging";

    /// <summary>
    /// Where the Delta tables <c>telemetry</c>, <c>quarantine</c>, <c>data_quality</c>, <c>features</c> and
    /// <c>predictions</c> live: a local folder, default <c>tables</c>, or an object-store location such as
    /// <c>abfss://lake@account.dfs.core.windows.net/pdm</c>, <c>az://lake/pdm</c> or <c>s3://bucket/pdm</c>, with the
    /// credentials of the environment (<c>AZURE_STORAGE_CONNECTION_STRING</c> and the other <c>AZURE_STORAGE_*</c>
    /// variables, or the AWS SDK's chain).
    /// </summary>
    public string Tables { get; set; } = "tables";

    /// <summary>
    /// The credentials and retry policy of tables in object storage (<see cref="Tables"/>); default those of the
    /// environment. Bound from JSON as <c>"storage": { "azureConnectionString": "...", "maxRetries": 5 }</c>; keep
    /// secrets in the environment variables rather than in the file where you can.
    /// </summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>The folder of the ingest ledger and the feature state; default <c>state</c>.</summary>
    public string State { get; set; } = "state";

    /// <summary>The folder of the experiment tracker and model registry; default <c>tracking</c>.</summary>
    public string Tracking { get; set; } = "tracking";

    /// <summary>The HTML dashboard a run writes at its end (fleet health, predictions, data quality, models); default <c>dashboard.html</c>.</summary>
    public string Dashboard { get; set; } = "dashboard.html";

    /// <summary>
    /// How many days before the latest reading the dashboard draws (Dashboard's <c>DashboardSources.Window</c>); default
    /// 30. Only the table files reaching into them are read, so the dashboard's cost at the end of each run stays flat
    /// as the history grows.
    /// </summary>
    public double DashboardDays { get; set; } = 30;

    /// <summary>How staged telemetry files are read and cleaned.</summary>
    public TelemetrySourceOptions Telemetry { get; set; } = new();

    /// <summary>The maintenance, error and failure logs and the machines table that training joins.</summary>
    public MaintenanceLogOptions Logs { get; set; } = new();

    /// <summary>The features computed for every ingested batch.</summary>
    public FeatureOptions Features { get; set; } = new();

    /// <summary>The models trained from the features and logs.</summary>
    public TrainingOptions Training { get; set; } = new();

    /// <summary>When <c>pdm run --schedule</c> and <see cref="BatchScheduler"/> run batches.</summary>
    public ScheduleOptions Schedule { get; set; } = new();

    /// <summary>Resolves a configured path against <see cref="Root"/>; an object-store location is returned as it is.</summary>
    /// <param name="path">A path or location from these options.</param>
    public string ResolvePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return StorageLocation.IsObjectStore(path) ? path : Path.GetFullPath(path, Path.GetFullPath(Root));
    }

    /// <summary>Checks the options as a whole.</summary>
    /// <exception cref="PipelineConfigurationException">A setting is missing or invalid; the message names each one by its JSON path.</exception>
    public void Validate()
    {
        IReadOnlyList<string> errors = BatchPipelineOptionsValidator.Check(this);
        if (errors.Count > 0)
        {
            throw new PipelineConfigurationException(null, errors);
        }
    }
}

/// <summary>How staged telemetry files are read and cleaned (IO's data quality rules).</summary>
public sealed class TelemetrySourceOptions
{
    /// <summary>The asset column of the files; required.</summary>
    public string? AssetColumn { get; set; }

    /// <summary>The time column of the files; required.</summary>
    public string? TimeColumn { get; set; }

    /// <summary>The timestamp format of text files (<c>iso8601</c>, <c>unix-seconds</c>, <c>unix-milliseconds</c> or a .NET pattern); default ISO 8601.</summary>
    public string? TimestampFormat { get; set; }

    /// <summary>Whether rows of assets missing from the machines table (<see cref="MaintenanceLogOptions.Machines"/>) are quarantined; default true.</summary>
    public bool OnlyKnownAssets { get; set; } = true;

    /// <summary>The plausible range of channels (inclusive); a reading outside it quarantines its row. Default none.</summary>
    public Dictionary<string, ChannelRangeOptions> ChannelRanges { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The plausible range of one channel, inclusive.</summary>
public sealed class ChannelRangeOptions
{
    /// <summary>The smallest plausible reading.</summary>
    public double Min { get; set; } = double.NegativeInfinity;

    /// <summary>The largest plausible reading.</summary>
    public double Max { get; set; } = double.PositiveInfinity;
}

/// <summary>The logs training joins, in the column layout of the Azure predictive-maintenance data (plain or gzip CSV).</summary>
public sealed class MaintenanceLogOptions
{
    /// <summary>The machines table (<c>machineID,model,age</c>); required for training and for <see cref="TelemetrySourceOptions.OnlyKnownAssets"/>.</summary>
    public string? Machines { get; set; }

    /// <summary>The maintenance log (<c>datetime,machineID,comp</c>); required for training.</summary>
    public string? Maintenance { get; set; }

    /// <summary>The error log (<c>datetime,machineID,errorID</c>); required for training.</summary>
    public string? Errors { get; set; }

    /// <summary>The failure log (<c>datetime,machineID,failure</c>); required for training.</summary>
    public string? Failures { get; set; }
}

/// <summary>The features of every ingested batch.</summary>
public sealed class FeatureOptions
{
    /// <summary>The feature specification (<c>FeatureSpec.Parse</c> syntax), e.g. <c>vibration: mean(24h), std(24h)</c>; required, rolling (not tumbling).</summary>
    public string? Spec { get; set; }
}

/// <summary>The models trained from the features table and the logs.</summary>
public sealed class TrainingOptions
{
    /// <summary>Whether <see cref="BatchPipeline.RunOnceAsync"/> trains after ingesting; default false (train on demand).</summary>
    public bool AfterIngest { get; set; }

    /// <summary>The seed of every random choice in training; default 7.</summary>
    public int Seed { get; set; } = 7;

    /// <summary>The failure horizon of the labels, in hours; default 24.</summary>
    public int HorizonHours { get; set; } = 24;

    /// <summary>The trailing days of history held out to evaluate the models; default 14.</summary>
    public int TestDays { get; set; } = 14;

    /// <summary>Whether each new model version is promoted to Production when it beats the current one; default true.</summary>
    public bool Promote { get; set; } = true;

    /// <summary>The Isolation Forest anomaly detector, fitted on rows with no failure within the horizon.</summary>
    public AnomalyModelOptions Anomaly { get; set; } = new();

    /// <summary>The time-until-service regressor (Models' <c>BoostedRegressor</c> with ML.NET FastTree).</summary>
    public TimeToServiceModelOptions TimeToService { get; set; } = new();
}

/// <summary>The Isolation Forest anomaly detector's settings.</summary>
public sealed class AnomalyModelOptions
{
    /// <summary>The number of trees; default 100.</summary>
    public int Trees { get; set; } = 100;

    /// <summary>The rows each tree is grown from; default 256.</summary>
    public int MaxSamples { get; set; } = 256;

    /// <summary>The share of normal rows above the alarm threshold; default 0.01.</summary>
    public double Contamination { get; set; } = 0.01;
}

/// <summary>The time-until-service regressor's settings (gradient-boosted trees).</summary>
public sealed class TimeToServiceModelOptions
{
    /// <summary>The number of trees; default 100.</summary>
    public int Trees { get; set; } = 100;

    /// <summary>The leaves per tree; default 20.</summary>
    public int Leaves { get; set; } = 20;

    /// <summary>The fewest training rows a leaf may hold; default 10.</summary>
    public int MinimumRowsPerLeaf { get; set; } = 10;

    /// <summary>The learning rate; default 0.1.</summary>
    public double LearningRate { get; set; } = 0.1;

    /// <summary>The cap of the target, in days: longer times until service are learned as this; default 30.</summary>
    public int CapDays { get; set; } = 30;
}

/// <summary>The in-process schedule.</summary>
public sealed class ScheduleOptions
{
    /// <summary>A cron expression (five fields, or six with seconds), e.g. <c>0 * * * *</c> for every hour; null for none.</summary>
    public string? Cron { get; set; }

    /// <summary>The time zone the cron expression is read in (an IANA or Windows id); default UTC.</summary>
    public string TimeZone { get; set; } = "UTC";
}
