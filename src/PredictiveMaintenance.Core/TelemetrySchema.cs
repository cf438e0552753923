using System.Collections.ObjectModel;

namespace PredictiveMaintenance;

/// <summary>
/// The columns of a <see cref="TelemetryTable"/>: an asset column, a time column and the numeric channels.
/// Immutable and thread-safe; two schemas are equal when names, time kind and channels (in order) are equal.
/// </summary>
public sealed class TelemetrySchema : IEquatable<TelemetrySchema>
{
    private readonly ChannelDefinition[] _channels;
    private readonly Dictionary<string, int> _channelIndex;

    /// <summary>Creates a schema.</summary>
    /// <param name="assetColumn">Name of the asset id column.</param>
    /// <param name="timeColumn">Name of the time column.</param>
    /// <param name="timeKind">What the time column counts.</param>
    /// <param name="channels">The numeric channels, in column order; names unique and distinct from the asset and time columns.</param>
    /// <exception cref="SchemaException">A name is empty or repeated.</exception>
    public TelemetrySchema(string assetColumn, string timeColumn, TimeKind timeKind, IEnumerable<ChannelDefinition> channels)
    {
        ArgumentNullException.ThrowIfNull(assetColumn);
        ArgumentNullException.ThrowIfNull(timeColumn);
        ArgumentNullException.ThrowIfNull(channels);
        if (!Enum.IsDefined(timeKind))
        {
            throw new ArgumentOutOfRangeException(nameof(timeKind), timeKind, "Unknown time kind.");
        }

        _channels = [.. channels];
        _channelIndex = new Dictionary<string, int>(_channels.Length, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in (string[])[assetColumn, timeColumn, .. _channels.Select(c => c.Name)])
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new SchemaException("A telemetry schema column name is null or empty.");
            }

            if (!seen.Add(name))
            {
                throw new SchemaException($"Column '{name}' appears more than once in the telemetry schema.");
            }
        }

        for (int i = 0; i < _channels.Length; i++)
        {
            _channelIndex.Add(_channels[i].Name, i);
        }

        AssetColumn = assetColumn;
        TimeColumn = timeColumn;
        TimeKind = timeKind;
        Channels = new ReadOnlyCollection<ChannelDefinition>(_channels);
    }

    /// <summary>Creates a schema of sensor channels with timestamps.</summary>
    /// <param name="assetColumn">Name of the asset id column.</param>
    /// <param name="timeColumn">Name of the timestamp column.</param>
    /// <param name="sensorChannels">Names of the sensor channels.</param>
    public TelemetrySchema(string assetColumn, string timeColumn, params string[] sensorChannels)
        : this(assetColumn, timeColumn, TimeKind.UtcTimestamp, (sensorChannels ?? throw new ArgumentNullException(nameof(sensorChannels))).Select(n => new ChannelDefinition(n)))
    {
    }

    /// <summary>Name of the asset id column.</summary>
    public string AssetColumn { get; }

    /// <summary>Name of the time column.</summary>
    public string TimeColumn { get; }

    /// <summary>What the time column counts.</summary>
    public TimeKind TimeKind { get; }

    /// <summary>The numeric channels, in column order.</summary>
    public IReadOnlyList<ChannelDefinition> Channels { get; }

    /// <summary>Returns the index of the channel named <paramref name="name"/>, or -1.</summary>
    /// <param name="name">Channel name (ordinal comparison).</param>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _channelIndex.TryGetValue(name, out int index) ? index : -1;
    }

    /// <summary>Returns the index of the channel named <paramref name="name"/>.</summary>
    /// <param name="name">Channel name (ordinal comparison).</param>
    /// <exception cref="SchemaException">No channel has that name; the message lists the channels.</exception>
    public int GetIndex(string name)
    {
        int index = IndexOf(name);
        return index >= 0
            ? index
            : throw new SchemaException($"Channel '{name}' is not in the schema; its channels are {FormatNames(_channels.Select(c => c.Name))}.");
    }

    /// <summary>Returns a schema with the same asset and time columns and the given channels.</summary>
    /// <param name="channels">The channels of the new schema.</param>
    public TelemetrySchema WithChannels(IEnumerable<ChannelDefinition> channels) => new(AssetColumn, TimeColumn, TimeKind, channels);

    /// <summary>Formats a value of the time column for messages: ISO-8601 for timestamps, <c>cycle N</c> for cycles.</summary>
    /// <param name="time">A value of the time column.</param>
    public string FormatTime(long time) => TimeKind == TimeKind.UtcTimestamp ? UnixTime.Format(time) : FormattableString.Invariant($"cycle {time}");

    /// <inheritdoc/>
    public bool Equals(TelemetrySchema? other) =>
        other is not null
        && AssetColumn == other.AssetColumn
        && TimeColumn == other.TimeColumn
        && TimeKind == other.TimeKind
        && _channels.AsSpan().SequenceEqual(other._channels);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TelemetrySchema);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(AssetColumn);
        hash.Add(TimeColumn);
        hash.Add(TimeKind);
        foreach (ChannelDefinition channel in _channels)
        {
            hash.Add(channel);
        }

        return hash.ToHashCode();
    }

    /// <summary>Describes the schema as <c>asset, time (kind): channel (role), ...</c>.</summary>
    public override string ToString() =>
        $"{AssetColumn}, {TimeColumn} ({TimeKind}): {string.Join(", ", _channels.Select(c => $"{c.Name} ({c.Role})"))}";

    internal static string FormatNames(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
