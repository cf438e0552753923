using System.Runtime.CompilerServices;
using System.Text;

namespace PredictiveMaintenance.IO;

/// <summary>
/// Reads maintenance, failure and error logs and asset tables from delimited text (gzip or not). A record that cannot be
/// read is quarantined with its line, column and reason; nothing is dropped silently.
/// </summary>
public static class EventLogReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private delegate bool RowConverter<T>(DelimitedRecordReader record, out T value, out RowError error);

    /// <summary>Reads a maintenance log.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Its columns and format.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<EventLog<MaintenanceEvent>> ReadMaintenanceAsync(string path, EventLogOptions options, CancellationToken cancellationToken = default)
    {
        FileStream file = OpenFile(path);
        await using ConfiguredAsyncDisposable fileScope = file.ConfigureAwait(false);
        return await ReadMaintenanceAsync(file, path, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a maintenance log.</summary>
    /// <param name="stream">UTF-8 text, or gzip of it; left open.</param>
    /// <param name="source">The name used in positions and messages.</param>
    /// <param name="options">Its columns and format.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static Task<EventLog<MaintenanceEvent>> ReadMaintenanceAsync(Stream stream, string source, EventLogOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ReadAsync<MaintenanceEvent>(stream, source, options.Delimiter, options.HasHeader, (header, count, where) =>
        {
            (int asset, int time, int component) = EventColumns(options, header, count, where, "component");
            int kind = options.KindColumn?.Find(header, count, where, "kind") ?? -1;
            var timeField = new TimeField(TimeKind.UtcTimestamp, options.TimestampFormat);
            return (DelimitedRecordReader r, out MaintenanceEvent value, out RowError error) =>
            {
                value = default;
                MaintenanceKind maintenanceKind = options.DefaultKind;
                if (!TryText(r, asset, QuarantineReason.InvalidAssetId, "asset id", out string id, out error)
                    || !TryTime(r, time, timeField, out DateTime at, out error)
                    || !TryText(r, component, QuarantineReason.UnparsableValue, "component", out string name, out error)
                    || (kind >= 0 && !TryKind(r, kind, out maintenanceKind, out error)))
                {
                    return false;
                }

                value = new MaintenanceEvent(id, at, name, maintenanceKind);
                return true;
            };
        }, cancellationToken);
    }

    /// <summary>Reads a failure log.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Its columns and format.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<EventLog<FailureEvent>> ReadFailuresAsync(string path, EventLogOptions options, CancellationToken cancellationToken = default)
    {
        FileStream file = OpenFile(path);
        await using ConfiguredAsyncDisposable fileScope = file.ConfigureAwait(false);
        return await ReadFailuresAsync(file, path, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a failure log.</summary>
    /// <param name="stream">UTF-8 text, or gzip of it; left open.</param>
    /// <param name="source">The name used in positions and messages.</param>
    /// <param name="options">Its columns and format.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static Task<EventLog<FailureEvent>> ReadFailuresAsync(Stream stream, string source, EventLogOptions options, CancellationToken cancellationToken = default)
        => ReadNamedEventsAsync(stream, source, options, "component", static (id, at, name) => new FailureEvent(id, at, name), cancellationToken);

    /// <summary>Reads an error or alarm log.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Its columns and format.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<EventLog<ErrorEvent>> ReadErrorsAsync(string path, EventLogOptions options, CancellationToken cancellationToken = default)
    {
        FileStream file = OpenFile(path);
        await using ConfiguredAsyncDisposable fileScope = file.ConfigureAwait(false);
        return await ReadErrorsAsync(file, path, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads an error or alarm log.</summary>
    /// <param name="stream">UTF-8 text, or gzip of it; left open.</param>
    /// <param name="source">The name used in positions and messages.</param>
    /// <param name="options">Its columns and format.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static Task<EventLog<ErrorEvent>> ReadErrorsAsync(Stream stream, string source, EventLogOptions options, CancellationToken cancellationToken = default)
        => ReadNamedEventsAsync(stream, source, options, "error code", static (id, at, name) => new ErrorEvent(id, at, name), cancellationToken);

    // Failure and error logs have the same layout: asset, time and one named value (the component or the error code).
    private static Task<EventLog<T>> ReadNamedEventsAsync<T>(Stream stream, string source, EventLogOptions options, string valueName, Func<string, DateTime, string, T> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ReadAsync<T>(stream, source, options.Delimiter, options.HasHeader, (header, count, where) =>
        {
            (int asset, int time, int named) = EventColumns(options, header, count, where, valueName);
            var timeField = new TimeField(TimeKind.UtcTimestamp, options.TimestampFormat);
            return (DelimitedRecordReader r, out T value, out RowError error) =>
            {
                value = default!;
                if (!TryText(r, asset, QuarantineReason.InvalidAssetId, "asset id", out string id, out error)
                    || !TryTime(r, time, timeField, out DateTime at, out error)
                    || !TryText(r, named, QuarantineReason.UnparsableValue, valueName, out string name, out error))
                {
                    return false;
                }

                value = create(id, at, name);
                return true;
            };
        }, cancellationToken);
    }

    /// <summary>Reads a table of static asset data; columns other than the asset, model, install date and age become <see cref="AssetAttributes.Properties"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Its columns and format.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<EventLog<AssetAttributes>> ReadAssetsAsync(string path, AssetTableOptions options, CancellationToken cancellationToken = default)
    {
        FileStream file = OpenFile(path);
        await using ConfiguredAsyncDisposable fileScope = file.ConfigureAwait(false);
        return await ReadAssetsAsync(file, path, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a table of static asset data (it must have a header); a repeated asset is quarantined as a duplicate.</summary>
    /// <param name="stream">UTF-8 text, or gzip of it; left open.</param>
    /// <param name="source">The name used in positions and messages.</param>
    /// <param name="options">Its columns and format.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static Task<EventLog<AssetAttributes>> ReadAssetsAsync(Stream stream, string source, AssetTableOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ReadAsync<AssetAttributes>(stream, source, options.Delimiter, hasHeader: true, (header, count, where) =>
        {
            int asset = options.AssetColumn.Find(header, count, where, "asset");
            int model = options.ModelColumn.Find(header, count, where, "model");
            int installed = options.InstallDateColumn?.Find(header, count, where, "install date") ?? -1;
            int age = installed < 0 && options.AgeColumn is { } ageColumn ? ageColumn.Find(header, count, where, "age") : -1;
            int[] others = [.. Enumerable.Range(0, count).Where(i => i != asset && i != model && i != installed)];
            var timeField = new TimeField(TimeKind.UtcTimestamp, options.TimestampFormat);
            var seen = new Dictionary<string, long>(StringComparer.Ordinal);
            return (DelimitedRecordReader r, out AssetAttributes value, out RowError error) =>
            {
                value = null!;
                DateTime? installDate = null;
                if (!TryText(r, asset, QuarantineReason.InvalidAssetId, "asset id", out string id, out error)
                    || !TryText(r, model, QuarantineReason.UnparsableValue, "model", out string modelName, out error))
                {
                    return false;
                }

                if (installed >= 0)
                {
                    if (!TryTime(r, installed, timeField, out DateTime date, out error))
                    {
                        return false;
                    }

                    installDate = date;
                }
                else if (age >= 0)
                {
                    if (!Utf8Parsing.TryParseDouble(r.Field(age), out double years) || !double.IsFinite(years) || years < 0)
                    {
                        error = new RowError(age, QuarantineReason.UnparsableValue, $"'{Encoding.UTF8.GetString(r.Field(age))}' is not an age in years");
                        return false;
                    }

                    installDate = options.AgeReferenceDate.AddDays(-years * 365.25);
                }

                if (!seen.TryAdd(id, r.Line))
                {
                    error = new RowError(asset, QuarantineReason.Duplicate, FormattableString.Invariant($"asset '{id}' was already read at line {seen[id]}"));
                    return false;
                }

                var properties = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (int i in others)
                {
                    if (!TryText(r, i, QuarantineReason.UnparsableValue, header![i], out string text, out error, allowEmpty: true))
                    {
                        return false;
                    }

                    properties[header![i]] = text;
                }

                value = new AssetAttributes(id, modelName, installDate, properties);
                return true;
            };
        }, cancellationToken);
    }

    private static async Task<EventLog<T>> ReadAsync<T>(
        Stream stream, string source, FieldDelimiter delimiter, bool hasHeader, Func<string[]?, int, string, RowConverter<T>> bind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var records = new DelimitedRecordReader(stream, source, delimiter, leaveOpen: true);
        await using ConfiguredAsyncDisposable recordsScope = records.ConfigureAwait(false);
        long blankLines = await records.SkipToFirstRecordAsync(hasHeader, cancellationToken).ConfigureAwait(false);
        string[]? header = hasHeader ? records.ReadHeader() : null;
        int columnCount = records.FieldCount;
        RowConverter<T> convert = bind(header, columnCount, FormattableString.Invariant($"{source}, line {records.Line}"));

        var accepted = new List<T>();
        var quarantine = new List<QuarantinedRow>();
        long[] byReason = new long[Enum.GetValues<QuarantineReason>().Length];
        long input = 0;

        void Handle()
        {
            if (records.FieldCount == 0)
            {
                blankLines++;
                return;
            }

            input++;
            RowError error;
            if (records.FieldCount != columnCount)
            {
                error = new RowError(-1, QuarantineReason.WrongFieldCount, FormattableString.Invariant($"expected {columnCount} fields, found {records.FieldCount}"));
            }
            else if (convert(records, out T value, out error))
            {
                accepted.Add(value);
                return;
            }

            byReason[(int)error.Reason]++;
            var position = new SourcePosition(source, records.Line, error.Field + 1, error.Field >= 0 ? header?[error.Field] : null);
            quarantine.Add(new QuarantinedRow(position, error.Reason, error.Detail, Encoding.UTF8.GetString(records.Record)));
        }

        if (!hasHeader)
        {
            Handle();
        }

        do
        {
            while (records.TryReadRecord())
            {
                Handle();
            }
        }
        while (await records.FillAsync(cancellationToken).ConfigureAwait(false));

        var report = new DataQualityReport([source], input, accepted.Count, byReason, reorderedRows: 0, missingValues: 0, blankLines);
        return new EventLog<T>(accepted, quarantine, report);
    }

    private static (int Asset, int Time, int Detail) EventColumns(EventLogOptions options, string[]? header, int count, string where, string detail) =>
        (options.AssetColumn.Find(header, count, where, "asset"),
         options.TimeColumn.Find(header, count, where, "time"),
         options.DetailColumn.Find(header, count, where, detail));

    private static bool TryText(DelimitedRecordReader r, int field, QuarantineReason reason, string what, out string text, out RowError error, bool allowEmpty = false)
    {
        ReadOnlySpan<byte> bytes = Utf8Parsing.TrimBlanks(r.Field(field));
        error = default;
        text = string.Empty;
        if (bytes.IsEmpty && !allowEmpty)
        {
            error = new RowError(field, reason, $"the {what} is empty");
            return false;
        }

        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            error = new RowError(field, reason, $"the {what} is not valid UTF-8");
            return false;
        }
    }

    private static bool TryTime(DelimitedRecordReader r, int field, TimeField timeField, out DateTime time, out RowError error)
    {
        error = default;
        time = default;
        if (!timeField.TryParse(r.Field(field), out long micros))
        {
            error = new RowError(field, QuarantineReason.UnparsableTime, $"'{Encoding.UTF8.GetString(r.Field(field))}' is not {timeField.Expected}");
            return false;
        }

        time = UnixTime.ToDateTime(micros);
        return true;
    }

    private static bool TryKind(DelimitedRecordReader r, int field, out MaintenanceKind kind, out RowError error)
    {
        error = default;
        string text = Encoding.UTF8.GetString(Utf8Parsing.TrimBlanks(r.Field(field)));
        if (Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !text.Any(char.IsAsciiDigit))
        {
            return true;
        }

        error = new RowError(field, QuarantineReason.UnparsableValue, $"'{text}' is not a maintenance kind (scheduled, unscheduled or replacement)");
        return false;
    }

    private static FileStream OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    private readonly record struct RowError(int Field, QuarantineReason Reason, string Detail);
}
