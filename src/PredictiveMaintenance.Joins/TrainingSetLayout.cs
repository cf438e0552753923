namespace PredictiveMaintenance.Joins;

/// <summary>
/// The columns a training set adds to its telemetry, in order, with their names and what they need: vocabularies and
/// durations resolved against one table's time kind and one set of logs.
/// </summary>
internal sealed class TrainingSetLayout
{
    private TrainingSetLayout(TimeKind timeKind, MaintenanceLogs logs, TrainingSetOptions options)
    {
        TimeKind = timeKind;
        Unit = Sweeps.UnitOf(timeKind);
        string unit = Sweeps.UnitName(timeKind);
        Components = options.Components is { } components
            ? Distinct(components, nameof(options.Components))
            : Natural(logs.Maintenance.Categories.Concat(logs.Failures.Categories));
        ErrorTypes = options.ErrorTypes is { } errorTypes ? Distinct(errorTypes, nameof(options.ErrorTypes)) : Natural(logs.Errors.Categories);
        Models = options.Models is { } models ? Distinct(models, nameof(options.Models)) : Natural(logs.AssetsById.Values.Select(a => a.Model));
        Horizon = options.Horizon.In(timeKind, "label horizon");
        EventWindows = Lengths(options.EventWindows, timeKind, "event window", nameof(options.EventWindows));
        ServiceWindows = Lengths(options.ServiceWindows, timeKind, "service window", nameof(options.ServiceWindows));
        Cap = options.TimeToEventCap?.In(timeKind, "time-to-event cap") ?? long.MaxValue;
        HasAge = timeKind == TimeKind.UtcTimestamp && logs.AssetsById.Values.Any(a => a.InstallDate is not null);

        string horizon = options.Horizon.Name;
        var features = new List<string>();
        features.AddRange(Components.Select(c => $"{unit}_since_maintenance_{c}"));
        features.AddRange(Components.Select(c => $"{unit}_since_replacement_{c}"));
        features.AddRange(Components.Select(c => $"{unit}_since_failure_{c}"));
        features.AddRange(options.EventWindows.SelectMany(w => Components.Select(c => $"maintenance_{c}_{w.Name}")));
        features.AddRange(options.EventWindows.SelectMany(w => ErrorTypes.Select(e => $"errors_{e}_{w.Name}")));
        features.AddRange(options.ServiceWindows.Select(w => $"services_{w.Name}"));
        if (HasAge)
        {
            features.Add(AgeColumn);
        }

        features.AddRange(Models.Select(m => $"model_{m}"));
        FeatureNames = [.. features];

        FailsWithin = $"fails_within_{horizon}";
        FailureClass = $"failure_class_{horizon}";
        TimeToFailure = $"rul_{unit}";
        TimeToService = $"next_service_{unit}";
        LabelNames = [FailsWithin, .. Components.Select(c => $"{FailsWithin}_{c}"), FailureClass, TimeToFailure, TimeToFailureCensored, TimeToService, TimeToServiceCensored];
    }

    /// <summary>The age column: years of 365.25 days since the install date.</summary>
    public const string AgeColumn = "age_years";

    public TimeKind TimeKind { get; }

    public double Unit { get; }

    public string[] Components { get; }

    public string[] ErrorTypes { get; }

    public string[] Models { get; }

    public long Horizon { get; }

    public long[] EventWindows { get; }

    public long[] ServiceWindows { get; }

    public long Cap { get; }

    public bool HasAge { get; }

    public string[] FeatureNames { get; }

    public string[] LabelNames { get; }

    public string FailsWithin { get; }

    public string FailureClass { get; }

    public string TimeToFailure { get; }

    public string TimeToService { get; }

    public string TimeToFailureCensored { get; } = "rul_censored";

    public string TimeToServiceCensored { get; } = "next_service_censored";

    public static TrainingSetLayout Create(TimeKind timeKind, MaintenanceLogs logs, TrainingSetOptions options)
    {
        if (logs.TimeKind != timeKind)
        {
            throw new SchemaException($"The logs count time as {logs.TimeKind}, but the telemetry table's time column is {timeKind}.");
        }

        return new TrainingSetLayout(timeKind, logs, options);
    }

