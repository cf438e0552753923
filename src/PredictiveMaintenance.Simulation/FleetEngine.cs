using System.Globalization;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Simulation;

/// <summary>
/// The fleet model. State is per asset only (operating regime, component wear and wear rates, service schedule,
/// stuck sensors), and <see cref="Step"/> advances every asset by one reading time, so memory does not grow with time.
/// </summary>
/// <remarks>
/// Per asset and reading, in order: the operating regime moves (a Markov chain over idle, normal and heavy load);
/// each component wears at its rate times the load; an error may be raised (its rate grows with the cube of a
/// component's wear); a component may fail (hazard <c>HazardAtFullWear * wear^HazardExponent</c>), which is logged
/// with an unscheduled replacement that resets its wear; a scheduled service replaces the components at or above
/// <c>ReplacementWear</c>; then the sensors read values that drift with the wear of their component, and the
/// faults are drawn.
/// </remarks>
internal sealed class FleetEngine
{
    public const int ChannelCount = 4;
    public const int ComponentCount = 4;
    public const int ErrorCodeCount = 5;

    private const int StreamRegime = 1;
    private const int StreamError = 2;
    private const int StreamFailure = 3;
    private const int StreamNoise = 4;      // and 5, 6, 7
    private const int StreamRowFault = 8;
    private const int StreamFaultDetail = 9;
    private const int StreamStuck = 10;
    private const int StreamStuckLength = 11;
    private const int StreamInstall = 16;   // and one per component
    private const int StreamModel = 32;
    private const int StreamAge = 33;
    private const int StreamService = 34;
    private const int StreamOffset = 36;    // and 37

    private static readonly double[] LoadOfRegime = [0.6, 1.0, 1.35];

    // Channel c drifts with the wear of component c: (baseline, per unit of load above normal, per wear², noise sd, offset sd).
    private static readonly (double Base, double Load, double Wear, double Noise, double Offset)[] ChannelModel =
    [
        (170, 12, 25, 8, 5),        // volt
        (450, 80, -60, 25, 15),     // rotate
        (100, 8, 20, 6, 4),         // pressure
        (40, 5, 15, 3, 1.5),        // vibration
    ];

    private readonly FleetSimulationOptions _options;
    private readonly SensorFaultRates _faults;
    private readonly CounterRandom _random;
    private readonly int _assets;
    private readonly long _start;
    private readonly long _interval;
    private readonly double _hours;
    private readonly int _serviceSteps;
    private readonly double[] _stepWearRate;   // per asset: wear per reading at normal load, before the component factor
    private readonly byte[] _regime;
    private readonly double[] _wear;           // [asset * ComponentCount + component]
    private readonly double[] _componentFactor;
    private readonly double[] _offset;         // [asset * ChannelCount + channel]
    private readonly double[] _lastValue;
    private readonly int[] _stuckLeft;
    private readonly int[] _nextService;
    private readonly bool[] _previousClean;
    private readonly double _regimeSwitch;

    public FleetEngine(FleetSimulationOptions options)
    {
        _options = options;
        _faults = options.Faults;
        _random = new CounterRandom(options.Seed);
        _assets = options.AssetCount;
        _start = UnixTime.ToMicroseconds(options.Start);
        _interval = options.Interval.Ticks / TimeSpan.TicksPerMicrosecond;
        _hours = options.Interval.TotalHours;
        _serviceSteps = (int)Math.Min(int.MaxValue, Math.Max(1, options.ServiceInterval.Ticks / options.Interval.Ticks));
        _regimeSwitch = 1 - Math.Exp(-0.03 * _hours);

        Models = new int[_assets];
        Ages = new int[_assets];
        AssetIds = new string[_assets];
        _stepWearRate = new double[_assets];
        _regime = new byte[_assets];
        _wear = new double[_assets * ComponentCount];
        _componentFactor = new double[_assets * ComponentCount];
        _offset = new double[_assets * ChannelCount];
        _lastValue = new double[_assets * ChannelCount];
        _stuckLeft = new int[_assets * ChannelCount];
        _nextService = new int[_assets];
        _previousClean = new bool[_assets];
        _lastValue.AsSpan().Fill(double.NaN);

        double wearPerHour = 1.0 / options.WearLife.TotalHours;
        for (int a = 0; a < _assets; a++)
        {
            AssetIds[a] = (a + 1).ToString(CultureInfo.InvariantCulture);
            Models[a] = (int)(_random.Bits(a, -1, StreamModel) % (ulong)options.ModelCount);
            Ages[a] = (int)(_random.Bits(a, -1, StreamAge) % 21);
            // Later models wear faster, and so do older machines.
            double modelFactor = options.ModelCount == 1 ? 1 : 0.8 + (0.45 * Models[a] / (options.ModelCount - 1));
            _stepWearRate[a] = wearPerHour * _hours * modelFactor * (1 + (Ages[a] / 40.0));
            _regime[a] = 1;
            _nextService[a] = (int)(_random.Uniform(a, -1, StreamService) * _serviceSteps);
            for (int c = 0; c < ComponentCount; c++)
            {
                _wear[(a * ComponentCount) + c] = 0.5 * _random.Uniform(a, -1, StreamInstall + c);
                _componentFactor[(a * ComponentCount) + c] = ComponentFactor(a, -1, c);
            }

            (double o0, double o1) = _random.NormalPair(a, -1, StreamOffset);
            (double o2, double o3) = _random.NormalPair(a, -2, StreamOffset);
            _offset[(a * ChannelCount) + 0] = (o0 * ChannelModel[0].Offset) + (2 * Models[a]);
            _offset[(a * ChannelCount) + 1] = o1 * ChannelModel[1].Offset;
            _offset[(a * ChannelCount) + 2] = o2 * ChannelModel[2].Offset;
            _offset[(a * ChannelCount) + 3] = o3 * ChannelModel[3].Offset;
        }
    }

