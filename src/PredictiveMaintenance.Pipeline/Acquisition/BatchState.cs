using System.Buffers;
using System.Globalization;
using System.Text.Json;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.Storage;

namespace PredictiveMaintenance.Pipeline;

/// <summary>
/// The state after a batch: each asset's last ingested time (rows not later are late) and the feature window state.
/// Kept as <c>batches/&lt;sequence&gt;.json</c> in the state store, written (whole, replacing any) before the features commit
/// of its batch, so that the state of the last committed batch is always kept; a file written for a batch whose commit did not land is rewritten, with
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

    public static string KeyOf(long sequence) => "batches/" + sequence.ToString("D10", CultureInfo.InvariantCulture) + ".json";

    /// <summary>Loads the state after batch <paramref name="sequence"/>, or the initial state for 0.</summary>
    public static async Task<BatchState> LoadAsync(ObjectStore state, long sequence, FeatureSpec spec, CancellationToken cancellationToken)
    {
        if (sequence == 0)
        {
            return Initial(spec);
        }

        string key = KeyOf(sequence);
        byte[] content;
        try
        {
            content = await state.ReadAllAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            throw new PredictiveMaintenanceException(
                $"The state after batch {sequence} ('{state.Describe(key)}') is missing, so batch {sequence + 1} cannot continue the feature windows; restore the state folder or rebuild the tables from the staged files.", e);
        }

        // One parse: the feature state is read from its own raw text, the envelope's few fields from the same document.
        using JsonDocument document = JsonDocument.Parse(content);
        JsonElement root = document.RootElement;
        FeatureState features = FeatureState.FromJson(root.GetProperty("features").GetRawText());
        if (!features.Spec.Equals(spec))
        {
            throw new PipelineConfigurationException(
                $"$.features.spec: the tables were built with '{features.Spec}' (state '{state.Describe(key)}'), not '{spec}'; a changed specification needs new tables.");
        }

        var watermarks = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (JsonProperty asset in root.GetProperty("watermarks").EnumerateObject())
        {
            watermarks[asset.Name] = asset.Value.GetInt64();
        }

        return new BatchState(root.GetProperty("sequence").GetInt64(), watermarks, features);
    }

    /// <summary>Writes the state; a replacement is visible whole or not at all, so a crash leaves the old state or the new one.</summary>
    public async Task SaveAsync(ObjectStore state, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", Sequence);
            writer.WriteStartObject("watermarks");
            foreach ((string asset, long time) in Watermarks.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteNumber(asset, time);
            }

            writer.WriteEndObject();
            writer.WritePropertyName("features");
            // Features' own JSON, written as it is: parsing it only to write it again cost as much as writing it.
            writer.WriteRawValue(Features.ToJson(), skipInputValidation: true);
            writer.WriteEndObject();
        }

        ReadOnlyMemory<byte> content = buffer.WrittenMemory;
        await state.WriteAsync(KeyOf(Sequence), s => s.WriteAsync(content, cancellationToken).AsTask(), replace: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the states before <paramref name="sequence"/>, which no batch can resume from any more.</summary>
    public static async Task PruneBeforeAsync(ObjectStore state, long sequence, CancellationToken cancellationToken)
    {
        foreach (StoredObject stored in await state.ListAsync("batches", recursive: false, cancellationToken).ConfigureAwait(false))
        {
            if (stored.Name.EndsWith(".json", StringComparison.Ordinal)
                && long.TryParse(stored.Name[..^".json".Length], NumberStyles.None, CultureInfo.InvariantCulture, out long s) && s < sequence)
            {
                await state.DeleteAsync(stored.Key, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
