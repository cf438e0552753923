using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PredictiveMaintenance.Features;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// The state after a batch: each asset's last ingested time (rows not later are late) and the feature window state.
/// Kept as <c>state/batches/&lt;sequence&gt;.json</c>, written before the features commit of its batch, so that the state of
/// the last committed batch is always on disk; a file written for a batch whose commit did not land is rewritten, with
/// the same content, when the batch is resumed.
/// </summary>
internal sealed class BatchState
{
    private BatchState(long sequence, Dictionary<string, long> watermarks, FeatureState features)
    {
        Sequence = sequence;
        Watermarks = watermarks;
        Features = features;
    }

    public long Sequence { get; }

    public Dictionary<string, long> Watermarks { get; }

    public FeatureState Features { get; }

    public static BatchState Initial(FeatureSpec spec) => new(0, new Dictionary<string, long>(StringComparer.Ordinal), FeatureState.Initial(spec));

    public BatchState Next(long sequence, TelemetryTable appended, FeatureState features)
    {
        var watermarks = new Dictionary<string, long>(Watermarks, StringComparer.Ordinal);
        for (int asset = 0; asset < appended.AssetCount; asset++)
        {
            ReadOnlySpan<long> times = appended.GetTimes(asset);
            if (times.Length > 0)
            {
                watermarks[appended.AssetIds[asset]] = times[^1];
            }
        }

        return new BatchState(sequence, watermarks, features);
    }

    public static string PathOf(string stateFolder, long sequence) =>
        Path.Combine(stateFolder, "batches", sequence.ToString("D10", CultureInfo.InvariantCulture) + ".json");

    /// <summary>Loads the state after batch <paramref name="sequence"/>, or the initial state for 0.</summary>
    public static BatchState Load(string stateFolder, long sequence, FeatureSpec spec)
    {
        if (sequence == 0)
        {
            return Initial(spec);
        }

        string path = PathOf(stateFolder, sequence);
        if (!File.Exists(path))
        {
            throw new PredictiveMaintenanceException(
                $"The state after batch {sequence} ('{path}') is missing, so batch {sequence + 1} cannot continue the feature windows; restore the state folder or rebuild the tables from the staged files.");
        }

        JsonObject root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        FeatureState features = FeatureState.FromJson(root["features"]!.ToJsonString());
        if (!features.Spec.Equals(spec))
        {
            throw new PipelineConfigurationException(
                $"$.features.spec: the tables were built with '{features.Spec}' (state '{path}'), not '{spec}'; a changed specification needs new tables.");
        }

        var watermarks = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach ((string asset, JsonNode? time) in root["watermarks"]!.AsObject())
        {
            watermarks[asset] = time!.GetValue<long>();
        }

        return new BatchState(root["sequence"]!.GetValue<long>(), watermarks, features);
    }

    public void Save(string stateFolder)
    {
        string path = PathOf(stateFolder, Sequence);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var watermarks = new JsonObject();
        foreach ((string asset, long time) in Watermarks.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            watermarks[asset] = time;
        }

        var root = new JsonObject
        {
            ["sequence"] = Sequence,
            ["watermarks"] = watermarks,
            ["features"] = JsonNode.Parse(Features.ToJson()),
        };

        // Written beside and moved into place, so that a crash leaves the old file or the new one, never half of one.
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, root.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Deletes the states before <paramref name="sequence"/>, which no batch can resume from any more.</summary>
    public static void PruneBefore(string stateFolder, long sequence)
    {
        string folder = Path.Combine(stateFolder, "batches");
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (string file in Directory.EnumerateFiles(folder, "*.json"))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out long s) && s < sequence)
            {
                File.Delete(file);
            }
        }
    }
}
