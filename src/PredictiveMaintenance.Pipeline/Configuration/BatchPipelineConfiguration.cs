using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace PredictiveMaintenance.Pipeline;

/// <summary>Reads <see cref="BatchPipelineOptions"/> from a JSON file or a configuration section (the options pattern's binder).</summary>
public static class BatchPipelineConfiguration
{
    /// <summary>The configuration file name <c>pdm</c> looks for: <c>pdm.json</c>.</summary>
    public const string DefaultFileName = "pdm.json";

    /// <summary>Loads, binds and validates a JSON configuration file; its folder becomes <see cref="BatchPipelineOptions.Root"/> unless the file sets <c>root</c>.</summary>
    /// <param name="path">The JSON file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="PipelineConfigurationException">The file is not JSON, has unknown keys or values of the wrong type, or fails <see cref="BatchPipelineOptions.Validate"/>; each error names its JSON path.</exception>
    public static BatchPipelineOptions Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"The pipeline configuration '{full}' does not exist; 'pdm init <folder>' writes one.", full);
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonFile(full, optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException e)
        {
            throw new PipelineConfigurationException(full, [$"$: {e.InnerException?.Message ?? e.Message}"]);
        }

        BatchPipelineOptions options = Bind(configuration, full);
        if (configuration[nameof(BatchPipelineOptions.Root)] is null)
        {
            options.Root = Path.GetDirectoryName(full)!;
        }
        else
        {
            options.Root = Path.GetFullPath(options.Root, Path.GetDirectoryName(full)!);
        }

        IReadOnlyList<string> errors = BatchPipelineOptionsValidator.Check(options);
        if (errors.Count > 0)
        {
            throw new PipelineConfigurationException(full, errors);
        }

        return options;
    }

    /// <summary>Binds options from a configuration (a whole file's root or a section), refusing unknown keys and values of the wrong type.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="source">The file or description named in errors; null for none.</param>
    /// <exception cref="PipelineConfigurationException">A key is unknown or a value does not convert; each error names its JSON path.</exception>
    /// <remarks>The options are not validated as a whole; call <see cref="BatchPipelineOptions.Validate"/>.</remarks>
    public static BatchPipelineOptions Bind(IConfiguration configuration, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        CheckSection(configuration, typeof(BatchPipelineOptions), "$", errors);
        if (errors.Count > 0)
        {
            throw new PipelineConfigurationException(source, errors);
        }

        var options = new BatchPipelineOptions();
        configuration.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        return options;
    }

    // The binder reports the first bad key without its full path and silently skips some mistakes (a scalar where an
    // object belongs), so the keys and values are checked against the option types first, collecting every error.
    private static void CheckSection(IConfiguration section, Type type, string path, List<string> errors)
    {
        Dictionary<string, PropertyInfo> properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (IConfigurationSection child in section.GetChildren())
        {
            string childPath = $"{path}.{child.Key}";
            if (!properties.TryGetValue(child.Key, out PropertyInfo? property))
            {
                errors.Add($"{childPath}: unknown setting; expected one of {string.Join(", ", properties.Keys.Select(CamelCase))}.");
                continue;
            }

            CheckValue(child, property.PropertyType, childPath, errors);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, string path, List<string> errors)
    {
        Type target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            if (section.Value is { Length: > 0 })
            {
                errors.Add($"{path}: expected an object, got '{section.Value}'.");
                return;
            }

            foreach (IConfigurationSection entry in section.GetChildren())
            {
                CheckValue(entry, target.GetGenericArguments()[1], $"{path}.{entry.Key}", errors);
            }

            return;
        }

        if (Type.GetTypeCode(target) == TypeCode.Object && target != typeof(TimeSpan))
        {
            if (section.Value is { Length: > 0 })
            {
                errors.Add($"{path}: expected an object, got '{section.Value}'.");
                return;
            }

            CheckSection(section, target, path, errors);
            return;
        }

        if (section.Value is null)
        {
            errors.Add($"{path}: expected {Describe(target)}, got an object or array.");
            return;
        }

        bool valid = Type.GetTypeCode(target) switch
        {
            TypeCode.String => true,
            TypeCode.Boolean => bool.TryParse(section.Value, out _),
            TypeCode.Int32 => int.TryParse(section.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            TypeCode.Double => double.TryParse(section.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            TypeCode.Object => TimeSpan.TryParse(section.Value, CultureInfo.InvariantCulture, out _),
            _ => false,
        };
        if (!valid && !(section.Value.Length == 0 && type != target))
        {
            errors.Add($"{path}: expected {Describe(target)}, got '{section.Value}'.");
        }
    }

    private static string Describe(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => "true or false",
        TypeCode.Int32 => "an integer",
        TypeCode.Double => "a number",
        TypeCode.Object => "a duration such as 00:00:30",
        _ => "a string",
    };

    private static string CamelCase(string name) => string.Concat(char.ToLowerInvariant(name[0]).ToString(), name[1..]);
}
