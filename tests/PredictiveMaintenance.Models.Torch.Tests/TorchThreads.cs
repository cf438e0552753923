using System.Runtime.CompilerServices;

// Seeds set TorchSharp's process-wide generator, so two trainings at once would draw from each other's stream and the
// bit-for-bit repeatability tests would fail: test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace PredictiveMaintenance.Models.Torch.Tests;

internal static class TorchThreads
{
    // The tests train tiny networks, where libtorch's intra-op threads gain nothing; on a loaded machine their OpenMP
    // workers spin while waiting for each other and cost several times the CPU of one thread (docs/models.md).
    [ModuleInitializer]
    internal static void UseOneThread() => TorchSharp.torch.set_num_threads(1);
}
