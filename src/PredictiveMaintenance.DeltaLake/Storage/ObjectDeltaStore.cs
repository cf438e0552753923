namespace PredictiveMaintenance.DeltaLake;

/// <summary>What the object stores share: a table is the objects under one prefix of a container or bucket, named by the location's URI.</summary>
internal abstract class ObjectDeltaStore(string root, string prefix) : DeltaStore
{
    public override string Root { get; } = root;

    /// <summary>The table's prefix in the container or bucket, without a trailing '/'; empty for the whole container.</summary>
    protected string Prefix { get; } = prefix;

    public override string Describe(string key) => Root + "/" + RelativeKey(key);

    /// <summary>The object name of a key in the container or bucket.</summary>
    protected string ObjectName(string key)
    {
        string relative = RelativeKey(key);
        return Prefix.Length == 0 ? relative : relative.Length == 0 ? Prefix : Prefix + "/" + relative;
    }

    /// <summary>The key of an object name listed under the table's prefix.</summary>
    protected string KeyOf(string objectName) => objectName[(Prefix.Length == 0 ? 0 : Prefix.Length + 1)..];

    /// <summary>The listing prefix of a directory key: its object name and a '/', or empty for the container's root.</summary>
    protected string DirectoryPrefix(string directory)
    {
        string name = ObjectName(directory);
        return name.Length == 0 ? "" : name + "/";
    }

    /// <summary>A key relative to the table, also for an absolute URI that an add action named under the table's location.</summary>
    private string RelativeKey(string key)
    {
        if (!DeltaPaths.HasScheme(key))
        {
            return key;
        }

        return key.StartsWith(Root + "/", StringComparison.Ordinal)
            ? Uri.UnescapeDataString(key[(Root.Length + 1)..])
            : throw new DeltaProtocolException($"'{key}' is outside the table '{Root}'; this store reads objects under the table's location only.");
    }
}
