using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PredictiveMaintenance.Models.Torch;

/// <summary>
/// Which CPU kernels libtorch runs for the networks' convolutions and LSTMs: oneDNN's (libtorch's default, fastest) or
/// ATen's own, and why.
/// </summary>
/// <remarks>
/// <para>
/// On some AVX-512 CPUs libtorch's oneDNN kernels give non-finite results (docs/troubleshooting.md). So the first
/// training step and the first inference of each network, input shape and thread count run twice, with oneDNN's
/// kernels and with ATen's, and the results are compared; training that diverges with oneDNN's kernels is run again
/// without them. Where oneDNN's results are non-finite or differ while ATen's are finite, oneDNN is turned off for the
/// rest of the process (<see cref="Status"/> says why) and every later step runs ATen's kernels.
/// </para>
/// <para>
/// Set the environment variable <c>PDM_TORCH_ONEDNN=off</c> to run ATen's kernels from the start, or <c>auto</c> (the
/// default) for the checks above. The switch is libtorch's <c>at::Context::setUserEnabledMkldnn</c>, the one behind
/// PyTorch's <c>torch.backends.mkldnn.enabled</c>.
/// </para>
/// </remarks>
public static class TorchCpuKernels
{
    /// <summary>The environment variable that picks the kernels: <c>auto</c> (default) or <c>off</c>.</summary>
    public const string EnvironmentVariable = "PDM_TORCH_ONEDNN";

    /// <summary>
    /// The largest difference between oneDNN's and ATen's result of one tensor that still counts as equal, relative to its
    /// scale (<see cref="Compare(KernelResult, KernelResult)"/>). The two kernels' float rounding differs by at most 4e-5 of
    /// that scale on the four networks (AVX2, docs/troubleshooting.md); a wrong kernel differs by far more.
    /// </summary>
    internal const double Tolerance = 1e-3;

    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Checked = [];
    private static OneDnnSwitch? _switch;
    private static bool _initialized;
    private static string _status = "";
    private static int _checks;
    private static double _largestDifference;

    /// <summary>Whether libtorch runs oneDNN's kernels on the CPU now.</summary>
    /// <exception cref="PredictiveMaintenanceException"><see cref="EnvironmentVariable"/> has a value other than auto or off, or asks for off where libtorch has no switch.</exception>
    public static bool OneDnnEnabled
    {
        get
        {
            Initialize();
            return _switch?.Enabled ?? true;
        }
    }

    /// <summary>
    /// One line for logs: the kernels in use and why; while oneDNN's checked kernels run, also how many checks passed and
    /// the largest difference they found, relative to the scale (the margin under <see cref="Tolerance"/>).
    /// </summary>
    /// <exception cref="PredictiveMaintenanceException"><see cref="EnvironmentVariable"/> has a value other than auto or off, or asks for off where libtorch has no switch.</exception>
    public static string Status
    {
        get
        {
            Initialize();
            lock (Gate)
            {
                return _checks > 0 && _switch is { Enabled: true }
                    ? string.Create(CultureInfo.InvariantCulture, $"{_status} ({_checks} checks, largest difference {_largestDifference:G2} of the scale, tolerance {Tolerance:G})")
                    : _status;
            }
        }
    }

    /// <summary>
    /// Before a training step on the CPU: where this network, input shape and thread count are new, runs the step with
    /// oneDNN's kernels and with ATen's and turns oneDNN off if it is wrong. Leaves the weights, their gradients and the
    /// random generator as they were, so training goes on as if no check had run.
    /// </summary>
    /// <param name="network">The network, in training mode.</param>
    /// <param name="input">The batch.</param>
    /// <param name="loss">The loss of the network's output.</param>
    /// <param name="model">The model, for messages.</param>
    internal static void CheckTrainingStep(Module<Tensor, Tensor> network, Tensor input, Func<Tensor, Tensor> loss, string model)
    {
        if (!NeedsCheck("training", network, input))
        {
            return;
        }

        using Tensor generator = torch.random.get_rng_state();
        KernelResult fast = TrainingStep(network, input, loss);
        torch.random.set_rng_state(generator);
        KernelResult reference = WithoutOneDnn(() => TrainingStep(network, input, loss));
        torch.random.set_rng_state(generator);
        Judge(Compare(fast, reference), $"the {model}'s training step");
    }

