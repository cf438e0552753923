namespace PredictiveMaintenance.IO;

/// <summary>Finds the files of a data set in a folder, compressed or not.</summary>
internal static class DatasetFiles
{
    /// <summary>Returns <paramref name="name"/> in <paramref name="folder"/>, or its <c>.gz</c>.</summary>
    /// <exception cref="FileNotFoundException">Neither exists.</exception>
    public static string Find(string folder, string name)
    {
        string plain = Path.Combine(folder, name);
        return File.Exists(plain) ? plain
            : File.Exists(plain + ".gz") ? plain + ".gz"
            : throw new FileNotFoundException($"Neither {name} nor {name}.gz is in {folder}.", plain);
    }

    /// <summary>Returns the one file in <paramref name="folder"/> whose name starts with <paramref name="prefix"/> and is <c>.csv</c> or <c>.csv.gz</c>.</summary>
    /// <exception cref="FileNotFoundException">There is none, or more than one.</exception>
    public static string FindOne(string folder, string prefix)
    {
        string[] found = [.. Directory.EnumerateFiles(folder, prefix + "*")
            .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)];
        return found.Length == 1 ? found[0]
            : throw new FileNotFoundException(found.Length == 0
                ? $"No {prefix}*.csv or {prefix}*.csv.gz file is in {folder}."
                : $"{found.Length} files match {prefix}*.csv in {folder}: {string.Join(", ", found.Select(Path.GetFileName))}; keep one.");
    }
}
