using System.Globalization;

namespace PredictiveMaintenance.Tracking;

/// <summary>
/// Registered models with numbered versions, stages and aliases, over an <see cref="ITrackingStore"/>: register what a
/// run produced, move versions between stages (recording who, when and why), point aliases such as <c>champion</c> at
/// versions (MLflow's <c>models:/name@champion</c>), promote by a metric, and load the version a scoring job needs with
/// its artifact checked against the registered SHA-256.
/// </summary>
/// <remarks>
/// At most one version of a model is in <see cref="ModelStage.Production"/> and one in <see cref="ModelStage.Staging"/>:
/// moving a version there archives the one that held the stage (recorded as a transition of its own), as a scoring job
/// must know unambiguously which version to load.
/// </remarks>
public sealed class ModelRegistry
{
    private readonly ITrackingStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates a registry.</summary>
    /// <param name="store">Where models are kept.</param>
    /// <param name="timeProvider">The clock for registration and transition times. Default: the system clock.</param>
    public ModelRegistry(ITrackingStore store, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Registers a new version of a model (creating the model if needed) in stage <see cref="ModelStage.None"/>.</summary>
    /// <param name="name">The model's name (letters, digits, '-', '_' and '.').</param>
    /// <param name="artifactPath">The model artifact file, copied into the registry.</param>
    /// <param name="info">The feature specification, input schema, metrics, lineage and run to record.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<ModelVersion> RegisterAsync(string name, string artifactPath, NewModelVersion? info = null, CancellationToken cancellationToken = default) =>
        _store.CreateModelVersionAsync(name, artifactPath, info ?? new NewModelVersion(), _time.GetUtcNow(), cancellationToken);

    /// <summary>Returns the names of the registered models.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) => _store.ListModelsAsync(cancellationToken);

    /// <summary>Returns every version of a model, by version number.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default) =>
        _store.ListModelVersionsAsync(name, cancellationToken);

    /// <summary>Returns one version of a model.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ModelNotFoundException">The model is not registered, or has no such version.</exception>
    public async Task<ModelVersion> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        Find(await ListVersionsOfRegisteredAsync(name, cancellationToken).ConfigureAwait(false), name, version);

    /// <summary>Returns the version of a model in a stage (the newest, for <see cref="ModelStage.None"/> and <see cref="ModelStage.Archived"/>), or null.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="stage">The stage.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<ModelVersion?> GetLatestAsync(string name, ModelStage stage, CancellationToken cancellationToken = default) =>
        (await ListVersionsAsync(name, cancellationToken).ConfigureAwait(false)).LastOrDefault(v => v.Stage == stage);

    /// <summary>Moves a version to a stage, recording the transition; the version that held Production or Staging is archived.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version number.</param>
    /// <param name="stage">The stage to move it to.</param>
    /// <param name="who">Who moves it (a person or a job).</param>
    /// <param name="why">The reason, recorded with the transition.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The version as it now is.</returns>
    /// <exception cref="ModelNotFoundException">The model is not registered, or has no such version.</exception>
    public Task<ModelVersion> TransitionAsync(string name, int version, ModelStage stage, string who, string why, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        ArgumentException.ThrowIfNullOrWhiteSpace(why);
        DateTimeOffset when = _time.GetUtcNow();
        return _store.UpdateModelAsync(name, versions => Move(versions, name, version, stage, who, why, when), cancellationToken);
    }

    /// <summary>
    /// Moves a version to Production only if <paramref name="rule"/>'s metric beats the current Production version's
    /// (or there is none); the decision and both values come back either way, and only a promotion is recorded.
    /// </summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The candidate version.</param>
    /// <param name="rule">The metric and its direction.</param>
    /// <param name="who">Who promotes it.</param>
    /// <param name="why">The reason, recorded with the transition.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ModelNotFoundException">The model is not registered, or has no such version.</exception>
    /// <exception cref="InvalidOperationException">The candidate or the current Production version lacks the metric.</exception>
    public Task<PromotionDecision> PromoteAsync(string name, int version, PromotionRule rule, string who, string why, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        ArgumentException.ThrowIfNullOrWhiteSpace(why);
        DateTimeOffset when = _time.GetUtcNow();

        // Decided under the model's lock, so a concurrent promotion cannot slip in between the comparison and the move.
        return _store.UpdateModelAsync(
            name,
            versions => Promote(versions, name, version, rule, "Production", versions.FirstOrDefault(v => v.Stage == ModelStage.Production), () => Move(versions, name, version, ModelStage.Production, who, why, when)),
            cancellationToken);
    }

    /// <summary>
    /// Points an alias at a version (MLflow's <c>set_registered_model_alias</c>), moving it from the version that had it;
    /// a version may carry several aliases. Aliases are compared and stored lowercase.
    /// </summary>
    /// <param name="name">The model's name.</param>
    /// <param name="alias">The alias: letters, digits, '_' and '-', at most 255; not <c>latest</c>, not <c>v</c> and a number, not a stage's name (those are the stages' own view, see <see cref="GetVersionByAliasAsync"/>).</param>
    /// <param name="version">The version it is to point at.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The version as it now is.</returns>
    /// <exception cref="ArgumentException">The alias is not a valid alias name.</exception>
    /// <exception cref="ModelNotFoundException">The model is not registered, or has no such version.</exception>
    public Task<ModelVersion> SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken = default)
    {
        string key = ModelAliases.Normalize(alias);
        return _store.UpdateModelAsync(name, versions => PointAlias(versions, name, key, version), cancellationToken);
    }

