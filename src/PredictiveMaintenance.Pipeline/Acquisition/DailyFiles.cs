using System.Globalization;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Pipeline;

/// <summary>Splits telemetry into one gzip CSV file per UTC day, as a gateway drops them into a staging folder (for samples, tests and <c>pdm init</c>).</summary>
public static class DailyFiles
{
    /// <summary>Writes one file <c>&lt;prefix&gt;-yyyy-MM-dd.csv.gz</c> per UTC day that has rows, read back exactly by the pipeline.</summary>
    /// <param name="table">Telemetry with <see cref="TimeKind.UtcTimestamp"/> times.</param>
    /// <param name="folder">The folder; created if missing. Files of the same names are replaced.</param>
    /// <param name="prefix">The file name prefix; default <c>telemetry</c>.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The files written, in day order.</returns>
    /// <exception cref="SchemaException">The table counts cycles, not timestamps.</exception>
    public static async Task<IReadOnlyList<string>> WriteAsync(TelemetryTable table, string folder, string prefix = "telemetry", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (table.Schema.TimeKind != TimeKind.UtcTimestamp)
        {
            throw new SchemaException($"Telemetry of schema [{table.Schema}] counts cycles, so it has no days to split by.");
        }

        Directory.CreateDirectory(folder);
        var days = new SortedDictionary<long, TelemetryTableBuilder>();
        double[] values = new double[table.Schema.Channels.Count];
        for (int asset = 0; asset < table.AssetCount; asset++)
        {
            Range rows = table.GetAssetRows(asset);
            for (int row = rows.Start.Value; row < rows.End.Value; row++)
            {
                long day = Math.DivRem(table.Times[row], UnixTime.MicrosecondsPerDay, out long rest) - (rest < 0 ? 1 : 0);
                if (!days.TryGetValue(day, out TelemetryTableBuilder? builder))
                {
                    days[day] = builder = new TelemetryTableBuilder(table.Schema);
                }

                for (int c = 0; c < values.Length; c++)
                {
                    values[c] = table.GetChannel(c)[row];
                }

                builder.Add(table.AssetIds[asset], table.Times[row], values);
            }
        }

        var files = new List<string>(days.Count);
        foreach ((long day, TelemetryTableBuilder builder) in days)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{UnixTime.ToDateTime(day * UnixTime.MicrosecondsPerDay):yyyy-MM-dd}.csv.gz");
            string path = Path.Combine(folder, name);
            DelimitedTelemetryWriter writer = await DelimitedTelemetryWriter.CreateAsync(path, table.Schema, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
            }

            files.Add(path);
        }

        return files;
    }
}