    /// <summary>
    /// The network's output for an inference batch; on the CPU, where this network, input shape and thread count are new
    /// or oneDNN's output is non-finite, the output is checked against ATen's kernels and ATen's is returned if oneDNN's is wrong.
    /// </summary>
    /// <param name="network">The network, in evaluation mode, under <c>no_grad</c>.</param>
    /// <param name="input">The batch.</param>
    /// <param name="model">The model, for messages.</param>
    internal static Tensor Forward(Module<Tensor, Tensor> network, Tensor input, string model)
    {
        Tensor output = network.call(input);
        if (!NeedsCheck("inference", network, input) && !(CanCheck(input) && !AllFinite(output)))
        {
            return output;
        }

        Tensor reference = WithoutOneDnn(() => network.call(input));
        KernelComparison comparison = Compare(new KernelResult("output", Values(output), []), new KernelResult("output", Values(reference), []));
        Judge(comparison, $"the {model}'s inference");
        if (comparison.Fault is null)
        {
            reference.Dispose();
            return output;
        }

        output.Dispose();
        return reference;
    }

    /// <summary>
    /// Runs a training; where it diverges with oneDNN's kernels on the CPU, runs it again without them, and keeps oneDNN
    /// off if that run trains: then oneDNN, not the training, was at fault. A training that diverges either way throws
    /// the second run's error.
    /// </summary>
    /// <param name="device">Where the training runs.</param>
    /// <param name="fit">The whole training, from the seed.</param>
    internal static T RetryIfDiverged<T>(Device device, Func<T> fit)
    {
        if (device.type != DeviceType.CPU || !OneDnnEnabled || _switch is null)
        {
            return fit();
        }

        try
        {
            return fit();
        }
        catch (TrainingDivergedException diverged) when (OneDnnEnabled)
        {
            T result = WithoutOneDnn(fit);
            Disable($"the {diverged.Model} diverged with oneDNN's kernels (epoch {diverged.Epoch}, step {diverged.Step}) and trained without them");
            return result;
        }
    }

    /// <summary>Compares one step's results: what is wrong with oneDNN's (null where they agree), and their largest difference.</summary>
    /// <param name="fast">The results with oneDNN's kernels.</param>
    /// <param name="reference">The same tensors with ATen's kernels.</param>
    /// <remarks>
    /// A tensor ATen's kernels make non-finite is not judged. Otherwise oneDNN's must be finite and within
    /// <see cref="Tolerance"/> of ATen's, relative to the larger of the tensor's largest magnitude and, for gradients,
    /// a tenth of the step's largest gradient (a gradient that nearly cancels out has no scale of its own).
    /// </remarks>
    internal static KernelComparison Compare(KernelResult fast, KernelResult reference)
    {
        KernelComparison comparison = Compare(reference.OutputName, fast.Output, reference.Output, 0);
        float largest = reference.Gradients.Where(g => g.Values.All(float.IsFinite)).Select(g => g.Values.Max(Math.Abs)).DefaultIfEmpty(0).Max();
        for (int t = 0; comparison.Fault is null && t < reference.Gradients.Count; t++)
        {
            KernelComparison gradient = Compare(reference.Gradients[t].Name, fast.Gradients[t].Values, reference.Gradients[t].Values, 0.1 * largest);
            comparison = new KernelComparison(gradient.Fault, Math.Max(comparison.Difference, gradient.Difference));
        }

        return comparison;
    }

    /// <summary>Runs <paramref name="work"/> with oneDNN's kernels off, then restores them.</summary>
    internal static T WithoutOneDnn<T>(Func<T> work)
    {
        Initialize();
        OneDnnSwitch kernels = _switch ?? throw new InvalidOperationException($"libtorch has no oneDNN switch here ({Status}).");
        bool was = kernels.Enabled;
        kernels.Enabled = false;
        try
        {
            return work();
        }
        finally
        {
            kernels.Enabled = was;
        }
    }

