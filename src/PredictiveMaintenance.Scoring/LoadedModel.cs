using PredictiveMaintenance.Features;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Scoring;

/// <summary>One registered version, loaded and checked: its model, feature computer, input schema and online state. Immutable apart from the online state, which is thread-safe.</summary>
internal sealed class LoadedModel
{
    private LoadedModel(ModelVersion version, ScoringModel model, FeatureSpec? spec, TelemetrySchema? inputSchema, FeatureComputerOptions? computerOptions)
    {
        Version = version;
        Model = model;
        Spec = spec;
        InputSchema = inputSchema;
        Computer = spec is null ? null : new FeatureComputer(spec, computerOptions);
        Channels = spec?.InputChannels ?? model.Inputs;
        if (model is not AnomalyScoringModel anomaly)
        {
            OnlineUnsupported = $"Model '{version.Name}' version {version.Version} is a {model.ModelType} model; online scoring supports anomaly detectors, which score each row on its own.";
        }
        else if (spec is { IsTumbling: true })
        {
            OnlineUnsupported = $"Model '{version.Name}' version {version.Version} reads tumbling features ({spec}), which exist only once a bucket closes; score it in batches.";
        }
        else
        {
            string timeColumn = inputSchema?.TimeColumn ?? "time";
            Func<long, string> format = inputSchema is null ? t => t.ToString(System.Globalization.CultureInfo.InvariantCulture) : inputSchema.FormatTime;
            Online = new OnlineScoringState(spec, anomaly.Detector, Channels, version.Version, timeColumn, format);
        }
    }

    public ModelVersion Version { get; }

    public string Description => $"model '{Version.Name}' version {Version.Version}";

    public ScoringModel Model { get; }

    public FeatureSpec? Spec { get; }

    public FeatureComputer? Computer { get; }

    public TelemetrySchema? InputSchema { get; }

    /// <summary>The telemetry channels read: the spec's inputs, or the model's inputs when there is no spec.</summary>
    public IReadOnlyList<string> Channels { get; }

    public OnlineScoringState? Online { get; }

    public string? OnlineUnsupported { get; }

    public static async Task<LoadedModel> LoadAsync(ModelRegistry registry, ModelVersion version, ScoringModelLoaders loaders, FeatureComputerOptions? computerOptions, CancellationToken cancellationToken)
    {
        string source = $"model '{version.Name}' version {version.Version}";
        FeatureSpec? spec = null;
        if (version.FeatureSpecification is { } text)
        {
            try
            {
                spec = FeatureSpec.Parse(text);
            }
            catch (FeatureSpecException e)
            {
                throw new ModelArtifactException($"The feature specification registered with {source} does not parse: {e.Message}", e);
            }
        }

        TelemetrySchema? inputSchema = version.InputSchemaJson is { } json ? TelemetrySchemaMetadata.FromJson(json, source) : null;
        if (spec is not null && inputSchema is not null)
        {
            spec.Validate(inputSchema);
        }

        // The artifact is read only after the package's text parts check out, and through the registry, which checks its SHA-256.
        ModelArtifact artifact = await registry.LoadArtifactAsync(version, cancellationToken).ConfigureAwait(false);
        ScoringModel model = loaders.Load(artifact, source);
        IReadOnlyList<string> available = spec?.OutputNames ?? inputSchema?.Channels.Select(c => c.Name).ToArray() ?? model.Inputs;
        string? unknown = model.Inputs.FirstOrDefault(input => !available.Contains(input));
        if (unknown is not null)
        {
            model.Dispose();
            throw new ModelArtifactException(spec is null
                ? $"The {model.ModelType} model of {source} reads '{unknown}', which is not a channel of its input schema ({string.Join(", ", available)})."
                : $"The {model.ModelType} model of {source} reads '{unknown}', which its feature specification does not compute (it computes {string.Join(", ", available)}).");
        }

        return new LoadedModel(version, model, spec, inputSchema, computerOptions);
    }
}
