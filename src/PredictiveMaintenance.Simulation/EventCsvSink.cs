using System.Globalization;
using System.Text;

namespace PredictiveMaintenance.Simulation;

/// <summary>Formats events and faults as lines of the Azure log files (and the fault ground truth), buffered until written.</summary>
internal sealed class EventCsvSink(FleetEngine engine) : FleetSink
{
    public const string ErrorsHeader = "datetime,machineID,errorID";
    public const string MaintenanceHeader = "datetime,machineID,comp,kind";
    public const string FailuresHeader = "datetime,machineID,failure";
    public const string FaultsHeader = "datetime,machineID,fault,channel,recorded_datetime";

    public StringBuilder ErrorLines { get; } = new();

    public StringBuilder MaintenanceLines { get; } = new();

    public StringBuilder FailureLines { get; } = new();

    public StringBuilder FaultLines { get; } = new();

    public long ErrorCount { get; private set; }

    public long MaintenanceCount { get; private set; }

    public long FailureCount { get; private set; }

    public long FaultCount { get; private set; }

    public int PendingChars => ErrorLines.Length + MaintenanceLines.Length + FailureLines.Length + FaultLines.Length;

    public override void Row(int asset, long time, ReadOnlySpan<double> values, bool accepted)
    {
    }

    public override void Error(int asset, long time, int code)
    {
        Start(ErrorLines, asset, time).Append(FleetNames.ErrorCodes[code]).Append('\n');
        ErrorCount++;
    }

    public override void Failure(int asset, long time, int component)
    {
        Start(FailureLines, asset, time).Append(FleetNames.Components[component]).Append('\n');
        FailureCount++;
    }

    public override void Maintenance(int asset, long time, int component, MaintenanceKind kind)
    {
        Start(MaintenanceLines, asset, time).Append(FleetNames.Components[component]).Append(',')
            .Append(kind == MaintenanceKind.Scheduled ? "scheduled" : "unscheduled").Append('\n');
        MaintenanceCount++;
    }

    public override void Fault(int asset, long time, SensorFaultKind kind, int channel, long recordedTime)
    {
        Start(FaultLines, asset, time).Append(Name(kind)).Append(',').Append(channel < 0 ? string.Empty : FleetNames.Channels[channel]).Append(',');
        AppendTime(FaultLines, recordedTime).Append('\n');
        FaultCount++;
    }

    public static string Name(SensorFaultKind kind) => kind switch
    {
        SensorFaultKind.Dropout => "dropout",
        SensorFaultKind.Duplicate => "duplicate",
        SensorFaultKind.ClockSkew => "clock_skew",
        SensorFaultKind.Spike => "spike",
        SensorFaultKind.Missing => "missing",
        _ => "stuck",
    };

    private StringBuilder Start(StringBuilder text, int asset, long time) => AppendTime(text, time).Append(',').Append(engine.AssetIds[asset]).Append(',');

    private static StringBuilder AppendTime(StringBuilder text, long time) =>
        text.Append(UnixTime.ToDateTime(time).ToString(CsvRowEncoder.TimeFormat, CultureInfo.InvariantCulture));
}