    /// <summary>The plausible range of each channel: measured values are kept inside it, spikes land above it.</summary>
    public static IReadOnlyList<ValueRange> Ranges { get; } =
    [
        new ValueRange(50, 350),
        new ValueRange(100, 800),
        new ValueRange(30, 250),
        new ValueRange(10, 120),
    ];

    public int AssetCount => _assets;

    public string[] AssetIds { get; }

    /// <summary>Per asset, the 0-based model.</summary>
    public int[] Models { get; }

    /// <summary>Per asset, the age in whole years at the start.</summary>
    public int[] Ages { get; }

    public long TimeOf(int step) => _start + (step * _interval);

    public double Wear(int asset, int component) => _wear[(asset * ComponentCount) + component];

    public void CopyWear(Span<double> destination) => _wear.CopyTo(destination);

    /// <summary>Advances every asset to reading <paramref name="step"/> and reports what happened to <paramref name="sink"/>, asset by asset.</summary>
    public void Step(int step, FleetSink sink)
    {
        long time = TimeOf(step);
        Span<double> values = stackalloc double[ChannelCount];
        for (int a = 0; a < _assets; a++)
        {
            Advance(a, step, time, sink);
            Read(a, step, time, values, sink);
        }
    }

    private void Advance(int a, int step, long time, FleetSink sink)
    {
        Span<double> wear = _wear.AsSpan(a * ComponentCount, ComponentCount);
        if (step > 0)
        {
            double u = _random.Uniform(a, step, StreamRegime);
            if (u < _regimeSwitch)
            {
                // The other two regimes are equally likely: u / switch is uniform on [0, 1) again.
                _regime[a] = (byte)((_regime[a] + 1 + (u / _regimeSwitch < 0.5 ? 0 : 1)) % 3);
            }

            double load = LoadOfRegime[_regime[a]];
            for (int c = 0; c < ComponentCount; c++)
            {
                wear[c] += _stepWearRate[a] * _componentFactor[(a * ComponentCount) + c] * load;
            }
        }

        // At most one error and one failure per asset and reading: one uniform walks the outcomes in turn, so with
        // rates far below one the marginal rates are as configured.
        double draw = _random.Uniform(a, step, StreamError);
        for (int code = 0; code < ErrorCodeCount; code++)
        {
            double w = code < ComponentCount ? wear[code] : 0;
            double p = Math.Min(0.5, _hours * (code < ComponentCount ? 0.0004 + (0.004 * w * w * w) : 0.0003));
            if (draw < p)
            {
                sink.Error(a, time, code);
                break;
            }

            draw = (draw - p) / (1 - p);
        }

        draw = _random.Uniform(a, step, StreamFailure);
        for (int c = 0; c < ComponentCount; c++)
        {
            double p = 1 - Math.Exp(-_options.HazardAtFullWear * Math.Pow(wear[c], _options.HazardExponent) * _hours);
            if (draw < p)
            {
                sink.Failure(a, time, c);
                sink.Maintenance(a, time, c, MaintenanceKind.Unscheduled);
                Replace(a, step, c);
                break;
            }

            draw = (draw - p) / (1 - p);
        }

        if (step == _nextService[a])
        {
            _nextService[a] += _serviceSteps;
            for (int c = 0; c < ComponentCount; c++)
            {
                if (wear[c] >= _options.ReplacementWear)
                {
                    sink.Maintenance(a, time, c, MaintenanceKind.Scheduled);
                    Replace(a, step, c);
                }
            }
        }
    }

    private void Replace(int a, int step, int component)
    {
        _wear[(a * ComponentCount) + component] = 0;
        _componentFactor[(a * ComponentCount) + component] = ComponentFactor(a, step, component);
    }

    private double ComponentFactor(int a, long step, int component) => 0.75 + (0.5 * _random.Uniform(a, step, StreamInstall + ComponentCount + component));

