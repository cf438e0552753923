namespace PredictiveMaintenance.Models.Torch.Tests.Kernels;

/// <summary>
/// Fits twice on one kernel path, the scope of the bit-for-bit promise (docs/models.md): where the kernel checks turned
/// oneDNN off during the first fit (a CPU whose oneDNN kernels are wrong), that fit ran on two paths and is repeated.
/// </summary>
internal static class SameKernels
{
    public static (T First, T Second) FitTwice<T>(Func<T> fit)
    {
        bool before = TorchCpuKernels.OneDnnEnabled;
        T first = fit();
        if (TorchCpuKernels.OneDnnEnabled != before)
        {
            (first as IDisposable)?.Dispose();
            first = fit();
        }

        bool path = TorchCpuKernels.OneDnnEnabled;
        T second = fit();
        Assert.True(path == TorchCpuKernels.OneDnnEnabled, $"the second fit changed the kernel path: {TorchCpuKernels.Status}");
        return (first, second);
    }
}
