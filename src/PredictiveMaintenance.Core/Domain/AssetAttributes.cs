using System.Collections.ObjectModel;

namespace PredictiveMaintenance;

/// <summary>Static data of an asset: its model, when it was installed, and other named attributes.</summary>
public sealed record AssetAttributes
{
    /// <summary>Creates the attributes of an asset.</summary>
    /// <param name="assetId">The asset.</param>
    /// <param name="model">The equipment model, such as <c>model3</c>.</param>
    /// <param name="installDate">When the asset was installed, in UTC, if known (an unspecified kind is read as UTC).</param>
    /// <param name="properties">Other attributes by name, as given in the source (ordinal keys); none when null.</param>
    public AssetAttributes(string assetId, string model, DateTime? installDate = null, IReadOnlyDictionary<string, string>? properties = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(assetId);
        ArgumentException.ThrowIfNullOrEmpty(model);
        AssetId = assetId;
        Model = model;
        InstallDate = installDate is { } date ? UnixTime.EnsureUtc(date, nameof(installDate)) : null;
        Properties = new ReadOnlyDictionary<string, string>(properties is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(properties, StringComparer.Ordinal));
    }

    /// <summary>The asset.</summary>
    public string AssetId { get; }

    /// <summary>The equipment model.</summary>
    public string Model { get; }

    /// <summary>When the asset was installed, in UTC, if known.</summary>
    public DateTime? InstallDate { get; }

    /// <summary>Other attributes by name, as given in the source.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>Age in years at <paramref name="time"/> (365.25-day years), or null when the install date is unknown.</summary>
    /// <param name="time">The time, in UTC.</param>
    public double? AgeInYearsAt(DateTime time) =>
        InstallDate is { } installed ? (UnixTime.EnsureUtc(time, nameof(time)) - installed).TotalDays / 365.25 : null;

    /// <inheritdoc/>
    public bool Equals(AssetAttributes? other) =>
        other is not null
        && AssetId == other.AssetId
        && Model == other.Model
        && InstallDate == other.InstallDate
        && Properties.Count == other.Properties.Count
        && Properties.All(p => other.Properties.TryGetValue(p.Key, out string? v) && v == p.Value);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(AssetId, Model, InstallDate, Properties.Count);
}