    /// <summary>Removes an alias from the version that carries it (MLflow's <c>delete_registered_model_alias</c>).</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether a version carried it.</returns>
    /// <exception cref="ArgumentException">The alias is not a valid alias name.</exception>
    /// <exception cref="ModelNotFoundException">The model is not registered.</exception>
    public Task<bool> DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        string key = ModelAliases.Normalize(alias);
        return _store.UpdateModelAsync(name, versions =>
            versions.FirstOrDefault(v => v.Aliases.Contains(key, StringComparer.Ordinal)) is { } holder
                ? new ModelUpdate<bool>([holder with { Aliases = [.. holder.Aliases.Where(a => a != key)] }], [], true)
                : new ModelUpdate<bool>([], [], false),
            cancellationToken);
    }

    /// <summary>
    /// Returns the version an alias points at, or null when no version carries it. A stage's name read as an alias
    /// (<c>production</c>, <c>staging</c>, any case) gives the version in that stage, so <c>name@production</c> and
    /// <c>name/Production</c> name the same version.
    /// </summary>
    /// <param name="name">The model's name.</param>
    /// <param name="alias">The alias, or a stage's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ArgumentException">The alias is not a valid alias name.</exception>
    /// <exception cref="ModelNotFoundException">The model is not registered.</exception>
    public async Task<ModelVersion?> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ModelVersion> versions = await ListVersionsOfRegisteredAsync(name, cancellationToken).ConfigureAwait(false);
        if (ModelAliases.StageNamed(alias) is { } stage)
        {
            return versions.LastOrDefault(v => v.Stage == stage);
        }

        string key = ModelAliases.Normalize(alias);
        return versions.FirstOrDefault(v => v.Aliases.Contains(key, StringComparer.Ordinal));
    }

    /// <summary>
    /// Points an alias at a version only if <paramref name="rule"/>'s metric beats that of the version the alias points at
    /// now (or it points at none); the decision and both values come back either way.
    /// </summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The candidate version.</param>
    /// <param name="alias">The alias (see <see cref="SetAliasAsync"/>).</param>
    /// <param name="rule">The metric and its direction.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ArgumentException">The alias is not a valid alias name.</exception>
    /// <exception cref="ModelNotFoundException">The model is not registered, or has no such version.</exception>
    /// <exception cref="InvalidOperationException">The candidate or the alias's version lacks the metric.</exception>
    public Task<PromotionDecision> PromoteAliasAsync(string name, int version, string alias, PromotionRule rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        string key = ModelAliases.Normalize(alias);
        return _store.UpdateModelAsync(
            name,
            versions => Promote(versions, name, version, rule, $"@{key}", versions.FirstOrDefault(v => v.Aliases.Contains(key, StringComparer.Ordinal)), () => PointAlias(versions, name, key, version)),
            cancellationToken);
    }

    /// <summary>Returns a model's stage transitions, oldest first.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<IReadOnlyList<StageTransition>> GetTransitionsAsync(string name, CancellationToken cancellationToken = default) =>
        _store.GetTransitionsAsync(name, cancellationToken);

    /// <summary>Loads a version's artifact after checking its bytes against the registered SHA-256 (and each payload against the artifact's manifest).</summary>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ModelArtifactException">The artifact is missing, altered, outside the registry, or not a model artifact.</exception>
    public async Task<ModelArtifact> LoadArtifactAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        byte[] bytes = await _store.ReadArtifactAsync(version, cancellationToken).ConfigureAwait(false);
        using var stream = new MemoryStream(bytes, writable: false);
        return await ModelArtifact.ReadAsync(stream, $"model '{version.Name}' version {version.Version}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Compares a candidate with the version that holds a place (a stage or an alias) and applies <paramref name="move"/> when the candidate is better.</summary>
    private ModelUpdate<PromotionDecision> Promote(
        IReadOnlyList<ModelVersion> versions, string name, int version, PromotionRule rule, string place, ModelVersion? current, Func<ModelUpdate<ModelVersion>> move)
    {
        ModelVersion candidate = Find(versions, name, version);
        double value = MetricOf(candidate, rule.Metric);
        double? held = current is null ? null : MetricOf(current, rule.Metric);
        if (current is not null && current.Version != version)
        {
            bool better = rule.HigherIsBetter ? value > held : value < held;
            if (!better)
            {
                string reason = FormattableString.Invariant(
                    $"version {version} has {rule.Metric} {value}, which does not beat {place} version {current.Version}'s {held} ({(rule.HigherIsBetter ? "higher" : "lower")} is better)");
                return new ModelUpdate<PromotionDecision>([], [], new PromotionDecision(false, reason, value, held));
            }
        }

        ModelUpdate<ModelVersion> moved = move();
        string because = current is null || current.Version == version
            ? FormattableString.Invariant($"version {version} has {rule.Metric} {value} and no other version was in {place}")
            : FormattableString.Invariant($"version {version} has {rule.Metric} {value}, better than {place} version {current.Version}'s {held}");
        return new ModelUpdate<PromotionDecision>(moved.Changed, moved.Transitions, new PromotionDecision(true, because, value, held));
    }

    private ModelUpdate<ModelVersion> PointAlias(IReadOnlyList<ModelVersion> versions, string name, string alias, int version)
    {
        ModelVersion target = Find(versions, name, version);
        if (target.Aliases.Contains(alias, StringComparer.Ordinal))
        {
            return new ModelUpdate<ModelVersion>([], [], target);
        }

        var changed = versions
            .Where(v => v.Version != version && v.Aliases.Contains(alias, StringComparer.Ordinal))
            .Select(v => v with { Aliases = [.. v.Aliases.Where(a => a != alias)] })
            .ToList();
        ModelVersion pointed = target with { Aliases = [.. target.Aliases, alias] };
        changed.Add(pointed);
        return new ModelUpdate<ModelVersion>(changed, [], pointed);
    }

    private async Task<IReadOnlyList<ModelVersion>> ListVersionsOfRegisteredAsync(string name, CancellationToken cancellationToken)
    {
        IReadOnlyList<ModelVersion> versions = await ListVersionsAsync(name, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            // The store lists no versions for a model it does not have; say which models it does have instead.
            IReadOnlyList<string> models = await ListModelsAsync(cancellationToken).ConfigureAwait(false);
            if (!models.Contains(name, StringComparer.Ordinal))
            {
                throw new ModelNotFoundException(name, _store.Location, models);
            }
        }

        return versions;
    }

    private ModelUpdate<ModelVersion> Move(IReadOnlyList<ModelVersion> versions, string name, int version, ModelStage stage, string who, string why, DateTimeOffset when)
    {
        ModelVersion target = Find(versions, name, version);
        if (target.Stage == stage)
        {
            return new ModelUpdate<ModelVersion>([], [], target);
        }

        var changed = new List<ModelVersion>();
        var transitions = new List<StageTransition>();
        if (stage is ModelStage.Production or ModelStage.Staging)
        {
            foreach (ModelVersion holder in versions.Where(v => v.Stage == stage && v.Version != version))
            {
                changed.Add(holder with { Stage = ModelStage.Archived });
                transitions.Add(new StageTransition(holder.Version, stage, ModelStage.Archived, who, when, $"replaced in {stage} by version {version.ToString(CultureInfo.InvariantCulture)}: {why}"));
            }
        }

        ModelVersion moved = target with { Stage = stage };
        changed.Add(moved);
        transitions.Add(new StageTransition(version, target.Stage, stage, who, when, why));
        return new ModelUpdate<ModelVersion>(changed, transitions, moved);
    }

    private ModelVersion Find(IReadOnlyList<ModelVersion> versions, string name, int version) =>
        versions.FirstOrDefault(v => v.Version == version) ?? throw new ModelNotFoundException(name, version, _store.Location, [.. versions.Select(v => v.Version)]);

    private static double MetricOf(ModelVersion version, string metric) =>
        version.Metrics.TryGetValue(metric, out double value)
            ? value
            : throw new InvalidOperationException($"Version {version.Version} of model '{version.Name}' has no metric '{metric}' to compare; its metrics are {(version.Metrics.Count == 0 ? "none" : string.Join(", ", version.Metrics.Keys))}.");
}