    /// <summary>Reads <see cref="EnvironmentVariable"/> and finds libtorch's switch, once.</summary>
    internal static void Initialize()
    {
        lock (Gate)
        {
            if (_initialized)
            {
                return;
            }

            string? setting = Environment.GetEnvironmentVariable(EnvironmentVariable);
            bool off = setting?.Trim().ToLowerInvariant() switch
            {
                null or "" or "auto" => false,
                "off" => true,
                _ => throw new PredictiveMaintenanceException($"{EnvironmentVariable}='{setting}' is not a kernel setting; use auto (check oneDNN's kernels, the default) or off (ATen's kernels only)."),
            };
            torch.InitializeDeviceType(DeviceType.CPU);
            _switch = OneDnnSwitch.TryLoad(out string library);
            if (_switch is null)
            {
                if (off)
                {
                    throw new PredictiveMaintenanceException($"{EnvironmentVariable}=off needs libtorch's at::Context::setUserEnabledMkldnn, which {library} does not export; start the process with DNNL_MAX_CPU_ISA=AVX2 in its environment instead.");
                }

                _status = $"oneDNN unchecked: {library} does not export at::Context::setUserEnabledMkldnn";
            }
            else if (off)
            {
                _switch.Enabled = false;
                _status = $"ATen's kernels: {EnvironmentVariable}=off";
            }
            else
            {
                _status = _switch.Enabled ? "oneDNN's kernels, checked against ATen's per network and shape" : "ATen's kernels: oneDNN was off in libtorch";
            }

            _initialized = true;
        }
    }

    /// <summary>Forgets the checks and turns oneDNN back on, as at the process's start; <see cref="EnvironmentVariable"/> is read again.</summary>
    internal static void Reset()
    {
        lock (Gate)
        {
            if (_switch is not null)
            {
                _switch.Enabled = true;
            }

            Checked.Clear();
            _checks = 0;
            _largestDifference = 0;
            _initialized = false;
        }
    }

    /// <summary>Turns oneDNN off for the rest of the process and records why.</summary>
    private static void Disable(string reason)
    {
        lock (Gate)
        {
            _switch!.Enabled = false;
            _status = $"ATen's kernels: {reason}";
        }
    }

    private static KernelComparison Compare(string name, float[] actual, float[] expected, double floor)
    {
        if (!expected.All(float.IsFinite))
        {
            return new KernelComparison(null, 0);
        }

        int nonFinite = actual.Count(v => !float.IsFinite(v));
        if (nonFinite > 0)
        {
            return new KernelComparison($"{nonFinite} of {actual.Length} values of the {name} are non-finite with oneDNN's kernels and finite with ATen's", double.PositiveInfinity);
        }

        double scale = Math.Max(expected.Max(v => Math.Abs((double)v)), floor);
        double difference = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            difference = Math.Max(difference, Math.Abs((double)actual[i] - expected[i]));
        }

        double relative = scale > 0 ? difference / scale : difference > 0 ? double.PositiveInfinity : 0;
        return new KernelComparison(relative > Tolerance ? $"the {name} differs by {difference:G3} between oneDNN's and ATen's kernels, more than {Tolerance:G} of {scale:G3}" : null, relative);
    }

    /// <summary>Turns oneDNN off where the comparison found a fault, else counts a passed check and its difference.</summary>
    private static void Judge(KernelComparison comparison, string step)
    {
        if (comparison.Fault is not null)
        {
            Disable($"{comparison.Fault} in {step}");
            return;
        }

        lock (Gate)
        {
            _checks++;
            _largestDifference = Math.Max(_largestDifference, comparison.Difference);
        }
    }

    /// <summary>Whether this network, input shape and thread count is new on a CPU with oneDNN on; records it.</summary>
    private static bool NeedsCheck(string mode, Module<Tensor, Tensor> network, Tensor input)
    {
        if (!CanCheck(input))
        {
            return false;
        }

        string key = $"{mode} {network.GetType().Name} [{string.Join(";", network.parameters().Select(p => string.Join("x", p.shape)))}] input {string.Join("x", input.shape)} threads {torch.get_num_threads()}";
        lock (Gate)
        {
            return Checked.Add(key);
        }
    }

    /// <summary>Whether a step on this input can be checked: it runs on the CPU and oneDNN is on and can be switched.</summary>
    private static bool CanCheck(Tensor input) => input.device_type == DeviceType.CPU && _switch is not null && OneDnnEnabled;

    private static KernelResult TrainingStep(Module<Tensor, Tensor> network, Tensor input, Func<Tensor, Tensor> loss)
    {
        using var scope = NewDisposeScope();
        network.zero_grad();
        Tensor value = loss(network.call(input));
        value.backward();
        var gradients = new List<(string, float[])>();
        foreach ((string name, TorchSharp.Modules.Parameter parameter) in network.named_parameters())
        {
            if (parameter.grad is { } gradient)
            {
                gradients.Add(($"gradient of {name}", Values(gradient)));
            }
        }

        network.zero_grad();
        return new KernelResult("loss", Values(value), gradients);
    }

    private static float[] Values(Tensor tensor) => tensor.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray();

    private static bool AllFinite(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return torch.isfinite(tensor).all().item<bool>();
    }
}

