using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Simulation;

/// <summary>
/// Writes a simulated fleet to a folder in the layout of the Azure predictive-maintenance data, which
/// <see cref="AzurePdmDataset.LoadAsync"/> reads: <c>PdM_telemetry.csv</c> (<c>datetime,machineID,volt,rotate,pressure,vibration</c>),
/// <c>PdM_errors.csv</c> (<c>datetime,machineID,errorID</c>), <c>PdM_maint.csv</c> (<c>datetime,machineID,comp,kind</c>; the extra
/// <c>kind</c> column, <c>scheduled</c> or <c>unscheduled</c>, is read with <see cref="EventLogOptions.KindColumn"/> and ignored by
/// the Azure reader), <c>PdM_failures.csv</c> (<c>datetime,machineID,failure</c>), <c>PdM_machines.csv</c> (<c>machineID,model,age</c>),
/// and the ground truth <c>sensor_faults.csv</c> (<c>datetime,machineID,fault,channel,recorded_datetime</c>).
/// </summary>
/// <remarks>Generation streams: memory stays at one reading time of the fleet (CSV) or one batch (Parquet), whatever the fleet's history.</remarks>
public static class FleetWriter
{
    /// <summary>The telemetry file's name without extension.</summary>
    public const string TelemetryFileName = "PdM_telemetry";

    /// <summary>The ground-truth fault file's name.</summary>
    public const string FaultsFileName = "sensor_faults.csv";

    private const int FlushBytes = 1 << 20;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes every file of the fleet into <paramref name="folder"/>, replacing files of the same names.</summary>
    /// <param name="simulator">The fleet.</param>
    /// <param name="folder">The folder; created if missing.</param>
    /// <param name="format">How to write the telemetry. Default: <see cref="FleetFileFormat.Csv"/>.</param>
    /// <param name="cancellationToken">Cancels the write between reading times.</param>
    /// <returns>What was written.</returns>
    public static Task<FleetWriteSummary> WriteAsync(FleetSimulator simulator, string folder, FleetFileFormat format = FleetFileFormat.Csv, CancellationToken cancellationToken = default) =>
        WriteAsync(simulator, folder, format, progress: null, cancellationToken);

    /// <summary>Writes every file of the fleet into <paramref name="folder"/>, replacing files of the same names, reporting the telemetry rows written so far.</summary>
    /// <param name="simulator">The fleet.</param>
    /// <param name="folder">The folder; created if missing.</param>
    /// <param name="format">How to write the telemetry.</param>
    /// <param name="progress">
    /// Receives the number of telemetry rows written so far, synchronously, each time a buffer of rows reaches the file
    /// (about every MiB of CSV, every batch of Parquet) and once at the end with the total; none when null.
    /// </param>
    /// <param name="cancellationToken">Cancels the write between reading times.</param>
    /// <returns>What was written.</returns>
    public static async Task<FleetWriteSummary> WriteAsync(FleetSimulator simulator, string folder, FleetFileFormat format, IProgress<long>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Not a fleet file format.");
        }

        Directory.CreateDirectory(folder);
        bool gzip = format == FleetFileFormat.CsvGzip;
        var files = new List<string>();
        string PathOf(string name)
        {
            string path = Path.Combine(folder, gzip ? name + ".gz" : name);
            files.Add(path);
            return path;
        }

        var engine = new FleetEngine(simulator.Options);
        var events = new EventCsvSink(engine);
        await WriteMachinesAsync(simulator, PathOf("PdM_machines.csv"), gzip, cancellationToken).ConfigureAwait(false);
        LogFiles logs = await LogFiles.OpenAsync(PathOf("PdM_errors.csv"), PathOf("PdM_maint.csv"), PathOf("PdM_failures.csv"), PathOf(FaultsFileName), gzip, cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable logsScope = logs.ConfigureAwait(false);
        long rows = format == FleetFileFormat.Parquet
            ? await WriteParquetTelemetryAsync(simulator, engine, events, logs, PathOf(TelemetryFileName + ".parquet"), progress, cancellationToken).ConfigureAwait(false)
            : await WriteCsvTelemetryAsync(simulator, engine, events, logs, PathOf(TelemetryFileName + ".csv"), gzip, progress, cancellationToken).ConfigureAwait(false);
        await logs.WriteAsync(events, cancellationToken).ConfigureAwait(false);
        return new FleetWriteSummary(files, rows, events.MaintenanceCount, events.FailureCount, events.ErrorCount, events.FaultCount);
    }

