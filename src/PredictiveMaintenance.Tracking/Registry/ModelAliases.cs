namespace PredictiveMaintenance.Tracking;

/// <summary>
/// The rules for alias names (MLflow's, plus the stages' names kept for the stages), held in one place for the registry
/// and for everything that reads a <c>name@alias</c> reference.
/// </summary>
public static class ModelAliases
{
    /// <summary>The stage a name read as an alias stands for (<c>production</c>, <c>Staging</c>, any case), or null.</summary>
    /// <param name="name">The name after the <c>@</c>.</param>
    public static ModelStage? StageNamed(string name) =>
        !string.IsNullOrEmpty(name) && !name.All(char.IsAsciiDigit) && Enum.TryParse(name, ignoreCase: true, out ModelStage stage) && Enum.IsDefined(stage) ? stage : null;

    /// <summary>Whether a name may be an alias (<see cref="Normalize"/> accepts it).</summary>
    /// <param name="alias">The name.</param>
    public static bool IsValid(string alias) => !string.IsNullOrWhiteSpace(alias) && Problem(alias.ToLowerInvariant()) is null;

    /// <summary>The alias as the registry keeps it (lowercase), or an error saying why the name cannot be an alias.</summary>
    /// <param name="alias">The name.</param>
    /// <exception cref="ArgumentException">The name is longer than 255 characters, holds characters other than letters, digits, '_' and '-', is a number, is reserved (<c>latest</c>, <c>v</c> and a number), or is a stage's name.</exception>
    public static string Normalize(string alias)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        string key = alias.ToLowerInvariant();
        return Problem(key) is { } problem ? throw new ArgumentException($"Alias '{alias}' {problem}.", nameof(alias)) : key;
    }

    private static string? Problem(string key) =>
        key.Length > 255 ? "is longer than 255 characters"
        : !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? "may hold only letters, digits, '_' and '-'"
        : key.All(char.IsAsciiDigit) ? "is a number (name/3 names version 3)"
        : key == "latest" ? "is reserved ('latest' means the newest version in MLflow)"
        : key.Length > 1 && key[0] == 'v' && key[1..].All(char.IsAsciiDigit) ? "is reserved ('v' and a number names a version)"
        : StageNamed(key) is { } stage ? $"is the name of stage {stage}, which the registry keeps as its own view (name@{key} is the version in {stage})"
        : null;
}