    private void Read(int a, int step, long time, Span<double> values, FleetSink sink)
    {
        double loadAboveNormal = LoadOfRegime[_regime[a]] - 1;
        (double n0, double n1) = _random.NormalPair(a, step, StreamNoise);
        (double n2, double n3) = _random.NormalPair(a, step, StreamNoise + 2);
        Span<double> noise = [n0, n1, n2, n3];
        for (int c = 0; c < ChannelCount; c++)
        {
            (double baseline, double load, double perWear, double sd, _) = ChannelModel[c];
            double w = _wear[(a * ComponentCount) + c];
            double value = baseline + _offset[(a * ChannelCount) + c] + (load * loadAboveNormal) + (perWear * w * w) + (sd * noise[c]);
            values[c] = Math.Round(Math.Clamp(value, Ranges[c].Min, Ranges[c].Max), 3);
        }

        SensorFaultKind? rowFault = DrawRowFault(a, step);
        int faultChannel = (int)(_random.Bits(a, step, StreamFaultDetail) % ChannelCount);
        double detail = _random.Uniform(a, step, StreamFaultDetail + 100);
        bool sent = rowFault != SensorFaultKind.Dropout;

        StuckSensors(a, step, values, rowFault is SensorFaultKind.Spike or SensorFaultKind.Missing ? faultChannel : -1, sent, time, sink);
        for (int c = 0; c < ChannelCount; c++)
        {
            if (sent && !(c == faultChannel && rowFault is SensorFaultKind.Spike or SensorFaultKind.Missing))
            {
                _lastValue[(a * ChannelCount) + c] = values[c];
            }
        }

        _previousClean[a] = rowFault is null;
        switch (rowFault)
        {
            case null:
                sink.Row(a, time, values, accepted: true);
                break;
            case SensorFaultKind.Dropout:
                sink.Fault(a, time, SensorFaultKind.Dropout, -1, time);
                break;
            case SensorFaultKind.Duplicate:
                sink.Fault(a, time, SensorFaultKind.Duplicate, -1, time);
                sink.Row(a, time, values, accepted: true);
                sink.Row(a, time, values, accepted: false);
                break;
            case SensorFaultKind.ClockSkew:
                // Between two and three intervals early, in whole seconds and never on the reading grid.
                long early = (2 * _interval) + (long)Math.Round((0.05 + (0.9 * detail)) * (_interval / UnixTime.MicrosecondsPerSecond)) * UnixTime.MicrosecondsPerSecond;
                if (early % _interval == 0)
                {
                    early += UnixTime.MicrosecondsPerSecond;
                }

                sink.Fault(a, time, SensorFaultKind.ClockSkew, -1, time - early);
                sink.Row(a, time - early, values, accepted: false);
                break;
            case SensorFaultKind.Spike:
                values[faultChannel] = Math.Round(Ranges[faultChannel].Max * (1.5 + detail), 3);
                sink.Fault(a, time, SensorFaultKind.Spike, faultChannel, time);
                sink.Row(a, time, values, accepted: false);
                break;
            case SensorFaultKind.Missing:
                values[faultChannel] = double.NaN;
                sink.Fault(a, time, SensorFaultKind.Missing, faultChannel, time);
                sink.Row(a, time, values, accepted: true);
                break;
        }
    }

    private SensorFaultKind? DrawRowFault(int a, int step)
    {
        if (_faults.RowFaultRate == 0)
        {
            return null;
        }

        double u = _random.Uniform(a, step, StreamRowFault);
        if ((u -= _faults.Dropout) < 0)
        {
            return SensorFaultKind.Dropout;
        }

        if ((u -= _faults.Duplicate) < 0)
        {
            return SensorFaultKind.Duplicate;
        }

        if ((u -= _faults.ClockSkew) < 0)
        {
            return step > 0 && _previousClean[a] ? SensorFaultKind.ClockSkew : null;
        }

        if ((u -= _faults.Spike) < 0)
        {
            return SensorFaultKind.Spike;
        }

        return u - _faults.Missing < 0 ? SensorFaultKind.Missing : null;
    }

    private void StuckSensors(int a, int step, Span<double> values, int overridden, bool sent, long time, FleetSink sink)
    {
        double draw = _faults.StuckStart == 0 ? 1 : _random.Uniform(a, step, StreamStuck);
        for (int c = 0; c < ChannelCount; c++)
        {
            int i = (a * ChannelCount) + c;
            if (_stuckLeft[i] == 0 && !double.IsNaN(_lastValue[i]))
            {
                if (draw < _faults.StuckStart)
                {
                    int span = _faults.StuckMaxReadings - _faults.StuckMinReadings + 1;
                    _stuckLeft[i] = _faults.StuckMinReadings + (int)(_random.Bits(a, step, StreamStuckLength) % (ulong)span);
                    draw = 1;
                }
                else
                {
                    draw = (draw - _faults.StuckStart) / (1 - _faults.StuckStart);
                }
            }

            if (_stuckLeft[i] > 0)
            {
                _stuckLeft[i]--;
                values[c] = _lastValue[i];
                if (sent && c != overridden)
                {
                    sink.Fault(a, time, SensorFaultKind.Stuck, c, time);
                }
            }
        }
    }
}