    /// <summary>Writes the feature columns, in <see cref="FeatureNames"/> order, for the rows of <paramref name="table"/>.</summary>
    public void WriteFeatures(TelemetryTable table, MaintenanceLogs logs, double[][] columns)
    {
        int k = Components.Length;
        int at = 0;
        ArraySegment<double[]> Next(int count)
        {
            var segment = new ArraySegment<double[]>(columns, at, count);
            at += count;
            return segment;
        }

        Sweeps.TimeSince(table, logs.Maintenance, logs.Maintenance.AlignWith(table, "maintenance"), Sweeps.ColumnsOf(logs.Maintenance, Components), Unit, [.. Next(k)]);
        Sweeps.TimeSince(table, logs.Replacements, logs.Replacements.AlignWith(table, "replacement"), Sweeps.ColumnsOf(logs.Replacements, Components), Unit, [.. Next(k)]);
        Sweeps.TimeSince(table, logs.Failures, logs.Failures.AlignWith(table, "failure"), Sweeps.ColumnsOf(logs.Failures, Components), Unit, [.. Next(k)]);
        Sweeps.CountInWindows(
            table, logs.Maintenance, logs.Maintenance.AlignWith(table, "maintenance"), Sweeps.ColumnsOf(logs.Maintenance, Components), k, EventWindows, [.. Next(EventWindows.Length * k)]);
        Sweeps.CountInWindows(
            table, logs.Errors, logs.Errors.AlignWith(table, "error"), Sweeps.ColumnsOf(logs.Errors, ErrorTypes), ErrorTypes.Length, EventWindows, [.. Next(EventWindows.Length * ErrorTypes.Length)]);

        // A service is a visit: components serviced together count once.
        EventTable visits = logs.Maintenance.DistinctTimes();
        Sweeps.CountInWindows(
            table, visits, visits.AlignWith(table, "maintenance"), Sweeps.AllTo(visits.Categories.Count, 0), 1, ServiceWindows, [.. Next(ServiceWindows.Length)]);

        WriteAttributes(table, logs, HasAge ? columns[at++] : null, [.. Next(Models.Length)]);
    }

    /// <summary>Writes the label columns, in <see cref="LabelNames"/> order; returns the censored row counts.</summary>
    public (int Failure, int Service) WriteLabels(TelemetryTable table, MaintenanceLogs logs, double[][] columns)
    {
        int k = Components.Length;
        int[] failureMap = logs.Failures.AlignWith(table, "failure");
        int[] failureColumns = Sweeps.ColumnsOf(logs.Failures, Components);
        Sweeps.OccursWithin(table, logs.Failures, failureMap, failureColumns, Horizon, columns[0], columns[1..(k + 1)], columns[k + 1]);
        int failure = Sweeps.TimeUntil(table, logs.Failures, failureMap, failureColumns, Unit, Cap, columns[k + 2], columns[k + 3]);
        int service = Sweeps.TimeUntil(
            table, logs.Maintenance, logs.Maintenance.AlignWith(table, "maintenance"), Sweeps.AllTo(logs.Maintenance.Categories.Count, 0), Unit, Cap, columns[k + 4], columns[k + 5]);
        return (failure, service);
    }

    private void WriteAttributes(TelemetryTable table, MaintenanceLogs logs, double[]? age, double[][] models)
    {
        const double MicrosecondsPerYear = 365.25 * UnixTime.MicrosecondsPerDay;
        ReadOnlySpan<long> times = table.Times;
        ReadOnlySpan<int> offsets = table.AssetOffsets;
        for (int a = 0; a < table.AssetCount; a++)
        {
            int start = offsets[a], end = offsets[a + 1];
            logs.AssetsById.TryGetValue(table.AssetIds[a], out AssetAttributes? asset);
            if (age is not null)
            {
                if (asset?.InstallDate is { } installed)
                {
                    long installedAt = UnixTime.ToMicroseconds(installed);
                    for (int r = start; r < end; r++)
                    {
                        age[r] = (times[r] - installedAt) / MicrosecondsPerYear;
                    }
                }
                else
                {
                    age.AsSpan(start, end - start).Fill(double.NaN);
                }
            }

            for (int m = 0; m < models.Length; m++)
            {
                models[m].AsSpan(start, end - start).Fill(asset is not null && asset.Model == Models[m] ? 1 : 0);
            }
        }
    }

    private static string[] Natural(IEnumerable<string> names)
    {
        string[] distinct = [.. names.Distinct(StringComparer.Ordinal)];
        Array.Sort(distinct, AssetIdComparer.Instance);
        return distinct;
    }

    private static string[] Distinct(IReadOnlyList<string> names, string option)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (string.IsNullOrEmpty(name) || !seen.Add(name))
            {
                throw new ArgumentException(string.IsNullOrEmpty(name)
                    ? $"TrainingSetOptions.{option} holds a null or empty name."
                    : $"TrainingSetOptions.{option} holds '{name}' more than once.");
            }
        }

        return [.. names];
    }

    private static long[] Lengths(IReadOnlyList<Duration> durations, TimeKind timeKind, string what, string option)
    {
        ArgumentNullException.ThrowIfNull(durations, option);
        long[] lengths = [.. durations.Select(d => d.In(timeKind, what))];
        for (int i = 1; i < durations.Count; i++)
        {
            int same = lengths.AsSpan(0, i).IndexOf(lengths[i]);
            if (same >= 0)
            {
                throw new ArgumentException($"TrainingSetOptions.{option} holds the windows {durations[same].Name} and {durations[i].Name}, which are the same length.");
            }
        }

        return lengths;
    }
}
