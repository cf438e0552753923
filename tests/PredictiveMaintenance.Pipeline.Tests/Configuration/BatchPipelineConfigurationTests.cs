using Microsoft.Extensions.Options;

namespace PredictiveMaintenance.Pipeline.Tests.Configuration;

public sealed class BatchPipelineConfigurationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pdm-config-tests", Guid.NewGuid().ToString("N"));

    public BatchPipelineConfigurationTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_ValidFile_BindsEverySectionAndResolvesPathsAgainstItsFolder()
    {
        string path = Write("""
            {
              "staging": "incoming",
              "telemetry": { "assetColumn": "machineID", "timeColumn": "datetime", "onlyKnownAssets": false,
                             "channelRanges": { "volt": { "min": 0, "max": 400 } } },
              "features": { "spec": "volt: mean(3h)" },
              "training": { "seed": 11, "anomaly": { "trees": 30 }, "timeToService": { "learningRate": 0.05 } },
              "schedule": { "cron": "0 * * * *" }
            }
            """);

        BatchPipelineOptions options = BatchPipelineConfiguration.Load(path);

        Assert.Equal(_folder, options.Root);
        Assert.Equal(Path.Combine(_folder, "incoming"), options.ResolvePath(options.Staging));
        Assert.Equal(("machineID", "datetime", false), (options.Telemetry.AssetColumn, options.Telemetry.TimeColumn, options.Telemetry.OnlyKnownAssets));
        Assert.Equal((0.0, 400.0), (options.Telemetry.ChannelRanges["volt"].Min, options.Telemetry.ChannelRanges["volt"].Max));
        Assert.Equal((11, 30, 256, 0.05, 100), (options.Training.Seed, options.Training.Anomaly.Trees, options.Training.Anomaly.MaxSamples, options.Training.TimeToService.LearningRate, options.Training.TimeToService.Trees));
        Assert.Equal("0 * * * *", options.Schedule.Cron);
    }

    [Fact]
    public void Load_UnknownKeysAndWrongTypes_NameEachJsonPath()
    {
        string path = Write("""
            {
              "telemetry": { "assetColumn": "machineID", "timeColumn": "datetime", "onlyKnownAssets": "maybe" },
              "features": { "spec": "volt: mean(3h)", "specs": "x" },
              "training": { "seed": "seven" }
            }
            """);

        var error = Assert.Throws<PipelineConfigurationException>(() => BatchPipelineConfiguration.Load(path));

        Assert.Equal(
            [
                "$.features.specs: unknown setting; expected one of spec.",
                "$.telemetry.onlyKnownAssets: expected true or false, got 'maybe'.",
                "$.training.seed: expected an integer, got 'seven'.",
            ],
            error.Errors.Order(StringComparer.Ordinal));
        Assert.Equal(path, error.File);
        Assert.StartsWith($"The pipeline configuration '{path}' has 3 errors:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StorageDurations_BindAsTimeSpansAndABadOneIsNamed()
    {
        string good = Write("""
            {
              "telemetry": { "assetColumn": "machineID", "timeColumn": "datetime", "onlyKnownAssets": false },
              "features": { "spec": "volt: mean(3h)" },
              "staging": "az://lake/pdm/staging",
              "state": "s3://bucket/pdm/state",
              "storage": { "retryDelay": "00:00:02", "leaseDuration": "00:01:30", "networkTimeout": "00:05:00" }
            }
            """);

        BatchPipelineOptions options = BatchPipelineConfiguration.Load(good);
        File.WriteAllText(good, File.ReadAllText(good).Replace("00:01:30", "soon", StringComparison.Ordinal));
        var error = Assert.Throws<PipelineConfigurationException>(() => BatchPipelineConfiguration.Load(good));

        Assert.Equal(TimeSpan.FromSeconds(2), options.Storage.RetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Storage.LeaseDuration);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Storage.NetworkTimeout);
        Assert.Equal("az://lake/pdm/staging", options.ResolvePath(options.Staging));
        Assert.Equal(["$.storage.leaseDuration: expected a duration such as 00:00:30, got 'soon'."], error.Errors);
    }

    [Theory]
    [InlineData("7", null)]
    [InlineData("0", "$.dashboardDays: expected a positive number, got 0.")]
    [InlineData("2000000", "$.dashboardDays: expected at most 1,000,000 days, got 2000000.")]
    public void Load_DashboardDays_BindsOrNamesTheBadValue(string days, string? expectedError)
    {
        string path = Write($$"""
            {
              "dashboardDays": {{days}},
              "telemetry": { "assetColumn": "machineID", "timeColumn": "datetime", "onlyKnownAssets": false },
              "features": { "spec": "volt: mean(3h)" }
            }
            """);

        if (expectedError is null)
        {
            Assert.Equal(7, BatchPipelineConfiguration.Load(path).DashboardDays);
            return;
        }

        var error = Assert.Throws<PipelineConfigurationException>(() => BatchPipelineConfiguration.Load(path));
        Assert.Equal([expectedError], error.Errors);
    }

    [Fact]
    public void Load_MissingAndInvalidSettings_NameEachJsonPath()
    {
        string path = Write("""
            {
              "telemetry": { "timeColumn": "datetime" },
              "features": { "spec": "volt: median(3x)" },
              "training": { "anomaly": { "contamination": 0.7 } },
              "schedule": { "cron": "every hour" }
            }
            """);

        var error = Assert.Throws<PipelineConfigurationException>(() => BatchPipelineConfiguration.Load(path));

        Assert.Equal("$.telemetry.assetColumn: a value is required.", error.Errors[0]);
        Assert.Equal("$.logs.machines: a value is required when $.telemetry.onlyKnownAssets is true.", error.Errors[1]);
        Assert.StartsWith("$.features.spec: ", error.Errors[2], StringComparison.Ordinal);
        Assert.Equal("$.training.anomaly.contamination: expected a share above 0 and below 0.5, got 0.7.", error.Errors[3]);
        Assert.StartsWith("$.schedule.cron: 'every hour' is not a cron expression: ", error.Errors[4], StringComparison.Ordinal);
        Assert.Equal(5, error.Errors.Count);
    }

    [Fact]
    public void Load_NotJson_IsRefusedWithTheFile()
    {
        string path = Write("{ \"staging\": ");

        var error = Assert.Throws<PipelineConfigurationException>(() => BatchPipelineConfiguration.Load(path));

        Assert.Equal(path, error.File);
        Assert.StartsWith("$: ", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OptionsPatternValidator_ReportsTheSameErrors()
    {
        var options = new BatchPipelineOptions { Telemetry = { AssetColumn = "a", TimeColumn = "t", OnlyKnownAssets = false } };

        ValidateOptionsResult result = new BatchPipelineOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(["$.features.spec: a value is required."], result.Failures);
        options.Features.Spec = "volt: mean(3h)";
        Assert.True(new BatchPipelineOptionsValidator().Validate(null, options).Succeeded);
    }

    private string Write(string json)
    {
        string path = Path.Combine(_folder, "pdm.json");
        File.WriteAllText(path, json);
        return path;
    }
}
