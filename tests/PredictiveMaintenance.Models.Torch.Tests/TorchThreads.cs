using System.Runtime.CompilerServices;

namespace PredictiveMaintenance.Models.Torch.Tests;

internal static class TorchThreads
{
    // The tests train tiny networks, where libtorch's intra-op threads gain nothing; on a loaded machine their OpenMP
    // workers spin while waiting for each other and cost several times the CPU of one thread (docs/models.md).
    [ModuleInitializer]
    internal static void UseOneThread() => TorchSharp.torch.set_num_threads(1);
}
