using System.Globalization;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Scoring;

/// <summary>
/// Which registered model version a scorer loads: a fixed version, or whichever version carries an alias
/// (<c>champion</c>) or holds a stage (<see cref="ModelStage.Production"/>, <see cref="ModelStage.Staging"/>) when the
/// scorer loads or refreshes.
/// </summary>
/// <remarks>
/// Text forms (see <see cref="Parse"/>): <c>name/3</c>, <c>name@champion</c>, <c>name/Production</c>, and the same with
/// MLflow's <c>models:/</c> prefix. The stages are kept as a view of their own: <c>name@production</c> and
/// <c>name/Production</c> name the version in Production (no alias may take a stage's name).
/// </remarks>
public sealed record ModelReference
{
    private ModelReference(string name, ModelStage? stage, int? version, string? alias)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Stage = stage;
        Version = version;
        Alias = alias;
    }

    /// <summary>The registered model's name.</summary>
    public string Name { get; }

    /// <summary>The stage whose version is loaded, or null.</summary>
    public ModelStage? Stage { get; }

    /// <summary>The fixed version loaded, or null.</summary>
    public int? Version { get; }

    /// <summary>The alias whose version is loaded (lowercase), or null.</summary>
    public string? Alias { get; }

    /// <summary>Whether a refresh can move the reference to another version (it names a stage or an alias, not a fixed version).</summary>
    public bool Moves => Version is null;

    /// <summary>The version of a model that holds a stage.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="stage">Production or Staging (None and Archived may hold several versions; the newest is taken).</param>
    public static ModelReference ForStage(string name, ModelStage stage) =>
        Enum.IsDefined(stage) ? new ModelReference(name, stage, null, null) : throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown stage.");

    /// <summary>A fixed version of a model.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version number, from 1.</param>
    public static ModelReference ForVersion(string name, int version)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        return new ModelReference(name, null, version, null);
    }

    /// <summary>The version of a model that carries an alias (<see cref="ModelRegistry.SetAliasAsync"/>).</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="alias">The alias, such as <c>champion</c>; a stage's name gives <see cref="ForStage"/> of that stage.</param>
    /// <exception cref="ArgumentException">The name cannot be an alias (<see cref="ModelAliases.Normalize"/> says why).</exception>
    public static ModelReference ForAlias(string name, string alias) =>
        ModelAliases.StageNamed(alias) is { } stage ? ForStage(name, stage) : new ModelReference(name, null, null, ModelAliases.Normalize(alias));

    /// <summary>Reads <c>name/3</c>, <c>name@champion</c>, <c>name/Production</c> or <c>name@production</c>, optionally prefixed by <c>models:/</c>.</summary>
    /// <param name="text">The reference.</param>
    /// <exception cref="FormatException">The text is not a reference; the message shows the forms.</exception>
    public static ModelReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string body = text.StartsWith("models:/", StringComparison.Ordinal) ? text["models:/".Length..] : text;
        int at = body.LastIndexOf('@');
        int slash = body.LastIndexOf('/');
        int split = Math.Max(at, slash);
        if (split > 0 && split < body.Length - 1)
        {
            string name = body[..split], selector = body[(split + 1)..];
            if (slash == split && int.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out int version) && version > 0)
            {
                return ForVersion(name, version);
            }

            if (ModelAliases.StageNamed(selector) is { } stage)
            {
                return ForStage(name, stage);
            }

            if (at == split && ModelAliases.IsValid(selector))
            {
                return ForAlias(name, selector);
            }
        }

        throw new FormatException($"'{text}' is not a model reference; write name/3 (a version), name@champion (an alias: letters, digits, '_' and '-', not a number, latest or v<n>), or name/Production or name@production (a stage: None, Staging, Production, Archived).");
    }

    /// <summary>The version the reference names now: the fixed version, the one in the stage, or the one carrying the alias; null when the stage or alias names none.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <exception cref="ModelNotFoundException">The model is not registered, or has no such fixed version.</exception>
    public async Task<ModelVersion?> ResolveAsync(ModelRegistry registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return Stage is { } stage ? await registry.GetLatestAsync(Name, stage, cancellationToken).ConfigureAwait(false)
            : Alias is { } alias ? await registry.GetVersionByAliasAsync(Name, alias, cancellationToken).ConfigureAwait(false)
            : await registry.GetVersionAsync(Name, Version!.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reference as <see cref="Parse"/> reads it: <c>name/3</c>, <c>name@champion</c> or <c>name/Production</c>.</summary>
    public override string ToString() =>
        Stage is { } stage ? $"{Name}/{stage}"
        : Alias is { } alias ? $"{Name}@{alias}"
        : FormattableString.Invariant($"{Name}/{Version}");
}
