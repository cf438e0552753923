using TorchSharp;
using static TorchSharp.torch;

namespace PredictiveMaintenance.Models.Torch;

/// <summary>Device choice shared by the trainers.</summary>
internal static class TorchSetup
{
    /// <summary>The named device, or CUDA when a CUDA backend and device are present, else the CPU.</summary>
    public static Device ResolveDevice(string? name)
    {
        if (name is not null)
        {
            return torch.device(name);
        }

        return torch.cuda.is_available() ? CUDA : CPU;
    }
}
