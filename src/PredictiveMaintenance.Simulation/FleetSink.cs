namespace PredictiveMaintenance.Simulation;

/// <summary>Receives what <see cref="FleetEngine"/> generates, one reading time at a time; the default ignores everything but rows.</summary>
internal abstract class FleetSink
{
    /// <summary>A row as sent: <paramref name="values"/> has NaN for an empty field; <paramref name="accepted"/> says whether the data-quality layer keeps it.</summary>
    public abstract void Row(int asset, long time, ReadOnlySpan<double> values, bool accepted);

    public virtual void Error(int asset, long time, int code)
    {
    }

    public virtual void Failure(int asset, long time, int component)
    {
    }

    public virtual void Maintenance(int asset, long time, int component, MaintenanceKind kind)
    {
    }

    public virtual void Fault(int asset, long time, SensorFaultKind kind, int channel, long recordedTime)
    {
    }
}

/// <summary>Hands everything to two sinks.</summary>
internal sealed class SinkPair(FleetSink first, FleetSink second) : FleetSink
{
    public override void Row(int asset, long time, ReadOnlySpan<double> values, bool accepted)
    {
        first.Row(asset, time, values, accepted);
        second.Row(asset, time, values, accepted);
    }

    public override void Error(int asset, long time, int code)
    {
        first.Error(asset, time, code);
        second.Error(asset, time, code);
    }

    public override void Failure(int asset, long time, int component)
    {
        first.Failure(asset, time, component);
        second.Failure(asset, time, component);
    }

    public override void Maintenance(int asset, long time, int component, MaintenanceKind kind)
    {
        first.Maintenance(asset, time, component, kind);
        second.Maintenance(asset, time, component, kind);
    }

    public override void Fault(int asset, long time, SensorFaultKind kind, int channel, long recordedTime)
    {
        first.Fault(asset, time, kind, channel, recordedTime);
        second.Fault(asset, time, kind, channel, recordedTime);
    }
}
