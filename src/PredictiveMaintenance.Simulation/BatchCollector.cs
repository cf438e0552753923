namespace PredictiveMaintenance.Simulation;

/// <summary>Collects one batch: the accepted rows into a table, the events and the faults into records.</summary>
internal sealed class BatchCollector : FleetSink
{
    private readonly FleetEngine _engine;
    private readonly TelemetryTableBuilder _builder;
    private readonly List<MaintenanceEvent> _maintenance = [];
    private readonly List<FailureEvent> _failures = [];
    private readonly List<ErrorEvent> _errors = [];
    private readonly List<SensorFault> _faults = [];
    private long _sentRows;

    public BatchCollector(FleetEngine engine, TelemetrySchema schema, int capacity)
    {
        _engine = engine;
        _builder = new TelemetryTableBuilder(schema, capacity);
        foreach (string id in engine.AssetIds)
        {
            _builder.GetOrAddAsset(id);
        }
    }

    public override void Row(int asset, long time, ReadOnlySpan<double> values, bool accepted)
    {
        _sentRows++;
        if (accepted)
        {
            // Codes were assigned in asset order, so the asset index is the builder's code.
            _builder.Add(asset, time, values);
        }
    }

    public override void Error(int asset, long time, int code) =>
        _errors.Add(new ErrorEvent(_engine.AssetIds[asset], UnixTime.ToDateTime(time), FleetNames.ErrorCodes[code]));

    public override void Failure(int asset, long time, int component) =>
        _failures.Add(new FailureEvent(_engine.AssetIds[asset], UnixTime.ToDateTime(time), FleetNames.Components[component]));

    public override void Maintenance(int asset, long time, int component, MaintenanceKind kind) =>
        _maintenance.Add(new MaintenanceEvent(_engine.AssetIds[asset], UnixTime.ToDateTime(time), FleetNames.Components[component], kind));

    public override void Fault(int asset, long time, SensorFaultKind kind, int channel, long recordedTime) =>
        _faults.Add(new SensorFault(_engine.AssetIds[asset], UnixTime.ToDateTime(time), kind, channel < 0 ? null : FleetNames.Channels[channel], UnixTime.ToDateTime(recordedTime)));

    public FleetBatch Finish(int firstReading, int readings)
    {
        double[] wear = new double[_engine.AssetCount * FleetEngine.ComponentCount];
        _engine.CopyWear(wear);
        return new FleetBatch(
            firstReading,
            readings,
            UnixTime.ToDateTime(_engine.TimeOf(firstReading)),
            UnixTime.ToDateTime(_engine.TimeOf(firstReading + readings)),
            _builder.Build(),
            _sentRows,
            _maintenance,
            _failures,
            _errors,
            _faults,
            wear);
    }
}
