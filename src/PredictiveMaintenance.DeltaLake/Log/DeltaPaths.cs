using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.DeltaLake;

/// <summary>File names of the Delta log and the path encoding of add actions (PROTOCOL.md, Delta Log Entries, Add File and Remove File).</summary>
internal static partial class DeltaPaths
{
    public const string LogDirectoryName = "_delta_log";
    public const string LastCheckpointName = "_last_checkpoint";

    /// <summary>Characters Spark/Hive escape in partition directory names (the rest of the name stays as is).</summary>
    private static readonly SearchValues<char> HiveEscaped = SearchValues.Create("\"#%'*/:=?\\\u007F{[]^");

    /// <summary>The 20-digit version that starts the name of every commit and checkpoint file of <paramref name="version"/>.</summary>
    public static string VersionPrefix(long version) => version.ToString("D20", CultureInfo.InvariantCulture);

    public static string CommitName(long version) => VersionPrefix(version) + ".json";

    public static string CheckpointName(long version) => VersionPrefix(version) + ".checkpoint.parquet";

    /// <summary>
    /// The store key of an add or remove action's path: a URI relative to the table root, percent-decoded once (a '+' stays
    /// a '+'); a <c>file:</c> URI becomes its local path, and other absolute URIs stay as they are for the store to resolve.
    /// </summary>
    public static string ToKey(string uriPath)
    {
        if (uriPath.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(uriPath).LocalPath;
        }

        return StorageLocation.HasScheme(uriPath) ? uriPath : Uri.UnescapeDataString(uriPath);
    }

    /// <summary>Encodes a relative path (with '/' separators) as the URI string of an add action.</summary>
    public static string ToUri(string relativePath)
    {
        var text = new StringBuilder(relativePath.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(relativePath))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '/' or '=')
            {
                text.Append(c);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return text.ToString();
    }

    /// <summary>The directory name of one partition column: <c>column=value</c>, Hive-escaped; null is <c>__HIVE_DEFAULT_PARTITION__</c>.</summary>
    public static string PartitionDirectory(string column, string? value)
    {
        if (value is null)
        {
            return HiveEscape(column) + "=__HIVE_DEFAULT_PARTITION__";
        }

        return HiveEscape(column) + "=" + HiveEscape(value);
    }

    private static string HiveEscape(string text)
    {
        if (text.AsSpan().IndexOfAny(HiveEscaped) < 0 && !text.Any(char.IsControl))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (HiveEscaped.Contains(c) || char.IsControl(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"%{(int)c:X2}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>The version a log object's key names (a commit or checkpoint), or null for any other object.</summary>
    public static long? VersionOf(string key)
    {
        string name = key[(key.LastIndexOf('/') + 1)..];
        return TryParseCommit(name, out long version) || TryParseCheckpoint(name, out version, out _, out _, out _) ? version : null;
    }

    public static bool TryParseCommit(string name, out long version)
    {
        Match match = CommitPattern().Match(name);
        version = match.Success ? long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : -1;
        return match.Success;
    }

    public static bool TryParseCheckpoint(string name, out long version, out int part, out int parts, out bool isV2)
    {
        Match match = CheckpointPattern().Match(name);
        version = -1;
        part = parts = 1;
        isV2 = false;
        if (!match.Success)
        {
            return false;
        }

        version = long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        if (match.Groups[2].Success)
        {
            part = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
            parts = int.Parse(match.Groups[3].ValueSpan, CultureInfo.InvariantCulture);
        }

        isV2 = match.Groups[4].Success;
        return true;
    }

    [GeneratedRegex(@"^(\d{20})\.json$")]
    private static partial Regex CommitPattern();

    [GeneratedRegex(@"^(\d{20})\.checkpoint(?:\.(\d{10})\.(\d{10})\.parquet|(\.[0-9a-fA-F-]{36}\.(?:json|parquet))|\.parquet)$")]
    private static partial Regex CheckpointPattern();

}