/// <summary>What a comparison of oneDNN's and ATen's results found.</summary>
/// <param name="Fault">What is wrong with oneDNN's result, or null where the two agree.</param>
/// <param name="Difference">The largest difference of a tensor compared, relative to its scale; infinite for a non-finite value.</param>
internal readonly record struct KernelComparison(string? Fault, double Difference);

/// <summary>What one step produced: its loss or output, and the gradients of a training step in parameter order.</summary>
/// <param name="OutputName">"loss" or "output", for messages.</param>
/// <param name="Output">The loss or output values.</param>
/// <param name="Gradients">Each parameter's gradient, named for messages; empty for inference.</param>
internal sealed record KernelResult(string OutputName, float[] Output, IReadOnlyList<(string Name, float[] Values)> Gradients);

/// <summary>libtorch's process-wide oneDNN switch, <c>at::globalContext().setUserEnabledMkldnn(bool)</c>, called through its exported symbols.</summary>
internal sealed class OneDnnSwitch
{
    private static readonly (string Library, string Context, string Set, string Get)[] Exports =
    [
        ("libtorch_cpu.so", "_ZN2at13globalContextEv", "_ZN2at7Context20setUserEnabledMkldnnEb", "_ZNK2at7Context17userEnabledMkldnnEv"),
        ("libtorch_cpu.dylib", "_ZN2at13globalContextEv", "_ZN2at7Context20setUserEnabledMkldnnEb", "_ZNK2at7Context17userEnabledMkldnnEv"),
        ("torch_cpu.dll", "?globalContext@at@@YAAEAVContext@1@XZ", "?setUserEnabledMkldnn@Context@at@@QEAAX_N@Z", "?userEnabledMkldnn@Context@at@@QEBA_NXZ"),
    ];

    private readonly IntPtr _context;
    private readonly SetEnabled _set;
    private readonly GetEnabled _get;

    private OneDnnSwitch(IntPtr context, SetEnabled set, GetEnabled get)
    {
        _context = context;
        _set = set;
        _get = get;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetEnabled(IntPtr context, byte enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate byte GetEnabled(IntPtr context);

    /// <summary>Whether libtorch runs oneDNN's kernels.</summary>
    public bool Enabled
    {
        get => _get(_context) != 0;
        set => _set(_context, value ? (byte)1 : (byte)0);
    }

    /// <summary>The switch of the libtorch this process loaded, or null where its library does not export it.</summary>
    /// <param name="library">The library looked in, for messages.</param>
    public static OneDnnSwitch? TryLoad(out string library)
    {
        (string Library, string Context, string Set, string Get) names = Exports[OperatingSystem.IsWindows() ? 2 : OperatingSystem.IsMacOS() ? 1 : 0];
        library = names.Library;
        if (!NativeLibrary.TryLoad(names.Library, out IntPtr handle) && !NativeLibrary.TryLoad(names.Library, typeof(torch).Assembly, null, out handle))
        {
            return null;
        }

        if (!NativeLibrary.TryGetExport(handle, names.Context, out IntPtr context) ||
            !NativeLibrary.TryGetExport(handle, names.Set, out IntPtr set) ||
            !NativeLibrary.TryGetExport(handle, names.Get, out IntPtr get))
        {
            return null;
        }

        IntPtr instance = Marshal.GetDelegateForFunctionPointer<GlobalContext>(context)();
        return new OneDnnSwitch(instance, Marshal.GetDelegateForFunctionPointer<SetEnabled>(set), Marshal.GetDelegateForFunctionPointer<GetEnabled>(get));
    }
}