    private static async Task<long> WriteCsvTelemetryAsync(
        FleetSimulator simulator, FleetEngine engine, EventCsvSink events, LogFiles logs, string path, bool gzip, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        Stream telemetry = OpenFile(path, gzip);
        await using ConfiguredAsyncDisposable telemetryScope = telemetry.ConfigureAwait(false);
        var rows = new CsvRowEncoder(engine.AssetIds, FlushBytes + (engine.AssetCount * 128));
        rows.WriteHeader();
        var sink = new SinkPair(rows, events);
        for (int step = 0; step < simulator.Options.ReadingsPerAsset; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            engine.Step(step, sink);
            if (rows.Length >= FlushBytes)
            {
                await telemetry.WriteAsync(rows.Written, cancellationToken).ConfigureAwait(false);
                rows.Clear();
                progress?.Report(rows.RowsWritten);
            }

            if (events.PendingChars >= FlushBytes)
            {
                await logs.WriteAsync(events, cancellationToken).ConfigureAwait(false);
            }
        }

        await telemetry.WriteAsync(rows.Written, cancellationToken).ConfigureAwait(false);
        progress?.Report(rows.RowsWritten);
        return rows.RowsWritten;
    }

    private static async Task<long> WriteParquetTelemetryAsync(
        FleetSimulator simulator, FleetEngine engine, EventCsvSink events, LogFiles logs, string path, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ParquetTelemetryWriter telemetry = await ParquetTelemetryWriter.CreateFileAsync(path, simulator.Schema, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable telemetryScope = telemetry.ConfigureAwait(false);
        FleetSimulationOptions options = simulator.Options;
        int capacity = (int)Math.Min(Array.MaxLength, (long)options.AssetCount * Math.Min(options.BatchReadings, options.ReadingsPerAsset));
        for (int first = 0; first < options.ReadingsPerAsset; first += options.BatchReadings)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(options.BatchReadings, options.ReadingsPerAsset - first);
            var batch = new BatchCollector(engine, simulator.Schema, capacity);
            var sink = new SinkPair(batch, events);
            for (int step = first; step < first + count; step++)
            {
                engine.Step(step, sink);
            }

            await telemetry.WriteAsync(batch.Finish(first, count).Telemetry, cancellationToken).ConfigureAwait(false);
            await logs.WriteAsync(events, cancellationToken).ConfigureAwait(false);
            progress?.Report(telemetry.RowCount);
        }

        return telemetry.RowCount;
    }

    private static async Task WriteMachinesAsync(FleetSimulator simulator, string path, bool gzip, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("machineID,model,age\n");
        foreach (AssetAttributes asset in simulator.Assets)
        {
            text.Append(asset.AssetId).Append(',').Append(asset.Model).Append(',').Append(asset.Properties["age"]).Append('\n');
        }

        Stream file = OpenFile(path, gzip);
        await using ConfiguredAsyncDisposable fileScope = file.ConfigureAwait(false);
        await file.WriteAsync(Utf8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
    }

    private static Stream OpenFile(string path, bool gzip)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, FileOptions.Asynchronous);
        return gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
    }

    /// <summary>The four log files, written as their buffered lines grow.</summary>
    private sealed class LogFiles : IAsyncDisposable
    {
        private readonly StreamWriter[] _writers;

        private LogFiles(StreamWriter[] writers) => _writers = writers;

        public static async Task<LogFiles> OpenAsync(string errors, string maintenance, string failures, string faults, bool gzip, CancellationToken cancellationToken)
        {
            (string Path, string Header)[] files =
            [
                (errors, EventCsvSink.ErrorsHeader),
                (maintenance, EventCsvSink.MaintenanceHeader),
                (failures, EventCsvSink.FailuresHeader),
                (faults, EventCsvSink.FaultsHeader),
            ];
            var writers = new StreamWriter[files.Length];
            for (int i = 0; i < files.Length; i++)
            {
                writers[i] = new StreamWriter(OpenFile(files[i].Path, gzip), Utf8, 1 << 16) { NewLine = "\n" };
                await writers[i].WriteLineAsync(files[i].Header.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            return new LogFiles(writers);
        }

        public async Task WriteAsync(EventCsvSink events, CancellationToken cancellationToken)
        {
            StringBuilder[] texts = [events.ErrorLines, events.MaintenanceLines, events.FailureLines, events.FaultLines];
            for (int i = 0; i < texts.Length; i++)
            {
                await _writers[i].WriteAsync(texts[i], cancellationToken).ConfigureAwait(false);
                texts[i].Clear();
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (StreamWriter writer in _writers)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
